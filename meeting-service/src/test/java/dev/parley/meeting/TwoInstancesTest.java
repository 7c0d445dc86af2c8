package dev.parley.meeting;

import dev.parley.api.Caller;
import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import dev.parley.meeting.timeslot.Scheduling;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduling with two meeting-service instances: two Vert.x instances (separate event buses, clients
 * and timers) on one store and one mail server, both scanning for reminders every 20 ms.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Scheduling with two meeting-service instances")
class TwoInstancesTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private static Vertx first;
  private static Vertx second;
  private static EmbeddedSmtp smtp;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp mail) throws Exception {
    smtp = mail;
    JsonObject config = TestConfig.forStores(mongo, redis, mail).put(Scheduling.REMINDER_SCAN_MS, 20);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    first = Vertx.vertx();
    second = Vertx.vertx();
    for (Vertx vertx : List.of(first, second)) {
      await(Future.all(vertx.deployVerticle(new AuthVerticle(), options), vertx.deployVerticle(new MeetingVerticle(CLOCK), options)));
    }
  }

  @AfterAll
  static void close() throws Exception {
    await(Future.join(first.close(), second.close()));
  }

  @Test
  @DisplayName("A booking's reminder goes out once, 15 minutes before the start, to owner and booker, though both instances scan")
  void remindedOnce() throws Exception {
    AuthService auth = AuthService.createProxy(first);
    SchedulingService scheduling = SchedulingService.createProxy(first);
    Session olga = await(auth.signup("olga+" + UUID.randomUUID() + "@parley.test", "a long enough passphrase", "Olga", anonymous()));
    Session bea = await(auth.signup("bea+" + UUID.randomUUID() + "@parley.test", "a long enough passphrase", "Bea", anonymous()));
    Caller owner = caller(olga);
    String eventId = await(scheduling.createEvent(new JsonObject().put("title", "Office hours").put("startDate", "2026-03-23")
        .put("endDate", "2026-03-29").put("timeZone", "Europe/Berlin"), owner)).getString("id");
    String slotId = await(scheduling.createTimeslots(eventId, new JsonObject().put("start", "2026-03-25T10:00:00Z")
        .put("end", "2026-03-25T10:30:00Z"), owner)).getJsonArray("items").getJsonObject(0).getString("id");
    await(scheduling.book(eventId, slotId, caller(bea)));

    CLOCK.set(Instant.parse("2026-03-25T09:44:00Z"));
    awaitScans(100);
    assertThat(reminders(olga)).as("not yet: 16 minutes before").isEmpty();
    // The next scans of the two instances start together and so race for the reminder.
    CLOCK.pairNextReadings();
    CLOCK.set(Instant.parse("2026-03-25T09:45:00Z"));
    awaitReminders(olga, 1);
    awaitReminders(bea, 1);
    // Let both instances scan many more times before counting.
    awaitScans(100);

    assertThat(reminders(olga)).hasSize(1);
    assertThat(reminders(bea)).hasSize(1);
    assertThat(Mailbox.partText(reminders(bea).get(0), "text/plain"))
        .contains("http://localhost:8080/#/events/" + eventId + "?slot=" + slotId);
  }

  @Test
  @DisplayName("100 concurrent bookings of one slot, half through each instance: exactly one wins, the others get 409")
  void bookingAcrossInstances() throws Exception {
    CLOCK.set(Instant.parse("2026-03-01T00:00:00Z"));
    Caller owner = account("Olga");
    SchedulingService one = SchedulingService.createProxy(first);
    SchedulingService two = SchedulingService.createProxy(second);
    String eventId = await(one.createEvent(new JsonObject().put("title", "Office hours").put("startDate", "2026-03-23")
        .put("endDate", "2026-03-29").put("timeZone", "Europe/Berlin"), owner)).getString("id");
    String slotId = await(one.createTimeslots(eventId, new JsonObject().put("start", "2026-03-26T10:00:00Z")
        .put("end", "2026-03-26T10:30:00Z"), owner)).getJsonArray("items").getJsonObject(0).getString("id");

    List<Future<JsonObject>> attempts = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      attempts.add((i % 2 == 0 ? one : two).book(eventId, slotId, account("Booker " + i)));
    }
    await(Future.join(new java.util.ArrayList<>(attempts)).otherwiseEmpty());

    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed).map(f -> dev.parley.api.ErrorCode.of(
        ((io.vertx.serviceproxy.ServiceException) f.cause()).failureCode()))).hasSize(99)
        .containsOnly(dev.parley.api.ErrorCode.CONFLICT);
  }

  private static Caller account(String name) {
    return new Caller().setUserId(UUID.randomUUID().toString()).setDisplayName(name).setRole(Caller.ROLE_USER)
        .setCorrelationId("test");
  }

  /** Waits until the clock has been read {@code count} more times (each scan reads it once). */
  private static void awaitScans(int count) throws Exception {
    long readings = CLOCK.readings();
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
    while (CLOCK.readings() < readings + count && Instant.now().isBefore(giveUp)) {
      Thread.sleep(20); // polling for the scans to have happened, not standing in for them
    }
    assertThat(CLOCK.readings()).as("scans happened").isGreaterThanOrEqualTo(readings + count);
  }

  private static void awaitReminders(Session session, int count) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
    while (reminders(session).size() < count && Instant.now().isBefore(giveUp)) {
      Thread.sleep(20);
    }
  }

  private static List<MimeMessage> reminders(Session session) throws Exception {
    return Mailbox.to(smtp, session.getUser().getEmail()).stream().filter(message -> {
      try {
        return message.getSubject().startsWith("Starting soon");
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static Caller anonymous() {
    return Caller.anonymous("test", "192.0.2.1");
  }

  private static Caller caller(Session session) {
    return new Caller().setUserId(session.getUser().getId()).setDisplayName(session.getUser().getDisplayName())
        .setRole(Caller.ROLE_USER).setCorrelationId("test");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
