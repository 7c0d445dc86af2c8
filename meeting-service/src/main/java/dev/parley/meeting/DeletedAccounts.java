package dev.parley.meeting;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.api.signaling.SignalingService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Lets go of a deleted account ({@link Addresses#ACCOUNT_DELETED}): its future bookings are cancelled
 * and the events it owns deleted — both through {@link SchedulingService}, so the other people get the
 * usual cancellation mails (the deleted person, whose address is gone, gets none) — and every meeting
 * it hosts is ended (the live room through {@link SignalingService}'s {@code end}, so everyone in the
 * call gets {@code room.ended}; a meeting without a live room directly). Acts as the account, which
 * the auth service has just verified by its password. Every meeting-service instance receives the
 * notice; each step is settled by a conditional write (a slot is released or deleted once, an ended
 * meeting stays ended), so the mails go out once. Failures are logged.
 */
final class DeletedAccounts {

  private static final Logger LOG = LoggerFactory.getLogger(DeletedAccounts.class);
  private static final int MAX_PER_KIND = 100;
  private static final int MAX_HOSTED = 500;

  private final MemberRepository members;
  private final MeetingService meetings;
  private final SchedulingService scheduling;
  private final SignalingService signaling;
  private final Clock clock;

  DeletedAccounts(MemberRepository members, MeetingService meetings, SchedulingService scheduling,
                  SignalingService signaling, Clock clock) {
    this.members = members;
    this.meetings = meetings;
    this.scheduling = scheduling;
    this.signaling = signaling;
    this.clock = clock;
  }

  /** @return the registered consumer (unregister it on stop) */
  MessageConsumer<JsonObject> listen(Vertx vertx) {
    return vertx.eventBus().consumer(Addresses.ACCOUNT_DELETED, message -> handle(message.body()));
  }

  /** Cancels, deletes and ends what the account held; completes when all steps are done. */
  Future<Void> handle(JsonObject notice) {
    String userId = notice.getString("userId");
    if (userId == null) {
      return Future.succeededFuture();
    }
    Caller gone = new Caller().setUserId(userId).setRole(Caller.ROLE_USER)
        .setDisplayName(notice.getString("displayName")).setCorrelationId("account-deleted:" + userId);
    Future<?> bookings = scheduling.listBookings(1, MAX_PER_KIND, gone).compose(page -> Future.join(items(page).stream()
        .filter(slot -> Instant.parse(slot.getString("start")).isAfter(clock.instant()))
        .map(slot -> scheduling.unbook(slot.getString("eventId"), slot.getString("id"), gone).otherwiseEmpty())
        .toList()));
    Future<?> events = scheduling.listEvents(1, MAX_PER_KIND, gone).compose(page -> Future.join(items(page).stream()
        .filter(event -> userId.equals(event.getString("ownerId")))
        .map(event -> scheduling.deleteEvent(event.getString("id"), gone).otherwiseEmpty())
        .toList()));
    Future<?> hosted = members.listByMember(userId, 0, MAX_HOSTED).compose(all -> Future.join(all.stream()
        .filter(member -> MemberRepository.HOST.equals(member.getString("role")))
        .map(member -> end(member.getString("meetingId"), gone))
        .toList()));
    return Future.join(bookings, events, hosted)
        .onSuccess(v -> LOG.info("Deleted account {}: bookings cancelled, events deleted, hosted meetings ended", userId))
        .onFailure(err -> LOG.warn("Deleted account {} was not fully let go of: {}", userId, err.getMessage()))
        .mapEmpty();
  }

  private Future<?> end(String meetingId, Caller host) {
    return signaling.hostAction(meetingId, "end", new JsonObject(), host)
        .recover(err -> meetings.end(meetingId, host).map(ended -> new JsonObject()))
        .otherwiseEmpty();
  }

  private static List<JsonObject> items(JsonObject page) {
    return page.getJsonArray("items", new JsonArray()).stream().map(JsonObject.class::cast).toList();
  }
}
