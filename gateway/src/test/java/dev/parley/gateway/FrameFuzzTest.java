package dev.parley.gateway;

import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.gateway.fuzz.Hostile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The negative test generator of issue 13 for {@code /ws}: for every frame type the gateway handles
 * (read from the hub, so a new type is covered without writing anything here), frames whose data is
 * missing, of the wrong type, or holds wrong-typed and hostile values in every field name the
 * protocol uses. Each must be answered within 2 s with a reply that is never {@code internal}, and the
 * socket must stay open and usable. Every handled type must be in the protocol reference.
 */
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class FrameFuzzTest {

  /** Every field name the protocol's requests use. */
  private static final List<String> FIELDS = List.of("meetingId", "channel", "channels", "userId", "to", "kind", "payload",
      "text", "seq", "before", "limit", "participantId", "callId", "eventId", "token", "resumeToken", "rooms",
      "clientMessageId", "seconds", "locked", "hard", "audio", "video", "changes", "lastSeq", "sinceSeq", "opId", "op",
      "board", "x", "y", "points", "id", "page", "style", "tool");
  private static final List<Object> VALUES = hostileValues();
  private static Vertx vertx;
  private static GatewayHarness harness;
  private static String token;

  @BeforeAll
  static void deploy(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    vertx = ParleyVertx.local();
    GatewayHarness created = new GatewayHarness(vertx, mongo, redis, smtp);
    created.config.put(ParleyConfig.WS_FRAME_RATE, 1_000_000);
    harness = Http.await(created.deploy());
    token = new Http(harness.client()).signup("Frame Fuzzer").getString("accessToken");
  }

  @AfterAll
  static void close() {
    Http.await(vertx.close());
  }

  private static List<Object> hostileValues() {
    List<Object> values = new ArrayList<>(List.of(42, -1, 1.5, 9_223_372_036_854_775_807L, true, new JsonArray().add("a"),
        new JsonObject().put("$ne", ""), ""));
    values.addAll(Hostile.STRINGS);
    values.add(null);
    return values;
  }

  private static Set<String> frameTypes() {
    Set<String> types = Http.await(harness.gateway.inspectHub(hub -> hub.frameTypes()));
    return new TreeSet<>(types);
  }

  @Test
  @DisplayName("Every frame type the gateway handles is in the protocol reference")
  void documented() throws Exception {
    String reference = Files.readString(Path.of("..", "docs", "websocket-protocol.md"));
    assertThat(frameTypes()).allSatisfy(type -> assertThat(reference).as(type)
        .containsAnyOf("`" + type + "`", "\"type\": \"" + type + "\""));
  }

  @TestFactory
  Stream<DynamicTest> everyFrameType() {
    return frameTypes().stream().map(type -> DynamicTest.dynamicTest(type, () -> fuzz(type)));
  }

  private void fuzz(String type) {
    TestSocket socket = TestSocket.authenticated(vertx, harness.port(), token);
    List<String> failures = new ArrayList<>();
    List<JsonObject> datas = new ArrayList<>();
    datas.add(null);
    datas.add(new JsonObject());
    for (String field : FIELDS) {
      for (Object value : VALUES) {
        datas.add(new JsonObject().put(field, value));
      }
    }
    int n = 0;
    for (JsonObject data : datas) {
      String id = "f" + n++;
      JsonObject frame = new JsonObject().put("type", type).put("id", id);
      if (data != null) {
        frame.put("data", data);
      }
      socket.sendRaw(frame.encode());
      JsonObject reply = socket.replyTo(id, 2_000);
      if (reply == null) {
        failures.add(abbreviate(frame.encode()) + " -> no reply within 2 s");
      } else if (!reply.getBoolean("ok") && "internal".equals(reply.getJsonObject("error").getString("code"))) {
        failures.add(abbreviate(frame.encode()) + " -> internal");
      }
      if (socket.isClosed()) {
        failures.add(abbreviate(frame.encode()) + " -> socket closed");
        break;
      }
    }
    if (!socket.isClosed()) {
      assertThat(socket.request("session.ping", new JsonObject()).getBoolean("ok")).as("the socket still works").isTrue();
      socket.close();
    }
    assertThat(failures).as("%d of %d frames", failures.size(), datas.size()).isEmpty();
  }

  private static String abbreviate(String text) {
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }
}
