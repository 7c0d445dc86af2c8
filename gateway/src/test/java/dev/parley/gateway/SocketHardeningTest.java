package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.gateway.ws.SocketHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile-input findings of issue 13 on {@code /ws}: oversize messages close with 1009, floods are
 * refused per socket (too_many_requests past the in-flight bound, 1008 past the frame rate) without
 * touching other sockets, and frames are strict JSON. Limits are lowered here (rate 100/s, 4 in flight)
 * so that a test can reach them quickly.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class SocketHardeningTest {

  private static final int RATE = 100;
  private static final int IN_FLIGHT = 4;
  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness created = new GatewayHarness(vertx, mongo, redis, smtp);
    created.config.put(ParleyConfig.WS_FRAME_RATE, RATE).put(ParleyConfig.WS_MAX_IN_FLIGHT, IN_FLIGHT);
    harness = Http.await(created.deploy());
    http = new Http(harness.client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static TestSocket signedIn(String name) {
    return TestSocket.authenticated(vertx, harness.port(), http.signup(name).getString("accessToken"));
  }

  private static String frameOfSize(int bytes) {
    String head = "{\"type\":\"session.ping\",\"id\":\"big\",\"data\":{\"pad\":\"";
    String tail = "\"}}";
    return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
  }

  @Test
  @DisplayName("A message over 64 KiB closes the socket with 1009 and a close frame, before and after authentication")
  void oversizeMessage() {
    TestSocket anonymous = TestSocket.connect(vertx, harness.port());
    anonymous.sendRaw(frameOfSize(65_537));
    assertThat(anonymous.awaitClose()).isEqualTo(SocketHub.CLOSE_TOO_BIG);

    TestSocket member = signedIn("Big Sender");
    member.sendRaw(frameOfSize(200_000));
    assertThat(member.awaitClose()).isEqualTo(SocketHub.CLOSE_TOO_BIG);
  }

  @Test
  @DisplayName("A message of exactly 64 KiB is still answered")
  void largestMessage() {
    TestSocket member = signedIn("Exact Sender");
    member.sendRaw(frameOfSize(65_536));
    JsonObject reply = member.nextOfType("reply");
    assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
  }

  @Test
  @DisplayName("A message fragmented into frames that add up to more than 64 KiB closes the socket with 1009")
  void oversizeFragmentedMessage() {
    TestSocket member = signedIn("Fragment Sender");
    String text = frameOfSize(100_000);
    member.sendFragments(List.of(text.substring(0, 40_000), text.substring(40_000, 80_000), text.substring(80_000)));
    assertThat(member.awaitClose()).isEqualTo(SocketHub.CLOSE_TOO_BIG);
  }

  @Test
  @DisplayName("Frames past the in-flight bound get too_many_requests with retryAfter; every frame is answered; the socket stays open")
  void inFlightBound() {
    TestSocket member = signedIn("Burst Sender");
    int sent = 3 * IN_FLIGHT;
    StringBuilder batch = new StringBuilder();
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < sent; i++) {
      frames.add(new JsonObject().put("type", "chat.history").put("id", "h" + i)
          .put("data", new JsonObject().put("channel", "meeting:no-such-meeting")).encode());
    }
    member.sendAll(frames);
    int busy = 0;
    for (int i = 0; i < sent; i++) {
      JsonObject reply = member.nextOfType("reply");
      assertThat(reply.getBoolean("ok")).isFalse();
      String code = reply.getJsonObject("error").getString("code");
      assertThat(code).isIn("too_many_requests", "not_found");
      if (code.equals("too_many_requests")) {
        busy++;
        assertThat(reply.getJsonObject("error").getInteger("retryAfter")).isEqualTo(1);
      }
    }
    assertThat(busy).isPositive();
    assertThat(member.request("session.ping", new JsonObject()).getBoolean("ok")).isTrue();
  }

  @Test
  @DisplayName("A socket flooding past the frame rate is closed with 1008; another socket of the same person is unaffected")
  void floodClosesOnlyTheFlooder() {
    JsonObject account = http.signup("Flooder");
    TestSocket flooder = TestSocket.authenticated(vertx, harness.port(), account.getString("accessToken"));
    TestSocket calm = TestSocket.authenticated(vertx, harness.port(), account.getString("accessToken"));
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < 10 * RATE; i++) {
      frames.add("{\"type\":\"session.ping\"}");
    }
    flooder.sendAll(frames);
    assertThat(flooder.awaitClose()).isEqualTo(SocketHub.CLOSE_POLICY);
    assertThat(calm.request("session.ping", new JsonObject()).getBoolean("ok")).isTrue();
  }

  @Test
  @DisplayName("Frames with comments or duplicate names are refused as bad_request and the socket stays open")
  void strictFrames() {
    TestSocket member = signedIn("Strict Sender");
    for (String text : List.of("{\"type\":\"session.ping\",\"id\":\"c1\" /* hi */}", "{\"type\":\"session.ping\",\"id\":\"d1\",\"id\":\"d2\"}",
        "{\"type\":\"session.ping\",\"id\":\"d3\",\"data\":{\"a\":1,\"a\":2}}", "// hi\n{\"type\":\"session.ping\"}")) {
      member.sendRaw(text);
      JsonObject reply = member.nextOfType("reply");
      assertThat(reply.getBoolean("ok")).as(text).isFalse();
      assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("bad_request");
    }
    assertThat(member.request("session.ping", new JsonObject()).getBoolean("ok")).isTrue();
  }

  @Test
  @DisplayName("chat.unsubscribe with a malformed channel is refused as bad_request naming the channel format")
  void unsubscribeMalformedChannel() {
    TestSocket member = signedIn("Unsubscriber");
    for (Object channel : List.of("nonsense", "meeting:", "direct:b:a", "meeting:a/b", 7)) {
      JsonObject reply = member.request("chat.unsubscribe", new JsonObject().put("channel", channel));
      assertThat(reply.getBoolean("ok")).as(String.valueOf(channel)).isFalse();
      assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("bad_request");
      assertThat(reply.getJsonObject("error").getString("message")).contains("meeting:<meetingId>");
    }
  }
}
