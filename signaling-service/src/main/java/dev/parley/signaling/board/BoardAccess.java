package dev.parley.signaling.board;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.meeting.AccessNotice;
import dev.parley.api.meeting.MeetingService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.serviceproxy.ServiceException;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may see a meeting's board, and as what: the meeting service is the authority (it answers
 * {@link MeetingService#get} for the caller with their {@code role} and the meeting's {@code status}).
 * A guest sees only the meeting its token names, and only while it is open; a removed member sees
 * nothing. A yes is remembered for {@link #CACHE_MILLIS} per meeting and person and forgotten at once
 * when an {@link AccessNotice} about the meeting arrives ({@link #revoke}): a cache speeds up a yes,
 * never prolongs one. Refusals: {@code UNAUTHORIZED} (anonymous), {@code FORBIDDEN} (not a member —
 * for any id, so existence does not leak), {@code UNAVAILABLE} (the meeting service does not answer).
 * Event-loop confined.
 */
final class BoardAccess {

  static final long CACHE_MILLIS = 60_000;
  private static final int MAX_CACHED = 50_000;

  /** @param role the caller's meeting role (host, co-host, participant, guest) */
  record Member(String role, boolean ended) {
    boolean isHost() {
      return "host".equals(role) || "co-host".equals(role);
    }
  }

  private record Entry(Member member, long until) {
  }

  private final MeetingService meetings;
  private final Clock clock;
  private final Map<String, Map<String, Entry>> cache = new HashMap<>();
  private int cached;

  BoardAccess(MeetingService meetings, Clock clock) {
    this.meetings = meetings;
    this.clock = clock;
  }

  /** @return the caller's standing in the meeting, or a refusal */
  Future<Member> check(String meetingId, Caller caller) {
    if (caller == null || caller.getUserId() == null) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in, or join the meeting by its link."));
    }
    boolean guest = Caller.ROLE_GUEST.equals(caller.getRole());
    if (guest && !meetingId.equals(caller.getMeetingId())) {
      return Future.failedFuture(forbidden());
    }
    long now = clock.millis();
    Entry entry = cache.getOrDefault(meetingId, Map.of()).get(caller.getUserId());
    if (entry != null && entry.until() > now) {
      return Future.succeededFuture(entry.member());
    }
    return meetings.get(meetingId, caller)
        .recover(err -> Future.failedFuture(refusal(err)))
        .compose(meeting -> {
          boolean ended = "ended".equals(meeting.getString("status"));
          if (guest && ended) {
            return Future.failedFuture(forbidden());
          }
          Member member = new Member(guest ? Caller.ROLE_GUEST : meeting.getString("role"), ended);
          if (cached >= MAX_CACHED) {
            cache.clear();
            cached = 0;
          }
          if (cache.computeIfAbsent(meetingId, id -> new HashMap<>()).put(caller.getUserId(), new Entry(member, now + CACHE_MILLIS)) == null) {
            cached++;
          }
          return Future.succeededFuture(member);
        });
  }

  /** Forgets every cached answer about the notice's meeting. */
  void revoke(AccessNotice notice) {
    if (notice.meetingId() == null) {
      return;
    }
    Map<String, Entry> forgotten = cache.remove(notice.meetingId());
    if (forgotten != null) {
      cached -= forgotten.size();
    }
  }

  private static RuntimeException forbidden() {
    return ErrorCode.FORBIDDEN.exception("You are not in this meeting, so you cannot see its board.");
  }

  private static Throwable refusal(Throwable err) {
    if (err instanceof ServiceException se) {
      ErrorCode code = ErrorCode.of(se.failureCode());
      return code == ErrorCode.INTERNAL || code == ErrorCode.UNAVAILABLE
          ? ErrorCode.UNAVAILABLE.exception("The board cannot check your membership right now; try again shortly.")
          : forbidden();
    }
    if (err instanceof ReplyException) {
      return ErrorCode.UNAVAILABLE.exception("The board cannot check your membership right now; try again shortly.");
    }
    return err;
  }
}
