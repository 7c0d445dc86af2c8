package dev.parley.meeting;

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
import java.util.List;

/**
 * The {@code meetings} collection: {@code {_id: uuid, title, description, durationMinutes (or null), scheduledStart: {$date} or
 * null, settings: {guestsAllowed, lobby, participantLimit}, hostId, joinCode (unique), status:
 * "open"|"ended", createdAt, updatedAt}}. Filters are built here from typed values only, never from
 * client JSON (no operator injection).
 */
final class MeetingRepository {

  static final String COLLECTION = "meetings";
  static final String STATUS_OPEN = "open";
  static final String STATUS_ENDED = "ended";

  private final MongoClient mongo;

  MeetingRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("joinCode", 1),
        new IndexOptions().unique(true).name("join_code_unique"));
  }

  /**
   * Inserts an open meeting.
   *
   * @param fields validated {@code title}, {@code description}, {@code scheduledStart}, {@code settings}
   * @return the stored document; fails with a duplicate-key error (see {@link MongoErrors}) when the
   *     join code is taken
   */
  Future<JsonObject> insert(String id, JsonObject fields, String hostId, String joinCode, Instant now) {
    JsonObject doc = fields.copy()
        .put("_id", id)
        .put("hostId", hostId)
        .put("joinCode", joinCode)
        .put("status", STATUS_OPEN)
        .put("createdAt", MongoDates.of(now))
        .put("updatedAt", MongoDates.of(now));
    return mongo.insert(COLLECTION, doc).map(ignored -> doc);
  }

  Future<JsonObject> findById(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  /** @param joinCode in its stored form, see {@link JoinCodes#normalise(String)} */
  Future<JsonObject> findByJoinCode(String joinCode) {
    return mongo.findOne(COLLECTION, new JsonObject().put("joinCode", joinCode), null);
  }

  /** @return the meetings with these ids, in no particular order; missing ones are left out */
  Future<List<JsonObject>> findByIds(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonObject filter = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids))));
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setLimit(ids.size()));
  }

  /**
   * @param set validated fields as {@link MeetingFields#changes(JsonObject)} gives them
   * @return the meeting after the change, or {@code null} when it no longer exists
   */
  Future<JsonObject> update(String id, JsonObject set, Instant now) {
    JsonObject update = new JsonObject().put("$set", set.copy().put("updatedAt", MongoDates.of(now)));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id), update,
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /**
   * Sets the status to ended (once: {@code endedAt} keeps the first end).
   *
   * @return the meeting after the change, or {@code null} when it does not exist
   */
  Future<JsonObject> end(String id, Instant now) {
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("status", STATUS_ENDED))
        .put("$min", new JsonObject().put("endedAt", MongoDates.of(now)));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id), update,
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /** @return whether a meeting was deleted */
  Future<Boolean> delete(String id) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", id))
        .map(result -> result != null && result.getRemovedCount() > 0);
  }
}
