package dev.parley.gateway;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import dev.parley.common.ParleyVertx;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.gateway.ws.SocketHub;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class SocketHubTest {

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

  private static <T> T hub(Function<SocketHub, T> read) {
    return Http.await(harness.gateway.inspectHub(read));
  }

  private static int references(String topic) {
    return SocketHubTest.<Integer>hub(h -> h.subscriptions().referenceCount(topic));
  }

  private static int consumers() {
    return SocketHubTest.<Integer>hub(h -> h.subscriptions().consumerCount());
  }

  /** Polls a hub value until it matches, for state that changes when a close reaches the server. */
  private static void awaitReferences(String topic, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (references(topic) != expected) {
      if (System.nanoTime() > deadline) {
        assertThat(references(topic)).isEqualTo(expected);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @Test
  @DisplayName("A socket that does not authenticate in time is closed with 4401")
  void authTimeout() {
    TestSocket socket = TestSocket.connect(vertx, harness.port());
    assertThat(socket.awaitClose()).isEqualTo(SocketHub.CLOSE_UNAUTHORIZED);
  }

  @Test
  @DisplayName("An invalid token gets an unauthorized reply and the socket is closed with 4401")
  void badToken() {
    TestSocket socket = TestSocket.connect(vertx, harness.port());
    JsonObject reply = socket.request("auth", new JsonObject().put("token", "forged.token.value"));
    assertThat(reply.getBoolean("ok")).isFalse();
    assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("unauthorized");
    assertThat(socket.awaitClose()).isEqualTo(SocketHub.CLOSE_UNAUTHORIZED);
  }

  @Test
  @DisplayName("Any other frame before auth is refused and the socket closed")
  void frameBeforeAuth() {
    TestSocket socket = TestSocket.connect(vertx, harness.port());
    JsonObject reply = socket.request("session.ping", new JsonObject());
    assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("unauthorized");
    assertThat(socket.awaitClose()).isEqualTo(SocketHub.CLOSE_UNAUTHORIZED);
  }

  @Test
  @DisplayName("After auth, heartbeats are answered and malformed or unknown frames get errors without closing the socket")
  void heartbeatAndBadFrames() throws Exception {
    JsonObject account = http.signup("Socket User");
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), account.getString("accessToken"));
    assertThat(socket.authReply.getString("nodeId")).isEqualTo(SocketHubTest.<String>hub(SocketHub::nodeId));
    assertThat(socket.authReply.getJsonObject("user").getString("id")).isEqualTo(account.getJsonObject("user").getString("id"));
    assertThat(socket.authReply.getInteger("heartbeatSeconds")).isEqualTo(SocketHub.HEARTBEAT_SECONDS);

    assertThat(socket.request("session.ping", new JsonObject()).getJsonObject("data").getLong("serverTime")).isPositive();

    socket.sendRaw("{not json");
    assertThat(socket.next().getJsonObject("error").getString("code")).isEqualTo("bad_request");
    socket.sendRaw("{\"type\": 42}");
    assertThat(socket.next().getJsonObject("error").getString("code")).isEqualTo("bad_request");
    JsonObject unknown = socket.request("nothing.here", new JsonObject());
    assertThat(unknown.getJsonObject("error").getString("message")).contains("Unknown frame type");
    JsonObject again = socket.request("auth", new JsonObject().put("token", account.getString("accessToken")));
    assertThat(again.getBoolean("ok")).isFalse();

    assertThat(socket.request("session.ping", new JsonObject()).getBoolean("ok")).isTrue();
    assertThat(socket.isClosed()).isFalse();
    socket.close();
  }

  @Test
  @DisplayName("The node address delivers to one named socket and fails with not_found for a gone one")
  void pointToPoint() {
    JsonObject account = http.signup("Direct Target");
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), account.getString("accessToken"));
    String address = Addresses.gateway(socket.authReply.getString("nodeId"));
    JsonObject push = new JsonObject().put("type", "test.push").put("data", new JsonObject().put("n", 1));

    Http.await(vertx.eventBus().request(address, push,
        new DeliveryOptions().addHeader(Addresses.HEADER_CONNECTION, socket.authReply.getString("connectionId"))));
    assertThat(socket.next()).isEqualTo(push);

    assertThatThrownBy(() -> vertx.eventBus().request(address, push,
            new DeliveryOptions().addHeader(Addresses.HEADER_CONNECTION, "no-such-connection"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(ReplyException.class,
            e -> assertThat(e.failureCode()).isEqualTo(ErrorCode.NOT_FOUND.failureCode()));
    socket.close();
  }

  @Test
  @DisplayName("Two sockets of one user share one topic consumer, both receive its pushes, and the consumer goes with the last socket")
  void refCountedTopic() throws Exception {
    JsonObject account = http.signup("Two Tabs");
    String topic = Addresses.userTopic(account.getJsonObject("user").getString("id"));
    TestSocket first = TestSocket.authenticated(vertx, harness.port(), account.getString("accessToken"));
    TestSocket second = TestSocket.authenticated(vertx, harness.port(), account.getString("accessToken"));
    int consumersBefore = consumers();
    assertThat(references(topic)).isEqualTo(2);

    JsonObject push = new JsonObject().put("type", "test.push").put("data", new JsonObject().put("hello", "both"));
    vertx.eventBus().publish(topic, push);
    assertThat(first.next()).isEqualTo(push);
    assertThat(second.next()).isEqualTo(push);

    JsonObject notToFirst = new JsonObject().put("type", "test.push").put("data", new JsonObject().put("hello", "second"));
    vertx.eventBus().publish(topic, notToFirst,
        new DeliveryOptions().addHeader(Addresses.HEADER_EXCLUDE, first.authReply.getString("connectionId")));
    assertThat(second.next()).isEqualTo(notToFirst);
    assertThat(first.nothingWithin(200)).isTrue();

    first.close();
    awaitReferences(topic, 1);
    assertThat(consumers()).isEqualTo(consumersBefore);
    second.close();
    awaitReferences(topic, 0);
    assertThat(consumers()).isEqualTo(consumersBefore - 1);
  }
}
