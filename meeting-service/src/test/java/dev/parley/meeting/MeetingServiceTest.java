package dev.parley.meeting;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.Clients;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.jwt.AccessTokenVerifier;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meeting service over the event bus, as the gateway or another JVM service calls it, with the
 * auth service deployed beside it for guest tokens.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The meeting service over the event bus")
class MeetingServiceTest {

  private static final String CODE_FORM = "^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$";
  private static final Caller ANONYMOUS = Caller.anonymous("test", "192.0.2.1");

  private static Vertx vertx;
  private static ParleyConfig config;
  private static MeetingService meetings;
  private static AuthService auth;
  private static MongoClient store;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = Vertx.vertx();
    JsonObject stores = TestConfig.forStores(mongo, redis, smtp);
    config = ParleyConfig.of(stores);
    DeploymentOptions options = new DeploymentOptions().setConfig(stores);
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options),
        vertx.deployVerticle(new MeetingVerticle(new SteppingClock()), options)));
    meetings = MeetingService.createProxy(vertx);
    auth = AuthService.createProxy(vertx);
    store = Clients.mongo(vertx, config);
  }

  @AfterAll
  static void close() throws Exception {
    await(vertx.close());
  }

  // ---- create and read ----

  @Test
  @DisplayName("A meeting created with only a title gets the documented defaults, a join link, and its creator as host")
  void createWithDefaults() throws Exception {
    Caller alice = account("Alice");

    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "  Weekly sync  "), alice));

    assertThat(meeting.getString("id")).isNotBlank();
    assertThat(meeting.getString("title")).isEqualTo("Weekly sync");
    assertThat(meeting.getString("description")).isEmpty();
    assertThat(meeting.containsKey("scheduledStart")).isTrue();
    assertThat(meeting.getValue("scheduledStart")).isNull();
    assertThat(meeting.getJsonObject("settings"))
        .isEqualTo(new JsonObject().put("guestsAllowed", true).put("lobby", false).put("participantLimit", 8));
    assertThat(meeting.getString("hostId")).isEqualTo(alice.getUserId());
    assertThat(meeting.getString("joinCode")).matches(CODE_FORM);
    assertThat(meeting.getString("joinUrl")).isEqualTo("http://localhost:8080/#/join/" + meeting.getString("joinCode"));
    assertThat(meeting.getString("status")).isEqualTo("open");
    assertThat(Instant.parse(meeting.getString("createdAt"))).isEqualTo(Instant.parse(meeting.getString("updatedAt")));
    assertThat(meeting.getString("role")).isEqualTo("host");
    assertThat(await(meetings.get(meeting.getString("id"), alice))).isEqualTo(meeting);
  }

  @Test
  @DisplayName("Every field of a draft is stored as given, the start time normalised to UTC")
  void createWithEverything() throws Exception {
    Caller alice = account("Alice");
    JsonObject draft = new JsonObject()
        .put("title", "Planning")
        .put("description", "Agenda:\n1. Budget\n2. Hiring")
        .put("scheduledStart", "2030-05-01T09:30:00+02:00")
        .put("settings", new JsonObject().put("guestsAllowed", false).put("lobby", true).put("participantLimit", 50));

    JsonObject meeting = await(meetings.create(draft, alice));

    assertThat(meeting.getString("description")).isEqualTo("Agenda:\n1. Budget\n2. Hiring");
    assertThat(meeting.getString("scheduledStart")).isEqualTo("2030-05-01T07:30:00Z");
    assertThat(meeting.getJsonObject("settings")).isEqualTo(draft.getJsonObject("settings"));
    assertThat(await(meetings.get(meeting.getString("id"), alice))).isEqualTo(meeting);
  }

  static Stream<Arguments> invalidDrafts() {
    JsonObject ok = new JsonObject().put("title", "Fine");
    return Stream.of(
        Arguments.of("no title", new JsonObject(), "title"),
        Arguments.of("a blank title", new JsonObject().put("title", "   "), "title"),
        Arguments.of("a title of 201 characters", new JsonObject().put("title", "a".repeat(201)), "title"),
        Arguments.of("a title on two lines", new JsonObject().put("title", "Two\nlines"), "title"),
        Arguments.of("an operator as title", new JsonObject().put("title", new JsonObject().put("$gt", "")), "title"),
        Arguments.of("a description of 2001 characters", ok.copy().put("description", "d".repeat(2001)), "description"),
        Arguments.of("a number as description", ok.copy().put("description", 42), "description"),
        Arguments.of("a start that is no date", ok.copy().put("scheduledStart", "tomorrow"), "scheduledStart"),
        Arguments.of("a start without offset", ok.copy().put("scheduledStart", "2030-05-01T09:30:00"), "scheduledStart"),
        Arguments.of("settings that are no object", ok.copy().put("settings", true), "settings"),
        Arguments.of("a participant limit of 1", withSetting(ok, "participantLimit", 1), "settings.participantLimit"),
        Arguments.of("a participant limit of 51", withSetting(ok, "participantLimit", 51), "settings.participantLimit"),
        Arguments.of("a participant limit as text", withSetting(ok, "participantLimit", "8"), "settings.participantLimit"),
        Arguments.of("a fractional participant limit", withSetting(ok, "participantLimit", 8.5), "settings.participantLimit"),
        Arguments.of("guestsAllowed as text", withSetting(ok, "guestsAllowed", "yes"), "settings.guestsAllowed"),
        Arguments.of("lobby as null", withSetting(ok, "lobby", null), "settings.lobby"),
        Arguments.of("an unknown setting", withSetting(ok, "recording", true), "settings.recording"),
        Arguments.of("an unknown field", ok.copy().put("hostId", "someone-else"), "hostId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDrafts")
  @DisplayName("An invalid draft is refused with the field named, and nothing is stored")
  void invalidDraft(String description, JsonObject draft, String field) throws Exception {
    Caller alice = account("Alice");

    ServiceException refusal = refused(meetings.create(draft, alice), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    assertThat(refusal.getMessage()).isNotBlank();
    assertThat(await(store.count(MeetingRepository.COLLECTION, new JsonObject().put("hostId", alice.getUserId())))).isZero();
    assertThat(await(meetings.listMine(1, 10, alice)).getLong("total")).isZero();
  }

  @Test
  @DisplayName("Guests and anonymous callers can neither create nor list meetings")
  void accountsOnly() throws Exception {
    Caller guest = new Caller().setUserId("guest-" + UUID.randomUUID()).setRole(Caller.ROLE_GUEST).setMeetingId("m1");
    JsonObject draft = new JsonObject().put("title", "Sneaky");

    refused(meetings.create(draft, guest), ErrorCode.UNAUTHORIZED);
    refused(meetings.create(draft, ANONYMOUS), ErrorCode.UNAUTHORIZED);
    refused(meetings.listMine(1, 10, guest), ErrorCode.UNAUTHORIZED);
    refused(meetings.listMine(1, 10, ANONYMOUS), ErrorCode.UNAUTHORIZED);
  }

  @Test
  @DisplayName("A meeting is invisible to non-members: the answer is the one for a meeting that does not exist")
  void invisibleToNonMembers() throws Exception {
    JsonObject meeting = create(account("Alice"), "Private");
    Caller mallory = account("Mallory");

    ServiceException existing = refused(meetings.get(meeting.getString("id"), mallory), ErrorCode.NOT_FOUND);
    ServiceException missing = refused(meetings.get(UUID.randomUUID().toString(), mallory), ErrorCode.NOT_FOUND);

    assertThat(existing.getMessage()).isEqualTo(missing.getMessage());
  }

  // ---- listing ----

  @Test
  @DisplayName("My meetings, hosted and joined, are listed newest first in pages, each with my role")
  void listMine() throws Exception {
    Caller alice = account("Alice");
    Caller bob = account("Bob");
    JsonObject first = create(alice, "First");
    JsonObject second = create(alice, "Second");
    JsonObject third = create(alice, "Third");
    JsonObject bobs = create(bob, "Bob's");
    await(meetings.join(bobs.getString("joinCode"), null, alice));

    JsonObject page1 = await(meetings.listMine(1, 3, alice));
    JsonObject page2 = await(meetings.listMine(2, 3, alice));
    JsonObject page3 = await(meetings.listMine(3, 3, alice));

    assertThat(ids(page1)).containsExactly(bobs.getString("id"), third.getString("id"), second.getString("id"));
    assertThat(roles(page1)).containsExactly("participant", "host", "host");
    assertThat(ids(page2)).containsExactly(first.getString("id"));
    assertThat(ids(page3)).isEmpty();
    assertThat(List.of(page1, page2, page3)).allSatisfy(page -> assertThat(page.getLong("total")).isEqualTo(4));
    assertThat(page2.getInteger("page")).isEqualTo(2);
    assertThat(page2.getInteger("size")).isEqualTo(3);
    assertThat(page1.getJsonArray("items").getJsonObject(1)).isEqualTo(third);
    JsonObject bobsList = await(meetings.listMine(1, 100, bob));
    assertThat(ids(bobsList)).containsExactly(bobs.getString("id"));
    assertThat(bobsList.getLong("total")).isEqualTo(1);
  }

  @ParameterizedTest(name = "page {0}, size {1}")
  @CsvSource({"0, 10, page", "-1, 10, page", "1, 0, size", "1, 101, size", "1, -5, size"})
  @DisplayName("A page below 1 or a size outside 1..100 is refused with the parameter named")
  void invalidPaging(int page, int size, String field) throws Exception {
    ServiceException refusal = refused(meetings.listMine(page, size, account("Alice")), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
  }

  // ---- update and delete ----

  @Test
  @DisplayName("The host changes some fields and settings; everything else keeps its value")
  void hostUpdates() throws Exception {
    Caller alice = account("Alice");
    JsonObject meeting = create(alice, "Old title");

    JsonObject updated = await(meetings.update(meeting.getString("id"), new JsonObject()
        .put("title", "New title")
        .put("scheduledStart", "2031-01-02T03:04:05Z")
        .put("settings", new JsonObject().put("lobby", true)), alice));

    assertThat(updated.getString("title")).isEqualTo("New title");
    assertThat(updated.getString("scheduledStart")).isEqualTo("2031-01-02T03:04:05Z");
    assertThat(updated.getJsonObject("settings"))
        .isEqualTo(new JsonObject().put("guestsAllowed", true).put("lobby", true).put("participantLimit", 8));
    assertThat(updated.getString("description")).isEqualTo(meeting.getString("description"));
    assertThat(updated.getString("joinCode")).isEqualTo(meeting.getString("joinCode"));
    assertThat(updated.getString("createdAt")).isEqualTo(meeting.getString("createdAt"));
    assertThat(Instant.parse(updated.getString("updatedAt"))).isAfter(Instant.parse(meeting.getString("updatedAt")));
    assertThat(await(meetings.get(meeting.getString("id"), alice))).isEqualTo(updated);
  }

  @Test
  @DisplayName("Setting scheduledStart and description to null unschedules the meeting and clears its description")
  void clearFields() throws Exception {
    Caller alice = account("Alice");
    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "Planned")
        .put("description", "Something").put("scheduledStart", "2030-01-01T00:00:00Z"), alice));

    JsonObject updated = await(meetings.update(meeting.getString("id"),
        new JsonObject().putNull("scheduledStart").putNull("description"), alice));

    assertThat(updated.getValue("scheduledStart")).isNull();
    assertThat(updated.getString("description")).isEmpty();
  }

  static Stream<Arguments> invalidChanges() {
    return Stream.of(
        Arguments.of("a status", new JsonObject().put("status", "ended"), "status"),
        Arguments.of("a join code", new JsonObject().put("joinCode", "aaaa-aaaa-aaaa-aaaa"), "joinCode"),
        Arguments.of("a new host", new JsonObject().put("title", "Valid").put("hostId", "mallory"), "hostId"),
        Arguments.of("an empty title", new JsonObject().put("title", ""), "title"),
        Arguments.of("a null title", new JsonObject().putNull("title"), "title"),
        Arguments.of("settings as null", new JsonObject().putNull("settings"), "settings"),
        Arguments.of("a participant limit of 0", new JsonObject().put("settings", new JsonObject().put("participantLimit", 0)),
            "settings.participantLimit"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidChanges")
  @DisplayName("Changes with an unknown or invalid field are refused with the field named, and nothing changes")
  void invalidChange(String description, JsonObject changes, String field) throws Exception {
    Caller alice = account("Alice");
    JsonObject meeting = create(alice, "Unchanged");

    ServiceException refusal = refused(meetings.update(meeting.getString("id"), changes, alice), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    assertThat(await(meetings.get(meeting.getString("id"), alice))).isEqualTo(meeting);
  }

  @Test
  @DisplayName("A participant can neither change nor delete the meeting (FORBIDDEN), and it stays as it was")
  void participantsCannotChange() throws Exception {
    Caller alice = account("Alice");
    Caller bob = account("Bob");
    JsonObject meeting = create(alice, "Alice's");
    await(meetings.join(meeting.getString("joinCode"), null, bob));

    refused(meetings.update(meeting.getString("id"), new JsonObject().put("title", "Bob's now"), bob), ErrorCode.FORBIDDEN);
    refused(meetings.delete(meeting.getString("id"), bob), ErrorCode.FORBIDDEN);

    assertThat(await(meetings.get(meeting.getString("id"), alice))).isEqualTo(meeting);
  }

  @Test
  @DisplayName("Someone who is not a member can neither change nor delete the meeting, nor learn it exists (NOT_FOUND)")
  void nonMembersCannotChange() throws Exception {
    Caller alice = account("Alice");
    Caller mallory = account("Mallory");
    JsonObject meeting = create(alice, "Alice's");

    refused(meetings.update(meeting.getString("id"), new JsonObject().put("title", "Mine now"), mallory), ErrorCode.NOT_FOUND);
    refused(meetings.delete(meeting.getString("id"), mallory), ErrorCode.NOT_FOUND);

    assertThat(await(meetings.get(meeting.getString("id"), alice))).isEqualTo(meeting);
  }

  @Test
  @DisplayName("When the host deletes a meeting it is gone for every member, from their lists, and its link stops working")
  void hostDeletes() throws Exception {
    Caller alice = account("Alice");
    Caller bob = account("Bob");
    JsonObject meeting = create(alice, "Short-lived");
    String id = meeting.getString("id");
    await(meetings.join(meeting.getString("joinCode"), null, bob));

    await(meetings.delete(id, alice));

    refused(meetings.get(id, alice), ErrorCode.NOT_FOUND);
    refused(meetings.get(id, bob), ErrorCode.NOT_FOUND);
    assertThat(await(meetings.listMine(1, 10, bob)).getLong("total")).isZero();
    assertThat(await(store.count(MemberRepository.COLLECTION, new JsonObject().put("meetingId", id)))).isZero();
    refused(meetings.join(meeting.getString("joinCode"), null, bob), ErrorCode.NOT_FOUND);
  }

  // ---- joining ----

  @Test
  @DisplayName("An account joins by the code in any case and without dashes, and becomes a participant")
  void joinByCode() throws Exception {
    JsonObject meeting = create(account("Alice"), "Open door");
    String code = meeting.getString("joinCode");
    Caller carol = account("Carol");
    Caller dave = account("Dave");

    JsonObject carolJoined = await(meetings.join(code.toUpperCase(), null, carol));
    JsonObject daveJoined = await(meetings.join(code.replace("-", ""), null, dave));

    assertThat(carolJoined.getString("role")).isEqualTo("participant");
    assertThat(carolJoined.getString("participantId")).isEqualTo(carol.getUserId());
    assertThat(carolJoined.containsKey("guestToken")).isFalse();
    assertThat(carolJoined.getJsonObject("meeting").getString("id")).isEqualTo(meeting.getString("id"));
    assertThat(carolJoined.getJsonObject("meeting").getString("role")).isEqualTo("participant");
    assertThat(daveJoined.getString("participantId")).isEqualTo(dave.getUserId());
    assertThat(await(meetings.get(meeting.getString("id"), dave)).getString("role")).isEqualTo("participant");
  }

  @Test
  @DisplayName("Joining again keeps one's role: the host stays host, and a participant is not added twice")
  void rejoinKeepsRole() throws Exception {
    Caller alice = account("Alice");
    Caller bob = account("Bob");
    JsonObject meeting = create(alice, "Recurring");
    String code = meeting.getString("joinCode");

    JsonObject hostJoined = await(meetings.join(code, null, alice));
    await(meetings.join(code, null, bob));
    JsonObject bobAgain = await(meetings.join(code, null, bob));

    assertThat(hostJoined.getString("role")).isEqualTo("host");
    assertThat(bobAgain.getString("role")).isEqualTo("participant");
    assertThat(await(meetings.listMine(1, 10, bob)).getLong("total")).isEqualTo(1);
    assertThat(await(store.count(MemberRepository.COLLECTION, new JsonObject().put("meetingId", meeting.getString("id")))))
        .isEqualTo(2);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"not-a-code", "{\"$ne\": null}", "abcd-efgh-jkmn-pqr"})
  @DisplayName("A code that cannot be a code is answered 'No meeting has this link.' (NOT_FOUND)")
  void malformedCode(String code) throws Exception {
    ServiceException refusal = refused(meetings.join(code, "Visitor", account("Eve")), ErrorCode.NOT_FOUND);

    assertThat(refusal.getMessage()).isEqualTo("No meeting has this link.");
  }

  @Test
  @DisplayName("A well-formed code that no meeting has is answered 'No meeting has this link.' (NOT_FOUND)")
  void unknownCode() throws Exception {
    String code = new JoinCodes(new SecureRandom()).next();

    ServiceException refusal = refused(meetings.join(code, "Visitor", account("Eve")), ErrorCode.NOT_FOUND);

    assertThat(refusal.getMessage()).isEqualTo("No meeting has this link.");
  }

  @Test
  @DisplayName("Nobody joins an ended meeting: 'This meeting has ended.' (CONFLICT)")
  void endedMeeting() throws Exception {
    Caller alice = account("Alice");
    JsonObject meeting = create(alice, "Over");
    assertThat(await(meetings.end(meeting.getString("id"), alice)).getString("status")).isEqualTo("ended");

    ServiceException forAccount = refused(meetings.join(meeting.getString("joinCode"), null, account("Bob")), ErrorCode.CONFLICT);
    ServiceException forGuest = refused(meetings.join(meeting.getString("joinCode"), "Vera", ANONYMOUS), ErrorCode.CONFLICT);
    ServiceException forHost = refused(meetings.join(meeting.getString("joinCode"), null, alice), ErrorCode.CONFLICT);

    assertThat(List.of(forAccount, forGuest, forHost)).allSatisfy(e -> assertThat(e.getMessage()).isEqualTo("This meeting has ended."));
  }

  @Test
  @DisplayName("A removed member loses the meeting (FORBIDDEN 'You were removed'), leaves the list, cannot rejoin, and every instance is told")
  void removeMember() throws Exception {
    Caller alice = account("Alice");
    Caller bob = account("Bob");
    Caller carol = account("Carol");
    JsonObject meeting = create(alice, "Removals");
    String id = meeting.getString("id");
    await(meetings.join(meeting.getString("joinCode"), null, bob));
    await(meetings.join(meeting.getString("joinCode"), null, carol));
    java.util.concurrent.BlockingQueue<JsonObject> notices = new java.util.concurrent.LinkedBlockingQueue<>();
    io.vertx.core.eventbus.MessageConsumer<JsonObject> listener = vertx.eventBus().consumer(
        dev.parley.api.Addresses.ACCESS_REVOKED, m -> notices.add(m.body()));
    await(listener.completion());

    refused(meetings.removeMember(id, carol.getUserId(), bob), ErrorCode.FORBIDDEN);
    refused(meetings.removeMember(id, alice.getUserId(), alice), ErrorCode.BAD_REQUEST);
    await(meetings.removeMember(id, bob.getUserId(), alice));

    JsonObject notice = notices.poll(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(notice).isEqualTo(new JsonObject().put("meetingId", id).put("scope", "member").put("memberId", bob.getUserId()));
    assertThat(refused(meetings.get(id, bob), ErrorCode.FORBIDDEN).getMessage()).isEqualTo("You were removed from this meeting.");
    assertThat(refused(meetings.join(meeting.getString("joinCode"), null, bob), ErrorCode.FORBIDDEN).getMessage())
        .isEqualTo("You were removed from this meeting.");
    assertThat(await(meetings.listMine(1, 100, bob)).getJsonArray("items")).isEmpty();
    assertThat(await(meetings.listMine(1, 100, bob)).getLong("total")).isZero();
    assertThat(await(meetings.get(id, carol)).getString("role")).isEqualTo("participant");

    await(meetings.end(id, alice));
    assertThat(notices.poll(10, java.util.concurrent.TimeUnit.SECONDS).getString("scope")).isEqualTo("guests");
    await(meetings.delete(id, alice));
    assertThat(notices.poll(10, java.util.concurrent.TimeUnit.SECONDS).getString("scope")).isEqualTo("everyone");
    await(listener.unregister());
  }

  @Test
  @DisplayName("Only the host ends a meeting: a participant gets FORBIDDEN, a stranger NOT_FOUND, and the meeting stays open")
  void onlyHostEnds() throws Exception {
    Caller alice = account("Alice");
    Caller bob = account("Bob");
    JsonObject meeting = create(alice, "Still on");
    String id = meeting.getString("id");
    await(meetings.join(meeting.getString("joinCode"), null, bob));

    refused(meetings.end(id, bob), ErrorCode.FORBIDDEN);
    refused(meetings.end(id, account("Mallory")), ErrorCode.NOT_FOUND);

    assertThat(await(meetings.get(id, alice)).getString("status")).isEqualTo("open");
    JsonObject ended = await(meetings.end(id, alice));
    assertThat(ended.getString("status")).isEqualTo("ended");
    assertThat(await(meetings.end(id, alice))).isEqualTo(ended);
  }

  @Test
  @DisplayName("A named guest joins by link and gets a token the access-token verifier reads as a guest of this meeting")
  void guestJoins() throws Exception {
    JsonObject meeting = create(account("Alice"), "Open to all");

    JsonObject joined = await(meetings.join(meeting.getString("joinCode"), "  Visiting Vera ", ANONYMOUS));

    assertThat(joined.getString("role")).isEqualTo("guest");
    assertThat(joined.getJsonObject("meeting").getString("id")).isEqualTo(meeting.getString("id"));
    assertThat(joined.getJsonObject("meeting").getString("role")).isEqualTo("guest");
    AccessTokenVerifier verifier = new AccessTokenVerifier(config.jwtIssuer(), auth::jwks, Clock.systemUTC());
    Caller guest = await(verifier.verify(joined.getString("guestToken")));
    assertThat(guest.getRole()).isEqualTo(Caller.ROLE_GUEST);
    assertThat(guest.getMeetingId()).isEqualTo(meeting.getString("id"));
    assertThat(guest.getDisplayName()).isEqualTo("Visiting Vera");
    assertThat(guest.getUserId()).isEqualTo(joined.getString("participantId"));
    assertThat(await(meetings.get(meeting.getString("id"), guest)).getString("role")).isEqualTo("guest");
  }

  @Test
  @DisplayName("A guest sees only the meeting its token names, and cannot change it")
  void guestsStayInTheirMeeting() throws Exception {
    Caller alice = account("Alice");
    JsonObject visited = create(alice, "Visited");
    JsonObject other = create(alice, "Other");
    JsonObject joined = await(meetings.join(visited.getString("joinCode"), "Vera", ANONYMOUS));
    Caller guest = new Caller().setUserId(joined.getString("participantId")).setDisplayName("Vera")
        .setRole(Caller.ROLE_GUEST).setMeetingId(visited.getString("id"));
    Caller guestClaimingOther = new Caller().setUserId(joined.getString("participantId")).setDisplayName("Vera")
        .setRole(Caller.ROLE_GUEST).setMeetingId(other.getString("id"));

    refused(meetings.get(other.getString("id"), guest), ErrorCode.NOT_FOUND);
    refused(meetings.get(other.getString("id"), guestClaimingOther), ErrorCode.NOT_FOUND);
    refused(meetings.update(visited.getString("id"), new JsonObject().put("title", "Vera's"), guest), ErrorCode.FORBIDDEN);
    refused(meetings.delete(visited.getString("id"), guest), ErrorCode.FORBIDDEN);
    assertThat(await(meetings.get(visited.getString("id"), alice))).isEqualTo(visited);
  }

  @Test
  @DisplayName("When guests are not allowed, an anonymous caller is refused (FORBIDDEN) and not recorded")
  void guestsNotAllowed() throws Exception {
    JsonObject meeting = await(meetings.create(new JsonObject().put("title", "Members only")
        .put("settings", new JsonObject().put("guestsAllowed", false)), account("Alice")));

    ServiceException refusal = refused(meetings.join(meeting.getString("joinCode"), "Vera", ANONYMOUS), ErrorCode.FORBIDDEN);

    assertThat(refusal.getMessage()).containsIgnoringCase("sign in");
    assertThat(await(store.count(MemberRepository.COLLECTION, new JsonObject().put("meetingId", meeting.getString("id")))))
        .as("only the host is a member").isEqualTo(1);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "Bell\u0007", "Eighty-one characters are one too many for a display name, as this one shows!!!!!"})
  @DisplayName("A guest without a display name of 1 to 80 characters is refused with displayName named")
  void guestNeedsName(String displayName) throws Exception {
    JsonObject meeting = create(account("Alice"), "Name, please");

    ServiceException refusal = refused(meetings.join(meeting.getString("joinCode"), displayName, ANONYMOUS), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("displayName");
    assertThat(await(store.count(MemberRepository.COLLECTION, new JsonObject().put("meetingId", meeting.getString("id")))))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("Join codes are unique over many meetings and all of the form xxxx-xxxx-xxxx-xxxx")
  void uniqueJoinCodes() throws Exception {
    Caller alice = account("Alice");
    List<Future<JsonObject>> created = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      created.add(meetings.create(new JsonObject().put("title", "Meeting " + i), alice));
    }
    await(Future.all(created));

    List<String> codes = created.stream().map(f -> f.result().getString("joinCode")).toList();
    assertThat(codes).allSatisfy(code -> assertThat(code).matches(CODE_FORM)).doesNotHaveDuplicates();
  }

  // ---- helpers ----

  private static Caller account(String name) {
    return new Caller().setUserId(UUID.randomUUID().toString()).setDisplayName(name).setRole(Caller.ROLE_USER)
        .setCorrelationId("test-" + UUID.randomUUID());
  }

  private static JsonObject create(Caller host, String title) throws Exception {
    return await(meetings.create(new JsonObject().put("title", title), host));
  }

  private static JsonObject withSetting(JsonObject draft, String setting, Object value) {
    return draft.copy().put("settings", new JsonObject().put(setting, value));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private static List<String> roles(JsonObject page) {
    return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("role")).toList();
  }

  /** Waits for the call, asserts it failed with the code, and returns its failure. */
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
