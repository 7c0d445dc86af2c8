package dev.parley.auth.admin;

import dev.parley.api.Addresses;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The {@code audit} collection (DESIGN §5): entries are only ever inserted — nothing in Parley updates or
 * deletes one; they leave by the TTL index on {@code at} after the retention period
 * ({@code PARLEY_AUDIT_RETENTION_DAYS}). {@code {_id: "<epoch ms, 13 digits>-<uuid>", at, actor: {id,
 * displayName, role} or null, action, target, details, clientAddress, requestId}}: the id sorts by
 * time, so a page is a range of ids. Entries arrive on {@link Addresses#AUDIT} from every service.
 */
public final class AuditLog {

  static final String COLLECTION = "audit";
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int MAX_TEXT = 200;

  private final MongoClient mongo;
  private final Clock clock;

  public AuditLog(MongoClient mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** Creates the TTL index that keeps entries for {@code retentionDays} and the actor and target indexes. */
  public Future<Void> createIndexes(int retentionDays) {
    return Future.all(
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("at", 1),
            new IndexOptions().name("retention").expireAfter((long) retentionDays * 86_400, TimeUnit.SECONDS)),
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("actor.id", 1).put("_id", -1), new IndexOptions().name("actor")),
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("target", 1).put("_id", -1), new IndexOptions().name("target")))
        .mapEmpty();
  }

  /** Appends every entry sent to {@link Addresses#AUDIT}. */
  public MessageConsumer<JsonObject> listen(EventBus bus) {
    return bus.consumer(Addresses.AUDIT, message -> append(message.body())
        .onFailure(err -> LOG.warn("Audit entry not stored ({}): {}", err.getMessage(), message.body().encode())));
  }

  /** Appends one entry; only the known fields are kept, strings cut to 200 characters. */
  public Future<Void> append(JsonObject entry) {
    Instant at = clock.instant();
    JsonObject actor = entry.getValue("actor") instanceof JsonObject a
        ? new JsonObject().put("id", text(a, "id")).put("displayName", text(a, "displayName")).put("role", text(a, "role"))
        : null;
    JsonObject doc = new JsonObject()
        .put("_id", millis(at) + "-" + UUID.randomUUID())
        .put("at", MongoDates.of(at))
        .put("actor", actor)
        .put("action", text(entry, "action"))
        .put("target", text(entry, "target"))
        .put("details", entry.getValue("details") instanceof JsonObject d ? d : new JsonObject())
        .put("clientAddress", text(entry, "clientAddress"))
        .put("requestId", text(entry, "requestId"));
    return mongo.insert(COLLECTION, doc).mapEmpty();
  }

  /**
   * @param before the id of the last entry of the previous page (exclusive), or null
   * @return entries newest first; filters are typed values only
   */
  Future<List<JsonObject>> page(String actorId, String target, Instant from, Instant to, String before, int limit) {
    JsonObject filter = new JsonObject();
    if (actorId != null) {
      filter.put("actor.id", actorId);
    }
    if (target != null) {
      filter.put("target", target);
    }
    JsonObject id = new JsonObject();
    if (from != null) {
      id.put("$gte", millis(from));
    }
    String upper = before;
    if (to != null && (upper == null || millis(to).compareTo(upper) < 0)) {
      upper = millis(to);
    }
    if (upper != null) {
      id.put("$lt", upper);
    }
    if (!id.isEmpty()) {
      filter.put("_id", id);
    }
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setSort(new JsonObject().put("_id", -1)).setLimit(limit));
  }

  /** @return an entry as the API shows it */
  static JsonObject view(JsonObject doc) {
    return new JsonObject()
        .put("id", doc.getString("_id"))
        .put("at", MongoDates.read(doc, "at").toString())
        .put("actor", doc.getJsonObject("actor"))
        .put("action", doc.getString("action"))
        .put("target", doc.getString("target"))
        .put("details", doc.getJsonObject("details", new JsonObject()))
        .put("clientAddress", doc.getString("clientAddress"))
        .put("requestId", doc.getString("requestId"));
  }

  /** @return the instant as 13 zero-padded digits of epoch milliseconds, the sortable head of an id */
  private static String millis(Instant instant) {
    return String.format("%013d", instant.toEpochMilli());
  }

  private static String text(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String s)) {
      return null;
    }
    return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
  }
}
