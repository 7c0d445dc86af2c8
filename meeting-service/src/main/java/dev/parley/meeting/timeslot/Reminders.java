package dev.parley.meeting.timeslot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Sends each booking's reminder {@link #LEAD} before its start, exactly once however many
 * meeting-service instances run: every instance scans for due reminders every few seconds, and
 * sends only those it claims with the conditional update {@link TimeslotRepository#claimReminder}
 * ({@code reminderSentAt: null} → now), which one instance at most wins. A reminder whose claim
 * succeeded but whose mail then failed is logged, not retried (at most once, never twice).
 */
final class Reminders {

  private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);
  /** How long before the start the reminder goes out. */
  static final Duration LEAD = Duration.ofMinutes(15);
  private static final int BATCH = 50;

  private final Vertx vertx;
  private final TimeslotRepository slots;
  private final SchedulingServiceImpl service;
  private final Clock clock;
  private long timer = -1;
  private boolean scanning;

  Reminders(Vertx vertx, TimeslotRepository slots, SchedulingServiceImpl service, Clock clock) {
    this.vertx = vertx;
    this.slots = slots;
    this.service = service;
    this.clock = clock;
  }

  /** @param periodMillis how often to scan */
  void start(long periodMillis) {
    timer = vertx.setPeriodic(periodMillis, id -> {
      if (!scanning) {
        scanning = true;
        scan().onComplete(ar -> scanning = false);
      }
    });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Claims and sends the reminders due now; @return a future completed when this scan is done */
  Future<Void> scan() {
    Instant now = clock.instant();
    return slots.dueReminders(now, now.plus(LEAD), BATCH)
        .compose(due -> Future.join(due.stream()
            .map(slot -> slots.claimReminder(slot.getString("_id"), slot.getString("bookingId"), now)
                .compose(claimed -> claimed == null ? Future.succeededFuture() : service.remind(claimed)
                    .onSuccess(v -> LOG.info("Reminder of timeslot {} sent", claimed.getString("_id")))
                    .onFailure(err -> LOG.warn("Reminder of timeslot {} was not sent", claimed.getString("_id"), err))))
            .toList()))
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("Reminder scan failed", err));
  }
}
