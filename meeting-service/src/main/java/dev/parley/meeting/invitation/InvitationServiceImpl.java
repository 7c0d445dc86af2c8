package dev.parley.meeting.invitation;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.InvitationService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.common.mongo.MongoDates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The invitation service: see {@link InvitationService} for shapes and failure codes. Who may do what:
 * the meeting's host and co-hosts invite, list and revoke (the role the meeting service answers for
 * the caller); others who see the meeting get {@code FORBIDDEN}, those who do not {@code NOT_FOUND}.
 * An address that already has an account becomes a member at once; the mail goes through the
 * {@link MailQueue} either way.
 */
final class InvitationServiceImpl implements InvitationService {

  private static final Logger LOG = LoggerFactory.getLogger(InvitationServiceImpl.class);
  static final Caller SERVICE = new Caller().setCorrelationId("invitations");

  private final InvitationRepository invitations;
  private final MailQueue queue;
  private final InvitationMails mails;
  private final InviteLimit limit;
  private final MeetingService meetings;
  private final AuthService auth;
  private final Admission admission;
  private final Clock clock;

  InvitationServiceImpl(InvitationRepository invitations, MailQueue queue, InvitationMails mails, InviteLimit limit,
                        MeetingService meetings, AuthService auth, Admission admission, Clock clock) {
    this.invitations = invitations;
    this.queue = queue;
    this.mails = mails;
    this.limit = limit;
    this.meetings = meetings;
    this.auth = auth;
    this.admission = admission;
    this.clock = clock;
  }

