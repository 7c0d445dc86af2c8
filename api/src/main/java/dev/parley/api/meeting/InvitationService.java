package dev.parley.api.meeting;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Meeting invitations by email, served by the meeting service on {@link Addresses#INVITATIONS}.
 *
 * <p>Invitation JSON: {@code {"id", "meetingId", "email", "status": "pending|sent|accepted|failed",
 * "member": bool, "invitedBy": userId, "message" (or null), "attempts": mail attempts so far,
 * "createdAt", "sentAt" (or null), "acceptedAt" (or null)}}. {@code pending}: the mail is queued or
 * being retried; {@code sent}: delivered to the mail server; {@code accepted}: the address belongs to an
 * account that is now a member of the meeting (at once for an existing account, at sign-up for a new
 * one); {@code failed}: the mail could not be delivered after every retry (never silently dropped).
 *
 * <p>Failures ({@link dev.parley.api.ErrorCode}): {@code BAD_REQUEST} naming the field ({@code emails},
 * {@code emails[i]}, {@code message}), {@code UNAUTHORIZED} without an account, {@code NOT_FOUND} for a
 * meeting the caller is not a member of or an unknown invitation, {@code FORBIDDEN} for members who are
 * neither host nor co-host, {@code TOO_MANY_REQUESTS} with {@code retryAfter} (seconds) past the daily
 * limit of addresses per account.
 */
@ProxyGen
@VertxGen
public interface InvitationService {

  String ADDRESS = Addresses.INVITATIONS;

  /** @return a proxy with a 10 s send timeout */
  static InvitationService createProxy(Vertx vertx) {
    return new InvitationServiceVertxEBProxy(vertx, ADDRESS, new DeliveryOptions().setSendTimeout(10_000));
  }

  /**
   * Invites addresses to the meeting (host or co-host). Mails are sent asynchronously, retried with
   * backoff; an address invited before is invited again (its mail is sent again).
   *
   * @param request {@code {"emails": [1..50 addresses], "message" (≤ 1000 characters, optional)}}
   * @return {@code {"items": [invitation...]}}, one per distinct address, status {@code pending} or
   *     {@code accepted}
   */
  Future<JsonObject> invite(String meetingId, JsonObject request, Caller caller);

  /** @return {@code {"items": [invitation...]}} newest first; host and co-hosts only */
  Future<JsonObject> list(String meetingId, Caller caller);

  /**
   * Revokes an invitation (host and co-hosts): no more mails are tried, a sign-up with the address no
   * longer makes it a member, and when a calendar invitation went out a CANCEL follows. A membership the
   * invitation already gave stays (the host removes people from the meeting itself).
   */
  Future<Void> revoke(String meetingId, String invitationId, Caller caller);
}
