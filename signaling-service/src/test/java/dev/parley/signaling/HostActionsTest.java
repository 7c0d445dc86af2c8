package dev.parley.signaling;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.signaling.Deployment.Seat;
import dev.parley.signaling.Recorder.Frame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static dev.parley.signaling.Futures.await;
import static dev.parley.signaling.Futures.refused;
import static dev.parley.signaling.SignalingServiceTest.member;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host actions over the event bus: who may perform them, and what each does to the room and tells
 * its members. Alice hosts every meeting; Bob, Carol and Dave are participants; Mallory is a member
 * of none.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Host actions in live rooms")
class HostActionsTest {

  private static Deployment parley;
  private static SignalingService signaling;
  private static Caller alice;
  private static Caller bob;
  private static Caller carol;
  private static Caller dave;
  private static Caller mallory;

  /** Alice's node: she is the only one on it. */
  private Recorder hostNode;
  /** Everyone else's node. */
  private Recorder node;
  private JsonObject meeting;
  private Recorder room;
  private Seat host;
  private Seat bobSeat;
  private Seat carolSeat;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    parley = Deployment.start(mongo, redis, smtp);
    signaling = parley.signaling;
    List<Caller> people = parley.accounts("Alice", "Bob", "Carol", "Dave", "Mallory");
    alice = people.get(0);
    bob = people.get(1);
    carol = people.get(2);
    dave = people.get(3);
    mallory = people.get(4);
  }

  @AfterAll
  static void close() throws Exception {
    parley.close();
  }

  /** A meeting of Alice's with Bob, Carol and Dave as members; Alice, Bob and Carol in the room. */
  @BeforeEach
  void room() throws Exception {
    hostNode = Recorder.gateway(parley.vertx);
    node = Recorder.gateway(parley.vertx);
    meeting = parley.meeting(alice, 8);
    parley.admit(meeting, bob, carol, dave);
    room = Recorder.room(parley.vertx, id());
    host = parley.join(meeting, alice, hostNode);
    bobSeat = parley.join(meeting, bob, node);
    carolSeat = parley.join(meeting, carol, node);
  }

  // ---- who may act ----

  @Test
  @DisplayName("A participant sending every host action is refused each time, and the room is unchanged")
  void participantsCannot() throws Exception {
    JsonArray before = await(signaling.participants(id(), alice));
    JsonObject args = new JsonObject().put("participantId", carol.getUserId()).put("hard", true).put("locked", true)
        .put("seconds", 30);

    for (String action : HostActions.ACTIONS) {
      ServiceException refusal = refused(signaling.hostAction(id(), action, args, bob), ErrorCode.FORBIDDEN);
      assertThat(refusal.getMessage()).as(action).isNotBlank();
    }

    assertThat(await(signaling.participants(id(), alice))).isEqualTo(before);
    JsonObject joined = parley.join(meeting, dave, node).joined();
    assertThat(joined.getBoolean("locked")).isFalse();
    assertThat(joined.getValue("timer")).isNull();
    assertThat(joined.getJsonObject("self").getBoolean("forceMuted")).isFalse();
    room.await("dave's arrival", frame -> "room.member-joined".equals(frame.type())
        && dave.getUserId().equals(frame.data().getJsonObject("member").getString("participantId")));
    assertThat(room.types()).as("nothing but the four arrivals reached the room")
        .containsExactly("room.member-joined", "room.member-joined", "room.member-joined", "room.member-joined");
    await(signaling.signal(id(), bob.getUserId(), "offer", new JsonObject(), alice));
    node.await("room.signal");
    assertThat(node.types()).as("nobody was told anything else").containsExactly("room.signal");
  }

  @Test
  @DisplayName("Someone who is not a member of the meeting is told it does not exist")
  void strangersCannot() throws Exception {
    refused(signaling.hostAction(id(), "end", new JsonObject(), mallory), ErrorCode.NOT_FOUND);

    assertThat(await(signaling.participants(id(), alice))).hasSize(3);
  }

  @Test
  @DisplayName("An unknown action is refused with the field named")
  void unknownAction() throws Exception {
    ServiceException refusal = refused(signaling.hostAction(id(), "kick-everyone", new JsonObject(), alice),
        ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("action");
  }

  @Test
  @DisplayName("A participant the host promotes becomes co-host: the room sees it, and they may act but not promote")
  void promote() throws Exception {
    JsonObject promoted = await(signaling.hostAction(id(), "promote", target(bob), alice));

    assertThat(promoted.getJsonObject("member")).isEqualTo(member(bob, "co-host"));
    Frame updated = room.await("room.member-updated");
    assertThat(updated.data().getJsonObject("member").getString("role")).isEqualTo("co-host");
    assertThat(updated.exclude()).as("the host sees it on every screen too").isNull();
    await(signaling.hostAction(id(), "lock", new JsonObject().put("locked", true), bob));
    refused(signaling.hostAction(id(), "promote", target(carol), bob), ErrorCode.FORBIDDEN);
    JsonObject rejoined = await(parley.tryJoin(meeting, bob, node));
    assertThat(rejoined.getJsonObject("self").getString("role")).as("the role lasts in the room").isEqualTo("co-host");
  }

  // ---- muting ----

  @Test
  @DisplayName("After a soft mute-all everyone but the host is muted and told so, and may unmute")
  void softMuteAll() throws Exception {
    await(signaling.updateSelf(id(), new JsonObject().put("audio", true), bob));
    await(signaling.updateSelf(id(), new JsonObject().put("audio", true), alice));

    JsonObject answer = await(signaling.hostAction(id(), "mute-all", new JsonObject(), alice));

    assertThat(answer.getJsonArray("members")).containsExactlyInAnyOrder(member(bob, "participant"),
        member(carol, "participant"));
    assertThat(node.await("room.muted", bobSeat.connectionId()).data())
        .isEqualTo(new JsonObject().put("hard", false).put("meetingId", id()));
    node.await("room.muted", carolSeat.connectionId());
    Frame bobMuted = room.await("bob muted", frame -> "room.member-updated".equals(frame.type())
        && frame.data().getJsonObject("member").getString("participantId").equals(bob.getUserId())
        && !frame.data().getJsonObject("member").getBoolean("audio"));
    assertThat(bobMuted.exclude()).isNull();
    assertThat(audioOf(alice)).as("the host keeps talking").isTrue();
    assertThat(await(signaling.updateSelf(id(), new JsonObject().put("audio", true), bob)).getBoolean("audio")).isTrue();
    await(signaling.signal(id(), alice.getUserId(), "offer", new JsonObject(), bob));
    hostNode.await("room.signal");
    assertThat(hostNode.types()).as("the host was not muted").containsExactly("room.signal");
  }

  @Test
  @DisplayName("After a hard mute-all nobody may unmute, newcomers start force-muted, and a soft mute-all lifts it")
  void hardMuteAll() throws Exception {
    await(signaling.updateSelf(id(), new JsonObject().put("audio", true), bob));

    await(signaling.hostAction(id(), "mute-all", new JsonObject().put("hard", true), alice));

    assertThat(node.await("room.muted", bobSeat.connectionId()).data().getBoolean("hard")).isTrue();
    ServiceException refusal = refused(signaling.updateSelf(id(), new JsonObject().put("audio", true), bob),
        ErrorCode.FORBIDDEN);
    assertThat(refusal.getMessage()).isEqualTo("The host has muted everyone; ask to speak.");
    assertThat(audioOf(bob)).isFalse();
    await(signaling.updateSelf(id(), new JsonObject().put("video", true).put("handRaised", true), bob));
    JsonObject newcomer = parley.join(meeting, dave, node).joined().getJsonObject("self");
    assertThat(newcomer.getBoolean("forceMuted")).isTrue();
    assertThat(newcomer.getBoolean("audio")).isFalse();
    assertThat(parley.join(meeting, alice, hostNode).joined().getJsonObject("self").getBoolean("forceMuted"))
        .as("the host is never force-muted").isFalse();

    await(signaling.hostAction(id(), "mute-all", new JsonObject().put("hard", false), alice));

    assertThat(await(signaling.updateSelf(id(), new JsonObject().put("audio", true), dave)).getBoolean("audio")).isTrue();
    assertThat(parley.join(meeting, carol, node).joined().getJsonObject("self").getBoolean("forceMuted")).isFalse();
  }

  @Test
  @DisplayName("A hard mute of one person keeps them muted until the host mutes them softly, which lets them speak")
  void muteOne() throws Exception {
    await(signaling.updateSelf(id(), new JsonObject().put("audio", true), bob));

    JsonObject answer = await(signaling.hostAction(id(), "mute", target(bob).put("hard", true), alice));

    assertThat(answer.getJsonObject("member")).isEqualTo(member(bob, "participant").put("forceMuted", true));
    assertThat(node.await("room.muted", bobSeat.connectionId()).data().getBoolean("hard")).isTrue();
    refused(signaling.updateSelf(id(), new JsonObject().put("audio", true), bob), ErrorCode.FORBIDDEN);
    assertThat(await(signaling.updateSelf(id(), new JsonObject().put("audio", true), carol)).getBoolean("audio"))
        .as("only Bob is muted").isTrue();

    await(signaling.hostAction(id(), "mute", target(bob), alice));

    assertThat(await(signaling.updateSelf(id(), new JsonObject().put("audio", true), bob)).getBoolean("audio")).isTrue();
  }

  @Test
  @DisplayName("Stopping someone's video turns it off and tells them")
  void stopVideo() throws Exception {
    await(signaling.updateSelf(id(), new JsonObject().put("video", true), carol));

    JsonObject answer = await(signaling.hostAction(id(), "stop-video", target(carol), alice));

    assertThat(answer.getJsonObject("member").getBoolean("video")).isFalse();
    assertThat(node.await("room.video-stopped", carolSeat.connectionId()).data())
        .isEqualTo(new JsonObject().put("meetingId", id()));
  }

  @Test
  @DisplayName("Muting someone who is not in the room is answered not found")
  void muteAbsent() throws Exception {
    refused(signaling.hostAction(id(), "mute", target(dave), alice), ErrorCode.NOT_FOUND);
  }

  // ---- removal ----

  @Test
  @DisplayName("A removed participant is told so, the room sees them leave, and they cannot come back")
  void remove() throws Exception {
    JsonObject answer = await(signaling.hostAction(id(), "remove", target(bob), alice));

    assertThat(answer).isEqualTo(new JsonObject().put("participantId", bob.getUserId()));
    assertThat(node.await("room.removed", bobSeat.connectionId()).data()).isEqualTo(new JsonObject().put("meetingId", id()));
    Frame left = room.await("room.member-left");
    assertThat(left.data()).isEqualTo(new JsonObject().put("participantId", bob.getUserId()).put("reason", "removed")
        .put("meetingId", id()));
    assertThat(left.exclude()).isEqualTo(bobSeat.connectionId());
    ServiceException refusal = refused(parley.tryJoin(meeting, bob, node), ErrorCode.FORBIDDEN);
    assertThat(refusal.getMessage()).isEqualTo("You were removed from this meeting.");
    assertThat(await(signaling.participants(id(), alice))).hasSize(2);
  }

  @Test
  @DisplayName("Nobody removes the host: not the host themself, not a co-host")
  void hostStays() throws Exception {
    await(signaling.hostAction(id(), "promote", target(bob), alice));

    refused(signaling.hostAction(id(), "remove", target(alice), alice), ErrorCode.BAD_REQUEST);
    refused(signaling.hostAction(id(), "remove", target(alice), bob), ErrorCode.FORBIDDEN);

    assertThat(await(parley.tryJoin(meeting, alice, hostNode)).getJsonObject("self").getString("role")).isEqualTo("host");
  }

  // ---- lock, end, timer ----

  @Test
  @DisplayName("A locked room turns newcomers away but lets hosts in; unlocking opens it again")
  void lock() throws Exception {
    JsonObject answer = await(signaling.hostAction(id(), "lock", new JsonObject().put("locked", true), alice));

    assertThat(answer).isEqualTo(new JsonObject().put("locked", true));
    assertThat(room.await("room.locked").data()).isEqualTo(new JsonObject().put("locked", true).put("meetingId", id()));
    ServiceException refusal = refused(parley.tryJoin(meeting, dave, node), ErrorCode.FORBIDDEN);
    assertThat(refusal.getMessage()).isEqualTo("The host has locked this meeting.");
    assertThat(await(parley.tryJoin(meeting, bob, node)).getBoolean("locked"))
        .as("someone already inside may reconnect").isTrue();
    await(signaling.leave(id(), host.connectionId(), "left", alice));
    assertThat(parley.join(meeting, alice, hostNode).joined().getBoolean("locked")).as("the host comes back in").isTrue();

    await(signaling.hostAction(id(), "lock", new JsonObject().put("locked", false), alice));

    assertThat(parley.join(meeting, dave, node).joined().getBoolean("locked")).isFalse();
  }

  @Test
  @DisplayName("Ending the meeting tells everyone, the host included, empties the room and turns later joins away")
  void end() throws Exception {
    JsonObject answer = await(signaling.hostAction(id(), "end", new JsonObject(), alice));

    assertThat(answer).isEmpty();
    Frame ended = room.await("room.ended");
    assertThat(ended.data()).isEqualTo(new JsonObject().put("meetingId", id()));
    assertThat(ended.exclude()).as("the host's own sockets are told as well").isNull();
    assertThat(await(signaling.participants(id(), alice))).isEmpty();
    ServiceException refusal = refused(parley.tryJoin(meeting, dave, node), ErrorCode.CONFLICT);
    assertThat(refusal.getMessage()).isEqualTo("This meeting has ended.");
    refused(parley.tryJoin(meeting, alice, hostNode), ErrorCode.CONFLICT);
    refused(signaling.hostAction(id(), "lock", new JsonObject().put("locked", false), alice), ErrorCode.CONFLICT);
    assertThat(await(parley.meetings.get(id(), alice)).getString("status"))
        .as("the meeting service refuses its link from now on").isEqualTo("ended");
    refused(parley.meetings.join(meeting.getString("joinCode"), null, dave), ErrorCode.CONFLICT);
  }

  @Test
  @DisplayName("A timer sets a deadline everyone sees, newcomers included, until it passes or is cleared")
  void timer() throws Exception {
    long deadline = parley.clock.millis() + 300_000;

    JsonObject answer = await(signaling.hostAction(id(), "timer", new JsonObject().put("seconds", 300), alice));

    JsonObject timer = new JsonObject().put("deadline", deadline).put("seconds", 300);
    assertThat(answer).isEqualTo(timer);
    assertThat(room.await("room.timer").data()).isEqualTo(timer.copy().put("meetingId", id()));
    assertThat(parley.join(meeting, dave, node).joined().getJsonObject("timer")).isEqualTo(timer);
    parley.clock.advance(Duration.ofSeconds(301));
    assertThat(parley.join(meeting, dave, node).joined().getValue("timer")).as("a timer that ran out").isNull();

    JsonObject cleared = await(signaling.hostAction(id(), "timer", new JsonObject().putNull("seconds"), alice));

    assertThat(cleared.getValue("deadline")).isNull();
    assertThat(room.await("cleared timer", frame -> "room.timer".equals(frame.type())
        && frame.data().getValue("deadline") == null)).isNotNull();
  }

  static Stream<Arguments> malformedArguments() {
    return Stream.of(
        Arguments.of("a timer of 0 seconds", "timer", new JsonObject().put("seconds", 0), "seconds"),
        Arguments.of("a timer over a day", "timer", new JsonObject().put("seconds", 86_401), "seconds"),
        Arguments.of("a timer as text", "timer", new JsonObject().put("seconds", "30"), "seconds"),
        Arguments.of("a fractional timer", "timer", new JsonObject().put("seconds", 1.5), "seconds"),
        Arguments.of("lock without a flag", "lock", new JsonObject(), "locked"),
        Arguments.of("hard as text", "mute-all", new JsonObject().put("hard", "yes"), "hard"),
        Arguments.of("mute without a target", "mute", new JsonObject(), "participantId"),
        Arguments.of("a target that is no id", "remove", new JsonObject().put("participantId", "a:b*"), "participantId"),
        Arguments.of("a target as an object", "stop-video",
            new JsonObject().put("participantId", new JsonObject().put("$ne", "")), "participantId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedArguments")
  @DisplayName("A host action with malformed arguments is refused with the field named and changes nothing")
  void malformedArguments(String description, String action, JsonObject args, String field) throws Exception {
    ServiceException refusal = refused(signaling.hostAction(id(), action, args, alice), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    JsonObject joined = parley.join(meeting, dave, node).joined();
    assertThat(joined.getValue("timer")).isNull();
    assertThat(joined.getBoolean("locked")).isFalse();
    assertThat(joined.getJsonObject("self").getBoolean("forceMuted")).isFalse();
  }

  // ---- helpers ----

  private String id() {
    return meeting.getString("id");
  }

  private boolean audioOf(Caller who) throws Exception {
    return await(signaling.participants(id(), alice)).stream().map(JsonObject.class::cast)
        .filter(member -> member.getString("participantId").equals(who.getUserId()))
        .findFirst().orElseThrow().getBoolean("audio");
  }

  private static JsonObject target(Caller who) {
    return new JsonObject().put("participantId", who.getUserId());
  }
}
