package dev.parley.auth.admin;

import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * What administration needs of the accounts the auth service keeps (the {@code users} collection and
 * the refresh tokens), so that the admin package depends on these operations and not on the storage.
 */
public interface AdminAccounts {

  /** @return the account document, or null */
  Future<JsonObject> find(String userId);

  /**
   * @return one page ordered by email: {@code emailPrefix} (lower case) as a range, {@code userId} exact,
   *     {@code role}, {@code disabled}, after the email {@code after}; each may be null
   */
  Future<List<JsonObject>> page(String emailPrefix, String userId, String role, Boolean disabled, String after, int limit);

  Future<Long> countEnabledAdmins();

  /** Sets typed fields ({@code role}, {@code disabled}). */
  Future<Void> set(String userId, JsonObject fields);

  /** Revokes every refresh-token family of the account. */
  Future<Void> revokeSessions(String userId);

  /**
   * Deletes the account (its document and refresh tokens) and tells every service to let go of it, with
   * the same data rules whoever deletes it.
   *
   * @param user the account document
   * @param by who deletes it (the owner or an admin), for the audit log
   */
  Future<Void> delete(JsonObject user, dev.parley.api.Caller by);

  /** @return the account as an admin sees it (never the password hash) */
  static JsonObject adminView(JsonObject doc) {
    Instant lastSignIn = doc.containsKey("lastSignInAt") ? MongoDates.read(doc, "lastSignInAt") : null;
    return new JsonObject()
        .put("id", doc.getString("_id"))
        .put("email", doc.getString("email"))
        .put("displayName", doc.getString("displayName"))
        .put("role", doc.getString("role"))
        .put("disabled", doc.getBoolean("disabled", false))
        .put("createdAt", MongoDates.read(doc, "createdAt").toString())
        .put("lastSignInAt", lastSignIn == null ? null : lastSignIn.toString());
  }
}
