package dev.parley.meeting.timeslot;

import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.List;

/**
 * The {@code events} collection: {@code {_id: uuid, ownerId, ownerName, title, description, startDate,
 * endDate (ISO dates, inclusive), timeZone (IANA id), rangeStart, rangeEnd ($date: the range as
 * instants), createdAt}}. Filters are built from typed values only.
 */
final class EventRepository {

  static final String COLLECTION = "events";

  private final MongoClient mongo;

  EventRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("ownerId", 1).put("createdAt", -1).put("_id", 1),
        new IndexOptions().name("owner_newest_first"));
  }

  Future<JsonObject> insert(JsonObject doc) {
    return mongo.insert(COLLECTION, doc).map(ignored -> doc);
  }

  Future<JsonObject> findById(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  Future<List<JsonObject>> findByIds(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonObject filter = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids))));
    return mongo.find(COLLECTION, filter);
  }

  /** @return at most {@code limit} events of the owner, newest first, after skipping {@code skip} */
  Future<List<JsonObject>> listByOwner(String ownerId, int skip, int limit) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("ownerId", ownerId), new FindOptions()
        .setSort(new JsonObject().put("createdAt", -1).put("_id", 1)).setSkip(skip).setLimit(limit));
  }

  Future<Long> countByOwner(String ownerId) {
    return mongo.count(COLLECTION, new JsonObject().put("ownerId", ownerId));
  }

  Future<Void> delete(String id) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", id)).mapEmpty();
  }

  static Instant rangeStart(JsonObject event) {
    return MongoDates.read(event, "rangeStart");
  }

  static Instant rangeEnd(JsonObject event) {
    return MongoDates.read(event, "rangeEnd");
  }
}
