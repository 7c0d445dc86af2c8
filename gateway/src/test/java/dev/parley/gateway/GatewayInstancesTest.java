package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Several gateway instances in one process ({@code PARLEY_GATEWAY_INSTANCES}) on one random port. */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("Gateway instances sharing a port")
class GatewayInstancesTest {

  private static final int INSTANCES = 3;

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness unstarted = new GatewayHarness(vertx, mongo, redis, smtp);
    unstarted.config.put(ParleyConfig.GATEWAY_INSTANCES, INSTANCES).put(ParleyConfig.HTTP_PORT, 0);
    harness = Http.await(unstarted.deploy());
    http = new Http(harness.client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @Test
  @DisplayName("Sockets on one port are spread over every instance, each its own node, and signals cross between them")
  void socketsSpreadAndRelay() {
    String token = http.signup("Spread Host").getString("accessToken");
    List<TestSocket> sockets = new ArrayList<>();
    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < 2 * INSTANCES; i++) {
      TestSocket socket = TestSocket.authenticated(vertx, harness.port(), token);
      sockets.add(socket);
      nodes.add(socket.authReply.getString("nodeId"));
    }
    assertThat(nodes).hasSize(INSTANCES);
    sockets.forEach(TestSocket::close);

    JsonObject meeting = Http.await(harness.client().post("/api/v1/meetings").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("title", "Across instances"))).bodyAsJsonObject();
    JsonObject guestJoin = http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"),
        new JsonObject().put("displayName", "Spread Guest")).bodyAsJsonObject();
    TestSocket host = TestSocket.authenticated(vertx, harness.port(), token);
    TestSocket guest = TestSocket.authenticated(vertx, harness.port(), guestJoin.getString("guestToken"));
    assertThat(guest.authReply.getString("nodeId")).isNotEqualTo(host.authReply.getString("nodeId"));
    String meetingId = meeting.getString("id");
    assertThat(host.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();
    assertThat(guest.request("room.join", new JsonObject().put("meetingId", meetingId)).getBoolean("ok")).isTrue();

    JsonObject offer = new JsonObject().put("type", "offer").put("sdp", "v=0 across instances");
    JsonObject sent = host.request("room.signal", new JsonObject().put("meetingId", meetingId)
        .put("to", guestJoin.getString("participantId")).put("kind", "offer").put("payload", offer));
    assertThat(sent.getBoolean("ok")).as(sent.encode()).isTrue();
    assertThat(guest.nextOfType("room.signal").getJsonObject("data").getJsonObject("payload")).isEqualTo(offer);
  }
}
