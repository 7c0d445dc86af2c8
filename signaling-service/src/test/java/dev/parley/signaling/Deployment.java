package dev.parley.signaling;

import dev.parley.common.config.ParleyConfig;
import dev.parley.api.Caller;
import dev.parley.api.JsonObjectText;
import dev.parley.api.auth.AuthService;
import dev.parley.api.meeting.MeetingService;
import dev.parley.api.signaling.LocalSignal;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.Colocation;
import dev.parley.auth.AuthVerticle;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EventLoops;
import dev.parley.common.testing.TestConfig;
import dev.parley.meeting.MeetingVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.parley.signaling.Futures.await;

/**
 * The auth, meeting and signaling services deployed in one Vert.x against the embedded stores, with
 * helpers to make accounts, meetings and room members the way the gateway would.
 */
final class Deployment {

  /**
   * Someone in a live room.
   *
   * @param node the fake gateway node holding their socket
   * @param joined the reply to their join
   */
  record Seat(Caller caller, Recorder node, String connectionId, JsonObject joined) {
    String id() {
      return caller.getUserId();
    }
  }

  static final String STUN_URI = "stun:stun.parley.test:3478";
  static final String TURN_URI = "turn:turn.parley.test:3478?transport=udp";
  static final String TURN_SECRET = "north-wind-secret";

  final Vertx vertx;
  final TestClock clock;
  final AuthService auth;
  final MeetingService meetings;
  final SignalingService signaling;
  /** Where the signaling service counts its signals. */
  final MeterRegistry metrics;
  /** A context on the signaling instance's event loop, found on first use. */
  private Context besideSignaling;

  private Deployment(Vertx vertx, TestClock clock, MeterRegistry metrics) {
    this.vertx = vertx;
    this.clock = clock;
    this.metrics = metrics;
    this.auth = AuthService.createProxy(vertx);
    this.meetings = MeetingService.createProxy(vertx);
    this.signaling = SignalingService.createProxy(vertx);
  }

  static Deployment start(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    Vertx vertx = Vertx.vertx();
    TestClock clock = new TestClock();
    MeterRegistry metrics = new SimpleMeterRegistry();
    DeploymentOptions options = new DeploymentOptions().setConfig(TestConfig.forStores(mongo, redis, smtp)
        .put(ParleyConfig.STUN_URIS, STUN_URI).put(ParleyConfig.TURN_URIS, TURN_URI)
        .put(ParleyConfig.TURN_SECRET, TURN_SECRET));
    await(Future.all(vertx.deployVerticle(new AuthVerticle(), options),
        vertx.deployVerticle(new MeetingVerticle(), options),
        vertx.deployVerticle(new SignalingVerticle(clock, metrics), options)));
    return new Deployment(vertx, clock, metrics);
  }

  /**
   * Sends a signal as a {@link LocalSignal} to the signaling instance's local relay address, from a
   * context on its event loop, as a gateway deployed beside it does.
   */
  Future<Void> relayLocally(String meetingId, String to, String kind, JsonObjectText payload, Caller caller)
      throws Exception {
    if (besideSignaling == null) {
      for (Context context : EventLoops.contexts(vertx, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)) {
        if (!LocalSignal.ADDRESS.equals(EventLoops.on(context, () -> Colocation.address(vertx, LocalSignal.ADDRESS)))) {
          besideSignaling = context;
        }
      }
      if (besideSignaling == null) {
        throw new AssertionError("The signaling instance did not register its local relay address");
      }
    }
    return EventLoops.on(besideSignaling, () -> vertx.eventBus().request(Colocation.address(vertx, LocalSignal.ADDRESS),
        new LocalSignal(meetingId, to, kind, payload, caller), LocalSignal.delivery(10_000)).mapEmpty());
  }

  void close() throws Exception {
    await(vertx.close());
  }

  /** @return the callers of new accounts, signed up with the auth service */
  List<Caller> accounts(String... names) throws Exception {
    List<Future<Caller>> signups = new ArrayList<>();
    for (String name : names) {
      String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID() + "@example.test";
      signups.add(auth.signup(email, "violet-otter-" + UUID.randomUUID(), name, Caller.anonymous("test", "192.0.2.1"))
          .map(session -> new Caller().setUserId(session.getUser().getId()).setDisplayName(name)
              .setRole(Caller.ROLE_USER).setCorrelationId("test-" + UUID.randomUUID())));
    }
    return await(Future.all(signups)).list();
  }

  /** @return a new meeting hosted by {@code host}, as the host sees it */
  JsonObject meeting(Caller host, int participantLimit) throws Exception {
    return await(meetings.create(new JsonObject().put("title", "Stand-up")
        .put("settings", new JsonObject().put("participantLimit", participantLimit)), host));
  }

  /** Makes each caller a member of the meeting through its join link. */
  void admit(JsonObject meeting, Caller... members) throws Exception {
    for (Caller member : members) {
      await(meetings.join(meeting.getString("joinCode"), null, member));
    }
  }

  /** @return a guest admitted to the meeting by its link, as the gateway would present them */
  Caller guest(JsonObject meeting, String name) throws Exception {
    JsonObject admitted = await(meetings.join(meeting.getString("joinCode"), name, Caller.anonymous("test", "192.0.2.9")));
    return new Caller().setUserId(admitted.getString("participantId")).setDisplayName(name).setRole(Caller.ROLE_GUEST)
        .setMeetingId(meeting.getString("id")).setCorrelationId("test-" + UUID.randomUUID());
  }

  /** Joins the live room on a fresh connection of the node; fails the test if the join is refused. */
  Seat join(JsonObject meeting, Caller who, Recorder node) throws Exception {
    String connectionId = "conn-" + UUID.randomUUID();
    JsonObject joined = await(signaling.join(meeting.getString("id"), node.nodeId(), connectionId, who));
    return new Seat(who, node, connectionId, joined);
  }

  /** @return a join of the live room on a fresh connection of the node, as it came */
  Future<JsonObject> tryJoin(JsonObject meeting, Caller who, Recorder node) {
    return signaling.join(meeting.getString("id"), node.nodeId(), "conn-" + UUID.randomUUID(), who);
  }
}
