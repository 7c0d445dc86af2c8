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

import static org.assertj.core.api.Assertions.assertThat;

/** Live participant counts: live.watch and live.count pushes over the WebSocket, and the join link's REST view. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Live participant counts")
class LiveCountTest {

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

  @Test
  @DisplayName("A member watching a meeting sees its count go 1, 2, 1 as people join and leave, and 0 when it ends")
  void pushes() {
    String host = http.signup("Host").getString("accessToken");
    String other = http.signup("Other").getString("accessToken");
    String watcher = http.signup("Watcher").getString("accessToken");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host, new JsonObject().put("title", "Live")).bodyAsJsonObject();
    String meetingId = meeting.getString("id");
    http.postWithToken("/api/v1/meetings/join/" + meeting.getString("joinCode"), other, new JsonObject());
    http.postWithToken("/api/v1/meetings/join/" + meeting.getString("joinCode"), watcher, new JsonObject());

    TestSocket watching = TestSocket.authenticated(vertx, harness.port(), watcher);
    JsonObject watched = watching.request("live.watch", new JsonObject().put("meetingIds", new JsonArray().add(meetingId)));
    assertThat(watched.getBoolean("ok")).as(watched.encode()).isTrue();
    assertThat(watched.getJsonObject("data").getJsonObject("counts").getInteger(meetingId)).isZero();

    TestSocket hostSocket = TestSocket.authenticated(vertx, harness.port(), host);
    assertThat(hostSocket.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(count(watching.nextOfType("live.count"), meetingId)).isEqualTo(1);
    TestSocket otherSocket = TestSocket.authenticated(vertx, harness.port(), other);
    assertThat(otherSocket.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(count(watching.nextOfType("live.count"), meetingId)).isEqualTo(2);
    assertThat(otherSocket.request("room.leave", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(count(watching.nextOfType("live.count"), meetingId)).isEqualTo(1);
    assertThat(hostSocket.request("room.end", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(count(watching.nextOfType("live.count"), meetingId)).isZero();
  }

  @Test
  @DisplayName("Someone who is not a member gets no count for a meeting id, and no pushes")
  void membersOnly() throws Exception {
    String host = http.signup("Host").getString("accessToken");
    String stranger = http.signup("Stranger").getString("accessToken");
    String meetingId = http.postWithToken("/api/v1/meetings", host, new JsonObject().put("title", "Private"))
        .bodyAsJsonObject().getString("id");

    TestSocket watching = TestSocket.authenticated(vertx, harness.port(), stranger);
    JsonObject watched = watching.request("live.watch", new JsonObject().put("meetingIds", new JsonArray().add(meetingId)));
    assertThat(watched.getJsonObject("data").getJsonObject("counts").fieldNames()).isEmpty();
    TestSocket hostSocket = TestSocket.authenticated(vertx, harness.port(), host);
    hostSocket.request("room.join", new JsonObject().put("meetingId", meetingId));
    assertThat(watching.nothingWithinOfType("live.count", 500)).isTrue();
  }

  @Test
  @DisplayName("A join link tells anyone, signed in or not, whether the call is live and how many are in it, without names")
  void joinLink() {
    String host = http.signup("Host").getString("accessToken");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host, new JsonObject().put("title", "Open call")).bodyAsJsonObject();
    String path = "/api/v1/meetings/join/" + meeting.getString("joinCode") + "/live";
    assertThat(http.get(path).bodyAsJsonObject()).isEqualTo(new JsonObject().put("title", "Open call").put("live", false)
        .put("participants", 0));

    TestSocket hostSocket = TestSocket.authenticated(vertx, harness.port(), host);
    hostSocket.request("room.join", new JsonObject().put("meetingId", meeting.getString("id")));

    JsonObject live = http.get(path).bodyAsJsonObject();
    assertThat(live.getBoolean("live")).isTrue();
    assertThat(live.getInteger("participants")).isEqualTo(1);
    assertThat(live.encode()).doesNotContain("Host");
    assertThat(http.get("/api/v1/meetings/join/zzzz-zzzz-zzzz-zzzz/live").statusCode()).isEqualTo(404);
  }

  private static int count(JsonObject push, String meetingId) {
    assertThat(push.getJsonObject("data").getString("meetingId")).isEqualTo(meetingId);
    return push.getJsonObject("data").getInteger("participants");
  }
}
