package dev.parley.auth;

import dev.parley.common.mongo.MongoDates;

import dev.parley.common.Tokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Single-use password-reset tokens (OWASP Forgot Password Cheat Sheet): 256 random bits, stored only
 * as SHA-256 in {@code password_resets} ({@code {_id: sha256, userId, expiresAt, usedAt?}}), valid for
 * {@link #LIFETIME}.
 */
final class PasswordResets {

  static final Duration LIFETIME = Duration.ofHours(1);
  static final String COLLECTION = "password_resets";

  private final MongoClient mongo;
  private final Clock clock;

  PasswordResets(MongoClient mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** @return a new token for the user */
  Future<String> issue(String userId) {
    String token = Tokens.random(32);
    Instant now = clock.instant();
    return mongo.insert(COLLECTION, new JsonObject()
            .put("_id", Tokens.sha256(token))
            .put("userId", userId)
            .put("expiresAt", MongoDates.of(now.plus(LIFETIME))))
        .map(token);
  }

  /** @return the user id when the token was live and is now spent, otherwise {@code null} */
  Future<String> spend(String token) {
    Instant now = clock.instant();
    JsonObject live = new JsonObject().put("_id", Tokens.sha256(token)).putNull("usedAt");
    JsonObject markUsed = new JsonObject().put("$set", new JsonObject().put("usedAt", MongoDates.of(now)));
    return mongo.findOneAndUpdate(COLLECTION, live, markUsed)
        .map(doc -> doc != null && MongoDates.read(doc, "expiresAt").isAfter(now) ? doc.getString("userId") : null);
  }
}
