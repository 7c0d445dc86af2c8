package dev.parley.api.auth;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Accounts and sessions, served on {@link Addresses#AUTH}.
 *
 * <p>Failures are {@link io.vertx.serviceproxy.ServiceException}s with the codes of
 * {@link dev.parley.api.ErrorCode}: {@code BAD_REQUEST} and {@code WEAK_PASSWORD} for invalid input
 * (the message names the rule), {@code CONFLICT} for a taken email, {@code UNAUTHORIZED} for wrong
 * credentials or an invalid, expired or reused refresh token (one generic message, so that no answer
 * reveals whether an account exists), {@code TOO_MANY_REQUESTS} with a {@code retryAfter} in seconds
 * when login is throttled.
 */
@ProxyGen
@VertxGen
public interface AuthService {

  /** The event-bus address the service is bound to. */
  String ADDRESS = Addresses.AUTH;
  /** Longest directory query, in characters. */
  int MAX_QUERY_LENGTH = 200;
  /** Largest directory page. */
  int MAX_DIRECTORY_PAGE = 50;

  /**
   * @param vertx the Vert.x instance whose event bus to use
   * @return a proxy to the auth service, with a 30 s send timeout (hashing may queue under load)
   */
  static AuthService createProxy(Vertx vertx) {
    return new AuthServiceVertxEBProxy(vertx, ADDRESS, new DeliveryOptions().setSendTimeout(30_000));
  }

  /**
   * Creates an account and signs it in.
   *
   * @param email any case, surrounding white space ignored; stored trimmed and lower-cased; unique
   * @param password at least 10 characters, at most 256, not a commonly used password
   * @param displayName 1 to 80 characters after trimming
   */
  Future<Session> signup(String email, String password, String displayName, Caller caller);

  /** Signs in with email and password; throttled per account and per client address. */
  Future<Session> login(String email, String password, Caller caller);

  /**
   * Exchanges a refresh token for a new session. The token is rotated: the one given is spent, and
   * presenting a spent token again revokes every token of its family (RFC 9700 §4.14.2).
   */
  Future<Session> refresh(String refreshToken, Caller caller);

  /** Revokes the refresh token's whole family. Unknown tokens succeed silently. */
  Future<Void> logout(String refreshToken, Caller caller);

  /** @return the caller's own account; {@code UNAUTHORIZED} for guests and anonymous callers */
  Future<UserProfile> me(Caller caller);

  /**
   * Sends a password-reset link to the address if an account has it. Succeeds either way, so that
   * the answer reveals nothing.
   */
  Future<Void> requestPasswordReset(String email, Caller caller);

  /**
   * Sets a new password with a token from a reset mail (single use, valid one hour) and revokes every
   * session of the account. {@code BAD_REQUEST} for an unknown, used or expired token.
   */
  Future<Void> confirmPasswordReset(String token, String newPassword, Caller caller);

  /**
   * Signs a room-scoped guest token: an access token with role {@code guest}, the guest id as subject,
   * the display name and the meeting ({@code mid}), valid for 4 hours (a meeting's length; rejoining
   * issues a new one); and a guest pass with the same claims, valid 30 days, that the browser keeps to
   * come back as the same guest ({@code AccessTokenVerifier#verifyGuestPass}). For the meeting service,
   * which decides who may join; never exposed to clients directly.
   *
   * @param guestId the guest's id when they come back ({@code guest-…}), or null for a new guest
   * @return {@code {"token": "JWT", "guestId": "...", "expiresIn": seconds, "pass": "JWT"}};
   *     {@code BAD_REQUEST} naming the field for a missing meeting, a bad name or a malformed guest id
   */
  Future<JsonObject> issueGuestToken(String meetingId, String displayName, String guestId, Caller caller);

  /**
   * Looks up accounts by id, for services that write to people (e.g. booking confirmations); never
   * exposed to clients. Unknown ids are left out.
   *
   * @param userIds at most 100 ids
   * @return {@code {"items": [{"id", "email", "displayName", "disabled"}...]}} in no particular order;
   *     {@code BAD_REQUEST} for more than 100 ids
   */
  Future<JsonObject> profiles(List<String> userIds, Caller caller);

  /**
   * Looks up accounts by email address, for the meeting service's invitations; never exposed to
   * clients. Addresses are compared trimmed and lower-cased; unknown ones are left out.
   *
   * @param emails at most 100 addresses
   * @return {@code {"items": [{"id", "email", "displayName"}...]}} in no particular order;
   *     {@code BAD_REQUEST} for more than 100
   */
  Future<JsonObject> accountsByEmail(List<String> emails, Caller caller);

  /**
   * Searches the directory of accounts (signed-in accounts only; {@code UNAUTHORIZED} for guests and
   * anonymous callers). Matches the start of any word of a display name (every word of the query must
   * match one) or the start of an email, ignoring case and accents; the query is never a pattern.
   * People the caller shares something with (a meeting, a booking, a conversation) come first. With
   * {@code PARLEY_DIRECTORY=contacts} only they are found. Disabled accounts and the caller never appear.
   *
   * @param query 0..{@value #MAX_QUERY_LENGTH} characters; empty lists everyone visible
   * @param limit 1..{@value #MAX_DIRECTORY_PAGE}; {@code null} for 20
   * @param cursor {@code nextCursor} of the previous page, or {@code null} for the first
   * @return {@code {"items": [{"id", "displayName", "contact": bool, "email" (only to admins and
   *     for contacts)}], "nextCursor": string or null}}; {@code BAD_REQUEST} naming the field for an
   *     over-long query, a bad limit or a cursor this service did not issue
   */
  Future<JsonObject> directory(String query, Integer limit, String cursor, Caller caller);

  /**
   * Changes the caller's own account.
   *
   * @param changes any of {@code {"displayName": 1..80 visible characters, trimmed, no control or
   *     bidirectional-override characters, "timeZone": an IANA zone id such as "Europe/Paris"}}
   * @return the account after the change; {@code BAD_REQUEST} naming the field
   */
  Future<UserProfile> updateMe(JsonObject changes, Caller caller);

  /**
   * Changes the caller's password. Every refresh token of the account is revoked and a new session
   * returned, so that only the client that changed it stays signed in.
   *
   * @return the new session; {@code UNAUTHORIZED} when the current password is wrong,
   *     {@code WEAK_PASSWORD} when the new one breaks the policy
   */
  Future<Session> changePassword(String currentPassword, String newPassword, Caller caller);

  /**
   * Deletes the caller's account after checking its password: the account and its refresh tokens are
   * removed at once, and {@link dev.parley.api.Addresses#ACCOUNT_DELETED} is published with
   * {@code {"userId", "displayName"}} so that every service and gateway lets go of it (bookings
   * cancelled, hosted meetings ended, messages shown as "Deleted user", sockets closed). The email
   * can be used for a new account straight away.
   *
   * @return {@code UNAUTHORIZED} when the password is wrong
   */
  Future<Void> deleteMe(String password, Caller caller);

  /** @return the public verification keys as a JWK Set (RFC 7517 §5): {@code {"keys": [...]}} */
  Future<JsonObject> jwks();
}
