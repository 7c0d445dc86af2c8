package dev.parley.chat;

import dev.parley.common.mongo.MongoErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code chat_channels} collection, {@code {_id: channel, kind: meeting|direct, members: [userA,
 * userB] (direct only), names: {userId: displayName}, lastSeq, lastMessageAt (epoch ms)}}, and
 * {@code chat_reads}, {@code {_id: "<userId>|<channel>", userId, channel, lastRead}}.
 *
 * <p>{@code lastSeq} is raised with {@code $max} after a message is stored, so it never exceeds the
 * stored messages and never moves back; it may lag behind them briefly (see
 * {@link MessageRepository}). Read markers also only move forward.
 */
final class ChannelRepository {

  static final String CHANNELS = "chat_channels";
  static final String READS = "chat_reads";
  private static final int MAX_CONVERSATIONS = 100;

  private final MongoClient mongo;
  /** Channels with an {@link #advanceSoon} write in flight, and the values waiting for the next one. */
  private final Set<String> advancing = new HashSet<>();
  private final Map<String, long[]> waiting = new HashMap<>();

  ChannelRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(CHANNELS, new JsonObject().put("members", 1).put("lastMessageAt", -1),
            new IndexOptions().name("members_recent"))
        .compose(v -> mongo.createIndexWithOptions(READS, new JsonObject().put("userId", 1), new IndexOptions().name("user")));
  }

  /**
   * Creates the channel document if it does not exist yet, and records display names (direct only).
   *
   * @param names user id → display name, e.g. the caller's and the other person's as the auth service has them
   */
  Future<Void> ensure(Channel channel, Map<String, String> names) {
    JsonObject setOnInsert = new JsonObject().put("kind", channel.kind()).put("lastSeq", 0L).put("lastMessageAt", 0L);
    JsonObject update = new JsonObject();
    if (!channel.isMeeting()) {
      setOnInsert.put("members", new JsonArray().add(channel.userA()).add(channel.userB()));
      if (!names.isEmpty()) {
        JsonObject set = new JsonObject();
        names.forEach((userId, displayName) -> set.put("names." + userId, displayName));
        update.put("$set", set);
      }
    }
    update.put("$setOnInsert", setOnInsert);
    JsonObject filter = new JsonObject().put("_id", channel.id());
    return mongo.updateCollectionWithOptions(CHANNELS, filter, update, new UpdateOptions().setUpsert(true))
        // Two first upserts of one channel race on _id: the loser's document exists now, so update it.
        .recover(err -> MongoErrors.isDuplicateKey(err)
            ? mongo.updateCollectionWithOptions(CHANNELS, filter, update, new UpdateOptions().setUpsert(true))
            : Future.failedFuture(err))
        .mapEmpty();
  }

  Future<JsonObject> find(String channel) {
    return mongo.findOne(CHANNELS, new JsonObject().put("_id", channel), null);
  }

  /** @return the channel's last stored seq as far as recorded (0 for none) */
  Future<Long> lastSeq(String channel) {
    return mongo.findOne(CHANNELS, new JsonObject().put("_id", channel), new JsonObject().put("lastSeq", 1))
        .map(doc -> doc == null ? 0L : doc.getLong("lastSeq", 0L));
  }

  /** Raises the channel's lastSeq and lastMessageAt to a newly stored message's (never lowers them). */
  Future<Void> advance(String channel, long seq, long sentAtMillis) {
    JsonObject update = new JsonObject().put("$max", new JsonObject().put("lastSeq", seq).put("lastMessageAt", sentAtMillis));
    return mongo.updateCollection(CHANNELS, new JsonObject().put("_id", channel), update).mapEmpty();
  }

  /**
   * Like {@link #advance} without waiting, coalescing bursts: while one write for the channel is in
   * flight, later ones are folded into a single follow-up write with the highest values. For busy
   * meeting channels, whose lastSeq is only a hint for appends and unread counts. Event-loop confined.
   */
  void advanceSoon(String channel, long seq, long sentAtMillis) {
    long[] next = waiting.get(channel);
    if (next != null) {
      next[0] = Math.max(next[0], seq);
      next[1] = Math.max(next[1], sentAtMillis);
      return;
    }
    if (advancing.contains(channel)) {
      waiting.put(channel, new long[] {seq, sentAtMillis});
      return;
    }
    advancing.add(channel);
    advance(channel, seq, sentAtMillis).onComplete(done -> {
      advancing.remove(channel);
      long[] queued = waiting.remove(channel);
      if (queued != null) {
        advanceSoon(channel, queued[0], queued[1]);
      }
    });
  }

  /** @return the user's last read seq in the channel (0 for none) */
  Future<Long> lastRead(String userId, String channel) {
    return mongo.findOne(READS, new JsonObject().put("_id", readId(userId, channel)), null)
        .map(doc -> doc == null ? 0L : doc.getLong("lastRead", 0L));
  }

  /** Moves the user's read marker forward to {@code seq} (never back). */
  Future<Void> markRead(String userId, String channel, long seq) {
    JsonObject filter = new JsonObject().put("_id", readId(userId, channel));
    JsonObject update = new JsonObject()
        .put("$max", new JsonObject().put("lastRead", seq))
        .put("$setOnInsert", new JsonObject().put("userId", userId).put("channel", channel));
    return mongo.updateCollectionWithOptions(READS, filter, update, new UpdateOptions().setUpsert(true))
        .recover(err -> MongoErrors.isDuplicateKey(err)
            ? mongo.updateCollectionWithOptions(READS, filter, update, new UpdateOptions().setUpsert(true))
            : Future.failedFuture(err))
        .mapEmpty();
  }

  /** @return the user's direct channels, most recent message first */
  Future<List<JsonObject>> directOf(String userId) {
    return mongo.findWithOptions(CHANNELS, new JsonObject().put("kind", Channel.DIRECT).put("members", userId),
        new FindOptions().setSort(new JsonObject().put("lastMessageAt", -1)).setLimit(MAX_CONVERSATIONS));
  }

  /** @return the user's read markers for these channels, by channel */
  Future<Map<String, Long>> readsOf(String userId, List<String> channels) {
    if (channels.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    JsonArray ids = new JsonArray(channels.stream().map(c -> readId(userId, c)).toList());
    return mongo.find(READS, new JsonObject().put("_id", new JsonObject().put("$in", ids)))
        .map(docs -> docs.stream().collect(Collectors.toMap(d -> d.getString("channel"), d -> d.getLong("lastRead", 0L))));
  }

  private static String readId(String userId, String channel) {
    return userId + "|" + channel;
  }
}
