package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.ops.Drain;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a gateway does when its process drains before stopping (SIGTERM, {@link Drain}). */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class GatewayDrainTest {

  private Vertx vertx;
  private GatewayHarness harness;
  private Http http;

  @BeforeEach
  void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    harness = Http.await(new GatewayHarness(vertx, mongo, redis, smtp).deploy());
    http = new Http(harness.client());
  }

  @AfterEach
  void close() {
    Http.await(vertx.close());
  }

  @Test
  @DisplayName("Draining fails readiness at once, then closes every WebSocket with 1001 so that its client reconnects elsewhere")
  void readinessThenGoingAway() {
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(),
        http.signup("Drained User").getString("accessToken"));
    assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);

    Drain.begin(vertx);

    var ready = http.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsJsonObject().getJsonArray("checks").stream()
        .map(c -> ((io.vertx.core.json.JsonObject) c).getString("id") + "=" + ((io.vertx.core.json.JsonObject) c).getString("status")))
        .contains("drain=DOWN");
    assertThat(socket.awaitClose()).isEqualTo((short) 1001);
  }

  @Test
  @DisplayName("A draining gateway refuses new WebSockets with 503 but still answers REST requests")
  void refusesNewSockets() {
    Drain.begin(vertx);
    assertThatThrownBy(() -> Http.await(vertx.createWebSocketClient().connect(
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(harness.port()).setURI("/ws"))))
        .hasRootCauseInstanceOf(UpgradeRejectedException.class)
        .rootCause().satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(503));
    assertThat(http.get("/api/openapi.json").statusCode()).isEqualTo(200);
    assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
  }
}
