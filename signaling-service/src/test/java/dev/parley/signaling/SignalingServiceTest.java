package dev.parley.signaling;

import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.JsonObjectText;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.signaling.Deployment.Seat;
import dev.parley.signaling.Recorder.Frame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static dev.parley.signaling.Futures.await;
import static dev.parley.signaling.Futures.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signaling service over the event bus as the gateway calls it, with the auth and meeting
 * services beside it and fake gateway nodes recording what reaches sockets: entering and leaving
 * rooms, relaying offers, answers and ICE candidates, media state, the participant limit.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Live rooms: presence, relay and media state")
class SignalingServiceTest {

  private static final int CROWD = 10;

  /** Spacing, escapes, non-ASCII text and number spelling that survive as sent: the service does not rebuild a payload. */
  private static final String SPELLED_PAYLOAD =
      "{ \"type\": \"offer\",\n \"sdp\": \"v=0\\r\\ns=Café \\u00e9 \\\"q\\\"\\r\\n\", \"n\": 1.50 }";

  private static Deployment parley;
  private static SignalingService signaling;
  private static Caller alice;
  private static Caller bob;
  private static Caller carol;
  private static Caller mallory;
  private static List<Caller> crowd;
  private static Redis store;

  private Recorder nodeA;
  private Recorder nodeB;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    parley = Deployment.start(mongo, redis, smtp);
    store = Redis.createClient(parley.vertx, redis.connectionString());
    signaling = parley.signaling;
    List<Caller> people = parley.accounts("Alice", "Bob", "Carol", "Mallory");
    alice = people.get(0);
    bob = people.get(1);
    carol = people.get(2);
    mallory = people.get(3);
    crowd = parley.accounts(Stream.iterate(1, i -> i + 1).limit(CROWD).map(i -> "Guest speaker " + i)
        .toArray(String[]::new));
  }

  @AfterAll
  static void close() throws Exception {
    parley.close();
  }

  @BeforeEach
  void gateways() throws Exception {
    nodeA = Recorder.gateway(parley.vertx);
    nodeB = Recorder.gateway(parley.vertx);
  }

  // ---- entering and leaving ----

  @Test
  @DisplayName("Joining answers with oneself and the others, and the others are told of the newcomer")
  void join() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Recorder room = Recorder.room(parley.vertx, id(meeting));

    Seat host = parley.join(meeting, alice, nodeA);
    Seat guest = parley.join(meeting, bob, nodeB);

    assertThat(host.joined().getJsonObject("self")).isEqualTo(member(alice, "host"));
    assertThat(host.joined().getJsonArray("members")).isEmpty();
    assertThat(host.joined().getBoolean("locked")).isFalse();
    assertThat(host.joined().containsKey("timer")).isTrue();
    assertThat(host.joined().getValue("timer")).isNull();
    assertThat(guest.joined().getJsonObject("self")).isEqualTo(member(bob, "participant"));
    assertThat(guest.joined().getJsonArray("members")).containsExactly(member(alice, "host"));
    Frame announced = room.await("bob's arrival", frame -> "room.member-joined".equals(frame.type())
        && bob.getUserId().equals(frame.data().getJsonObject("member").getString("participantId")));
    assertThat(announced.data()).isEqualTo(new JsonObject().put("member", member(bob, "participant"))
        .put("meetingId", id(meeting)));
    assertThat(announced.exclude()).as("the newcomer is not told of themself").isEqualTo(guest.connectionId());
  }

  @Test
  @DisplayName("A guest admitted by the meeting's link enters the room as a guest")
  void guestJoins() throws Exception {
    JsonObject meeting = parley.meeting(alice, 8);
    Caller guest = parley.guest(meeting, "Visitor");

    Seat seat = parley.join(meeting, guest, nodeA);

    assertThat(seat.joined().getJsonObject("self").getString("role")).isEqualTo("guest");
    assertThat(seat.joined().getJsonObject("self").getString("displayName")).isEqualTo("Visitor");
  }

  @Test
  @DisplayName("Someone who is not a member of the meeting is told it does not exist, as for an unknown meeting")
  void joinAsStranger() throws Exception {
    JsonObject meeting = meetingWith(bob);

    ServiceException stranger = refused(parley.tryJoin(meeting, mallory, nodeA), ErrorCode.NOT_FOUND);
    ServiceException unknown = refused(signaling.join("no-such-meeting", nodeA.nodeId(), "conn-1", alice),
        ErrorCode.NOT_FOUND);

    assertThat(stranger.getMessage()).isEqualTo(unknown.getMessage());
    assertThat(await(signaling.participants(id(meeting), alice))).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "meeting:1", "a*", "../x", "{tag}", "m\nHSET x"})
  @DisplayName("A meeting id that could not be one is refused before it reaches a Redis key")
  void malformedMeetingId(String meetingId) throws Exception {
    ServiceException refusal = refused(signaling.join(meetingId, nodeA.nodeId(), "conn-1", alice), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("meetingId");
  }

  @Test
  @DisplayName("Joining again from another tab replaces the older connection, which is told so; nobody else sees a new member")
  void rejoinReplaces() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Recorder room = Recorder.room(parley.vertx, id(meeting));
    Seat host = parley.join(meeting, alice, nodeA);
    Seat first = parley.join(meeting, bob, nodeA);

    Seat second = parley.join(meeting, bob, nodeB);

    Frame replaced = nodeA.await("room.replaced", first.connectionId());
    assertThat(replaced.data()).isEqualTo(new JsonObject().put("meetingId", id(meeting)));
    assertThat(second.joined().getJsonArray("members")).containsExactly(member(alice, "host"));
    assertThat(await(signaling.participants(id(meeting), alice))).hasSize(2);
    await(signaling.signal(id(meeting), bob.getUserId(), "offer", offer(), alice));
    assertThat(nodeB.await("room.signal").connection()).isEqualTo(second.connectionId());
    markRoom(meeting, host);
    assertThat(room.types()).containsExactly("room.member-joined", "room.member-joined", "room.member-updated");
  }

  @Test
  @DisplayName("Leaving with a connection that was since replaced changes nothing; leaving with the current one tells the room")
  void leaveWithStaleConnection() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Recorder room = Recorder.room(parley.vertx, id(meeting));
    Seat host = parley.join(meeting, alice, nodeA);
    Seat old = parley.join(meeting, bob, nodeA);
    Seat current = parley.join(meeting, bob, nodeB);

    await(signaling.leave(id(meeting), old.connectionId(), "disconnected", bob));

    assertThat(participantIds(meeting)).containsExactlyInAnyOrder(alice.getUserId(), bob.getUserId());
    markRoom(meeting, host);
    assertThat(room.types()).doesNotContain("room.member-left");

    await(signaling.leave(id(meeting), current.connectionId(), "left", bob));

    assertThat(participantIds(meeting)).containsExactly(alice.getUserId());
    Frame left = room.await("room.member-left");
    assertThat(left.data()).isEqualTo(new JsonObject().put("participantId", bob.getUserId()).put("reason", "left")
        .put("meetingId", id(meeting)));
    assertThat(left.exclude()).isEqualTo(current.connectionId());
  }

  @Test
  @DisplayName("A leave must say why: left or disconnected")
  void leaveReason() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Seat seat = parley.join(meeting, bob, nodeA);

    ServiceException refusal = refused(signaling.leave(id(meeting), seat.connectionId(), "removed", bob),
        ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("reason");
    assertThat(participantIds(meeting)).containsExactly(bob.getUserId());
  }

  @Test
  @DisplayName("Ten people racing for the last two seats: exactly two get in, the rest are told the room is full")
  void participantLimit() throws Exception {
    JsonObject meeting = parley.meeting(alice, 4);
    parley.admit(meeting, bob);
    parley.admit(meeting, crowd.toArray(Caller[]::new));
    parley.join(meeting, alice, nodeA);
    parley.join(meeting, bob, nodeA);

    List<Future<JsonObject>> joins = crowd.stream().map(person -> parley.tryJoin(meeting, person, nodeB)).toList();
    await(Future.join(joins).otherwiseEmpty());

    assertThat(joins.stream().filter(Future::succeeded)).hasSize(2);
    for (Future<JsonObject> join : joins.stream().filter(Future::failed).toList()) {
      ServiceException refusal = refused(join, ErrorCode.CONFLICT);
      assertThat(refusal.getMessage()).isEqualTo("This meeting is full (4 people).");
    }
    assertThat(await(signaling.participants(id(meeting), alice))).hasSize(4);
    assertThat(await(parley.tryJoin(meeting, bob, nodeB)).getJsonObject("self").getString("participantId"))
        .as("someone already inside may reconnect to a full room").isEqualTo(bob.getUserId());
  }

  // ---- relay ----

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {SignalingService.OFFER, SignalingService.ANSWER, SignalingService.ICE_CANDIDATE})
  @DisplayName("An offer, an answer or an ICE candidate reaches exactly the target's node and connection, from the sender")
  void relay(String kind) throws Exception {
    JsonObject meeting = meetingWith(bob, carol);
    parley.join(meeting, alice, nodeA);
    Seat target = parley.join(meeting, bob, nodeB);
    Seat bystander = parley.join(meeting, carol, nodeA);
    JsonObject payload = SignalingService.ICE_CANDIDATE.equals(kind)
        ? new JsonObject().put("candidate", "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host")
            .put("sdpMid", "0").put("sdpMLineIndex", 0)
        : new JsonObject().put("type", kind).put("sdp", "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n");

    await(signaling.signal(id(meeting), bob.getUserId(), kind, payload, alice));

    Frame delivered = nodeB.await("room.signal");
    assertThat(delivered.connection()).isEqualTo(target.connectionId());
    assertThat(delivered.data()).isEqualTo(new JsonObject().put("from", alice.getUserId()).put("kind", kind)
        .put("payload", payload).put("meetingId", id(meeting)));
    assertThat(nodeB.frames()).hasSize(1);
    // A signal from Bob to Carol comes after anything the first one sent to node A.
    await(signaling.signal(id(meeting), carol.getUserId(), kind, payload, bob));
    assertThat(nodeA.await("room.signal").connection()).isEqualTo(bystander.connectionId());
    assertThat(nodeA.frames()).hasSize(1);
  }

  @Test
  @DisplayName("Relays to or from someone outside the room are forbidden and deliver nothing")
  void relayOutsideTheRoom() throws Exception {
    JsonObject meeting = meetingWith(bob, carol);
    JsonObject other = meetingWith(mallory);
    parley.join(meeting, alice, nodeA);
    Seat target = parley.join(meeting, bob, nodeB);
    parley.join(other, mallory, nodeB);

    ServiceException absent = refused(signaling.signal(id(meeting), carol.getUserId(), "offer", offer(), alice),
        ErrorCode.FORBIDDEN);
    ServiceException elsewhere = refused(signaling.signal(id(meeting), mallory.getUserId(), "offer", offer(), alice),
        ErrorCode.FORBIDDEN);
    refused(signaling.signal(id(meeting), bob.getUserId(), "offer", offer(), mallory), ErrorCode.FORBIDDEN);
    refused(signaling.signal(id(meeting), bob.getUserId(), "offer", offer(), carol), ErrorCode.FORBIDDEN);
    refused(signaling.signal(id(other), bob.getUserId(), "offer", offer(), mallory), ErrorCode.FORBIDDEN);

    assertThat(absent.getMessage()).isEqualTo("That participant is not in this meeting.");
    assertThat(elsewhere.getMessage()).isEqualTo("That participant is not in this meeting.");
    await(signaling.signal(id(meeting), bob.getUserId(), "answer", offer(), alice));
    Frame marker = nodeB.await("room.signal");
    assertThat(marker.data().getString("kind")).as("only the allowed relay arrived").isEqualTo("answer");
    assertThat(marker.connection()).isEqualTo(target.connectionId());
    assertThat(nodeB.frames()).hasSize(1);
    assertThat(nodeA.frames()).isEmpty();
  }

  static Stream<Arguments> malformedSignals() {
    return Stream.of(
        Arguments.of("an unknown kind", "renegotiate", new JsonObject().put("sdp", "v=0"), "kind"),
        Arguments.of("no kind", null, new JsonObject().put("sdp", "v=0"), "kind"),
        Arguments.of("no payload", "offer", null, "payload"),
        Arguments.of("a payload over 16 KiB", "offer", new JsonObject().put("sdp", "a".repeat(16 * 1024)), "payload"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedSignals")
  @DisplayName("A malformed signal is refused with the field named and delivers nothing")
  void malformedSignal(String description, String kind, JsonObject payload, String field) throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    parley.join(meeting, bob, nodeB);

    ServiceException refusal = refused(signaling.signal(id(meeting), bob.getUserId(), kind, payload, alice),
        ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    await(signaling.signal(id(meeting), bob.getUserId(), "offer", offer(), alice));
    nodeB.await("room.signal");
    assertThat(nodeB.frames()).hasSize(1);
  }

  @Test
  @DisplayName("A payload sent as text reaches the target as that exact text inside the usual frame")
  void relayText() throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    Seat target = parley.join(meeting, bob, nodeB);

    await(signaling.signalText(id(meeting), bob.getUserId(), "offer", SPELLED_PAYLOAD, alice));

    assertSpelledOfferDelivered(meeting, target);
  }

  @Test
  @DisplayName("A LocalSignal (from a gateway on the instance's event loop) delivers the same frame and gets the same checks and refusals")
  void relayLocalSignal() throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    Seat target = parley.join(meeting, bob, nodeB);

    await(parley.relayLocally(id(meeting), bob.getUserId(), "offer", JsonObjectText.of(SPELLED_PAYLOAD), alice));

    assertSpelledOfferDelivered(meeting, target);

    String tooLarge = "{\"sdp\": \"" + "é".repeat(8 * 1024) + "\"}";
    ServiceException refusal = refused(parley.relayLocally(id(meeting), bob.getUserId(), "offer",
        JsonObjectText.of(tooLarge), alice), ErrorCode.BAD_REQUEST);
    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("payload");
    refused(parley.relayLocally(id(meeting), carol.getUserId(), "offer", JsonObjectText.of("{}"), alice),
        ErrorCode.FORBIDDEN);
    refused(parley.relayLocally(id(meeting), bob.getUserId(), "rumour", JsonObjectText.of("{}"), alice),
        ErrorCode.BAD_REQUEST);
    assertThat(nodeB.frames()).hasSize(1);
  }

  /** Bob's node received, on his connection, Alice's offer with {@link #SPELLED_PAYLOAD} byte for byte. */
  private void assertSpelledOfferDelivered(JsonObject meeting, Seat target) throws Exception {
    Frame delivered = nodeB.await("room.signal");
    assertThat(delivered.connection()).isEqualTo(target.connectionId());
    assertThat(delivered.text()).contains("\"payload\":" + SPELLED_PAYLOAD + ",");
    assertThat(delivered.data()).isEqualTo(new JsonObject().put("from", alice.getUserId()).put("kind", "offer")
        .put("payload", new JsonObject(SPELLED_PAYLOAD)).put("meetingId", id(meeting)));
  }

  static Stream<Arguments> malformedTexts() {
    return Stream.of(
        Arguments.of("no payload", null),
        Arguments.of("an array", "[1, 2]"),
        Arguments.of("a string", "\"v=0\""),
        Arguments.of("an unfinished object", "{\"sdp\": \"v=0\""),
        Arguments.of("a broken value inside", "{\"sdp\": }"),
        // each of these would add fields to the recipient's frame if spliced in unchecked
        Arguments.of("an object and then more fields", "{\"sdp\": \"v=0\"}, \"from\": \"someone-else\""),
        Arguments.of("two objects", "{} {}"),
        Arguments.of("a payload over 16 KiB", "{\"sdp\": \"" + "é".repeat(8 * 1024) + "\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedTexts")
  @DisplayName("A payload text that is not exactly one JSON object of at most 16 KiB is refused and delivers nothing")
  void malformedText(String description, String payload) throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    parley.join(meeting, bob, nodeB);

    ServiceException refusal = refused(signaling.signalText(id(meeting), bob.getUserId(), "offer", payload, alice),
        ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo("payload");
    await(signaling.signalText(id(meeting), bob.getUserId(), "answer", "{}", alice));
    assertThat(nodeB.await("room.signal").data().getString("kind")).isEqualTo("answer");
    assertThat(nodeB.frames()).hasSize(1);
  }

  @Test
  @DisplayName("Signals are counted by outcome for /metrics: delivered, or the error code of the refusal")
  void signalsCounted() throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    parley.join(meeting, bob, nodeB);
    double delivered = signalCount("delivered");
    double forbidden = signalCount("forbidden");
    double badRequest = signalCount("bad_request");

    await(signaling.signalText(id(meeting), bob.getUserId(), "offer", "{}", alice));
    await(signaling.signal(id(meeting), bob.getUserId(), "answer", new JsonObject(), alice));
    refused(signaling.signalText(id(meeting), carol.getUserId(), "offer", "{}", alice), ErrorCode.FORBIDDEN);
    refused(signaling.signalText(id(meeting), bob.getUserId(), "offer", "[]", alice), ErrorCode.BAD_REQUEST);

    assertThat(signalCount("delivered")).isEqualTo(delivered + 2);
    assertThat(signalCount("forbidden")).isEqualTo(forbidden + 1);
    assertThat(signalCount("bad_request")).isEqualTo(badRequest + 1);
  }

  private static double signalCount(String outcome) {
    return parley.metrics.get(SignalMetrics.NAME).tag(SignalMetrics.OUTCOME, outcome).counter().count();
  }

  @Test
  @DisplayName("A payload of exactly 16 KiB is relayed")
  void largestPayload() throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    parley.join(meeting, bob, nodeB);
    String wrapper = new JsonObject().put("sdp", "").encode();
    JsonObject payload = new JsonObject().put("sdp", "a".repeat(16 * 1024 - wrapper.length()));

    await(signaling.signal(id(meeting), bob.getUserId(), "offer", payload, alice));

    assertThat(nodeB.await("room.signal").data().getJsonObject("payload")).isEqualTo(payload);
  }

  @Test
  @DisplayName("A relay to a socket that has gone marks its owner reconnecting (CONFLICT); without a resume they leave after the grace")
  void relayToClosedSocket() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Recorder room = Recorder.room(parley.vertx, id(meeting));
    parley.join(meeting, alice, nodeA);
    Seat gone = parley.join(meeting, bob, nodeB);
    nodeB.closeSocket(gone.connectionId());

    refused(signaling.signal(id(meeting), bob.getUserId(), "offer", offer(), alice), ErrorCode.CONFLICT);

    Frame reconnecting = room.await("bob reconnecting", frame -> "room.member-updated".equals(frame.type())
        && frame.data().getJsonObject("member").getBoolean("reconnecting"));
    assertThat(reconnecting.data().getJsonObject("member").getString("participantId")).isEqualTo(bob.getUserId());
    assertThat(participantIds(meeting)).containsExactlyInAnyOrder(alice.getUserId(), bob.getUserId());

    parley.clock.advance(Duration.ofSeconds(31));

    Frame left = room.await("room.member-left");
    assertThat(left.data().getString("participantId")).isEqualTo(bob.getUserId());
    assertThat(left.data().getString("reason")).isEqualTo("disconnected");
    assertThat(participantIds(meeting)).containsExactly(alice.getUserId());
  }

  @Test
  @DisplayName("A relay to a member whose gateway node has gone marks them reconnecting as well")
  void relayToVanishedNode() throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    parley.join(meeting, bob, nodeB);
    nodeB.unregister();

    refused(signaling.signal(id(meeting), bob.getUserId(), "ice-candidate", offer(), alice), ErrorCode.CONFLICT);

    assertThat(await(signaling.participants(id(meeting), alice)).stream().map(m -> (JsonObject) m)
        .filter(m -> m.getBoolean("reconnecting")).map(m -> m.getString("participantId")))
        .containsExactly(bob.getUserId());
  }

  @Test
  @DisplayName("A relay along a cached route that no longer holds (its change notice lost) finds the member's socket in Redis")
  void staleRouteIsLookedUpAgain() throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, alice, nodeA);
    Seat seat = parley.join(meeting, bob, nodeB);
    await(signaling.signal(id(meeting), bob.getUserId(), "offer", offer(), alice));
    nodeB.await("room.signal", seat.connectionId());
    String members = RoomStore.membersKey(id(meeting));
    JsonObject moved = new JsonObject(await(store.send(Request.cmd(Command.HGET).arg(members).arg(bob.getUserId())))
        .toString()).put(Member.NODE_ID, nodeA.nodeId()).put(Member.CONNECTION_ID, "conn-moved");
    await(store.send(Request.cmd(Command.HSET).arg(members).arg(bob.getUserId()).arg(moved.encode())));
    nodeB.closeSocket(seat.connectionId());

    JsonObject offer = offer().put("sdp", "v=0 second");
    await(signaling.signal(id(meeting), bob.getUserId(), "offer", offer, alice));

    assertThat(nodeA.await("room.signal", "conn-moved").data().getJsonObject("payload")).isEqualTo(offer);
    assertThat(await(signaling.participants(id(meeting), alice)).stream().map(m -> (JsonObject) m)
        .filter(m -> m.getBoolean("reconnecting"))).isEmpty();
  }

  // ---- dropped sockets and resume ----

  @Test
  @DisplayName("A dropped member keeps their place, resumes on a new connection with their token, and the room never sees a leave")
  void resume() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Recorder room = Recorder.room(parley.vertx, id(meeting));
    Seat host = parley.join(meeting, alice, nodeA);
    Seat seat = parley.join(meeting, bob, nodeB);
    await(signaling.updateSelf(id(meeting), new JsonObject().put("audio", true), bob));

    await(signaling.leave(id(meeting), seat.connectionId(), "disconnected", bob));
    Frame reconnecting = room.await("bob reconnecting", frame -> "room.member-updated".equals(frame.type())
        && frame.data().getJsonObject("member").getBoolean("reconnecting"));
    assertThat(reconnecting.data().getJsonObject("member").getBoolean("audio")).isTrue();

    parley.clock.advance(Duration.ofSeconds(20));
    JsonObject resumed = await(signaling.resume(id(meeting), seat.joined().getString("resumeToken"), nodeA.nodeId(),
        "conn-resumed", bob));

    assertThat(resumed.getJsonObject("self")).isEqualTo(member(bob, "participant").put("audio", true));
    assertThat(resumed.getJsonArray("members")).containsExactly(member(alice, "host"));
    Frame back = room.await("bob back", frame -> "room.member-updated".equals(frame.type())
        && "conn-resumed".equals(frame.exclude()));
    assertThat(back.data().getJsonObject("member").getBoolean("reconnecting")).isFalse();
    JsonObject offer = offer();
    await(signaling.signal(id(meeting), bob.getUserId(), "offer", offer, alice));
    assertThat(nodeA.await("room.signal", "conn-resumed").data().getJsonObject("payload")).isEqualTo(offer);

    parley.clock.advance(Duration.ofSeconds(20));
    markRoom(meeting, host);
    assertThat(participantIds(meeting)).containsExactlyInAnyOrder(alice.getUserId(), bob.getUserId());
    assertThat(room.types()).doesNotContain("room.member-left")
        .as("only the two first arrivals").filteredOn("room.member-joined"::equals).hasSize(2);
  }

  @Test
  @DisplayName("A resume with another token, by someone else, or after the grace ran out is refused as NOT_FOUND")
  void resumeRefused() throws Exception {
    JsonObject meeting = meetingWith(bob, carol);
    Recorder room = Recorder.room(parley.vertx, id(meeting));
    parley.join(meeting, alice, nodeA);
    Seat bobs = parley.join(meeting, bob, nodeB);
    Seat carols = parley.join(meeting, carol, nodeB);
    String token = bobs.joined().getString("resumeToken");
    await(signaling.leave(id(meeting), bobs.connectionId(), "disconnected", bob));

    refused(signaling.resume(id(meeting), carols.joined().getString("resumeToken"), nodeA.nodeId(), "c1", bob),
        ErrorCode.NOT_FOUND);
    refused(signaling.resume(id(meeting), token, nodeA.nodeId(), "c2", carol), ErrorCode.NOT_FOUND);
    refused(signaling.resume(id(meeting), token, nodeA.nodeId(), "c3", mallory), ErrorCode.NOT_FOUND);

    parley.clock.advance(Duration.ofSeconds(31));
    room.await("room.member-left");
    refused(signaling.resume(id(meeting), token, nodeA.nodeId(), "c4", bob), ErrorCode.NOT_FOUND);
    assertThat(participantIds(meeting)).containsExactlyInAnyOrder(alice.getUserId(), carol.getUserId());
  }

  @Test
  @DisplayName("The members of a gateway node that stops sending heartbeats are removed once its liveness runs out")
  void deadGateway() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Recorder room = Recorder.room(parley.vertx, id(meeting));
    await(signaling.heartbeat(nodeA.nodeId()));
    await(signaling.heartbeat(nodeB.nodeId()));
    parley.join(meeting, alice, nodeA);
    parley.join(meeting, bob, nodeB);

    parley.clock.advance(Duration.ofSeconds(SignalingService.NODE_TTL_SECONDS - 5));
    await(signaling.heartbeat(nodeA.nodeId()));
    parley.clock.advance(Duration.ofSeconds(10));

    Frame left = room.await("room.member-left");
    assertThat(left.data().getString("participantId")).isEqualTo(bob.getUserId());
    assertThat(left.data().getString("reason")).isEqualTo("disconnected");
    assertThat(participantIds(meeting)).containsExactly(alice.getUserId());
  }

  @Test
  @DisplayName("Joining hands out the configured STUN and TURN servers, with TURN credentials by the TURN REST convention")
  void iceServers() throws Exception {
    JsonObject meeting = meetingWith(bob);

    JsonArray servers = parley.join(meeting, bob, nodeA).joined().getJsonArray("iceServers");

    assertThat(servers.getJsonObject(0).getJsonArray("urls")).containsExactly(Deployment.STUN_URI);
    JsonObject turn = servers.getJsonObject(1);
    assertThat(turn.getJsonArray("urls")).containsExactly(Deployment.TURN_URI);
    long expiry = parley.clock.instant().plus(Duration.ofDays(1)).getEpochSecond();
    assertThat(turn.getString("username")).isEqualTo(expiry + ":" + bob.getUserId());
    assertThat(turn.getString("credential")).isEqualTo(IceServersTest.hmacSha1Base64(Deployment.TURN_SECRET,
        turn.getString("username")));
  }

  // ---- lobby ----

  @Test
  @DisplayName("With the lobby on, a participant waits; the host sees them and lets them in, and their next join enters")
  void lobbyAdmit() throws Exception {
    JsonObject meeting = lobbyMeetingWith(bob);
    Seat host = parley.join(meeting, alice, nodeA);
    assertThat(host.joined().getJsonArray("lobby")).isEmpty();

    String waitingConnection = "conn-waiting";
    JsonObject waiting = await(signaling.join(id(meeting), nodeB.nodeId(), waitingConnection, bob));

    assertThat(waiting).isEqualTo(new JsonObject().put("waiting", true));
    assertThat(participantIds(meeting)).containsExactly(alice.getUserId());
    Frame lobby = nodeA.await("room.lobby", host.connectionId());
    assertThat(lobby.data().getJsonArray("waiting")).containsExactly(
        new JsonObject().put("participantId", bob.getUserId()).put("displayName", "Bob"));
    refused(signaling.hostAction(id(meeting), "admit", new JsonObject().put("participantId", bob.getUserId()), bob),
        ErrorCode.FORBIDDEN);

    await(signaling.hostAction(id(meeting), "admit", new JsonObject().put("participantId", bob.getUserId()), alice));

    nodeB.await("room.admitted", waitingConnection);
    JsonObject entered = await(signaling.join(id(meeting), nodeB.nodeId(), waitingConnection, bob));
    assertThat(entered.getJsonObject("self").getString("participantId")).isEqualTo(bob.getUserId());
    assertThat(participantIds(meeting)).containsExactlyInAnyOrder(alice.getUserId(), bob.getUserId());
  }

  @Test
  @DisplayName("A denied participant is told so and stays out; one who stops waiting leaves the lobby")
  void lobbyDeny() throws Exception {
    JsonObject meeting = lobbyMeetingWith(bob, carol);
    Seat host = parley.join(meeting, alice, nodeA);
    await(signaling.join(id(meeting), nodeB.nodeId(), "conn-bob", bob));
    await(signaling.join(id(meeting), nodeB.nodeId(), "conn-carol", carol));

    await(signaling.hostAction(id(meeting), "deny", new JsonObject().put("participantId", bob.getUserId()), alice));
    nodeB.await("room.denied", "conn-bob");
    assertThat(await(signaling.join(id(meeting), nodeB.nodeId(), "conn-bob", bob))).isEqualTo(new JsonObject().put("waiting", true));

    await(signaling.leave(id(meeting), "conn-carol", "disconnected", carol));
    refused(signaling.hostAction(id(meeting), "admit", new JsonObject().put("participantId", carol.getUserId()), alice),
        ErrorCode.NOT_FOUND);
    assertThat(participantIds(meeting)).containsExactly(alice.getUserId());
    assertThat(host.joined().getJsonArray("lobby")).isEmpty();
  }

  private static JsonObject lobbyMeetingWith(Caller... members) throws Exception {
    JsonObject meeting = await(parley.meetings.create(new JsonObject().put("title", "Waiting room")
        .put("settings", new JsonObject().put("lobby", true)), alice));
    parley.admit(meeting, members);
    return meeting;
  }

  // ---- media state ----

  @Test
  @DisplayName("Turning on audio and video is stored and shown to the others, not echoed to oneself")
  void updateSelf() throws Exception {
    JsonObject meeting = meetingWith(bob);
    Recorder room = Recorder.room(parley.vertx, id(meeting));
    parley.join(meeting, alice, nodeA);
    Seat seat = parley.join(meeting, bob, nodeB);

    JsonObject self = await(signaling.updateSelf(id(meeting), new JsonObject().put("audio", true).put("video", true)
        .put("handRaised", true), bob));

    JsonObject expected = member(bob, "participant").put("audio", true).put("video", true).put("handRaised", true);
    assertThat(self).isEqualTo(expected);
    Frame updated = room.await("room.member-updated");
    assertThat(updated.data().getJsonObject("member")).isEqualTo(expected);
    assertThat(updated.exclude()).isEqualTo(seat.connectionId());
    assertThat(await(signaling.participants(id(meeting), alice))).contains(expected);
  }

  static Stream<Arguments> malformedChanges() {
    return Stream.of(
        Arguments.of("a role", new JsonObject().put("role", "host"), "role"),
        Arguments.of("force-muted", new JsonObject().put("forceMuted", false), "forceMuted"),
        Arguments.of("a connection", new JsonObject().put("audio", true).put("connectionId", "x"), "connectionId"),
        Arguments.of("audio as text", new JsonObject().put("audio", "on"), "audio"),
        Arguments.of("video as null", new JsonObject().putNull("video"), "video"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedChanges")
  @DisplayName("Changing anything but one's own audio, video, screen or raised hand is refused and changes nothing")
  void malformedUpdate(String description, JsonObject changes, String field) throws Exception {
    JsonObject meeting = meetingWith(bob);
    parley.join(meeting, bob, nodeA);

    ServiceException refusal = refused(signaling.updateSelf(id(meeting), changes, bob), ErrorCode.BAD_REQUEST);

    assertThat(refusal.getDebugInfo().getString(ErrorCode.FIELD)).isEqualTo(field);
    assertThat(await(signaling.participants(id(meeting), bob))).containsExactly(member(bob, "participant"));
  }

  @Test
  @DisplayName("Only someone in the room can change their media state there")
  void updateOutsideTheRoom() throws Exception {
    JsonObject meeting = meetingWith(bob);

    refused(signaling.updateSelf(id(meeting), new JsonObject().put("audio", true), bob), ErrorCode.FORBIDDEN);
  }

  // ---- participants ----

  @Test
  @DisplayName("Any member of the meeting may list who is in the room, in the order they came; others may not")
  void participants() throws Exception {
    JsonObject meeting = meetingWith(bob, carol);
    parley.join(meeting, alice, nodeA);
    parley.clock.advance(Duration.ofSeconds(1));
    parley.join(meeting, bob, nodeB);

    JsonArray members = await(signaling.participants(id(meeting), carol));

    assertThat(members).containsExactly(member(alice, "host"), member(bob, "participant"));
    refused(signaling.participants(id(meeting), mallory), ErrorCode.NOT_FOUND);
  }

  // ---- helpers ----

  /** @return a new meeting hosted by Alice with the others as members */
  private static JsonObject meetingWith(Caller... members) throws Exception {
    JsonObject meeting = parley.meeting(alice, 8);
    parley.admit(meeting, members);
    return meeting;
  }

  /** Publishes a last frame to the room from the service, after everything it published before. */
  private static void markRoom(JsonObject meeting, Seat seat) throws Exception {
    await(signaling.updateSelf(id(meeting), new JsonObject().put("handRaised", true), seat.caller()));
  }

  private static List<String> participantIds(JsonObject meeting) throws Exception {
    return await(signaling.participants(id(meeting), alice)).stream()
        .map(member -> ((JsonObject) member).getString("participantId")).toList();
  }

  /** @return the member JSON of someone who just came in */
  static JsonObject member(Caller caller, String role) {
    return new JsonObject().put("participantId", caller.getUserId()).put("displayName", caller.getDisplayName())
        .put("role", role).put("audio", false).put("video", false).put("screen", false).put("handRaised", false)
        .put("forceMuted", false).put("reconnecting", false);
  }

  private static JsonObject offer() {
    return new JsonObject().put("type", "offer").put("sdp", "v=0\r\n");
  }

  private static String id(JsonObject meeting) {
    return meeting.getString("id");
  }
}
