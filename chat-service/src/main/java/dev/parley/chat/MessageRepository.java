package dev.parley.chat;

import dev.parley.api.ErrorCode;
import dev.parley.common.mongo.MongoDates;
import dev.parley.common.mongo.MongoErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code chat_messages} collection: {@code {_id: "<channel>#<seq>", channel, seq (int64), senderId,
 * senderName, senderGuest, clientMessageId, text, sentAt, editedAt, deleted}}.
 *
 * <p><b>Gap-free sequences across instances.</b> A message is appended by inserting it at a candidate
 * {@code seq = k}; the {@code _id} {@code <channel>#<k>} (and the unique index on
 * {@code (channel, seq)}) lets exactly one insert per {@code k} succeed. A candidate {@code k} is only
 * ever tried when {@code k - 1} is known to be stored: either {@code k - 1} is the channel's
 * {@code lastSeq} in {@link ChannelRepository} (which is raised only after an insert succeeded) or
 * the insert at {@code k - 1} has just failed because that slot is taken. By induction every stored
 * seq has its predecessor stored, so a channel holds exactly {@code 1..n}: no gap (nothing is ever
 * reserved and then abandoned, unlike a counter incremented before the insert), no duplicate (the
 * unique key). A crash between the insert and raising {@code lastSeq} only leaves the hint behind;
 * the next append finds the slot taken and moves on. A send is acknowledged only after its insert
 * succeeded, so acknowledged means stored. Messages are never removed: a deletion keeps a tombstone.
 *
 * <p><b>Idempotency.</b> A unique index on {@code (channel, senderId, clientMessageId)} stores a
 * client's message at most once; a duplicate-key failure is told apart from a taken seq by looking
 * the client id up (never by the error text).
 *
 * <p>Within one instance, appends to a channel are queued so that they do not race each other, and
 * each starts just past the last seq the instance stored (no read of the hint while this instance
 * is the one writing); instances still race each other, which the unique key settles.
 *
 * <p>Works on MongoDB and on mongo-java-server (memory and H2 backends): it needs only unique indexes,
 * {@code $max} and sorted, limited finds, no transactions.
 */
final class MessageRepository {

  static final String COLLECTION = "chat_messages";
  /** Bounds an append under extreme contention; each failed attempt means someone else's message was stored. */
  private static final int MAX_ATTEMPTS = 200;
  private static final int MAX_REMEMBERED = 10_000;

  private final MongoClient mongo;
  private final ChannelRepository channels;
  /**
   * The last append queued per channel, and the highest seq this instance stored per channel (a
   * stored seq, so a safe base; when another instance got further, the next insert finds the slot
   * taken and reads the channel's lastSeq). Event-loop confined.
   */
  private final Map<String, Future<Appended>> tails = new HashMap<>();
  private final Map<String, Long> lastStored = new HashMap<>();

  MessageRepository(MongoClient mongo, ChannelRepository channels) {
    this.mongo = mongo;
    this.channels = channels;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("channel", 1).put("seq", 1),
            new IndexOptions().unique(true).name("channel_seq"))
        .compose(v -> mongo.createIndexWithOptions(COLLECTION,
            new JsonObject().put("channel", 1).put("senderId", 1).put("clientMessageId", 1),
            new IndexOptions().unique(true).name("channel_sender_client_id")));
  }

  /**
   * Stores a message at the channel's next seq, or finds the one the sender already stored under
   * {@code clientMessageId}.
   *
   * <p>Must be called on the verticle's event loop.
   *
   * @return the stored document and whether this call stored it
   */
  Future<Appended> append(String channel, String senderId, String senderName, boolean senderIsGuest,
                          String clientMessageId, String text, Instant now) {
    JsonObject doc = new JsonObject()
        .put("channel", channel)
        .put("senderId", senderId)
        .put("senderName", senderName)
        .put("senderGuest", senderIsGuest)
        .put("clientMessageId", clientMessageId)
        .put("text", text)
        .put("sentAt", MongoDates.of(now))
        .putNull("editedAt")
        .put("deleted", false);
    // Appends to one channel from this instance go one at a time, each starting past the last seq
    // this instance stored: without that, n concurrent sends would race for every slot (n² inserts).
    Future<Appended> previous = tails.getOrDefault(channel, Future.succeededFuture());
    Future<Appended> appended = previous.transform(ignored -> (lastStored.containsKey(channel)
            ? Future.succeededFuture(lastStored.get(channel))
            : channels.lastSeq(channel))
        .compose(last -> insertAt(doc, last + 1, MAX_ATTEMPTS)))
        .onSuccess(result -> {
          if (result.stored()) {
            lastStored.merge(channel, result.message().getLong("seq"), Math::max);
          }
        });
    tails.put(channel, appended);
    appended.onComplete(done -> {
      if (tails.get(channel) == appended) {
        tails.remove(channel);
      }
    });
    if (lastStored.size() > MAX_REMEMBERED) {
      lastStored.clear();
    }
    return appended;
  }

  private Future<Appended> insertAt(JsonObject doc, long seq, int attemptsLeft) {
    String channel = doc.getString("channel");
    JsonObject candidate = doc.copy().put("_id", id(channel, seq)).put("seq", seq);
    return mongo.insert(COLLECTION, candidate)
        .map(ignored -> new Appended(candidate, true))
        .recover(err -> {
          if (!MongoErrors.isDuplicateKey(err)) {
            return Future.failedFuture(err);
          }
          return findByClientId(channel, doc.getString("senderId"), doc.getString("clientMessageId"))
              .compose(existing -> {
                if (existing != null) {
                  return Future.succeededFuture(new Appended(existing, false));
                }
                if (attemptsLeft <= 1) {
                  return Future.failedFuture(ErrorCode.UNAVAILABLE.exception("This chat is too busy right now; send again."));
                }
                // seq is taken, so seq + 1 is safe; the hint may already be further ahead.
                return channels.lastSeq(channel).compose(last -> insertAt(doc, Math.max(seq, last) + 1, attemptsLeft - 1));
              });
        });
  }

  Future<JsonObject> findByClientId(String channel, String senderId, String clientMessageId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("channel", channel).put("senderId", senderId)
        .put("clientMessageId", clientMessageId), null);
  }

  Future<JsonObject> find(String channel, long seq) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id(channel, seq)).put("channel", channel), null);
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
    JsonObject filter = new JsonObject().put("channel", channel).put("seq", new JsonObject().put("$lt", before));
    return mongo.findWithOptions(COLLECTION, filter,
        new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(limit));
  }

  /** @return up to {@code limit} messages with seq above {@code after}, oldest first */
  Future<List<JsonObject>> after(String channel, long after, int limit) {
    JsonObject filter = new JsonObject().put("channel", channel).put("seq", new JsonObject().put("$gt", after));
    return mongo.findWithOptions(COLLECTION, filter,
        new FindOptions().setSort(new JsonObject().put("seq", 1)).setLimit(limit));
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

  static String id(String channel, long seq) {
    return channel + "#" + seq;
  }

  /** @param stored whether this append stored it (false: an earlier send with the same client id did) */
  record Appended(JsonObject message, boolean stored) {
  }
}
