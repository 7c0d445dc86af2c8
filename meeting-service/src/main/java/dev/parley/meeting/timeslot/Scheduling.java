package dev.parley.meeting.timeslot;

import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceBinder;

import java.time.Clock;

/**
 * Wires scheduling inside the meeting service: creates the indexes of {@code events},
 * {@code timeslots} and {@code scheduling_locks}, binds {@link SchedulingService} on
 * {@link SchedulingService#ADDRESS}, and scans for due reminders every
 * {@value #REMINDER_SCAN_MS} ms ({@code PARLEY_REMINDER_SCAN_MS}, default 5000).
 */
public final class Scheduling {

  /** Configuration key: milliseconds between two reminder scans. */
  public static final String REMINDER_SCAN_MS = "PARLEY_REMINDER_SCAN_MS";
  private static final int DEFAULT_REMINDER_SCAN_MS = 5_000;

  private final MessageConsumer<JsonObject> binding;
  private final Reminders reminders;

  private Scheduling(MessageConsumer<JsonObject> binding, Reminders reminders) {
    this.binding = binding;
    this.reminders = reminders;
  }

  /**
   * @param clock the time source for bookings, the join window and reminders (tests pass a controlled one)
   * @return the running scheduling service, once its indexes exist
   */
  public static Future<Scheduling> start(Vertx vertx, MongoClient mongo, ParleyConfig config, Clock clock) {
    EventRepository events = new EventRepository(mongo);
    TimeslotRepository slots = new TimeslotRepository(mongo);
    return Future.all(events.createIndexes(), slots.createIndexes()).map(ready -> {
      BookingMails mails = new BookingMails(Clients.mail(vertx, config), config.string(ParleyConfig.MAIL_FROM),
          AuthService.createProxy(vertx), config.publicUrl(), clock);
      BookingCalls calls = new BookingCalls(MeetingService.createProxy(vertx), slots);
      SchedulingServiceImpl service = new SchedulingServiceImpl(events, slots, new UserLocks(vertx, mongo), calls, mails,
          vertx.eventBus(), config.publicUrl(), clock);
      MessageConsumer<JsonObject> binding = new ServiceBinder(vertx).setAddress(SchedulingService.ADDRESS)
          .register(SchedulingService.class, service);
      Reminders reminders = new Reminders(vertx, slots, service, clock);
      String period = config.string(REMINDER_SCAN_MS);
      reminders.start(period == null ? DEFAULT_REMINDER_SCAN_MS : config.integer(REMINDER_SCAN_MS));
      return new Scheduling(binding, reminders);
    });
  }

  /** Stops the reminder scans and unbinds the service. */
  public Future<Void> stop() {
    reminders.stop();
    return binding.unregister();
  }
}
