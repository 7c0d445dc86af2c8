package dev.parley.chat;

import dev.parley.common.log.OrderedLog;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.List;

/**
 * The {@code chat_messages} collection: {@code {_id: "<channel>#<seq>", channel, seq (int64), senderId,
 * senderName, senderGuest, clientMessageId, text, sentAt, editedAt, deleted, file}} ({@code file}: the
 * shared file's {@code {id, name, size, type}}, or absent or null; in a sparse index on {@code file.id}).
 *
 * <p><b>Gap-free sequences across instances</b> come from the shared {@link OrderedLog} (its class
 * Javadoc proves them): a message is inserted at {@code k} only when {@code k - 1} is known to be
 * stored, here either the channel's {@code lastSeq} in {@link ChannelRepository} (raised only after an
 * insert succeeded) or a slot just found taken; the unique key lets one insert per {@code k} win; a
 * send is acknowledged only after its insert. Messages are never removed: a deletion keeps a tombstone.
 *
 * <p><b>Idempotency.</b> A unique index on {@code (channel, senderId, clientMessageId)} stores a
 * client's message at most once; a duplicate-key failure is told apart from a taken seq by looking
 * the client id up (never by the error text).
 */
final class MessageRepository {

  static final String COLLECTION = "chat_messages";

  private final MongoClient mongo;
  private final OrderedLog log;

  MessageRepository(MongoClient mongo, ChannelRepository channels) {
    this.mongo = mongo;
    this.log = new OrderedLog(mongo, COLLECTION, "channel", channels::lastSeq,
        (channel, doc) -> findByClientId(channel, doc.getString("senderId"), doc.getString("clientMessageId")));
  }

  Future<Void> createIndexes() {
    return log.createIndexes()
        .compose(v -> mongo.createIndexWithOptions(COLLECTION,
            new JsonObject().put("channel", 1).put("senderId", 1).put("clientMessageId", 1),
            new IndexOptions().unique(true).name("channel_sender_client_id")))
        // Sparse: only the messages that share a file are in it, so text messages pay nothing for it.
        .compose(v -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("file.id", 1),
            new IndexOptions().name("file_id").sparse(true)));
  }

  /**
   * Stores a message at the channel's next seq, or finds the one the sender already stored under
   * {@code clientMessageId}.
   *
   * @param file the shared file's {@code {id, name, size, type}}, or null for a text message
   * <p>Must be called on the verticle's event loop.
   *
   * @return the stored document and whether this call stored it
   */
  Future<Appended> append(String channel, String senderId, String senderName, boolean senderIsGuest,
                          String clientMessageId, String text, JsonObject file, Instant now) {
    JsonObject doc = new JsonObject()
        .put("senderId", senderId)
        .put("senderName", senderName)
        .put("senderGuest", senderIsGuest)
        .put("clientMessageId", clientMessageId)
        .put("text", text)
        .put("sentAt", MongoDates.of(now))
        .putNull("editedAt")
        .put("deleted", false);
    if (file != null) {
      doc.put("file", file);
    }
    return log.append(channel, doc).map(appended -> new Appended(appended.entry(), appended.stored()));
  }

  Future<JsonObject> findByClientId(String channel, String senderId, String clientMessageId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("channel", channel).put("senderId", senderId)
        .put("clientMessageId", clientMessageId), null);
  }

  Future<JsonObject> find(String channel, long seq) {
    return log.find(channel, seq);
  }

  /** @return the messages with these (channel, seq) ids; missing ones left out */
  Future<List<JsonObject>> findAll(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids)))),
        new FindOptions().setLimit(ids.size()));
  }

  /** @return up to {@code limit} messages with seq below {@code before}, newest first */
  Future<List<JsonObject>> before(String channel, long before, int limit) {
    return log.before(channel, before, limit);
  }

  /** @return up to {@code limit} messages with seq above {@code after}, oldest first */
  Future<List<JsonObject>> after(String channel, long after, int limit) {
    return log.after(channel, after, limit);
  }

  /**
   * Sets fields of a message of the sender.
   *
   * @return the message after the change, or {@code null} when there is no such message of the sender
   */
  Future<JsonObject> change(String channel, long seq, String senderId, JsonObject set) {
    JsonObject filter = new JsonObject().put("_id", id(channel, seq)).put("channel", channel).put("senderId", senderId);
    return mongo.findOneAndUpdateWithOptions(COLLECTION, filter, new JsonObject().put("$set", set),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /**
   * @return how many messages the sender has written that are not deleted. A count over the collection
   *     (no index on the sender alone: every index slows each append); it serves one admin's view at a time.
   */
  Future<Long> countBySender(String senderId) {
    return mongo.count(COLLECTION, new JsonObject().put("senderId", senderId).put("deleted", new JsonObject().put("$ne", true)));
  }

  /** @return the messages of the channel that share the file and are not deleted (normally one) */
  Future<List<JsonObject>> sharing(String channel, String fileId) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("channel", channel).put("file.id", fileId).put("deleted", false),
        new FindOptions().setLimit(100));
  }

  /**
   * Turns a message into a tombstone unless it is one already.
   *
   * @return the tombstone, or {@code null} when the message was deleted before (by this call's race)
   */
  Future<JsonObject> tombstone(String id, JsonObject set) {
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id).put("deleted", false),
        new JsonObject().put("$set", set), new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  static String id(String channel, long seq) {
    return OrderedLog.id(channel, seq);
  }

  /** @param stored whether this append stored it (false: an earlier send with the same client id did) */
  record Appended(JsonObject message, boolean stored) {
  }
}
