package dev.parley.chat;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.meeting.MeetingService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.serviceproxy.ServiceException;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may use which channel (DESIGN §5):
 *
 * <ul>
 *   <li>a meeting channel: the meeting's members, as the meeting service tells by answering
 *       {@link MeetingService#get} for the caller; a guest only the meeting its token names, and only
 *       while that meeting is open;</li>
 *   <li>a direct channel: signed-in accounts (not guests) that are one of its two people.</li>
 * </ul>
 *
 * A positive answer is remembered for {@link #CACHE_MILLIS} per channel and person, and the
 * channel's document is created on first use. Refusals are {@code NOT_FOUND} (no existence leak),
 * {@code UNAUTHORIZED} for anonymous callers, {@code FORBIDDEN} for guests in direct conversations,
 * {@code UNAVAILABLE} when the meeting service does not answer. Confined to the verticle's event loop.
 */
final class Access {

  static final long CACHE_MILLIS = 60_000;
  private static final int MAX_CACHED = 50_000;
  private static final String NO_SUCH_CHANNEL = "No such chat.";

  private final MeetingService meetings;
  private final ChannelRepository channels;
  private final Clock clock;
  private final Map<String, Long> allowedUntil = new HashMap<>();

  Access(MeetingService meetings, ChannelRepository channels, Clock clock) {
    this.meetings = meetings;
    this.channels = channels;
    this.clock = clock;
  }

  /** Succeeds when the caller may read and write the channel. */
  Future<Void> check(Channel channel, Caller caller) {
    if (caller == null || caller.getUserId() == null) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in, or join the meeting by its link."));
    }
    boolean guest = Caller.ROLE_GUEST.equals(caller.getRole());
    if (!channel.isMeeting() && guest) {
      return Future.failedFuture(ErrorCode.FORBIDDEN.exception("Guests can only use the chat of their meeting."));
    }
    if (channel.isMeeting() && guest && !channel.meetingId().equals(caller.getMeetingId())) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_CHANNEL));
    }
    if (!channel.isMeeting() && (!caller.isAccount() || !channel.hasMember(caller.getUserId()))) {
      return Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_CHANNEL));
    }
    String key = channel.id() + "|" + caller.getUserId();
    long now = clock.millis();
    Long until = allowedUntil.get(key);
    if (until != null && until > now) {
      return Future.succeededFuture();
    }
    Future<Void> allowed = channel.isMeeting() ? meetingMember(channel, caller, guest) : Future.succeededFuture();
    return allowed
        .compose(v -> channels.ensure(channel, caller.getUserId(), caller.getDisplayName()))
        .onSuccess(v -> {
          if (allowedUntil.size() >= MAX_CACHED) {
            allowedUntil.clear();
          }
          allowedUntil.put(key, now + CACHE_MILLIS);
        });
  }

  private Future<Void> meetingMember(Channel channel, Caller caller, boolean guest) {
    return meetings.get(channel.meetingId(), caller)
        .recover(err -> Future.failedFuture(refusal(err)))
        .compose(meeting -> guest && "ended".equals(meeting.getString("status"))
            ? Future.failedFuture(ErrorCode.NOT_FOUND.exception(NO_SUCH_CHANNEL))
            : Future.<Void>succeededFuture());
  }

  private static Throwable refusal(Throwable err) {
    if (err instanceof ServiceException se) {
      ErrorCode code = ErrorCode.of(se.failureCode());
      return code == ErrorCode.INTERNAL || code == ErrorCode.UNAVAILABLE
          ? ErrorCode.UNAVAILABLE.exception("The chat cannot check your membership right now; try again shortly.")
          : ErrorCode.NOT_FOUND.exception(NO_SUCH_CHANNEL);
    }
    if (err instanceof ReplyException) {
      return ErrorCode.UNAVAILABLE.exception("The chat cannot check your membership right now; try again shortly.");
    }
    return err;
  }
}
