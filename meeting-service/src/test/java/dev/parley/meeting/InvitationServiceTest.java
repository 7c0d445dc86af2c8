package dev.parley.meeting;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import dev.parley.api.meeting.InvitationService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import dev.parley.meeting.invitation.Invitations;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import jakarta.mail.internet.MimeMessage;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meeting invitations over the event bus ({@link InvitationService}), deployed by the meeting verticle
 * beside the auth service on embedded stores; mails are read from GreenMail.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Meeting invitations")
class InvitationServiceTest {

  private static final String STARTS_AT = "2030-05-01T09:30:00Z";
  private static final int PER_DAY = 60;

  private static Vertx vertx;
  private static InvitationService invitations;
  private static MeetingService meetings;
  private static AuthService auth;
  private static EmbeddedSmtp smtp;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp mail) throws Exception {
    vertx = Vertx.vertx();
    smtp = mail;
    JsonObject config = TestConfig.forStores(mongo, redis, mail).put(Invitations.PER_DAY, PER_DAY)
        .put(Invitations.SCAN_MS, 100).put(Invitations.RETRY_MS, 100);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options), vertx.deployVerticle(new MeetingVerticle(), options)));
    invitations = InvitationService.createProxy(vertx);
    meetings = MeetingService.createProxy(vertx);
    auth = AuthService.createProxy(vertx);
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("Invitees get a text and HTML mail with the title, the host's name, the message, the join link and one calendar REQUEST")
  void invitationMail() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String guest = address("new");

    await(invitations.invite(meeting.getString("id"), request(guest).put("message", "Bring <your> notes"), host));

    MimeMessage mail = Mailbox.await(smtp, guest, 1).get(0);
    assertThat(mail.getSubject()).isEqualTo("Hanna invited you: Planning");
    assertThat(Mailbox.partTypes(mail)).anyMatch(t -> t.startsWith("text/plain")).anyMatch(t -> t.startsWith("text/html"))
        .anyMatch(t -> t.startsWith("text/calendar"));
    String text = Mailbox.partText(mail, "text/plain");
    assertThat(text).contains("Hanna invited you to the meeting \"Planning\"", "Bring <your> notes",
        meeting.getString("joinUrl"), "/#/signup?email=");
    assertThat(Mailbox.partText(mail, "text/html")).contains("Bring &lt;your&gt; notes").doesNotContain("<your>");
    String ics = Mailbox.partText(mail, "text/calendar");
    assertThat(ics.split("DTSTAMP", -1)).as("exactly one DTSTAMP").hasSize(2);
    Calendar calendar = Mailbox.calendar(mail);
    VEvent event = calendar.<VEvent>getComponent("VEVENT").orElseThrow();
    assertThat(calendar.getProperty(Property.METHOD).orElseThrow().getValue()).isEqualTo("REQUEST");
    assertThat(event.getProperties(Property.DTSTAMP)).hasSize(1);
    assertThat(event.getProperty(Property.SEQUENCE).orElseThrow().getValue()).isEqualTo("0");
    assertThat(event.getProperty(Property.UID).orElseThrow().getValue()).isEqualTo("meeting-" + meeting.getString("id") + "@parley");
    assertThat(event.getProperty(Property.DTSTART).orElseThrow().getValue()).isEqualTo("20300501T093000Z");
    assertThat(event.getProperty(Property.DTEND).orElseThrow().getValue()).isEqualTo("20300501T101500Z");
  }

  @Test
  @DisplayName("An invited account becomes a member and sees the meeting in its list; a new address shows as sent")
  void existingAccount() throws Exception {
    Caller host = caller(signup("Hanna"));
    Session bob = signup("Bob");
    JsonObject meeting = scheduled(host);
    String stranger = address("stranger");

    JsonObject answer = await(invitations.invite(meeting.getString("id"),
        request(bob.getUser().getEmail().toUpperCase(), stranger), host));

    assertThat(answer.getJsonArray("items")).hasSize(2);
    assertThat(Mailbox.await(smtp, bob.getUser().getEmail(), 1)).hasSize(1);
    assertThat(Mailbox.await(smtp, stranger, 1)).hasSize(1);
    assertThat(Mailbox.partText(Mailbox.to(smtp, bob.getUser().getEmail()).get(0), "text/plain")).doesNotContain("/#/signup");
    assertThat(meetingIds(caller(bob))).contains(meeting.getString("id"));
    eventually(() -> statuses(meeting, host), List.of("accepted", "sent"));
  }

  @Test
  @DisplayName("A new address that signs up becomes a member of the meeting it was invited to")
  void signUpAdmits() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String newcomer = address("newcomer");
    await(invitations.invite(meeting.getString("id"), request(newcomer), host));
    Mailbox.await(smtp, newcomer, 1);

    Session signedUp = await(auth.signup(newcomer, "a long enough passphrase", "Nina", Caller.anonymous("test", "192.0.2.1")));

    eventually(() -> meetingIds(caller(signedUp)).contains(meeting.getString("id")), true);
    eventually(() -> statuses(meeting, host), List.of("accepted"));
  }

  @Test
  @DisplayName("Changing startsAt sends each invitee an update: same UID, SEQUENCE 1, the new time")
  void update() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String guest = address("guest");
    await(invitations.invite(meeting.getString("id"), request(guest), host));
    Mailbox.await(smtp, guest, 1);

    await(meetings.update(meeting.getString("id"), new JsonObject().put("startsAt", "2030-05-02T10:00:00+02:00"), host));

    List<MimeMessage> mails = Mailbox.await(smtp, guest, 2);
    assertThat(mails).hasSize(2);
    VEvent event = Mailbox.calendar(mails.get(1)).<VEvent>getComponent("VEVENT").orElseThrow();
    assertThat(Mailbox.calendar(mails.get(1)).getProperty(Property.METHOD).orElseThrow().getValue()).isEqualTo("REQUEST");
    assertThat(event.getProperty(Property.SEQUENCE).orElseThrow().getValue()).isEqualTo("1");
    assertThat(event.getProperty(Property.UID).orElseThrow().getValue()).isEqualTo("meeting-" + meeting.getString("id") + "@parley");
    assertThat(event.getProperty(Property.DTSTART).orElseThrow().getValue()).isEqualTo("20300502T080000Z");
    assertThat(event.getProperties(Property.DTSTAMP)).hasSize(1);
  }

  @Test
  @DisplayName("Deleting a scheduled meeting sends each invitee a CANCEL without a join link")
  void deleteCancels() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String guest = address("guest");
    await(invitations.invite(meeting.getString("id"), request(guest), host));
    Mailbox.await(smtp, guest, 1);

    await(meetings.delete(meeting.getString("id"), host));

    List<MimeMessage> mails = Mailbox.await(smtp, guest, 2);
    assertThat(mails).hasSize(2);
    MimeMessage cancel = mails.get(1);
    assertThat(cancel.getSubject()).isEqualTo("Cancelled: Planning");
    assertThat(Mailbox.partText(cancel, "text/plain")).doesNotContain(meeting.getString("joinUrl"));
    assertThat(Mailbox.partText(cancel, "text/calendar")).doesNotContain(meeting.getString("joinCode"));
    Calendar calendar = Mailbox.calendar(cancel);
    assertThat(calendar.getProperty(Property.METHOD).orElseThrow().getValue()).isEqualTo("CANCEL");
    assertThat(calendar.<VEvent>getComponent("VEVENT").orElseThrow().getProperty(Property.SEQUENCE).orElseThrow().getValue())
        .isEqualTo("1");
  }

  @Test
  @DisplayName("Ending a meeting before its start sends a CANCEL")
  void endBeforeStartCancels() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String guest = address("guest");
    await(invitations.invite(meeting.getString("id"), request(guest), host));
    Mailbox.await(smtp, guest, 1);

    await(meetings.end(meeting.getString("id"), host));

    List<MimeMessage> mails = Mailbox.await(smtp, guest, 2);
    assertThat(mails).hasSize(2);
    assertThat(Mailbox.calendar(mails.get(1)).getProperty(Property.METHOD).orElseThrow().getValue()).isEqualTo("CANCEL");
  }

  @Test
  @DisplayName("A participant who is not host or co-host may not invite (403), nor list invitations; a stranger gets 404")
  void onlyModerators() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    Caller participant = caller(signup("Paul"));
    await(meetings.join(meeting.getString("joinCode"), null, participant));

    refused(invitations.invite(meeting.getString("id"), request(address("x")), participant), ErrorCode.FORBIDDEN);
    refused(invitations.list(meeting.getString("id"), participant), ErrorCode.FORBIDDEN);
    refused(invitations.invite(meeting.getString("id"), request(address("x")), caller(signup("Sam"))), ErrorCode.NOT_FOUND);
  }

  @Test
  @DisplayName("51 addresses, an invalid address or an unknown field are refused naming the field, and nothing is sent")
  void invalidRequests() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String id = meeting.getString("id");
    String[] many = IntStream.range(0, 51).mapToObj(i -> address("many" + i)).toArray(String[]::new);

    assertThat(field(refused(invitations.invite(id, request(many), host), ErrorCode.BAD_REQUEST))).isEqualTo("emails");
    assertThat(field(refused(invitations.invite(id, request(address("ok"), "bob@example.com, eve@example.com"), host),
        ErrorCode.BAD_REQUEST))).isEqualTo("emails[1]");
    assertThat(field(refused(invitations.invite(id, request("a@b.c\r\nBcc: eve@example.com"), host),
        ErrorCode.BAD_REQUEST))).isEqualTo("emails[0]");
    assertThat(field(refused(invitations.invite(id, request(address("ok")).put("cc", "x"), host),
        ErrorCode.BAD_REQUEST))).isEqualTo("cc");
    assertThat(await(invitations.list(id, host)).getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("Past the daily number of addresses per account, invitations are refused with 429 and a retryAfter")
  void dailyLimit() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String id = meeting.getString("id");
    await(invitations.invite(id, request(IntStream.range(0, 50).mapToObj(i -> address("a" + i)).toArray(String[]::new)), host));

    ServiceException refusal = refused(invitations.invite(id,
        request(IntStream.range(0, PER_DAY - 49).mapToObj(i -> address("b" + i)).toArray(String[]::new)), host),
        ErrorCode.TOO_MANY_REQUESTS);
    assertThat(refusal.getDebugInfo().getLong(ErrorCode.RETRY_AFTER)).isBetween(1L, 86_400L);
    await(invitations.invite(id, request(IntStream.range(0, PER_DAY - 50).mapToObj(i -> address("c" + i)).toArray(String[]::new)), host));
  }

  @Test
  @DisplayName("A revoked invitation is gone from the list, and signing up with its address no longer makes a member")
  void revoke() throws Exception {
    Caller host = caller(signup("Hanna"));
    JsonObject meeting = scheduled(host);
    String newcomer = address("revoked");
    JsonObject invited = await(invitations.invite(meeting.getString("id"), request(newcomer), host));
    String invitationId = invited.getJsonArray("items").getJsonObject(0).getString("id");

    await(invitations.revoke(meeting.getString("id"), invitationId, host));
    refused(invitations.revoke(meeting.getString("id"), invitationId, host), ErrorCode.NOT_FOUND);

    assertThat(await(invitations.list(meeting.getString("id"), host)).getJsonArray("items")).isEmpty();
    Session signedUp = await(auth.signup(newcomer, "a long enough passphrase", "Rita", Caller.anonymous("test", "192.0.2.1")));
    // A control invitation accepted after the sign-up shows that its notice has been handled.
    JsonObject other = scheduled(host);
    await(invitations.invite(other.getString("id"), request(newcomer), host));
    eventually(() -> meetingIds(caller(signedUp)).contains(other.getString("id")), true);
    assertThat(meetingIds(caller(signedUp))).doesNotContain(meeting.getString("id"));
  }

  // ---- helpers ----

  static JsonObject request(String... emails) {
    return new JsonObject().put("emails", new JsonArray(List.of(emails)));
  }

  private static JsonObject scheduled(Caller host) throws Exception {
    return await(meetings.create(new JsonObject().put("title", "Planning").put("startsAt", STARTS_AT)
        .put("durationMinutes", 45), host));
  }

  private static List<String> statuses(JsonObject meeting, Caller host) throws Exception {
    return await(invitations.list(meeting.getString("id"), host)).getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("status")).sorted().toList();
  }

  private static List<String> meetingIds(Caller caller) throws Exception {
    return await(meetings.listMine(1, 100, caller)).getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("id")).toList();
  }

  static String address(String name) {
    return name + "+" + UUID.randomUUID() + "@parley.test";
  }

  private static Session signup(String name) throws Exception {
    return await(auth.signup(address(name.toLowerCase()), "a long enough passphrase", name, Caller.anonymous("test", "192.0.2.1")));
  }

  private static Caller caller(Session session) {
    return new Caller().setUserId(session.getUser().getId()).setDisplayName(session.getUser().getDisplayName())
        .setRole(Caller.ROLE_USER).setCorrelationId("test");
  }

  /** Polls until the value is the expected one (at most 10 s), then asserts it. */
  static <T> void eventually(ThrowingSupplier<T> value, T expected) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
    T seen = value.get();
    while (!expected.equals(seen) && Instant.now().isBefore(giveUp)) {
      Thread.sleep(50); // polling for the condition, not standing in for it
      seen = value.get();
    }
    assertThat(seen).isEqualTo(expected);
  }

  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private static String field(ServiceException refusal) {
    return refusal.getDebugInfo().getString(ErrorCode.FIELD);
  }

  private static ServiceException refused(Future<?> call, ErrorCode code) throws Exception {
    await(call.otherwiseEmpty());
    assertThat(call.failed()).as("the call is refused").isTrue();
    ServiceException refusal = (ServiceException) call.cause();
    assertThat(ErrorCode.of(refusal.failureCode())).as(refusal.getMessage()).isEqualTo(code);
    return refusal;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
