package dev.parley.meeting;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.common.DisplayNames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.time.Clock;

/**
 * Guests joining a meeting by its link (issue 14, item 6: guests who were removed stay removed).
 *
 * <p>A new guest (an anonymous caller with a display name) gets a fresh guest id, a guest token and a
 * guest pass. A returning guest — a caller who is a guest of this very meeting, named by a guest token
 * or by the pass their browser kept (the gateway reads it from a cookie) — comes back as the same guest
 * with the name they had, without being asked for one; a guest who was removed is refused with
 * {@code FORBIDDEN}, whatever name they type. Someone removed can still come back from another browser
 * (the pass is the only thing that ties a guest to a person); hosts who want more turn the lobby on.
 */
final class GuestJoins {

  static final String REMOVED = "You were removed from this meeting.";

  private final MemberRepository members;
  private final AuthService auth;
  private final Clock clock;

  GuestJoins(MemberRepository members, AuthService auth, Clock clock) {
    this.members = members;
    this.auth = auth;
    this.clock = clock;
  }

  /**
   * @param meeting the meeting document (not ended)
   * @return the guest's membership document plus {@code "guestToken"} and {@code "guestPass"};
   *     {@code FORBIDDEN} when the meeting admits no guests or the guest was removed,
   *     {@code BAD_REQUEST} (field {@code displayName}) for a new guest without a valid name
   */
  Future<JsonObject> join(JsonObject meeting, String displayName, Caller caller) {
    if (!meeting.getJsonObject(MeetingFields.SETTINGS, new JsonObject()).getBoolean(MeetingFields.GUESTS_ALLOWED, false)) {
      return Future.failedFuture(ErrorCode.FORBIDDEN.exception("This meeting admits only signed-in people: sign in to join it."));
    }
    String meetingId = meeting.getString("_id");
    if (isGuestOf(meetingId, caller)) {
      return members.find(meetingId, caller.getUserId()).compose(member -> {
        if (member != null && MemberRepository.REMOVED.equals(member.getString("role"))) {
          return Future.failedFuture(ErrorCode.FORBIDDEN.exception(REMOVED));
        }
        String name = member != null ? member.getString("displayName") : DisplayNames.normalise(caller.getDisplayName());
        return issue(meetingId, name, caller.getUserId(), caller).compose(issued -> (member != null
            ? Future.succeededFuture(member)
            : members.admit(meetingId, caller.getUserId(), MemberRepository.GUEST, name, clock.instant()))
            .map(admitted -> with(admitted, issued)));
      });
    }
    String name = DisplayNames.normalise(displayName);
    if (name == null) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception(DisplayNames.RULE + " to join as a guest.",
          new JsonObject().put(ErrorCode.FIELD, "displayName")));
    }
    return issue(meetingId, name, null, caller).compose(issued ->
        members.insert(meetingId, issued.getString("guestId"), MemberRepository.GUEST, name, clock.instant())
            .map(member -> with(member, issued)));
  }

  /** @return whether the caller is a guest of this meeting (by token or by pass) */
  static boolean isGuestOf(String meetingId, Caller caller) {
    return caller != null && Caller.ROLE_GUEST.equals(caller.getRole()) && meetingId.equals(caller.getMeetingId())
        && caller.getUserId() != null;
  }

  private Future<JsonObject> issue(String meetingId, String name, String guestId, Caller caller) {
    return auth.issueGuestToken(meetingId, name, guestId, caller)
        .recover(err -> Future.failedFuture(err instanceof ServiceException
            ? err
            : ErrorCode.UNAVAILABLE.exception("Guests cannot join right now; try again shortly.")));
  }

  private static JsonObject with(JsonObject member, JsonObject issued) {
    return member.copy().put("guestToken", issued.getString("token")).put("guestPass", issued.getString("pass"));
  }
}
