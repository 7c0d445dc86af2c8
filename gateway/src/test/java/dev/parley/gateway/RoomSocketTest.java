package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.gateway.ws.RoomFrames;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Live rooms over raw WebSockets through the gateway, against the real services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class RoomSocketTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
    http = new Http(harness.client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  /** A host's meeting with a guest who joined by link; both sockets in the room. */
  private record Room(String meetingId, TestSocket host, String hostId, TestSocket guest, String guestId,
                      String hostToken, String guestToken, String joinCode, String guestResumeToken) {
  }

  private static Room room() {
    JsonObject hostAccount = http.signup("Room Host");
    String hostToken = hostAccount.getString("accessToken");
    JsonObject meeting = Http.await(harness.client().post("/api/v1/meetings").putHeader("Authorization", "Bearer " + hostToken)
        .sendJsonObject(new JsonObject().put("title", "Room test"))).bodyAsJsonObject();
    JsonObject guestJoin = http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"),
        new JsonObject().put("displayName", "Room Guest")).bodyAsJsonObject();
    TestSocket host = TestSocket.authenticated(vertx, harness.port(), hostToken);
    TestSocket guest = TestSocket.authenticated(vertx, harness.port(), guestJoin.getString("guestToken"));
    String meetingId = meeting.getString("id");
    JsonObject hostJoined = host.request("room.join", new JsonObject().put("meetingId", meetingId));
    assertThat(hostJoined.getBoolean("ok")).as(hostJoined.encode()).isTrue();
    assertThat(hostJoined.getJsonObject("data").getBoolean("lobbyOn")).as("a host learns whether the lobby is on").isFalse();
    JsonObject guestJoined = guest.request("room.join", new JsonObject().put("meetingId", meetingId));
    assertThat(guestJoined.getBoolean("ok")).as(guestJoined.encode()).isTrue();
    assertThat(host.next().getString("type")).isEqualTo("room.member-joined");
    return new Room(meetingId, host, hostAccount.getJsonObject("user").getString("id"), guest,
        guestJoin.getString("participantId"), hostToken, guestJoin.getString("guestToken"), meeting.getString("joinCode"),
        guestJoined.getJsonObject("data").getString("resumeToken"));
  }

  @Test
  @DisplayName("An offer, an answer and ICE candidates are relayed between two members of a room")
  void relay() {
    Room room = room();
    JsonObject offer = new JsonObject().put("type", "offer").put("sdp", "v=0 fake offer");
    JsonObject sent = room.host().request("room.signal", new JsonObject().put("meetingId", room.meetingId())
        .put("to", room.guestId()).put("kind", "offer").put("payload", offer));
    assertThat(sent.getBoolean("ok")).as(sent.encode()).isTrue();
    JsonObject received = room.guest().next();
    assertThat(received.getString("type")).isEqualTo("room.signal");
    assertThat(received.getJsonObject("data").getString("from")).isEqualTo(room.hostId());
    assertThat(received.getJsonObject("data").getString("kind")).isEqualTo("offer");
    assertThat(received.getJsonObject("data").getJsonObject("payload")).isEqualTo(offer);

    room.guest().request("room.signal", new JsonObject().put("meetingId", room.meetingId()).put("to", room.hostId())
        .put("kind", "ice-candidate").put("payload", new JsonObject().put("candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host")));
    assertThat(room.host().next().getJsonObject("data").getString("kind")).isEqualTo("ice-candidate");
  }

  @Test
  @DisplayName("A signal's payload is relayed as sent, also when 'data' comes before 'type'; a broken payload or meeting id is refused")
  void payloadAsSent() throws Exception {
    Room room = room();
    String payload = "{\"type\": \"offer\", \"sdp\": \"v=0\\r\\ns=Zoë \\\"}\\\"\\r\\n\", \"n\": 1.50}";
    String data = "{\"meetingId\":\"" + room.meetingId() + "\",\"to\":\"" + room.guestId() + "\",\"kind\":\"offer\",\"payload\":" + payload + "}";

    room.host().sendRaw("{\"type\":\"room.signal\",\"id\":\"1\",\"data\":" + data + "}");
    JsonObject received = room.guest().next();
    assertThat(received.getJsonObject("data").getJsonObject("payload")).isEqualTo(new JsonObject(payload));
    assertThat(received.getJsonObject("data").getString("from")).isEqualTo(room.hostId());
    assertThat(room.host().next().getBoolean("ok")).isTrue();

    room.host().sendRaw("{\"id\":\"2\",\"data\":" + data + ",\"type\":\"room.signal\"}");
    assertThat(room.guest().next().getJsonObject("data").getJsonObject("payload")).isEqualTo(new JsonObject(payload));
    assertThat(room.host().next().getBoolean("ok")).isTrue();

    room.host().sendRaw("{\"type\":\"room.signal\",\"id\":\"3\",\"data\":" + data.replace("1.50}", "1.50,}") + "}");
    JsonObject refused = room.host().next();
    assertThat(refused.getBoolean("ok")).isFalse();
    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("bad_request");
    room.host().sendRaw("{\"type\":\"room.signal\",\"id\":\"4\",\"data\":" + data.replace(room.meetingId(), "no/such meeting") + "}");
    JsonObject noMeeting = room.host().next();
    assertThat(noMeeting.getJsonObject("error").getString("code")).isEqualTo("bad_request");
    assertThat(noMeeting.getJsonObject("error").getString("message")).contains("'meetingId'");
    assertThat(room.guest().nothingWithin(300)).isTrue();
  }

  @Test
  @DisplayName("A signal sent without an id is a notification: relayed, with no reply unless it fails")
  void signalNotification() {
    Room room = room();
    JsonObject signal = new JsonObject().put("meetingId", room.meetingId()).put("to", room.guestId())
        .put("kind", "ice-candidate").put("payload", new JsonObject().put("candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host"));
    room.host().sendRaw(new JsonObject().put("type", "room.signal").put("data", signal).encode());
    room.host().sendRaw(new JsonObject().put("type", "room.signal").put("id", "second").put("data", signal.copy()
        .put("kind", "offer").put("payload", new JsonObject().put("sdp", "v=0 after the candidate"))).encode());

    assertThat(room.guest().next().getJsonObject("data").getString("kind")).isEqualTo("ice-candidate");
    assertThat(room.guest().next().getJsonObject("data").getString("kind")).isEqualTo("offer");
    // The gateway relays each socket's signals one after the other, so a reply to the first would come first.
    JsonObject first = room.host().next();
    assertThat(first.getString("re")).as(first.encode()).isEqualTo("second");
    assertThat(first.getBoolean("ok")).isTrue();

    room.host().sendRaw(new JsonObject().put("type", "room.signal").put("data", signal.copy().put("to", "nobody")).encode());
    JsonObject refused = room.host().next();
    assertThat(refused.getString("type")).isEqualTo("reply");
    assertThat(refused.getValue("re")).isNull();
    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("forbidden");
  }

  @Test
  @DisplayName("A relay to someone outside the room is refused and delivers nothing")
  void relayOutsideRoom() throws Exception {
    Room room = room();
    Room other = room();
    JsonObject refused = room.guest().request("room.signal", new JsonObject().put("meetingId", room.meetingId())
        .put("to", other.hostId()).put("kind", "offer").put("payload", new JsonObject().put("sdp", "x")));
    assertThat(refused.getBoolean("ok")).isFalse();
    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("forbidden");
    assertThat(other.host().nothingWithin(300)).isTrue();

    JsonObject wrongRoom = room.guest().request("room.signal", new JsonObject().put("meetingId", other.meetingId())
        .put("to", other.hostId()).put("kind", "offer").put("payload", new JsonObject().put("sdp", "x")));
    assertThat(wrongRoom.getBoolean("ok")).isFalse();
    assertThat(other.host().nothingWithin(300)).isTrue();
  }

  @Test
  @DisplayName("A non-host sending every host action gets forbidden each time and the room is unchanged")
  void hostActionsForbidden() {
    Room room = room();
    JsonArray before = room.host().request("room.participants", new JsonObject().put("meetingId", room.meetingId()))
        .getJsonObject("data").getJsonArray("members");
    for (String action : RoomFrames.HOST_ACTIONS) {
      JsonObject args = new JsonObject().put("meetingId", room.meetingId()).put("participantId", room.hostId())
          .put("locked", true).put("seconds", 30).put("hard", true);
      JsonObject reply = room.guest().request("room." + action, args);
      assertThat(reply.getBoolean("ok")).as(action).isFalse();
      assertThat(reply.getJsonObject("error").getString("code")).as(action).isEqualTo("forbidden");
    }
    JsonArray after = room.host().request("room.participants", new JsonObject().put("meetingId", room.meetingId()))
        .getJsonObject("data").getJsonArray("members");
    assertThat(after).isEqualTo(before);
    assertThat(room.host().isClosed()).isFalse();
  }

  @Test
  @DisplayName("A removed guest is told so, stops receiving the room, and cannot rejoin")
  void removal() throws Exception {
    Room room = room();
    JsonObject removed = room.host().request("room.remove", new JsonObject().put("meetingId", room.meetingId())
        .put("participantId", room.guestId()));
    assertThat(removed.getBoolean("ok")).as(removed.encode()).isTrue();
    assertThat(room.guest().next().getString("type")).isEqualTo("room.removed");
    assertThat(room.host().next().getJsonObject("data").getString("reason")).isEqualTo("removed");

    room.host().request("room.lock", new JsonObject().put("meetingId", room.meetingId()).put("locked", false));
    assertThat(room.guest().nothingWithin(300)).as("no more room pushes after removal").isTrue();
    JsonObject rejoin = room.guest().request("room.join", new JsonObject().put("meetingId", room.meetingId()));
    assertThat(rejoin.getJsonObject("error").getString("code")).isEqualTo("forbidden");
  }

  @Test
  @DisplayName("A member whose socket drops shows as reconnecting, resumes on a new socket, and the others never see a leave")
  void dropAndResume() throws Exception {
    Room room = room();
    room.guest().close();
    JsonObject reconnecting = room.host().next();
    assertThat(reconnecting.getString("type")).isEqualTo("room.member-updated");
    assertThat(reconnecting.getJsonObject("data").getJsonObject("member").getBoolean("reconnecting")).isTrue();

    TestSocket again = TestSocket.authenticated(vertx, harness.port(), room.guestToken());
    JsonObject resumed = again.request("session.resume", new JsonObject().put("rooms",
        new JsonObject().put(room.meetingId(), room.guestResumeToken())));

    JsonObject answer = resumed.getJsonObject("data").getJsonObject("rooms").getJsonObject(room.meetingId());
    assertThat(answer.getBoolean("ok")).as(resumed.encode()).isTrue();
    assertThat(answer.getJsonObject("data").getJsonArray("members")).hasSize(1);
    JsonObject back = room.host().next();
    assertThat(back.getString("type")).isEqualTo("room.member-updated");
    assertThat(back.getJsonObject("data").getJsonObject("member").getBoolean("reconnecting")).isFalse();
    room.host().request("room.signal", new JsonObject().put("meetingId", room.meetingId()).put("to", room.guestId())
        .put("kind", "offer").put("payload", new JsonObject().put("sdp", "v=0 after resume")));
    assertThat(again.nextOfType("room.signal").getJsonObject("data").getJsonObject("payload").getString("sdp"))
        .isEqualTo("v=0 after resume");
    assertThat(room.host().nothingWithin(300)).as("no member-left, no member-joined").isTrue();
  }

  @Test
  @DisplayName("A resume with a wrong token is answered per room with not_found, and a malformed resume with bad_request")
  void resumeRefused() {
    Room room = room();
    room.guest().close();
    TestSocket again = TestSocket.authenticated(vertx, harness.port(), room.guestToken());

    JsonObject wrong = again.request("session.resume", new JsonObject().put("rooms",
        new JsonObject().put(room.meetingId(), "not-the-token")));
    JsonObject answer = wrong.getJsonObject("data").getJsonObject("rooms").getJsonObject(room.meetingId());
    assertThat(answer.getBoolean("ok")).isFalse();
    assertThat(answer.getJsonObject("error").getString("code")).isEqualTo("not_found");

    JsonObject malformed = again.request("session.resume", new JsonObject().put("rooms", "everything"));
    assertThat(malformed.getJsonObject("error").getString("code")).isEqualTo("bad_request");
  }

  @Test
  @DisplayName("REST for platform users: anyone in the meeting lists the room; only the host mutes, removes and ends")
  void platformRest() throws Exception {
    Room room = room();
    String base = "/api/v1/meetings/" + room.meetingId();

    var listed = http.getWithToken(base + "/participants", room.guestToken());
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items")).extracting(m -> ((JsonObject) m).getString("participantId"))
        .containsExactly(room.hostId(), room.guestId());
    assertThat(http.getWithToken(base + "/participants", http.signup("Stranger").getString("accessToken")).statusCode())
        .as("strangers cannot see who is in a meeting").isEqualTo(404);

    assertThat(http.postWithToken(base + "/participants/" + room.hostId() + "/mute", room.guestToken(), new JsonObject())
        .statusCode()).isEqualTo(403);
    assertThat(http.deleteWithToken(base + "/participants/" + room.hostId(), room.guestToken()).statusCode()).isEqualTo(403);
    assertThat(http.postWithToken(base + "/end", room.guestToken(), new JsonObject()).statusCode()).isEqualTo(403);
    assertThat(room.host().nothingWithin(200)).as("refused actions change nothing").isTrue();

    var muted = http.postWithToken(base + "/participants/" + room.guestId() + "/mute", room.hostToken(),
        new JsonObject().put("hard", true));
    assertThat(muted.statusCode()).as(muted.bodyAsString()).isEqualTo(200);
    assertThat(muted.bodyAsJsonObject().getBoolean("forceMuted")).isTrue();
    assertThat(room.guest().next().getString("type")).isEqualTo("room.muted");
    assertThat(http.postWithToken(base + "/participants/" + room.guestId() + "/mute", room.hostToken(),
        new JsonObject().put("loud", true)).statusCode()).as("unknown fields are refused").isEqualTo(400);

    assertThat(http.deleteWithToken(base + "/participants/" + room.guestId(), room.hostToken()).statusCode()).isEqualTo(204);
    assertThat(room.guest().nextOfType("room.removed")).isNotNull();

    assertThat(http.postWithToken(base + "/end", room.hostToken(), new JsonObject()).statusCode()).isEqualTo(204);
    assertThat(room.host().nextOfType("room.ended")).isNotNull();
    assertThat(http.postWithToken("/api/v1/meetings/join/" + room.joinCode(), http.signup("Latecomer").getString("accessToken"),
        new JsonObject()).statusCode()).as("the link is closed once the meeting ended").isEqualTo(409);
  }

  @Test
  @DisplayName("Deleting a meeting: refused for a guest with the call untouched; the host's deletion ends the live room for everyone")
  void deleteEndsRoom() throws Exception {
    Room room = room();
    String meeting = "/api/v1/meetings/" + room.meetingId();

    assertThat(http.deleteWithToken(meeting, room.guestToken()).statusCode()).isEqualTo(403);
    assertThat(room.guest().nothingWithin(200)).as("a refused deletion does not end the call").isTrue();
    assertThat(http.getWithToken(meeting, room.hostToken()).statusCode()).isEqualTo(200);

    assertThat(http.deleteWithToken(meeting, room.hostToken()).statusCode()).isEqualTo(204);
    assertThat(room.guest().nextOfType("room.ended")).isNotNull();
    assertThat(room.host().nextOfType("room.ended")).isNotNull();
    assertThat(http.getWithToken(meeting, room.hostToken()).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("A direct call rings every socket of the callee; accepting sends both to a two-person room they can join")
  void directCall() {
    JsonObject caller = http.signup("Carla Caller");
    JsonObject callee = http.signup("Cody Callee");
    TestSocket calling = TestSocket.authenticated(vertx, harness.port(), caller.getString("accessToken"));
    TestSocket phone = TestSocket.authenticated(vertx, harness.port(), callee.getString("accessToken"));
    TestSocket laptop = TestSocket.authenticated(vertx, harness.port(), callee.getString("accessToken"));

    JsonObject started = calling.request("call.start", new JsonObject().put("userId", callee.getJsonObject("user").getString("id")));
    assertThat(started.getBoolean("ok")).as(started.encode()).isTrue();
    String callId = started.getJsonObject("data").getString("callId");
    assertThat(phone.nextOfType("call.incoming").getJsonObject("data").getString("callId")).isEqualTo(callId);
    assertThat(laptop.nextOfType("call.incoming").getJsonObject("data").getJsonObject("from").getString("displayName"))
        .isEqualTo("Carla Caller");

    JsonObject accepted = laptop.request("call.accept", new JsonObject().put("callId", callId));
    assertThat(accepted.getBoolean("ok")).as(accepted.encode()).isTrue();
    String meetingId = accepted.getJsonObject("data").getString("meetingId");
    assertThat(phone.nextOfType("call.accepted").getJsonObject("data").getString("meetingId"))
        .as("the other client stops ringing").isEqualTo(meetingId);
    assertThat(calling.nextOfType("call.accepted").getJsonObject("data").getString("meetingId")).isEqualTo(meetingId);
    assertThat(calling.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(laptop.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    JsonObject again = phone.request("call.accept", new JsonObject().put("callId", callId));
    assertThat(again.getJsonObject("error").getString("code")).isEqualTo("conflict");
  }
}
