package dev.parley.file.access;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.Accounts;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.serviceproxy.ServiceException;

import java.util.function.Supplier;

/**
 * Who may use a file space (DESIGN §5, the chat's rules):
 *
 * <ul>
 *   <li>{@code meeting:<id>}: the meeting's members, as the meeting service tells by answering
 *       {@link MeetingService#get} for the caller; a guest only the meeting its token names, and only
 *       while that meeting is open;</li>
 *   <li>{@code direct:<a>:<b>}: the two signed-in accounts named (ids ascending), the other of which
 *       must exist ({@link Accounts}); never guests.</li>
 * </ul>
 *
 * Everyone else gets {@code NOT_FOUND} (no existence leak); anonymous callers {@code UNAUTHORIZED};
 * {@code UNAVAILABLE} when the meeting service does not answer. Nothing is cached: a removal or the end
 * of a meeting takes effect on the next request.
 */
public final class SpaceAccess {

  /** The caller's standing in a space: a meeting role (host, co-host, participant, guest) or {@code member}. */
  public record Standing(String space, String meetingId, String role) {
    /** @return whether this standing may delete other people's files: hosts and co-hosts */
    public boolean moderates() {
      return "host".equals(role) || "co-host".equals(role);
    }
  }

  static final String NO_SUCH_SPACE = "No such meeting or conversation.";
  private final MeetingService meetings;
  private final Accounts accounts;

  public SpaceAccess(MeetingService meetings, Accounts accounts) {
    this.meetings = meetings;
    this.accounts = accounts;
  }

  /**
   * As {@link #check}, and also a direct space that holds files and whose other person is no longer an
   * account (deleted or disabled): its files stay readable (listed, downloaded, deleted by their
   * uploader) to the one who remains, as the conversation does in the chat; uploading to it is refused
   * by {@link #check}. A space without files stays {@code NOT_FOUND}, so made-up ids learn nothing.
   *
   * @param holdsFiles tells whether the space has any file (asked only for such a space)
   */
  public Future<Standing> checkRead(String space, Caller caller, Supplier<Future<Boolean>> holdsFiles) {
    return check(space, caller).recover(err -> {
      boolean peerGone = space.startsWith("direct:") && err instanceof ServiceException se
          && ErrorCode.of(se.failureCode()) == ErrorCode.NOT_FOUND && se.getDebugInfo() != null
          && "userId".equals(se.getDebugInfo().getString(ErrorCode.FIELD));
      return peerGone
          ? holdsFiles.get().compose(held -> held ? Future.succeededFuture(new Standing(space, null, "member")) : Future.failedFuture(err))
          : Future.failedFuture(err);
    });
  }

  /** @return the caller's standing, or a failed future as described above */
  public Future<Standing> check(String space, Caller caller) {
    if (caller == null || caller.getUserId() == null) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in, or join the meeting by its link."));
    }
    if (space == null) {
      return Future.failedFuture(badSpace());
    }
    boolean guest = Caller.ROLE_GUEST.equals(caller.getRole());
    if (space.startsWith("meeting:")) {
      String meetingId = space.substring("meeting:".length());
      if (!Ids.isId(meetingId)) {
        return Future.failedFuture(badSpace());
      }
      if (guest && !meetingId.equals(caller.getMeetingId())) {
        return Future.failedFuture(notFound());
      }
      return meetings.get(meetingId, caller)
          .recover(err -> Future.failedFuture(refusal(err)))
          .compose(meeting -> guest && "ended".equals(meeting.getString("status"))
              ? Future.failedFuture(notFound())
              : Future.succeededFuture(new Standing(space, meetingId, meeting.getString("role"))));
    }
    if (space.startsWith("direct:")) {
      String[] people = space.substring("direct:".length()).split(":", -1);
      if (people.length != 2 || !Ids.isId(people[0]) || !Ids.isId(people[1]) || people[0].compareTo(people[1]) > 0) {
        return Future.failedFuture(badSpace());
      }
      if (!caller.isAccount() || !(people[0].equals(caller.getUserId()) || people[1].equals(caller.getUserId()))) {
        return Future.failedFuture(notFound());
      }
      String other = people[0].equals(caller.getUserId()) ? people[1] : people[0];
      return accounts.require(other, caller).map(account -> new Standing(space, null, "member"));
    }
    return Future.failedFuture(badSpace());
  }

  private static ServiceException badSpace() {
    return ErrorCode.BAD_REQUEST.exception("The space must be meeting:<id> or direct:<userId>:<userId>.",
        new io.vertx.core.json.JsonObject().put(ErrorCode.FIELD, "space"));
  }

  static ServiceException notFound() {
    return ErrorCode.NOT_FOUND.exception(NO_SUCH_SPACE);
  }

  private static Throwable refusal(Throwable err) {
    if (err instanceof ServiceException se) {
      ErrorCode code = ErrorCode.of(se.failureCode());
      return code == ErrorCode.INTERNAL || code == ErrorCode.UNAVAILABLE
          ? ErrorCode.UNAVAILABLE.exception("Files cannot check your membership right now; try again shortly.")
          : notFound();
    }
    if (err instanceof ReplyException) {
      return ErrorCode.UNAVAILABLE.exception("Files cannot check your membership right now; try again shortly.");
    }
    return err;
  }
}
