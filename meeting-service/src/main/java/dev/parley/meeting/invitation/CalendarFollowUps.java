package dev.parley.meeting.invitation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Keeps invitees' calendars in step with the meeting ({@link MeetingListener}): a change of a scheduled
 * meeting's time, duration or title sends every invitee whose invitation was not refused by the mail
 * server an update (REQUEST, same UID, SEQUENCE + 1); removing its time, deleting it, or ending it before
 * its start sends a CANCEL (SEQUENCE + 1, no join link). A deletion also drops mails still queued and the
 * meeting's invitations; an unscheduled meeting's deletion is told by a plain mail. A cancelled entry
 * gets no later updates. Failures are logged: they never undo the change that caused them.
 */
final class CalendarFollowUps implements MeetingListener {

  private static final Logger LOG = LoggerFactory.getLogger(CalendarFollowUps.class);

  private final InvitationRepository invitations;
  private final MailQueue queue;
  private final InvitationMails mails;
  private final InvitationServiceImpl service;
  private final Clock clock;

  CalendarFollowUps(InvitationRepository invitations, MailQueue queue, InvitationMails mails, InvitationServiceImpl service,
                    Clock clock) {
    this.invitations = invitations;
    this.queue = queue;
    this.mails = mails;
    this.service = service;
    this.clock = clock;
  }

  @Override
  public void changed(JsonObject before, JsonObject after) {
    boolean timeChanged = !Objects.equals(before.getString("startsAt"), after.getString("startsAt"))
        || !Objects.equals(before.getInteger("durationMinutes"), after.getInteger("durationMinutes"));
    boolean titleChanged = !Objects.equals(before.getString("title"), after.getString("title"));
    boolean scheduled = InvitationMails.start(after) != null;
    if (!timeChanged && !(titleChanged && scheduled)) {
      return;
    }
    if (scheduled) {
      follow(after, true, false, "changed");
    } else if (InvitationMails.start(before) != null) {
      follow(after, false, false, "unscheduled");
    }
  }

  @Override
  public void ended(JsonObject meeting) {
    Instant start = InvitationMails.start(meeting);
    if (start != null && clock.instant().isBefore(start)) {
      follow(meeting, false, true, "ended before its start");
    }
  }

  @Override
  public void deleted(JsonObject meeting) {
    String meetingId = meeting.getString("id");
    queue.dropQueued(meetingId)
        .compose(v -> send(meeting, false, true))
        .compose(v -> invitations.deleteByMeeting(meetingId))
        .onFailure(err -> LOG.warn("Invitations of deleted meeting {} were not cancelled", meetingId, err));
  }

  /** Sends every live invitation of the meeting an update ({@code request}) or a cancellation. */
  private void follow(JsonObject meeting, boolean request, boolean final_, String why) {
    String meetingId = meeting.getString("id");
    // A cancellation for good makes queued invitations pointless; a time merely removed may come back.
    Future<Void> dropped = final_ ? queue.dropQueued(meetingId) : Future.succeededFuture();
    dropped.compose(v -> send(meeting, request, final_))
        .onFailure(err -> LOG.warn("Invitees of meeting {} ({}) were not told", meetingId, why, err));
  }

  /**
   * @param request an update (REQUEST) rather than a cancellation
   * @param final_ whether the calendar entry is cancelled for good (no later updates)
   */
  private Future<Void> send(JsonObject meeting, boolean request, boolean final_) {
    String meetingId = meeting.getString("id");
    return invitations.byMeeting(meetingId).compose(all -> {
      List<JsonObject> live = all.stream()
          .filter(invitation -> !InvitationRepository.FAILED.equals(invitation.getString("delivery")))
          .toList();
      return live.isEmpty() ? Future.succeededFuture() : invitations.nextSequence(meetingId, final_)
          .compose(calendar -> calendar == null ? Future.succeededFuture() : service.host(meeting)
              .compose(host -> queue.enqueue(live.stream()
                  .map(invitation -> request
                      ? mails.update(meeting, host, invitation, calendar.getInteger("sequence"))
                      : mails.cancel(meeting, host, invitation, calendar.getInteger("sequence")))
                  .toList())));
    });
  }
}
