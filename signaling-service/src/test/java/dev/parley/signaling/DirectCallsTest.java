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
import dev.parley.signaling.Recorder.Frame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.parley.signaling.Futures.await;
import static dev.parley.signaling.Futures.refused;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Direct calls between signed-in users")
class DirectCallsTest {

  private static Deployment parley;
  private static SignalingService signaling;
  private Caller alice;
  private Caller bob;
  private Recorder alices;
  private Recorder bobs;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    parley = Deployment.start(mongo, redis, smtp);
    signaling = parley.signaling;
  }

  @AfterAll
  static void close() throws Exception {
    parley.close();
  }

  @BeforeEach
  void people() throws Exception {
    List<Caller> people = parley.accounts("Alice", "Bob");
    alice = people.get(0);
    bob = people.get(1);
    alices = Recorder.user(parley.vertx, alice.getUserId());
    bobs = Recorder.user(parley.vertx, bob.getUserId());
  }

  @Test
  @DisplayName("A call rings the callee's clients; accepting makes a two-person meeting both can join, and both are told")
  void accepted() throws Exception {
    JsonObject started = await(signaling.startCall(bob.getUserId(), alice));

    Frame incoming = bobs.await("call.incoming");
    assertThat(incoming.data().getString("callId")).isEqualTo(started.getString("callId"));
    assertThat(incoming.data().getJsonObject("from"))
        .isEqualTo(new JsonObject().put("id", alice.getUserId()).put("displayName", "Alice"));

    JsonObject accepted = await(signaling.answerCall(started.getString("callId"), true, bob));

    String meetingId = accepted.getString("meetingId");
    assertThat(alices.await("call.accepted").data().getString("meetingId")).isEqualTo(meetingId);
    assertThat(bobs.await("call.accepted").data().getString("meetingId")).isEqualTo(meetingId);
    JsonObject meeting = await(parley.meetings.get(meetingId, bob));
    assertThat(meeting.getString("role")).isEqualTo("participant");
    assertThat(meeting.getJsonObject("settings").getInteger("participantLimit")).isEqualTo(2);
    assertThat(await(parley.meetings.get(meetingId, alice)).getString("role")).isEqualTo("host");
    Recorder node = Recorder.gateway(parley.vertx);
    parley.join(meeting, alice, node);
    parley.join(meeting, bob, node);
  }

  @Test
  @DisplayName("Unanswered for 30 s, a call is missed for both, and can no longer be accepted")
  void missed() throws Exception {
    JsonObject started = await(signaling.startCall(bob.getUserId(), alice));

    parley.clock.advance(Duration.ofSeconds(31));

    assertThat(alices.await("call.missed").data().getString("callId")).isEqualTo(started.getString("callId"));
    assertThat(bobs.await("call.missed").data().getString("callId")).isEqualTo(started.getString("callId"));
    refused(signaling.answerCall(started.getString("callId"), true, bob), ErrorCode.CONFLICT);
  }

  @Test
  @DisplayName("Rejecting and cancelling end the call for both; only the callee answers and only the caller cancels")
  void rejectAndCancel() throws Exception {
    String first = await(signaling.startCall(bob.getUserId(), alice)).getString("callId");
    refused(signaling.answerCall(first, true, alice), ErrorCode.NOT_FOUND);
    refused(signaling.cancelCall(first, bob), ErrorCode.NOT_FOUND);
    Caller mallory = parley.accounts("Mallory").get(0);
    refused(signaling.answerCall(first, true, mallory), ErrorCode.NOT_FOUND);

    assertThat(await(signaling.answerCall(first, false, bob)).getString("state")).isEqualTo("rejected");
    assertThat(alices.await("call.rejected").data().getString("callId")).isEqualTo(first);

    String second = await(signaling.startCall(bob.getUserId(), alice)).getString("callId");
    assertThat(await(signaling.cancelCall(second, alice)).getString("state")).isEqualTo("cancelled");
    assertThat(bobs.await("call.cancelled").data().getString("callId")).isEqualTo(second);
    refused(signaling.answerCall(second, true, bob), ErrorCode.CONFLICT);
  }

  @Test
  @DisplayName("An accept racing a cancel: exactly one wins")
  void acceptRacesCancel() throws Exception {
    for (int round = 0; round < 10; round++) {
      String callId = await(signaling.startCall(bob.getUserId(), alice)).getString("callId");
      List<Future<JsonObject>> race = new ArrayList<>();
      race.add(signaling.answerCall(callId, true, bob));
      race.add(signaling.cancelCall(callId, alice));
      await(Future.join(race).otherwiseEmpty());
      assertThat(race.stream().filter(Future::succeeded).count()).as("round " + round).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("Guests cannot call, nobody calls themself, and a malformed callee id is refused")
  void refusals() throws Exception {
    JsonObject meeting = parley.meeting(alice, 4);
    Caller guest = parley.guest(meeting, "Visitor");

    refused(signaling.startCall(bob.getUserId(), guest), ErrorCode.FORBIDDEN);
    refused(signaling.startCall(alice.getUserId(), alice), ErrorCode.BAD_REQUEST);
    refused(signaling.startCall("bob's {\"$ne\": 1}", alice), ErrorCode.BAD_REQUEST);
    assertThat(bobs.frames()).isEmpty();
  }

  @Test
  @DisplayName("Calling a user id that names no account is refused as not_found and rings nobody")
  void callingNobody() throws Exception {
    refused(signaling.startCall(java.util.UUID.randomUUID().toString(), alice), ErrorCode.NOT_FOUND);
    assertThat(bobs.frames()).isEmpty();
  }
}
