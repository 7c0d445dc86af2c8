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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PARLEY_SESSION_POLICY=single} over {@code /ws}: one client per account, held as a Redis lease.
 * Two gateway nodes (instances) run here, and sockets land on either, so the lease is shared through
 * Redis rather than held in one node's memory.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("The single-session policy")
class SessionPolicyTest {

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness created = new GatewayHarness(vertx, mongo, redis, smtp);
    created.config.put(ParleyConfig.SESSION_POLICY, "single").put(ParleyConfig.GATEWAY_INSTANCES, 2);
    harness = Http.await(created.deploy());
    http = new Http(harness.client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static JsonObject auth(TestSocket socket, String token, String clientId, boolean takeOver) {
    return socket.request("auth", new JsonObject().put("token", token).put("clientId", clientId).put("takeOver", takeOver));
  }

  @Test
  @DisplayName("A second client is refused with conflict and 4409; a second socket of the same client is admitted")
  void secondClientRefused() {
    String token = http.signup("Single Sam").getString("accessToken");
    TestSocket first = TestSocket.connect(vertx, harness.port());
    assertThat(auth(first, token, "tab-one", false).getBoolean("ok")).isTrue();
    TestSocket sameTab = TestSocket.connect(vertx, harness.port());
    assertThat(auth(sameTab, token, "tab-one", false).getBoolean("ok")).isTrue();

    TestSocket second = TestSocket.connect(vertx, harness.port());
    JsonObject refused = auth(second, token, "tab-two", false);
    assertThat(refused.getBoolean("ok")).isFalse();
    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("conflict");
    assertThat(refused.getJsonObject("error").getString("message")).contains("another window");
    assertThat(second.awaitClose()).isEqualTo((short) 4409);
  }

  @Test
  @DisplayName("Use here takes over: the older client's sockets get session.replaced and close; the newer one does not get it")
  void takeOver() throws Exception {
    String token = http.signup("Switching Sue").getString("accessToken");
    TestSocket older = TestSocket.connect(vertx, harness.port());
    assertThat(auth(older, token, "old-tab", false).getBoolean("ok")).isTrue();

    TestSocket newer = TestSocket.connect(vertx, harness.port());
    assertThat(auth(newer, token, "new-tab", true).getBoolean("ok")).isTrue();

    assertThat(older.nextOfType("session.replaced").getJsonObject("data").getString("clientId")).isEqualTo("new-tab");
    assertThat(older.awaitClose()).isEqualTo((short) 4409);
    assertThat(newer.nothingWithin(500)).isTrue();
    TestSocket again = TestSocket.connect(vertx, harness.port());
    assertThat(auth(again, token, "old-tab", false).getBoolean("ok")).as("the older tab is now the one refused").isFalse();
  }

  @Test
  @DisplayName("A client whose sockets all closed leaves the lease free for the next one")
  void closedClientFreesLease() throws Exception {
    String token = http.signup("Closing Carl").getString("accessToken");
    TestSocket first = TestSocket.connect(vertx, harness.port());
    assertThat(auth(first, token, "gone-tab", false).getBoolean("ok")).isTrue();
    first.close();
    JsonObject admitted = null;
    for (int attempt = 0; attempt < 50 && (admitted == null || !admitted.getBoolean("ok")); attempt++) {
      TestSocket next = TestSocket.connect(vertx, harness.port());
      admitted = auth(next, token, "next-tab", false);
      if (!admitted.getBoolean("ok")) {
        Thread.sleep(100); // polling for the close to be handled, not standing in for it
      }
    }
    assertThat(admitted.getBoolean("ok")).isTrue();
  }

  @Test
  @DisplayName("Guests are not subject to the policy")
  void guestsUnaffected() {
    JsonObject host = http.signup("Host Single");
    JsonObject meeting = http.postWithToken("/api/v1/meetings", host.getString("accessToken"),
        new JsonObject().put("title", "Open")).bodyAsJsonObject();
    String guestToken = http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"),
        new JsonObject().put("displayName", "Gus")).bodyAsJsonObject().getString("guestToken");
    TestSocket one = TestSocket.connect(vertx, harness.port());
    TestSocket two = TestSocket.connect(vertx, harness.port());
    assertThat(auth(one, guestToken, "g1", false).getBoolean("ok")).isTrue();
    assertThat(auth(two, guestToken, "g2", false).getBoolean("ok")).isTrue();
  }
}
