package dev.parley.meeting.invitation;

import io.vertx.core.Future;

/** Makes an account a member of a meeting, as the meeting service's membership store does it. */
@FunctionalInterface
public interface Admission {

  /**
   * Makes the account a participant unless it already is a member (its role stays).
   *
   * @return whether the account is a member now ({@code false}: a host removed it from the meeting)
   */
  Future<Boolean> admit(String meetingId, String userId, String displayName);
}
