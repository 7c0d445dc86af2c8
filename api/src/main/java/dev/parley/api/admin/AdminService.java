package dev.parley.api.admin;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Administration of an instance, served by the auth service on {@link Addresses#ADMIN} (DESIGN §4, §5).
 * Every method requires a caller whose token role is {@code admin} ({@code UNAUTHORIZED} for an
 * anonymous caller, {@code FORBIDDEN} for users and guests); the role comes from the verified token, never from a
 * request body.
 *
 * <p>User JSON: {@code {"id", "email", "displayName", "role": "user|admin", "disabled": bool,
 * "createdAt", "lastSignInAt" (ISO-8601 or null)}}.
 */
@ProxyGen
@VertxGen
public interface AdminService {

  String ADDRESS = Addresses.ADMIN;
  /** Largest page of users or audit entries. */
  int MAX_PAGE = 50;

  /** @return a proxy with a 10 s send timeout */
  static AdminService createProxy(Vertx vertx) {
    return new AdminServiceVertxEBProxy(vertx, ADDRESS, new DeliveryOptions().setSendTimeout(10_000));
  }

  /**
   * Lists accounts, ordered by email.
   *
   * @param query {@code {"q" (email prefix, or an exact user id; ≤ 320 chars), "role" (user|admin),
   *     "status" (active|disabled), "cursor" (from the previous page), "limit" (1..50, default 20)}}
   * @return {@code {"items": [user...], "nextCursor": string or null}}; {@code BAD_REQUEST} naming the field
   */
  Future<JsonObject> listUsers(JsonObject query, Caller caller);

  /**
   * @return the user, plus {@code "counts": {"meetings", "events", "messages"}} (what they host or joined,
   *     what they publish, what they wrote; a count is null when its service did not answer);
   *     {@code NOT_FOUND} for an unknown id
   */
  Future<JsonObject> getUser(String userId, Caller caller);

  /**
   * Changes an account's role or disables / enables it.
   *
   * <p>Disabling revokes every refresh-token family, refuses sign-in ("This account is disabled."), and
   * publishes an {@link AccountNotice} so that gateways close the account's sockets and refuse its
   * remaining access tokens at once. A role change takes effect at the next token refresh, and at once
   * on live sockets. The last enabled admin can be neither demoted nor disabled ({@code CONFLICT}).
   * Each change is written to the audit log.
   *
   * @param changes {@code {"role"?: "user"|"admin", "disabled"?: bool}}
   * @return the user after the change; {@code NOT_FOUND}, {@code BAD_REQUEST} naming the field, {@code CONFLICT}
   */
  Future<JsonObject> updateUser(String userId, JsonObject changes, Caller caller);

  /**
   * Deletes an account with the same data rules as a person deleting their own
   * ({@link dev.parley.api.auth.AuthService#deleteMe}): its sessions end at once on every gateway, its chat
   * messages stay as "Deleted user", its future bookings are cancelled with mails, the meetings it hosted
   * end. The last enabled admin cannot be deleted ({@code CONFLICT}). Written to the audit log.
   *
   * @return {@code NOT_FOUND} for an unknown id, {@code CONFLICT} for the last admin
   */
  Future<Void> deleteUser(String userId, Caller caller);

  /**
   * Reads the append-only audit log, newest first. Entries: {@code {"id", "at", "actor": {"id",
   * "displayName", "role"} or null, "action", "target", "details", "clientAddress", "requestId"}}.
   *
   * @param query {@code {"actor", "target" (ids), "from", "to" (ISO-8601 instants), "cursor", "limit" (1..50)}}
   * @return {@code {"items": [entry...], "nextCursor": string or null}}
   */
  Future<JsonObject> audit(JsonObject query, Caller caller);
}
