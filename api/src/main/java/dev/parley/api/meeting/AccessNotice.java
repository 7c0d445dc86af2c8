package dev.parley.api.meeting;

import dev.parley.api.Caller;
import io.vertx.core.json.JsonObject;

/**
 * What a notice on {@link dev.parley.api.Addresses#ACCESS_REVOKED} says: in meeting {@code meetingId},
 * access is gone for one member ({@link #MEMBER}: removed by a host), for its guests ({@link #GUESTS}:
 * the meeting ended; signed-in members keep its page and chat history) or for everyone
 * ({@link #EVERYONE}: the meeting was deleted). JSON: {@code {"meetingId", "scope", "memberId" (for
 * MEMBER)}}.
 *
 * @param meetingId the meeting
 * @param scope {@link #MEMBER}, {@link #GUESTS} or {@link #EVERYONE}
 * @param memberId the removed member's id (a user id or a guest id) for {@link #MEMBER}, else null
 */
public record AccessNotice(String meetingId, String scope, String memberId) {

  public static final String MEMBER = "member";
  public static final String GUESTS = "guests";
  public static final String EVERYONE = "everyone";

  /** @return the notice a JSON body carries; fields missing or of the wrong type read as null */
  public static AccessNotice of(JsonObject json) {
    Object meetingId = json.getValue("meetingId");
    Object scope = json.getValue("scope");
    Object memberId = json.getValue("memberId");
    return new AccessNotice(meetingId instanceof String m ? m : null, scope instanceof String s ? s : null,
        memberId instanceof String id ? id : null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("meetingId", meetingId).put("scope", scope).put("memberId", memberId);
  }

  /** @return whether this notice takes the meeting away from {@code caller} */
  public boolean affects(Caller caller) {
    if (caller == null || caller.getUserId() == null || meetingId == null || scope == null) {
      return false;
    }
    return switch (scope) {
      case EVERYONE -> true;
      case GUESTS -> Caller.ROLE_GUEST.equals(caller.getRole()) && meetingId.equals(caller.getMeetingId());
      case MEMBER -> caller.getUserId().equals(memberId);
      default -> false;
    };
  }
}
