package dev.parley.signaling.board;

import dev.parley.common.log.OrderedLog;
import dev.parley.common.mongo.MongoErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.List;

/**
 * Where boards are kept in MongoDB.
 * <ul>
 *   <li>{@code board_ops}: the ops, {@code {_id: "<meetingId>#<seq>", meetingId, seq (int64), opId,
 *       authorId, authorName, at (epoch ms), op}}, appended through the shared gap-free
 *       {@link OrderedLog} (every op has its predecessor stored; acknowledged = stored); a unique
 *       index on {@code (meetingId, authorId, opId)} makes a resend store nothing.</li>
 *   <li>{@code board_snapshots}: {@code {_id: meetingId, seq, state}}, the board as of {@code seq}
 *       ({@link BoardState#toJson}); only ever replaced by a later one. Ops are kept after a snapshot
 *       (the log is the record); a snapshot only spares replaying them.</li>
 * </ul>
 */
final class BoardStore {

  static final String OPS = "board_ops";
  static final String SNAPSHOTS = "board_snapshots";

  private final MongoClient mongo;
  private final OrderedLog log;

  BoardStore(MongoClient mongo) {
    this.mongo = mongo;
    this.log = new OrderedLog(mongo, OPS, "meetingId", null, (meetingId, doc) -> byOpId(meetingId, doc.getString("authorId"), doc.getString("opId")));
  }

  Future<Void> createIndexes() {
    return log.createIndexes().compose(v -> mongo.createIndexWithOptions(OPS,
        new JsonObject().put("meetingId", 1).put("authorId", 1).put("opId", 1),
        new IndexOptions().unique(true).name("meeting_author_op")));
  }

  /** Stores an op at the board's next seq (or finds the author's earlier one with the same opId). */
  Future<OrderedLog.Appended> append(String meetingId, JsonObject entry) {
    return log.append(meetingId, entry);
  }

  Future<JsonObject> byOpId(String meetingId, String authorId, String opId) {
    return mongo.findOne(OPS, new JsonObject().put("meetingId", meetingId).put("authorId", authorId).put("opId", opId), null);
  }

  /** @return the stored ops with seq {@code from..to} (inclusive; at most a few hundred), in seq order */
  Future<List<JsonObject>> range(String meetingId, long from, long to) {
    return log.range(meetingId, from, to);
  }

  /** @return up to {@code limit} ops after {@code after}, in seq order */
  Future<List<JsonObject>> after(String meetingId, long after, int limit) {
    return log.after(meetingId, after, limit);
  }

  /** @return the latest snapshot's state, or null */
  Future<JsonObject> snapshot(String meetingId) {
    return mongo.findOne(SNAPSHOTS, new JsonObject().put("_id", meetingId), null)
        .map(doc -> doc == null ? null : doc.getJsonObject("state"));
  }

  /** Records a snapshot unless a later one is already there. */
  Future<Void> saveSnapshot(String meetingId, JsonObject state) {
    long seq = state.getLong("seq");
    JsonObject filter = new JsonObject().put("_id", meetingId).put("seq", new JsonObject().put("$lt", seq));
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("seq", seq).put("state", state));
    return mongo.updateCollectionWithOptions(SNAPSHOTS, filter, update, new UpdateOptions().setUpsert(true))
        // The upsert collides with a snapshot that is not older: that one stays.
        .recover(err -> MongoErrors.isDuplicateKey(err) ? Future.succeededFuture() : Future.failedFuture(err))
        .mapEmpty();
  }

  /** Deletes a meeting's board (ops and snapshot). */
  Future<Void> delete(String meetingId) {
    return mongo.removeDocuments(OPS, new JsonObject().put("meetingId", meetingId))
        .compose(v -> mongo.removeDocuments(SNAPSHOTS, new JsonObject().put("_id", meetingId)))
        .mapEmpty();
  }
}
