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
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17: a client that stops reading its socket is disconnected with 1008 once its write queue passes
 * the bound, instead of the server buffering its pushes without bound, and the others in its room go on
 * receiving every message.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
@DisplayName("A socket that stops reading")
class SlowReaderTest {

  /** Pushes of this size fill a stalled reader's TCP buffers (4 KiB receive buffer) and then the 64 KiB queue. */
  private static final String TEXT = "x".repeat(4_000);
  /** Far more than the buffers hold: the test fails if no close comes by then. */
  private static final int MAX_MESSAGES = 2_000;
  private static final Pattern SLOW_READERS = Pattern.compile("parley_ws_refused_total\\{reason=\"slow_reader\",?} ([0-9.]+)");

  private static Vertx vertx;
  private static GatewayHarness harness;
  private static Http http;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness created = new GatewayHarness(vertx, mongo, redis, smtp);
    created.config.put(ParleyConfig.CHAT_SEND_LIMIT, 1_000_000);
    harness = Http.await(created.deploy());
    http = new Http(harness.client());
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  @Test
  @DisplayName("It is closed with 1008 once its write queue passes the bound; the sender in its room gets every message, in order")
  void closedWith1008() {
    String hostToken = http.signup("Busy Host").getString("accessToken");
    String readerToken = http.signup("Stalled Reader").getString("accessToken");
    JsonObject meeting = Http.await(harness.client().post("/api/v1/meetings").putHeader("Authorization", "Bearer " + hostToken)
        .sendJsonObject(new JsonObject().put("title", "Slow reader"))).bodyAsJsonObject();
    Http.await(harness.client().post("/api/v1/meetings/join/" + meeting.getString("joinCode"))
        .putHeader("Authorization", "Bearer " + readerToken).send());
    String channel = "meeting:" + meeting.getString("id");

    TestSocket host = TestSocket.authenticated(vertx, harness.port(), hostToken);
    TestSocket reader = TestSocket.authenticated(TestSocket.connect(vertx, harness.port(),
        new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20).setReceiveBufferSize(4_096)), readerToken);
    for (TestSocket socket : List.of(host, reader)) {
      assertThat(socket.request("chat.subscribe", new JsonObject().put("channel", channel)).getBoolean("ok")).isTrue();
    }
    double closedBefore = slowReadersClosed();
    reader.pause();

    List<Long> pushed = new ArrayList<>();
    int sent = 0;
    while (slowReadersClosed() == closedBefore) {
      assertThat(sent).as("messages sent without the stalled reader being closed").isLessThan(MAX_MESSAGES);
      for (int i = 0; i < 50; i++, sent++) {
        JsonObject reply = host.request("chat.send", new JsonObject().put("channel", channel)
            .put("clientMessageId", "big-" + sent).put("text", TEXT));
        assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
      }
      while (pushed.size() < sent) {
        pushed.add(host.nextOfType("chat.message").getJsonObject("data").getLong("seq"));
      }
    }

    assertThat(pushed).as("the sender got every message, in order").isEqualTo(LongStream.rangeClosed(1, sent).boxed().toList());
    reader.resume();
    assertThat(reader.awaitClose()).isEqualTo(SocketHub.CLOSE_POLICY);
    assertThat(host.request("session.ping", new JsonObject()).getBoolean("ok")).as("the sender's socket is open").isTrue();
  }

  private static double slowReadersClosed() {
    Matcher matcher = SLOW_READERS.matcher(http.get("/metrics").bodyAsString());
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
