package dev.parley.auth;

import dev.parley.common.mongo.MongoDates;

import dev.parley.common.Tokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Opaque refresh tokens with rotation and reuse detection (RFC 9700 §4.14.2). A token is 256 random
 * bits; only its SHA-256 is stored, in {@code refresh_tokens}: {@code {_id: sha256, familyId, userId,
 * createdAt, expiresAt, usedAt?, revokedAt?}}. Every token issued by refreshing belongs to the family
 * of the login that started it.
 */
final class RefreshTokens {

  /** Refresh-token lifetime; each rotation starts a new one. */
  static final Duration LIFETIME = Duration.ofDays(30);
  static final String COLLECTION = "refresh_tokens";
  /** Revoked families, {@code {_id: familyId, revokedAt}}: a token issued into one is revoked at once. */
  static final String REVOKED_FAMILIES = "refresh_families_revoked";

  private final MongoClient mongo;
  private final Clock clock;

  RefreshTokens(MongoClient mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("familyId", 1), new IndexOptions().name("family"))
        .compose(v -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("userId", 1), new IndexOptions().name("user")));
  }

  /**
   * Issues a new token in the given family (a fresh family for a login).
   *
   * <p>A refresh racing with the detection of a reuse in the same family could otherwise insert its
   * new token after the family was revoked. So the revoker marks the family first and then revokes its
   * tokens, while the issuer inserts first and then looks for the mark: one of the two always sees
   * the other's write.
   *
   * @return the token, or {@code null} when the family has been revoked
   */
  Future<String> issue(String userId, String familyId) {
    String token = Tokens.random(32);
    Instant now = clock.instant();
    JsonObject doc = new JsonObject()
        .put("_id", Tokens.sha256(token))
        .put("familyId", familyId)
        .put("userId", userId)
        .put("createdAt", MongoDates.of(now))
        .put("expiresAt", MongoDates.of(now.plus(LIFETIME)));
    return mongo.insert(COLLECTION, doc)
        .compose(id -> mongo.findOne(REVOKED_FAMILIES, new JsonObject().put("_id", familyId), null))
        .compose(revoked -> revoked == null
            ? Future.succeededFuture(token)
            : revokeWhere(new JsonObject().put("familyId", familyId)).map((String) null));
  }

  /**
   * Spends a token: atomically marks it used if it is live.
   *
   * @return the spent token's record when it was live and unexpired; {@code null} when it is unknown,
   *     expired, or was already spent or revoked, in which last case its whole family has been revoked
   */
  Future<JsonObject> spend(String token) {
    String id = Tokens.sha256(token);
    Instant now = clock.instant();
    JsonObject live = new JsonObject().put("_id", id).putNull("usedAt").putNull("revokedAt");
    JsonObject markUsed = new JsonObject().put("$set", new JsonObject().put("usedAt", MongoDates.of(now)));
    return mongo.findOneAndUpdate(COLLECTION, live, markUsed).compose(spent -> {
      if (spent != null) {
        return Future.succeededFuture(MongoDates.read(spent, "expiresAt").isAfter(now) ? spent : null);
      }
      return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), new JsonObject().put("familyId", 1))
          .compose(reused -> reused == null
              ? Future.succeededFuture(null)
              : revokeFamily(reused.getString("familyId")).map((JsonObject) null));
    });
  }

  /** Revokes every token of the family the token belongs to; unknown tokens are ignored. */
  Future<Void> revokeFamilyOf(String token) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", Tokens.sha256(token)), new JsonObject().put("familyId", 1))
        .compose(doc -> doc == null ? Future.succeededFuture() : revokeFamily(doc.getString("familyId")));
  }

  /** Revokes every token of the user (after a password reset). */
  Future<Void> revokeUser(String userId) {
    return revokeWhere(new JsonObject().put("userId", userId));
  }

  Future<Void> revokeFamily(String familyId) {
    JsonObject mark = new JsonObject().put("$set", new JsonObject().put("revokedAt", MongoDates.of(clock.instant())));
    return mongo.updateCollectionWithOptions(REVOKED_FAMILIES, new JsonObject().put("_id", familyId), mark,
            new UpdateOptions().setUpsert(true))
        .compose(marked -> revokeWhere(new JsonObject().put("familyId", familyId)));
  }

  /** @return how many tokens of the family are still live (neither used nor revoked) */
  Future<Long> liveInFamily(String familyId) {
    return mongo.count(COLLECTION, new JsonObject().put("familyId", familyId).putNull("usedAt").putNull("revokedAt"));
  }

  private Future<Void> revokeWhere(JsonObject filter) {
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("revokedAt", MongoDates.of(clock.instant())));
    return mongo.updateCollectionWithOptions(COLLECTION, filter.copy().putNull("revokedAt"), update, new UpdateOptions().setMulti(true))
        .mapEmpty();
  }
}
