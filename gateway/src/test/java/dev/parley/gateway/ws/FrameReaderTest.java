package dev.parley.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.JsonObjectText;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Frame parsing with signal payloads kept as text")
class FrameReaderTest {

  private static final String PAYLOAD = "{ \"type\": \"offer\",\n \"sdp\": \"v=0\\r\\ns=Café \\u00e9 \\\"}\\\"\\r\\n\", \"n\": [1.50, {}] }";

  @Test
  @DisplayName("a room.signal's object payload is kept as its exact text; the other fields are parsed")
  void signalPayloadAsText() {
    JsonObject frame = FrameReader.read("{\"type\":\"room.signal\",\"id\":\"7\",\"data\":{\"meetingId\":\"m-1\",\"payload\":"
        + PAYLOAD + ",\"to\":\"p-2\",\"kind\":\"offer\"}}");

    JsonObject data = frame.getJsonObject("data");
    assertThat(data.getValue("payload")).isEqualTo(JsonObjectText.of(PAYLOAD));
    assertThat(data.fieldNames()).containsExactly("meetingId", "payload", "to", "kind");
    assertThat(data.getString("meetingId")).isEqualTo("m-1");
    assertThat(data.getString("to")).isEqualTo("p-2");
    assertThat(data.getString("kind")).isEqualTo("offer");
    assertThat(frame.getString("type")).isEqualTo("room.signal");
    assertThat(frame.getString("id")).isEqualTo("7");
  }

  @Test
  @DisplayName("a payload that is not an object, one in a signal whose type comes last, and other frames' payloads are parsed as usual")
  void otherwiseAsVertxParses() {
    JsonObject late = FrameReader.read("{\"data\":{\"payload\":" + PAYLOAD + "},\"type\":\"room.signal\"}");
    JsonObject scalar = FrameReader.read("{\"type\":\"room.signal\",\"data\":{\"payload\":\"v=0\"}}");
    JsonObject chat = FrameReader.read("{\"type\":\"chat.send\",\"data\":{\"payload\":" + PAYLOAD + "}}");

    assertThat(late.getJsonObject("data").getJsonObject("payload")).isEqualTo(new JsonObject(PAYLOAD));
    assertThat(scalar.getJsonObject("data").getString("payload")).isEqualTo("v=0");
    assertThat(chat.getJsonObject("data").getJsonObject("payload")).isEqualTo(new JsonObject(PAYLOAD));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "{}",
      "{\"type\":\"session.ping\",\"id\":\"1\"}",
      "{\"type\":\"x\",\"data\":{\"i\":1,\"l\":12345678901,\"big\":123456789012345678901234567890,\"d\":-2.5e-3,"
          + "\"t\":true,\"f\":false,\"n\":null,\"s\":\"Zoë \\\"日本\\\" \\n\",\"a\":[[],{},[1,[2]]]}}",
      "{\"type\":\"room.signal\",\"data\":{\"to\":\"p\",\"extra\":{\"nested\":[1,2.0]}}}"})
  @DisplayName("builds the same values, of the same types, as new JsonObject(text)")
  void sameAsVertx(String text) {
    JsonObject ours = FrameReader.read(text);
    JsonObject vertx = new JsonObject(text);
    assertThat(ours).isEqualTo(vertx);
    assertThat(ours.encode()).isEqualTo(vertx.encode());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "[]", "\"frame\"", "{", "{} {}", "{\"type\":\"a\"}x", "{\"type\":}",
      "{\"type\":\"room.signal\",\"data\":{\"payload\":{\"sdp\":}}}",
      "{\"type\":\"room.signal\",\"data\":{\"payload\":{\"sdp\":\"v=0\"}",
      "{\"type\":\"room.signal\",\"data\":{\"payload\":{\"sdp\":\"v=0\"},\"to\":\"p\"},\"id\":\"1\"}}"})
  @DisplayName("refuses what is not exactly one well-formed JSON object, payload included")
  void refusesMalformed(String text) {
    assertThatThrownBy(() -> FrameReader.read(text)).isInstanceOf(DecodeException.class);
  }
}