  @Override
  public Future<JsonObject> invite(String meetingId, JsonObject request, Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to invite people."));
    }
    InvitationRequest checked;
    try {
      checked = InvitationRequest.parse(request);
    } catch (ServiceException invalid) {
      return Future.failedFuture(invalid);
    }
    return moderated(meetingId, caller).compose(meeting -> {
      if ("ended".equals(meeting.getString("status"))) {
        return Future.failedFuture(ErrorCode.CONFLICT.exception("This meeting has ended: nobody can be invited to it."));
      }
      return limit.take(caller.getUserId(), checked.emails().size())
          .compose(taken -> Future.all(auth.accountsByEmail(checked.emails(), SERVICE), host(meeting),
              invitations.calendar(meetingId)))
          .compose(all -> {
            Map<String, JsonObject> accounts = items(all.resultAt(0)).stream()
                .collect(Collectors.toMap(a -> a.getString("email"), Function.identity(), (a, b) -> a));
            InvitationMails.Host host = all.resultAt(1);
            int sequence = all.<JsonObject>resultAt(2).getInteger("sequence");
            List<Future<Invited>> each = checked.emails().stream()
                .map(email -> inviteOne(meeting, email, checked.message(), accounts.get(email), host, sequence, caller))
                .toList();
            return Future.all(each).map(done -> each.stream().map(Future::result).toList());
          })
          .compose(stored -> queue.enqueue(stored.stream().map(Invited::mail).toList())
              .map(v -> new JsonObject().put("items", new JsonArray(stored.stream()
                  .map(s -> view(s.invitation())).toList()))))
          .onSuccess(v -> LOG.info("{} invited {} addresses to meeting {} (correlation {})", caller.getUserId(),
              checked.emails().size(), meetingId, caller.getCorrelationId()));
    });
  }

  /** An invitation as stored and its mail, not yet queued. */
  private record Invited(JsonObject invitation, MailQueue.Mail mail) {
  }

  private Future<Invited> inviteOne(JsonObject meeting, String email, String message, JsonObject account,
                                       InvitationMails.Host host, int sequence, Caller caller) {
    String meetingId = meeting.getString("id");
    Instant now = now();
    return invitations.upsert(meetingId, email, caller.getUserId(), message, now)
        .compose(invitation -> queue.dropQueuedOf(invitation.getString("_id")).map(invitation))
        .compose(invitation -> account == null || invitation.getBoolean("accepted", false)
            ? Future.succeededFuture(invitation)
            : admission.admit(meetingId, account.getString("id"), account.getString("displayName"))
                .compose(member -> !member ? Future.succeededFuture(invitation)
                    : invitations.accept(invitation.getString("_id"), account.getString("id"), now)
                        .map(v -> invitation.put("accepted", true).put("userId", account.getString("id"))
                            .put("acceptedAt", MongoDates.of(now)))))
        .map(invitation -> new Invited(invitation, mails.invite(meeting, host, invitation, account != null, sequence)));
  }

  @Override
  public Future<JsonObject> list(String meetingId, Caller caller) {
    return moderated(meetingId, caller).compose(meeting -> invitations.byMeeting(meetingId))
        .map(found -> new JsonObject().put("items", new JsonArray(found.stream().map(InvitationServiceImpl::view).toList())));
  }

  @Override
  public Future<Void> revoke(String meetingId, String invitationId, Caller caller) {
    return moderated(meetingId, caller).compose(meeting -> invitations.find(meetingId, invitationId).compose(invitation -> {
      if (invitation == null) {
        return Future.failedFuture(ErrorCode.NOT_FOUND.exception("No such invitation."));
      }
      boolean calendarSent = InvitationRepository.SENT.equals(invitation.getString("delivery"))
          && InvitationMails.start(meeting) != null;
      Future<Void> cancelled = !calendarSent ? Future.succeededFuture()
          : invitations.nextSequence(meetingId, false).compose(calendar -> calendar == null
              ? Future.succeededFuture()
              : host(meeting).compose(host -> queue.enqueue(List.of(
                  mails.cancel(meeting, host, invitation, calendar.getInteger("sequence"))))));
      return queue.dropQueuedOf(invitationId).compose(v -> cancelled).compose(v -> invitations.delete(invitationId));
    })).onSuccess(v -> LOG.info("{} revoked invitation {} of meeting {} (correlation {})", caller.getUserId(), invitationId,
        meetingId, caller.getCorrelationId()));
  }

  /** @return the meeting, when the caller is its host or a co-host; {@code FORBIDDEN} for other members */
  private Future<JsonObject> moderated(String meetingId, Caller caller) {
    if (caller == null || !caller.isAccount()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("Sign in to manage invitations."));
    }
    return meetings.get(meetingId, caller).compose(meeting -> {
      String role = meeting.getString("role");
      return "host".equals(role) || "co-host".equals(role)
          ? Future.succeededFuture(meeting)
          : Future.failedFuture(ErrorCode.FORBIDDEN.exception("Only the host and co-hosts can invite people."));
    });
  }

  /** @return the meeting's host as mails name them (their account's name and address) */
  Future<InvitationMails.Host> host(JsonObject meeting) {
    String hostId = meeting.getString("hostId");
    return auth.profiles(List.of(hostId), SERVICE).map(found -> {
      JsonObject profile = items(found).stream().findFirst().orElse(new JsonObject());
      return new InvitationMails.Host(profile.getString("displayName", "Your host"), profile.getString("email"));
    });
  }

  /** @return the invitation as {@link InvitationService} describes it */
  static JsonObject view(JsonObject doc) {
    String delivery = doc.getString("delivery");
    boolean accepted = doc.getBoolean("accepted", false);
    String status = InvitationRepository.FAILED.equals(delivery) ? "failed"
        : accepted ? "accepted" : InvitationRepository.SENT.equals(delivery) ? "sent" : "pending";
    return new JsonObject()
        .put("id", doc.getString("_id"))
        .put("meetingId", doc.getString("meetingId"))
        .put("email", doc.getString("email"))
        .put("status", status)
        .put("member", accepted)
        .put("invitedBy", doc.getString("invitedBy"))
        .put("message", doc.getString("message"))
        .put("attempts", doc.getInteger("attempts", 0))
        .put("createdAt", instant(doc, "createdAt"))
        .put("sentAt", instant(doc, "sentAt"))
        .put("acceptedAt", instant(doc, "acceptedAt"));
  }

  static List<JsonObject> items(JsonObject found) {
    List<JsonObject> items = new ArrayList<>();
    found.getJsonArray("items", new JsonArray()).forEach(item -> items.add((JsonObject) item));
    return items;
  }

  private static String instant(JsonObject doc, String field) {
    Instant value = MongoDates.read(doc, field);
    return value == null ? null : value.toString();
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }
}
