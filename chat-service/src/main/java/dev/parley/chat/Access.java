package dev.parley.chat;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.chat.ChatService;
import dev.parley.api.meeting.AccessNotice;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Accounts;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.serviceproxy.ServiceException;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may use which channel (DESIGN §5):
 *
 * <ul>
 *   <li>a meeting channel: the meeting's members, as the meeting service tells by answering
 *       {@link MeetingService#get} for the caller; a guest only the meeting its token names, and only
 *       while that meeting is open;</li>
 *   <li>a direct channel: signed-in accounts (not guests) that are one of its two people, when the
 *       other person is an account too ({@link Accounts}: {@code NOT_FOUND} naming {@code userId}
 *       otherwise, so nothing is stored for someone who does not exist).</li>
 * </ul>
 *
 * A positive answer is remembered for {@link #CACHE_MILLIS} per channel and person, and the
 * channel's document is created on first use. The cache only ever speeds up a yes: an
 * {@link AccessNotice} (a member removed, the meeting ended or deleted) forgets every answer about that
 * meeting's channel at once ({@link #revoke}), so access ends on every instance when the notice arrives,
 * not when an entry expires. Refusals are {@code NOT_FOUND} (no existence leak),
 * {@code UNAUTHORIZED} for anonymous callers, {@code FORBIDDEN} for guests in direct conversations,
 * {@code UNAVAILABLE} when the meeting service does not answer. Confined to the verticle's event loop.
 */
final class Access {

  static final long CACHE_MILLIS = 60_000;
  private static final int MAX_CACHED = 50_000;
  private static final String NO_SUCH_CHANNEL = "No such chat.";

  private final MeetingService meetings;
  private final Accounts accounts;
  private final ChannelRepository channels;
  private final Clock clock;
  /** Channel id → person → epoch ms until which the yes holds. */
  private final Map<String, Map<String, Long>> allowedUntil = new HashMap<>();
  private int cached;

  /** @param accounts tells whether the other person of a direct channel exists */
  Access(MeetingService meetings, Accounts accounts, ChannelRepository channels, Clock clock) {
    this.meetings = meetings;
    this.accounts = accounts;
    this.channels = channels;
    this.clock = clock;
  }

  /**
   * Succeeds when the caller may read the channel: as {@link #check}, and also a direct conversation
   * that exists whose other person is no longer an account (deleted or disabled), which stays
   * readable to the one who remains ("Deleted user"); writing to it is still refused by {@link #check}.
   */
  Future<Void> checkRead(Channel channel, Caller caller) {
    return check(channel, caller).recover(err -> {
      boolean peerGone = !channel.isMeeting() && err instanceof io.vertx.serviceproxy.ServiceException se
          && se.failureCode() == ErrorCode.NOT_FOUND.failureCode() && caller.isAccount() && channel.hasMember(caller.getUserId());
      return peerGone
          ? channels.find(channel.id()).compose(doc -> doc == null ? Future.<Void>failedFuture(err) : Future.<Void>succeededFuture())
          : Future.failedFuture(err);
    });
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
    long now = clock.millis();
    Long until = allowedUntil.getOrDefault(channel.id(), Map.of()).get(caller.getUserId());
    if (until != null && until > now) {
      return Future.succeededFuture();
    }
    // A direct channel records both names, so that whoever starts a conversation sees the other's.
    Future<Map<String, String>> allowed = channel.isMeeting()
        ? meetingMember(channel, caller, guest).map(v -> Map.of())
        : accounts.require(channel.peerOf(caller.getUserId()), caller)
            .map(peer -> names(caller, channel.peerOf(caller.getUserId()), peer.getString("displayName")));
    return allowed
        .compose(names -> channels.ensure(channel, names))
        .onSuccess(v -> {
          if (cached >= MAX_CACHED) {
            allowedUntil.clear();
            cached = 0;
          }
          if (allowedUntil.computeIfAbsent(channel.id(), id -> new HashMap<>()).put(caller.getUserId(), now + CACHE_MILLIS) == null) {
            cached++;
          }
        });
  }

  private static Map<String, String> names(Caller caller, String peerId, String peerName) {
    Map<String, String> names = new HashMap<>();
    if (caller.getDisplayName() != null) {
      names.put(caller.getUserId(), caller.getDisplayName());
    }
    if (peerName != null) {
      names.put(peerId, peerName);
    }
    return names;
  }

  /**
   * Forgets every cached answer about a disabled account: its own, and other people's about their direct
   * channels with it, so that nobody writes to it (or as it) on a cached yes.
   */
  void forgetAccount(String userId) {
    allowedUntil.entrySet().removeIf(channel -> {
      Map<String, Long> people = channel.getValue();
      boolean direct = channel.getKey().startsWith("direct:") && List.of(channel.getKey().split(":")).contains(userId);
      int before = people.size();
      if (direct) {
        people.clear();
      } else {
        people.remove(userId);
      }
      cached -= before - people.size();
      return people.isEmpty();
    });
  }

  /** Forgets every cached answer about the notice's meeting channel, so the next request asks again. */
  void revoke(AccessNotice notice) {
    if (notice.meetingId() == null) {
      return;
    }
    Map<String, Long> forgotten = allowedUntil.remove(ChatService.meetingChannel(notice.meetingId()));
    if (forgotten != null) {
      cached -= forgotten.size();
    }
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
