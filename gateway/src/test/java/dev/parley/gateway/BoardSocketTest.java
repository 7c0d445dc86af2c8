package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The whiteboard over raw WebSockets through the gateway, against the real services. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Whiteboard over the WebSocket")
class BoardSocketTest {

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

  private record Lesson(String meetingId, String hostToken, String studentToken) {
  }

  private static Lesson lesson() {
    String hostToken = http.signup("Tutor").getString("accessToken");
    String studentToken = http.signup("Student").getString("accessToken");
    JsonObject meeting = Http.await(harness.client().post("/api/v1/meetings").putHeader("Authorization", "Bearer " + hostToken)
        .sendJsonObject(new JsonObject().put("title", "Maths"))).bodyAsJsonObject();
    Http.await(harness.client().post("/api/v1/meetings/join/" + meeting.getString("joinCode"))
        .putHeader("Authorization", "Bearer " + studentToken).send());
    return new Lesson(meeting.getString("id"), hostToken, studentToken);
  }

  private static JsonObject rect(String meetingId, String id, int x) {
    return new JsonObject().put("meetingId", meetingId).put("opId", "op-" + id).put("op", new JsonObject().put("kind", "add")
        .put("element", new JsonObject().put("id", id).put("type", "rect").put("page", "p1").put("x", x).put("y", 0)
            .put("w", 10).put("h", 10).put("style", new JsonObject().put("color", "#1e1e1e").put("width", 2).put("fill", "none"))));
  }

  @Test
  @DisplayName("An op is acknowledged with its seq and pushed once to a synced member; markup in text stays text")
  void opAndPush() {
    Lesson lesson = lesson();
    TestSocket tutor = TestSocket.authenticated(vertx, harness.port(), lesson.hostToken());
    TestSocket student = TestSocket.authenticated(vertx, harness.port(), lesson.studentToken());
    JsonObject synced = student.request("board.sync", new JsonObject().put("meetingId", lesson.meetingId()).put("sinceSeq", 0));
    assertThat(synced.getBoolean("ok")).as(synced.encode()).isTrue();

    String markup = "<img src=x onerror=alert(1)>";
    JsonObject reply = tutor.request("board.op", new JsonObject().put("meetingId", lesson.meetingId()).put("opId", "t1")
        .put("op", new JsonObject().put("kind", "add").put("element", new JsonObject().put("id", "t1").put("type", "text")
            .put("page", "p1").put("x", 0).put("y", 0).put("size", 24).put("text", markup)
            .put("style", new JsonObject().put("color", "#e03131").put("width", 2).put("fill", "none")))));

    assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
    assertThat(reply.getJsonObject("data").getLong("seq")).isEqualTo(1);
    JsonObject push = student.nextOfType("board.op");
    assertThat(push.getJsonObject("data").getJsonObject("op").getJsonObject("element").getString("text")).isEqualTo(markup);
    assertThat(student.nothingWithinOfType("board.op", 300)).as("pushed once").isTrue();
  }

  @Test
  @DisplayName("A client that resumes with its last seq gets exactly the ops it missed, once, in order, then live ops")
  void resumeDeliversExactlyTheMissedOps() {
    Lesson lesson = lesson();
    TestSocket tutor = TestSocket.authenticated(vertx, harness.port(), lesson.hostToken());
    for (int i = 1; i <= 3; i++) {
      assertThat(tutor.request("board.op", rect(lesson.meetingId(), "a" + i, i)).getBoolean("ok")).isTrue();
    }
    TestSocket student = TestSocket.authenticated(vertx, harness.port(), lesson.studentToken());
    JsonObject resumed = student.request("session.resume", new JsonObject()
        .put("board", new JsonObject().put(lesson.meetingId(), 1)));
    tutor.request("board.op", rect(lesson.meetingId(), "a4", 4));

    JsonObject answer = resumed.getJsonObject("data").getJsonObject("board").getJsonObject(lesson.meetingId());
    assertThat(answer.getBoolean("ok")).as(answer.encode()).isTrue();
    List<Long> seqs = new ArrayList<>();
    answer.getJsonObject("data").getJsonArray("ops").forEach(op -> seqs.add(((JsonObject) op).getLong("seq")));
    seqs.add(student.nextOfType("board.op").getJsonObject("data").getLong("seq"));
    assertThat(seqs).containsExactly(2L, 3L, 4L);
    assertThat(student.nothingWithinOfType("board.op", 300)).isTrue();
  }

  @Test
  @DisplayName("Bad ops get error replies, nothing is stored, and the socket and the board still work")
  void badOpsLeaveTheSocketWorking() {
    Lesson lesson = lesson();
    TestSocket tutor = TestSocket.authenticated(vertx, harness.port(), lesson.hostToken());
    JsonObject tooMany = rect(lesson.meetingId(), "s", 0);
    JsonArray points = new JsonArray();
    for (int i = 0; i < 3 * 10_001; i++) {
      points.add(1);
    }
    tooMany.getJsonObject("op").put("element", new JsonObject().put("id", "s").put("type", "stroke").put("page", "p1")
        .put("x", 0).put("y", 0).put("points", points).put("style", new JsonObject().put("color", "#1e1e1e").put("width", 2).put("fill", "none")));
    tutor.sendRaw("{\"type\":\"board.op\",\"id\":\"inf\",\"data\":" + rect(lesson.meetingId(), "inf", 0).encode().replace("\"x\":0", "\"x\":1e309") + "}");
    JsonObject infinity = tutor.replyTo("inf", 5_000);

    assertThat(infinity.getJsonObject("error").getString("code")).isEqualTo("bad_request");
    assertThat(tutor.request("board.op", tooMany).getJsonObject("error").getString("code")).isIn("bad_request");
    assertThat(tutor.request("board.op", rect("not-a-meeting", "x", 0)).getJsonObject("error").getString("code")).isEqualTo("forbidden");
    JsonObject fine = tutor.request("board.op", rect(lesson.meetingId(), "ok", 0));
    assertThat(fine.getJsonObject("data").getLong("seq")).isEqualTo(1);
  }

  @Test
  @DisplayName("With 'hosts only' a participant's op is forbidden and reaches nobody")
  void hostsOnly() {
    Lesson lesson = lesson();
    TestSocket tutor = TestSocket.authenticated(vertx, harness.port(), lesson.hostToken());
    TestSocket student = TestSocket.authenticated(vertx, harness.port(), lesson.studentToken());
    tutor.request("board.sync", new JsonObject().put("meetingId", lesson.meetingId()));
    tutor.request("board.op", new JsonObject().put("meetingId", lesson.meetingId()).put("opId", "s1")
        .put("op", new JsonObject().put("kind", "settings").put("draw", "hosts")));
    tutor.nextOfType("board.op");

    JsonObject refused = student.request("board.op", rect(lesson.meetingId(), "nope", 0));

    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("forbidden");
    assertThat(tutor.nothingWithinOfType("board.op", 300)).isTrue();
  }
}
