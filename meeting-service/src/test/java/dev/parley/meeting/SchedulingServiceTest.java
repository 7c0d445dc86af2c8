package dev.parley.meeting;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.scheduling.SchedulingService;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceException;
import jakarta.mail.internet.MimeMessage;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Method;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduling over the event bus ({@link SchedulingService}), deployed by the meeting verticle with a
 * clock the tests set, beside the auth service (mail addresses) on embedded stores.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Scheduling over the event bus")
class SchedulingServiceTest {

  /** Before every slot the tests create (they lie in late March 2026). */
  private static final Instant EARLY = Instant.parse("2026-03-01T00:00:00Z");

  private static Vertx vertx;
  private static SchedulingService scheduling;
  private static MeetingService meetings;
  private static AuthService auth;
  private static MongoClient store;
  private static EmbeddedSmtp smtp;
  private static final MutableClock CLOCK = new MutableClock(EARLY);

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp mail) throws Exception {
    vertx = Vertx.vertx();
    smtp = mail;
    JsonObject stores = TestConfig.forStores(mongo, redis, mail);
    DeploymentOptions options = new DeploymentOptions().setConfig(stores);
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options), vertx.deployVerticle(new MeetingVerticle(CLOCK), options)));
    scheduling = SchedulingService.createProxy(vertx);
    meetings = MeetingService.createProxy(vertx);
    auth = AuthService.createProxy(vertx);
    store = Clients.mongo(vertx, ParleyConfig.of(stores));
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  @BeforeEach
  void resetClock() {
    CLOCK.set(EARLY);
  }

  // ---- events ----

  @Test
  @DisplayName("An owner creates an event, gets its shareable link, lists it by page and deletes it")
  void eventLifecycle() throws Exception {
    Caller owner = account("Olga");
    JsonObject event = await(scheduling.createEvent(new JsonObject().put("title", " Office hours ").put("description", "Ask me")
        .put("startDate", "2026-03-23").put("endDate", "2026-04-05").put("timeZone", "Europe/Berlin"), owner));

    assertThat(event.getString("title")).isEqualTo("Office hours");
    assertThat(event.getString("url")).isEqualTo("http://localhost:8080/#/events/" + event.getString("id"));
    assertThat(event.getString("rangeStart")).isEqualTo("2026-03-22T23:00:00Z");
    assertThat(event.getString("rangeEnd")).isEqualTo("2026-04-05T22:00:00Z");
    assertThat(event.getBoolean("mine")).isTrue();
    assertThat(await(scheduling.getEvent(event.getString("id"), account("Visitor"))).getBoolean("mine")).isFalse();
    JsonObject second = event(owner);
    JsonObject page = await(scheduling.listEvents(1, 1, owner));
    assertThat(page.getLong("total")).isEqualTo(2);
    assertThat(ids(page)).hasSize(1);

    refused(scheduling.deleteEvent(second.getString("id"), account("Mallory")), ErrorCode.FORBIDDEN);
    await(scheduling.deleteEvent(second.getString("id"), owner));
    refused(scheduling.getEvent(second.getString("id"), owner), ErrorCode.NOT_FOUND);
    assertThat(await(scheduling.listEvents(1, 10, owner)).getLong("total")).isEqualTo(1);
  }

  static Stream<Arguments> invalidEvents() {
    JsonObject ok = new JsonObject().put("title", "Fine").put("startDate", "2026-03-23").put("endDate", "2026-03-30")
        .put("timeZone", "Europe/Berlin");
    return Stream.of(
        Arguments.of("no title", ok.copy().put("title", " "), "title"),
        Arguments.of("a malformed start date", ok.copy().put("startDate", "23.03.2026"), "startDate"),
        Arguments.of("an impossible end date", ok.copy().put("endDate", "2026-02-30"), "endDate"),
        Arguments.of("an end before the start", ok.copy().put("endDate", "2026-03-01"), "endDate"),
        Arguments.of("an unknown time zone", ok.copy().put("timeZone", "Mars/Olympus"), "timeZone"),
        Arguments.of("an operator as time zone", ok.copy().put("timeZone", new JsonObject().put("$ne", "")), "timeZone"),
        Arguments.of("an unknown field", ok.copy().put("ownerId", "someone"), "ownerId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEvents")
  @DisplayName("Invalid events are refused naming the field, and nothing is stored")
  void invalidEvent(String name, JsonObject draft, String field) throws Exception {
    Caller owner = account("Olga");
    ServiceException refusal = refused(scheduling.createEvent(draft, owner), ErrorCode.BAD_REQUEST);
    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    assertThat(await(scheduling.listEvents(1, 10, owner)).getLong("total")).isZero();
  }

  // ---- timeslots ----

  @Test
  @DisplayName("A series crossing the change to summer time in Europe/Berlin keeps its local wall-clock times")
  void seriesAcrossDaylightSaving() throws Exception {
    Caller owner = account("Olga");
    JsonObject event = event(owner);

    JsonObject created = await(scheduling.createTimeslots(event.getString("id"), series(List.of("2026-03-28", "2026-03-30"),
        "09:00", "10:00", 30), owner));

    // 09:00 in Berlin is 08:00 UTC before the last Sunday of March (29th) and 07:00 UTC after it.
    assertThat(starts(created)).containsExactly("2026-03-28T08:00:00Z", "2026-03-28T08:30:00Z",
        "2026-03-30T07:00:00Z", "2026-03-30T07:30:00Z");
    assertThat(created.getJsonArray("items").getJsonObject(3).getString("end")).isEqualTo("2026-03-30T08:00:00Z");
    assertThat(created.getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("open");
  }

  @Test
  @DisplayName("Slots overlapping the owner's slots, in this event or another, are refused with 409 and none of a batch is created")
  void overlappingSlots() throws Exception {
    Caller owner = account("Olga");
    JsonObject event = event(owner);
    JsonObject other = event(owner);
    await(scheduling.createTimeslots(event.getString("id"), slot("2026-03-24T10:00:00+01:00", "2026-03-24T11:00:00+01:00"), owner));

    refused(scheduling.createTimeslots(event.getString("id"), slot("2026-03-24T10:30:00+01:00", "2026-03-24T11:30:00+01:00"), owner),
        ErrorCode.CONFLICT);
    refused(scheduling.createTimeslots(other.getString("id"), slot("2026-03-24T09:30:00Z", "2026-03-24T10:30:00Z"), owner),
        ErrorCode.CONFLICT);
    // 09:00-12:00 local in steps of 30 minutes: the 10:00 and 10:30 slots clash, so none is created.
    refused(scheduling.createTimeslots(other.getString("id"), series(List.of("2026-03-24"), "09:00", "12:00", 30), owner),
        ErrorCode.CONFLICT);

    assertThat(await(store.count("timeslots", new JsonObject().put("ownerId", owner.getUserId())))).isEqualTo(1);
    // Back to back is not an overlap.
    await(scheduling.createTimeslots(other.getString("id"), slot("2026-03-24T11:00:00+01:00", "2026-03-24T12:00:00+01:00"), owner));
  }

  @Test
  @DisplayName("Concurrent requests for overlapping slots of one owner, across two events, never leave two overlapping slots")
  void concurrentOverlappingSlots() throws Exception {
    Caller owner = account("Olga");
    List<String> eventIds = List.of(event(owner).getString("id"), event(owner).getString("id"));

    List<Future<JsonObject>> attempts = IntStream.range(0, 10)
        .mapToObj(i -> scheduling.createTimeslots(eventIds.get(i % 2),
            slot("2026-03-27T1" + (i % 3) + ":00:00Z", "2026-03-27T1" + (i % 3 + 1) + ":30:00Z"), owner))
        .toList();
    await(Future.join(new ArrayList<>(attempts)).otherwiseEmpty());

    // 10:00-11:30, 11:00-12:30 and 12:00-13:30, each asked for three or four times: each overlaps its
    // neighbour and its own copies, so one or two of the ten can be created, never overlapping ones.
    List<JsonObject> stored = await(store.find("timeslots", new JsonObject().put("ownerId", owner.getUserId())));
    for (int i = 0; i < stored.size(); i++) {
      for (int j = i + 1; j < stored.size(); j++) {
        Instant startI = Instant.parse(stored.get(i).getJsonObject("start").getString("$date"));
        Instant endI = Instant.parse(stored.get(i).getJsonObject("end").getString("$date"));
        Instant startJ = Instant.parse(stored.get(j).getJsonObject("start").getString("$date"));
        Instant endJ = Instant.parse(stored.get(j).getJsonObject("end").getString("$date"));
        assertThat(startI.isBefore(endJ) && startJ.isBefore(endI)).as("slots %s and %s overlap", i, j).isFalse();
      }
    }
    assertThat(stored).hasSizeBetween(1, 2);
    assertThat(attempts.stream().filter(Future::succeeded)).hasSize(stored.size());
    assertThat(attempts.stream().filter(Future::failed).map(f -> ErrorCode.of(((ServiceException) f.cause()).failureCode())))
        .containsOnly(ErrorCode.CONFLICT);
  }

  static Stream<Arguments> invalidSlots() {
    return Stream.of(
        Arguments.of("a start without offset", slot("2026-03-24T10:00:00", "2026-03-24T11:00:00+01:00"), "start"),
        Arguments.of("a start that is no date", slot("next tuesday", "2026-03-24T11:00:00+01:00"), "start"),
        Arguments.of("a malformed end", slot("2026-03-24T10:00:00+01:00", "2026-03-24T25:00:00+01:00"), "end"),
        Arguments.of("an end before the start", slot("2026-03-24T10:00:00+01:00", "2026-03-24T09:00:00+01:00"), "end"),
        Arguments.of("a slot before the event's range", slot("2026-03-22T22:00:00Z", "2026-03-22T23:30:00Z"), "start"),
        Arguments.of("a slot after the event's range", slot("2026-03-30T23:30:00+02:00", "2026-03-31T00:30:00+02:00"), "start"),
        Arguments.of("a series on a day outside the range", series(List.of("2026-03-25", "2026-04-01"), "09:00", "10:00", 30), "series"),
        Arguments.of("a series with a malformed date", series(List.of("2026-3-25"), "09:00", "10:00", 30), "series.dates"),
        Arguments.of("a series with a malformed time", series(List.of("2026-03-25"), "9am", "10:00", 30), "series.from"),
        Arguments.of("a series of 3-minute slots", series(List.of("2026-03-25"), "09:00", "10:00", 3), "series.minutes"),
        Arguments.of("an operator as start", new JsonObject().put("start", new JsonObject().put("$gt", "")).put("end", "x"), "start"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSlots")
  @DisplayName("Malformed dates and slots outside the event's range are refused with 400 naming the field, and nothing is created")
  void invalidSlot(String name, JsonObject request, String field) throws Exception {
    Caller owner = account("Olga");
    JsonObject event = event(owner, "2026-03-23", "2026-03-30");

    ServiceException refusal = refused(scheduling.createTimeslots(event.getString("id"), request, owner), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    assertThat(await(store.count("timeslots", new JsonObject().put("ownerId", owner.getUserId())))).isZero();
  }

  @Test
  @DisplayName("Slots that would start in the past are refused with 400, and none of a batch is created")
  void pastSlots() throws Exception {
    Caller owner = account("Olga");
    JsonObject event = event(owner);
    CLOCK.set(Instant.parse("2026-03-25T12:00:00Z"));

    ServiceException refusal = refused(scheduling.createTimeslots(event.getString("id"),
        series(List.of("2026-03-25", "2026-03-26"), "09:00", "10:00", 30), owner), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("series");
    assertThat(await(store.count("timeslots", new JsonObject().put("ownerId", owner.getUserId())))).isZero();
    await(scheduling.createTimeslots(event.getString("id"), series(List.of("2026-03-26"), "09:00", "10:00", 30), owner));
  }

  @Test
  @DisplayName("Only the owner adds and deletes slots; listing needs well-formed from and to")
  void ownerOnlyAndListing() throws Exception {
    Caller owner = account("Olga");
    Caller visitor = account("Vic");
    JsonObject event = event(owner);
    String eventId = event.getString("id");
    refused(scheduling.createTimeslots(eventId, slot("2026-03-24T10:00:00Z", "2026-03-24T11:00:00Z"), visitor), ErrorCode.FORBIDDEN);
    String slotId = firstId(await(scheduling.createTimeslots(eventId, slot("2026-03-24T10:00:00Z", "2026-03-24T11:00:00Z"), owner)));
    refused(scheduling.deleteTimeslot(eventId, slotId, visitor), ErrorCode.FORBIDDEN);

    ServiceException malformed = refused(scheduling.listTimeslots(eventId, "2026-03-23", "2026-03-30T00:00:00Z", visitor), ErrorCode.BAD_REQUEST);
    assertThat(malformed.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("from");
    refused(scheduling.listTimeslots(eventId, "2026-03-30T00:00:00Z", "2026-03-23T00:00:00Z", visitor), ErrorCode.BAD_REQUEST);
    assertThat(ids(await(scheduling.listTimeslots(eventId, "2026-03-24T00:00:00+01:00", "2026-03-25T00:00:00+01:00", visitor))))
        .containsExactly(slotId);
    assertThat(ids(await(scheduling.listTimeslots(eventId, "2026-03-24T11:00:00Z", "2026-03-25T00:00:00Z", visitor)))).isEmpty();

    await(scheduling.deleteTimeslot(eventId, slotId, owner));
    assertThat(ids(await(scheduling.listTimeslots(eventId, "2026-03-23T00:00:00Z", "2026-03-30T00:00:00Z", owner)))).isEmpty();
  }

  // ---- booking ----

  @Test
  @DisplayName("Of 100 concurrent attempts to book one slot exactly one wins; the other 99 get 409, and one booking is stored")
  void hundredConcurrentBookings() throws Exception {
    Caller owner = account("Olga");
    JsonObject event = event(owner);
    String slotId = firstId(await(scheduling.createTimeslots(event.getString("id"),
        slot("2026-03-25T10:00:00Z", "2026-03-25T10:30:00Z"), owner)));
    List<Caller> bookers = IntStream.range(0, 100).mapToObj(i -> account("Booker " + i)).toList();

    List<Future<JsonObject>> attempts = bookers.stream()
        .map(booker -> scheduling.book(event.getString("id"), slotId, booker)).toList();
    await(Future.join(new ArrayList<>(attempts)).otherwiseEmpty());

    List<Future<JsonObject>> won = attempts.stream().filter(Future::succeeded).toList();
    assertThat(won).hasSize(1);
    assertThat(attempts.stream().filter(Future::failed)
        .map(f -> ErrorCode.of(((ServiceException) f.cause()).failureCode()))).hasSize(99).containsOnly(ErrorCode.CONFLICT);
    assertThat(attempts.stream().filter(Future::failed).map(f -> f.cause().getMessage()))
        .allMatch(message -> message.contains("already booked"));
    String winner = won.get(0).result().getJsonObject("booker").getString("id");
    List<JsonObject> stored = await(store.find("timeslots", new JsonObject().put("_id", slotId)));
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).getString("bookerId")).isEqualTo(winner);
    assertThat(await(store.count("timeslots", new JsonObject().put("eventId", event.getString("id"))
        .put("bookerId", new JsonObject().put("$ne", null))))).isEqualTo(1);
  }

  @Test
  @DisplayName("One person booking overlapping slots of two owners at the same moment gets at most one of them, every time")
  void concurrentOverlappingBookings() throws Exception {
    for (int round = 0; round < 10; round++) {
      Caller first = account("First");
      Caller second = account("Second");
      Caller booker = account("Bea");
      String start = "2026-03-26T1" + round % 10 + ":00:00Z";
      String firstEvent = event(first).getString("id");
      String secondEvent = event(second).getString("id");
      String a = firstId(await(scheduling.createTimeslots(firstEvent, slot(start, "2026-03-26T1" + round % 10 + ":30:00Z"), first)));
      String b = firstId(await(scheduling.createTimeslots(secondEvent, slot("2026-03-26T1" + round % 10 + ":15:00Z",
          "2026-03-26T1" + round % 10 + ":45:00Z"), second)));

      Future<JsonObject> one = scheduling.book(firstEvent, a, booker);
      Future<JsonObject> other = scheduling.book(secondEvent, b, booker);
      await(Future.join(one, other).otherwiseEmpty());

      assertThat(List.of(one.succeeded(), other.succeeded())).as("round " + round).containsExactlyInAnyOrder(true, false);
      Future<JsonObject> lost = one.failed() ? one : other;
      assertThat(ErrorCode.of(((ServiceException) lost.cause()).failureCode())).isEqualTo(ErrorCode.CONFLICT);
      assertThat(await(store.count("timeslots", new JsonObject().put("bookerId", booker.getUserId())))).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("Nobody books their own slot, and a refused booking changes nothing")
  void ownSlot() throws Exception {
    Caller owner = account("Olga");
    JsonObject event = event(owner);
    String slotId = firstId(await(scheduling.createTimeslots(event.getString("id"),
        slot("2026-03-25T12:00:00Z", "2026-03-25T12:30:00Z"), owner)));

    ServiceException refusal = refused(scheduling.book(event.getString("id"), slotId, owner), ErrorCode.FORBIDDEN);

    assertThat(refusal.getMessage()).contains("own timeslot");
    JsonObject stored = await(store.findOne("timeslots", new JsonObject().put("_id", slotId), null));
    assertThat(stored.getValue("bookerId")).isNull();
  }

  @Test
  @DisplayName("The owner sees who booked; the booker sees their booking as theirs; anyone else sees it booked, never by whom")
  void views() throws Exception {
    Caller owner = account("Olga");
    Caller booker = account("Bea");
    Caller visitor = account("Vic");
    JsonObject event = event(owner);
    String eventId = event.getString("id");
    JsonObject created = await(scheduling.createTimeslots(eventId, series(List.of("2026-03-27"), "09:00", "10:00", 30), owner));
    String booked = firstId(created);
    await(scheduling.book(eventId, booked, booker));

    JsonObject ownerView = slotIn(await(scheduling.listTimeslots(eventId, "2026-03-27T00:00:00Z", "2026-03-28T00:00:00Z", owner)), booked);
    JsonObject bookerView = slotIn(await(scheduling.listTimeslots(eventId, "2026-03-27T00:00:00Z", "2026-03-28T00:00:00Z", booker)), booked);
    JsonObject visitorView = slotIn(await(scheduling.listTimeslots(eventId, "2026-03-27T00:00:00Z", "2026-03-28T00:00:00Z", visitor)), booked);

    assertThat(ownerView.getJsonObject("booker")).isEqualTo(new JsonObject().put("id", booker.getUserId()).put("displayName", "Bea"));
    assertThat(bookerView.getBoolean("mine")).isTrue();
    assertThat(visitorView.getString("status")).isEqualTo("booked");
    assertThat(visitorView.containsKey("booker")).isFalse();
    assertThat(visitorView.encode()).doesNotContain(booker.getUserId()).doesNotContain("Bea");
    JsonObject mine = await(scheduling.listBookings(1, 10, booker));
    assertThat(ids(mine)).containsExactly(booked);
    assertThat(mine.getJsonArray("items").getJsonObject(0).getString("eventTitle")).isEqualTo("Office hours");
    assertThat(await(scheduling.listBookings(1, 10, visitor)).getLong("total")).isZero();
  }

  @Test
  @DisplayName("A booker unbooks their slot and someone else can book it; a stranger cannot unbook it")
  void unbook() throws Exception {
    Caller owner = account("Olga");
    Caller booker = account("Bea");
    Caller next = account("Ned");
    JsonObject event = event(owner);
    String eventId = event.getString("id");
    String slotId = firstId(await(scheduling.createTimeslots(eventId, slot("2026-03-25T14:00:00Z", "2026-03-25T14:30:00Z"), owner)));
    await(scheduling.book(eventId, slotId, booker));

    refused(scheduling.unbook(eventId, slotId, next), ErrorCode.NOT_FOUND);
    await(scheduling.unbook(eventId, slotId, booker));

    assertThat(await(scheduling.book(eventId, slotId, next)).getBoolean("mine")).isTrue();
    assertThat(await(scheduling.listBookings(1, 10, booker)).getLong("total")).isZero();
  }

  // ---- calls ----

  @Test
  @DisplayName("Owner and booker join the slot's call from 10 minutes before its start until its end; outside it and for strangers the join is refused")
  void joinWindow() throws Exception {
    Caller owner = account("Olga");
    Caller booker = account("Bea");
    Caller stranger = account("Sam");
    JsonObject event = event(owner);
    String eventId = event.getString("id");
    String slotId = firstId(await(scheduling.createTimeslots(eventId, slot("2026-03-25T16:00:00Z", "2026-03-25T16:30:00Z"), owner)));
    await(scheduling.book(eventId, slotId, booker));

    CLOCK.set(Instant.parse("2026-03-25T15:49:59.999Z"));
    ServiceException early = refused(scheduling.join(eventId, slotId, booker), ErrorCode.CONFLICT);
    assertThat(early.getMessage()).contains("2026-03-25T15:50:00Z").contains("2026-03-25T16:30:00Z");

    CLOCK.set(Instant.parse("2026-03-25T15:50:00Z"));
    JsonObject forBooker = await(scheduling.join(eventId, slotId, booker));
    refused(scheduling.join(eventId, slotId, stranger), ErrorCode.NOT_FOUND);
    CLOCK.set(Instant.parse("2026-03-25T16:29:59.999Z"));
    JsonObject forOwner = await(scheduling.join(eventId, slotId, owner));
    assertThat(forOwner.getString("meetingId")).isEqualTo(forBooker.getString("meetingId"));
    assertThat(forBooker.getString("joinUrl")).isEqualTo("http://localhost:8080/#/join/" + forBooker.getString("joinCode"));

    String meetingId = forBooker.getString("meetingId");
    assertThat(await(meetings.get(meetingId, owner)).getString("role")).isEqualTo("host");
    assertThat(await(meetings.get(meetingId, booker)).getString("role")).isEqualTo("participant");
    refused(meetings.get(meetingId, stranger), ErrorCode.NOT_FOUND);

    CLOCK.set(Instant.parse("2026-03-25T16:30:00Z"));
    ServiceException late = refused(scheduling.join(eventId, slotId, owner), ErrorCode.CONFLICT);
    assertThat(late.getMessage()).contains("2026-03-25T15:50:00Z");
  }

  // ---- mails ----

  @Test
  @DisplayName("Booking mails both people a confirmation with text, HTML, the join link and a METHOD:REQUEST invitation that parses back to the slot's times")
  void confirmationMail() throws Exception {
    Session olga = signup("Olga");
    Session bea = signup("Bea");
    Caller owner = caller(olga);
    Caller booker = caller(bea);
    JsonObject event = event(owner);
    String eventId = event.getString("id");
    String slotId = firstId(await(scheduling.createTimeslots(eventId, slot("2026-03-27T15:00:00+01:00", "2026-03-27T15:30:00+01:00"), owner)));

    await(scheduling.book(eventId, slotId, booker));

    for (String address : List.of(olga.getUser().getEmail(), bea.getUser().getEmail())) {
      List<MimeMessage> received = Mailbox.await(smtp, address, 1);
      assertThat(received).as("mails to " + address).hasSize(1);
      MimeMessage mail = received.get(0);
      assertThat(mail.getSubject()).startsWith("Booked: Office hours");
      assertThat(Mailbox.partTypes(mail)).anyMatch(t -> t.startsWith("text/plain")).anyMatch(t -> t.startsWith("text/html"))
          .anyMatch(t -> t.startsWith("text/calendar") && t.contains("method=request"));
      String link = "http://localhost:8080/#/events/" + eventId + "?slot=" + slotId;
      assertThat(Mailbox.partText(mail, "text/plain")).contains(link).contains("15:00");
      assertThat(Mailbox.partText(mail, "text/html")).contains("Join the call");
      Calendar invitation = Mailbox.calendar(mail);
      assertThat(invitation.getProperty("METHOD").map(p -> p.getValue())).contains("REQUEST");
      VEvent entry = (VEvent) invitation.getComponent("VEVENT").orElseThrow();
      assertThat(Instant.from(entry.getStartDate().orElseThrow().getDate())).isEqualTo(Instant.parse("2026-03-27T14:00:00Z"));
      assertThat(Instant.from(entry.getEndDate().orElseThrow().getDate())).isEqualTo(Instant.parse("2026-03-27T14:30:00Z"));
      assertThat(entry.getProperty("ORGANIZER").orElseThrow().getValue()).isEqualTo("mailto:" + olga.getUser().getEmail());
      assertThat(entry.getProperty("ATTENDEE").orElseThrow().getValue()).isEqualTo("mailto:" + bea.getUser().getEmail());
    }
  }

  @Test
  @DisplayName("Unbooking, and deleting a booked slot, mail both people a METHOD:CANCEL with the booking's UID and no join link")
  void cancellationMails() throws Exception {
    Session olga = signup("Olga");
    Session bea = signup("Bea");
    Caller owner = caller(olga);
    Caller booker = caller(bea);
    String eventId = event(owner).getString("id");
    JsonObject created = await(scheduling.createTimeslots(eventId, series(List.of("2026-03-26"), "09:00", "10:00", 30), owner));
    String first = created.getJsonArray("items").getJsonObject(0).getString("id");
    String second = created.getJsonArray("items").getJsonObject(1).getString("id");
    await(scheduling.book(eventId, first, booker));
    Mailbox.await(smtp, bea.getUser().getEmail(), 1);

    await(scheduling.unbook(eventId, first, booker));
    List<MimeMessage> afterUnbook = Mailbox.await(smtp, bea.getUser().getEmail(), 2);
    assertThat(afterUnbook).hasSize(2);
    Calendar request = Mailbox.calendar(afterUnbook.get(0));
    Calendar cancel = Mailbox.calendar(afterUnbook.get(1));
    assertThat(cancel.getProperty("METHOD").map(p -> p.getValue())).contains("CANCEL");
    assertThat(uid(cancel)).isEqualTo(uid(request));
    // A cancellation invites nobody to join: no link to the slot in its text, HTML or invitation.
    String slotLink = "?slot=" + first;
    assertThat(Mailbox.partText(afterUnbook.get(0), "text/plain")).contains(slotLink);
    for (String type : List.of("text/plain", "text/html", "text/calendar")) {
      assertThat(Mailbox.partText(afterUnbook.get(1), type)).as(type).doesNotContain(slotLink).doesNotContainIgnoringCase("join");
    }
    assertThat(Mailbox.await(smtp, olga.getUser().getEmail(), 2)).hasSize(2);

    await(scheduling.book(eventId, second, booker));
    Mailbox.await(smtp, bea.getUser().getEmail(), 3);
    await(scheduling.deleteTimeslot(eventId, second, owner));
    List<MimeMessage> afterDelete = Mailbox.await(smtp, bea.getUser().getEmail(), 4);
    assertThat(afterDelete).hasSize(4);
    assertThat(afterDelete.get(3).getSubject()).startsWith("Cancelled:");
    assertThat(Mailbox.calendar(afterDelete.get(3)).getProperty("METHOD").map(p -> p.getValue())).contains("CANCEL");
  }

  // ---- helpers ----

  private static String uid(Calendar calendar) {
    return calendar.getComponent("VEVENT").orElseThrow().getProperty("UID").orElseThrow().getValue();
  }

  private static Session signup(String name) throws Exception {
    return await(auth.signup(name.toLowerCase() + "+" + UUID.randomUUID() + "@parley.test", "a long enough passphrase", name,
        Caller.anonymous("test", "192.0.2.1")));
  }

  private static Caller caller(Session session) {
    return new Caller().setUserId(session.getUser().getId()).setDisplayName(session.getUser().getDisplayName())
        .setRole(Caller.ROLE_USER).setCorrelationId("test");
  }

  private static Caller account(String name) {
    return new Caller().setUserId(UUID.randomUUID().toString()).setDisplayName(name).setRole(Caller.ROLE_USER)
        .setCorrelationId("test-" + UUID.randomUUID());
  }

  private static JsonObject event(Caller owner) throws Exception {
    return event(owner, "2026-03-23", "2026-04-05");
  }

  private static JsonObject event(Caller owner, String startDate, String endDate) throws Exception {
    return await(scheduling.createEvent(new JsonObject().put("title", "Office hours").put("startDate", startDate)
        .put("endDate", endDate).put("timeZone", "Europe/Berlin"), owner));
  }

  private static JsonObject slot(String start, String end) {
    return new JsonObject().put("start", start).put("end", end);
  }

  private static JsonObject series(List<String> dates, String from, String to, int minutes) {
    return new JsonObject().put("series", new JsonObject().put("dates", new JsonArray(dates)).put("from", from).put("to", to)
        .put("minutes", minutes));
  }

  private static String firstId(JsonObject items) {
    return items.getJsonArray("items").getJsonObject(0).getString("id");
  }

  private static List<String> ids(JsonObject items) {
    return items.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private static List<String> starts(JsonObject items) {
    return items.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("start")).toList();
  }

  private static JsonObject slotIn(JsonObject items, String id) {
    return items.getJsonArray("items").stream().map(JsonObject.class::cast).filter(s -> id.equals(s.getString("id")))
        .findFirst().orElseThrow();
  }

  private static ServiceException refused(Future<?> call, ErrorCode code) throws Exception {
    await(call.otherwiseEmpty());
    assertThat(call.failed()).as("the call is refused").isTrue();
    assertThat(call.cause()).isInstanceOf(ServiceException.class);
    ServiceException refusal = (ServiceException) call.cause();
    assertThat(ErrorCode.of(refusal.failureCode())).as(refusal.getMessage()).isEqualTo(code);
    return refusal;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
