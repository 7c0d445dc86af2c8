package dev.parley.auth;

import dev.parley.common.mongo.MongoDates;
import dev.parley.common.mongo.MongoErrors;

import dev.parley.api.ErrorCode;
import dev.parley.api.auth.UserProfile;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Instant;
import java.util.List;

/**
 * The {@code users} collection: {@code {_id: uuid, email (unique), displayName, passwordHash, role,
 * createdAt, passwordChangedAt}}. Filters are built here from typed values only, never from client
 * JSON (no operator injection).
 */
final class UserRepository {

  static final String COLLECTION = "users";

  private final MongoClient mongo;

  UserRepository(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("email", 1), new IndexOptions().unique(true).name("email_unique"));
  }

  /** Inserts the account; {@link ErrorCode#CONFLICT} when the email is taken. */
  Future<JsonObject> insert(String id, String email, String displayName, String passwordHash, String role, Instant now) {
    JsonObject doc = new JsonObject()
        .put("_id", id)
        .put("email", email)
        .put("displayName", displayName)
        .put("passwordHash", passwordHash)
        .put("role", role)
        .put("createdAt", MongoDates.of(now))
        .put("passwordChangedAt", MongoDates.of(now));
    return mongo.insert(COLLECTION, doc)
        .map(ignored -> doc)
        .recover(err -> MongoErrors.isDuplicateKey(err)
            ? Future.failedFuture(ErrorCode.CONFLICT.exception("An account with this email already exists."))
            : Future.failedFuture(err));
  }

  Future<JsonObject> findByEmail(String email) {
    return mongo.findOne(COLLECTION, new JsonObject().put("email", email), null);
  }

  Future<JsonObject> findById(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  /** @return the accounts with these ids; missing ones are left out */
  Future<List<JsonObject>> findByIds(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonObject filter = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids))));
    return mongo.findWithOptions(COLLECTION, filter, new FindOptions().setLimit(ids.size()));
  }

  Future<Void> updatePassword(String id, String passwordHash, Instant now) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), new JsonObject().put("$set",
            new JsonObject().put("passwordHash", passwordHash).put("passwordChangedAt", MongoDates.of(now))))
        .mapEmpty();
  }

  static UserProfile profile(JsonObject doc) {
    return new UserProfile()
        .setId(doc.getString("_id"))
        .setEmail(doc.getString("email"))
        .setDisplayName(doc.getString("displayName"))
        .setRole(doc.getString("role"))
        .setCreatedAt(MongoDates.read(doc, "createdAt").toString());
  }
}
