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

/** Presence pushed over {@code /ws}, against the real services and Redis. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Presence on the WebSocket")
class PresenceSocketTest {

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

  private static JsonObject watch(TestSocket socket, String userId) {
    JsonObject reply = socket.request("presence.watch", new JsonObject().put("userIds", new JsonArray().add(userId)));
    assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
    return reply.getJsonObject("data").getJsonObject("statuses");
  }

  private static String nextStatus(TestSocket socket) {
    return socket.nextOfType("presence.changed").getJsonObject("data").getString("status");
  }

  @Test
  @DisplayName("A watcher sees Bob go online, in-call, back online and offline as pushes")
  void lifecycle() {
    JsonObject ann = http.signup("Ann Watcher");
    JsonObject bob = http.signup("Bob Watched");
    String bobId = bob.getJsonObject("user").getString("id");
    TestSocket annSocket = TestSocket.authenticated(vertx, harness.port(), ann.getString("accessToken"));
    assertThat(watch(annSocket, bobId).getString(bobId)).isEqualTo("offline");

    TestSocket bobSocket = TestSocket.authenticated(vertx, harness.port(), bob.getString("accessToken"));
    assertThat(nextStatus(annSocket)).isEqualTo("online");

    String meetingId = http.postWithToken("/api/v1/meetings", bob.getString("accessToken"),
        new JsonObject().put("title", "Presence")).bodyAsJsonObject().getString("id");
    assertThat(bobSocket.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(nextStatus(annSocket)).isEqualTo("in-call");

    assertThat(bobSocket.request("room.leave", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(nextStatus(annSocket)).isEqualTo("online");

    bobSocket.close();
    assertThat(nextStatus(annSocket)).isEqualTo("offline");
  }

  @Test
  @DisplayName("Two tabs: closing one keeps Bob online; the watch reply tells the status at once")
  void twoTabs() throws Exception {
    JsonObject ann = http.signup("Ann Tabs");
    JsonObject bob = http.signup("Bob Tabs");
    String bobId = bob.getJsonObject("user").getString("id");
    TestSocket first = TestSocket.authenticated(vertx, harness.port(), bob.getString("accessToken"));
    TestSocket second = TestSocket.authenticated(vertx, harness.port(), bob.getString("accessToken"));
    TestSocket annSocket = TestSocket.authenticated(vertx, harness.port(), ann.getString("accessToken"));
    assertThat(watch(annSocket, bobId).getString(bobId)).isEqualTo("online");

    first.close();
    assertThat(annSocket.nothingWithin(1_000)).isTrue();
    second.close();
    assertThat(nextStatus(annSocket)).isEqualTo("offline");
  }

  @Test
  @DisplayName("Guests cannot watch, and malformed watch lists are refused")
  void refusals() {
    JsonObject host = http.signup("Host Presence");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host.getString("accessToken"),
        new JsonObject().put("title", "G")).bodyAsJsonObject();
    String guestToken = http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"),
        new JsonObject().put("displayName", "Gus")).bodyAsJsonObject().getString("guestToken");
    TestSocket guest = TestSocket.authenticated(vertx, harness.port(), guestToken);
    JsonObject refused = guest.request("presence.watch", new JsonObject().put("userIds", new JsonArray().add("x")));
    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("unauthorized");

    TestSocket account = TestSocket.authenticated(vertx, harness.port(), host.getString("accessToken"));
    for (Object bad : new Object[] {"x", new JsonArray().add(5), new JsonArray().add("no spaces allowed")}) {
      JsonObject reply = account.request("presence.watch", new JsonObject().put("userIds", bad));
      assertThat(reply.getJsonObject("error").getString("code")).as(String.valueOf(bad)).isEqualTo("bad_request");
    }
  }
}
