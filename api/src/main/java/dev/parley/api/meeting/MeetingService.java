package dev.parley.api.meeting;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Meetings, served on {@link Addresses#MEETING}.
 *
 * <p>Meeting JSON (what every method returns for a meeting): {@code {"id", "title", "description",
 * "scheduledStart" (ISO-8601 instant or null), "startsAt" (the same value, under the name of
 * issue 19), "durationMinutes" (1..1440 or null: unknown length), "settings": {"guestsAllowed": bool, "lobby": bool,
 * "participantLimit": 2..50}, "hostId", "joinCode", "joinUrl", "status": "open|ended", "createdAt",
 * "updatedAt", "role": the caller's role (host|co-host|participant|guest) or null}}.
 *
 * <p>Failures ({@link dev.parley.api.ErrorCode}): {@code BAD_REQUEST} naming the field,
 * {@code UNAUTHORIZED} for callers without an account where one is needed, {@code NOT_FOUND} for
 * meetings that do not exist or that the caller may not see (no existence leak), {@code FORBIDDEN}
 * for non-hosts changing a meeting, {@code CONFLICT} when joining an ended meeting.
 */
@ProxyGen
@VertxGen
public interface MeetingService {

  String ADDRESS = Addresses.MEETING;

  /** @return a proxy with a 10 s send timeout */
  static MeetingService createProxy(Vertx vertx) {
    return new MeetingServiceVertxEBProxy(vertx, ADDRESS,
        new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000));
  }

  /**
   * Creates a meeting hosted by the caller (an account).
   *
   * @param draft {@code {"title" (1..200 chars, required), "description" (≤ 2000), "scheduledStart"
   *     (ISO-8601 with offset; {@code "startsAt"} is accepted as its alias), "durationMinutes" (1..1440),
   *     "settings": {"guestsAllowed" (default true), "lobby" (default false),
   *     "participantLimit" (default 8, 2..50)}}}
   */
  Future<JsonObject> create(JsonObject draft, Caller caller);

  /**
   * Lists meetings the caller hosts or has joined, newest first.
   *
   * @param page 1-based
   * @param size 1..100
   * @return {@code {"items": [meeting...], "page", "size", "total"}}
   */
  Future<JsonObject> listMine(int page, int size, Caller caller);

  /** @return the meeting, if the caller is one of its members */
  Future<JsonObject> get(String meetingId, Caller caller);

  /** Changes title, description, scheduledStart or settings; host only. Same field rules as create. */
  Future<JsonObject> update(String meetingId, JsonObject changes, Caller caller);

  /** Deletes the meeting; host only. */
  Future<Void> delete(String meetingId, Caller caller);

  /**
   * Marks the meeting ended: later joins by link are refused with {@code CONFLICT}. Host, co-hosts and
   * admins only ({@code FORBIDDEN} for other members); ending an ended meeting changes nothing. The live room
   * is ended by the signaling service, which calls this.
   *
   * @return the meeting, with {@code "status": "ended"}
   */
  Future<JsonObject> end(String meetingId, Caller caller);

  /**
   * Titles and hosts of meetings, for admins ({@code FORBIDDEN} otherwise).
   *
   * @param meetingIds at most 100
   * @return {@code {"items": [{"id", "title", "hostId", "status"}...]}}; unknown ids are left out
   */
  Future<JsonObject> summaries(List<String> meetingIds, Caller caller);

  /**
   * Removes a member (a user id or a guest id) from the meeting for good: they lose its page, its chat
   * (reading and posting), its participants list and its room, and cannot join again by the link: from
   * then on every request of theirs about the meeting is refused with {@code FORBIDDEN} ("You were
   * removed from this meeting."). Host and co-hosts only
   * ({@code FORBIDDEN} for others and for removing the host; {@code BAD_REQUEST} for removing oneself).
   * Removing someone who never joined records the removal all the same. Publishes an
   * {@link AccessNotice} on {@link dev.parley.api.Addresses#ACCESS_REVOKED}.
   */
  Future<Void> removeMember(String meetingId, String memberId, Caller caller);

  /**
   * Admits the caller by join code: an account becomes a participant (or keeps its role); an
   * anonymous caller with a display name becomes a guest when the meeting allows guests, and gets a
   * room-scoped guest token and a guest pass; a guest of this meeting (by token or pass) comes back as
   * the same guest with the name they had, or is refused with {@code FORBIDDEN} when they were removed.
   *
   * @param displayName required for new guests (1..80 chars), ignored for accounts and returning guests
   * @return {@code {"meeting": meeting, "role", "guestToken" and "guestPass" (guests only), "participantId"}}
   */
  Future<JsonObject> join(String joinCode, String displayName, Caller caller);

  /**
   * What a join link leads to, for anyone holding the link (the join page, live counts), without joining.
   *
   * @return {@code {"meetingId", "title", "status"}}, and for a guest of this meeting (by token or pass)
   *     {@code "guest": {"displayName", "removed": bool}}; {@code NOT_FOUND} for a code no meeting has
   */
  Future<JsonObject> preview(String joinCode, Caller caller);

  /**
   * The accounts that share a meeting with the caller (a booked timeslot's call is a meeting, so its
   * owner and booker share one), for ranking the directory (the auth service calls this). Guests are
   * left out. Accounts only.
   *
   * @return {@code {"userIds": [...]}} from the caller's 200 most recent meetings, at most 1,000
   */
  Future<JsonObject> contacts(Caller caller);
}
