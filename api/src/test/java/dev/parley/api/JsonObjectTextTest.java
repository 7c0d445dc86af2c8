package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

@DisplayName("JsonObjectText: the checked text of one JSON object")
class JsonObjectTextTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{}", " {\"a\": [1, {\"b\": null}], \"c\": \"}\\\"{\"}\n", "{\"sdp\":\"v=0\\r\\n\",\"n\":-1.5e3}"})
  @DisplayName("of: accepts exactly one object, with any spacing and braces inside strings, keeping the text")
  void acceptsObjects(String text) {
    assertThat(JsonObjectText.of(text).text()).isEqualTo(text);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", " ", "[]", "\"{}\"", "1", "null", "{", "}", "{}}", "{} {}", "{},{}", "{\"a\":1},\"from\":\"x\"",
      "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":\"\u0001\"}", "{\"a\":tru}", "{\"a\":1,}"})
  @DisplayName("of: refuses anything else: other values, unfinished or extra text, invalid tokens")
  void refusesOthers(String text) {
    assertThatThrownBy(() -> JsonObjectText.of(text)).isInstanceOf(DecodeException.class);
  }

  @Test
  @DisplayName("of: refuses nesting deeper than the JSON parser's limit")
  void refusesDeepNesting() {
    String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
    assertThatThrownBy(() -> JsonObjectText.of(deep)).isInstanceOf(DecodeException.class);
  }

  @Test
  @DisplayName("read: cuts exactly the object out of a larger text and leaves the parser just after it")
  void readCutsTheObject() throws IOException {
    String object = "{\"sdp\":\"v=0\\r\\n}{\",\"nested\":{\"a\":[1,{}]}}";
    String source = "{\"type\":\"room.signal\",\"payload\": " + object + " ,\"after\":true}";
    try (JsonParser parser = JacksonCodec.createParser(source)) {
      parser.nextToken();
      parser.nextToken();
      parser.nextToken();
      parser.nextToken();
      assertThat(parser.currentName()).isEqualTo("payload");
      parser.nextToken();
      assertThat(JsonObjectText.read(parser, source).text()).isEqualTo(object);
      assertThat(parser.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
      assertThat(parser.currentName()).isEqualTo("after");
    }
  }

  @Test
  @DisplayName("read: a malformed object fails with the parser's exception; a parser elsewhere is refused")
  void readRefuses() throws IOException {
    String broken = "{\"payload\":{\"a\":tru}}";
    try (JsonParser parser = JacksonCodec.createParser(broken)) {
      parser.nextToken();
      parser.nextToken();
      parser.nextToken();
      assertThatThrownBy(() -> JsonObjectText.read(parser, broken)).isInstanceOf(IOException.class);
    }
    String array = "[{}]";
    try (JsonParser parser = JacksonCodec.createParser(array)) {
      parser.nextToken();
      assertThatThrownBy(() -> JsonObjectText.read(parser, array)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  @DisplayName("equal by text; a JsonObject holding one can be copied")
  void valueSemantics() {
    JsonObjectText text = JsonObjectText.of("{\"a\":1}");
    assertThat(text).isEqualTo(JsonObjectText.of("{\"a\":1}")).hasSameHashCodeAs(JsonObjectText.of("{\"a\":1}"))
        .isNotEqualTo(JsonObjectText.of("{\"a\": 1}"));
    assertThat(new JsonObject().put("payload", text).copy().getValue("payload")).isSameAs(text);
  }
}
