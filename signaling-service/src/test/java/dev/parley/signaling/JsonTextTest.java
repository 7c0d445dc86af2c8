package dev.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

@DisplayName("JSON text checks for relayed payloads")
class JsonTextTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{}", " {\"a\": [1, {\"b\": null}], \"c\": \"}\\\"{\"}\n", "{\"sdp\":\"v=0\\r\\n\",\"n\":-1.5e3}"})
  @DisplayName("accepts exactly one object, with any spacing and braces inside strings")
  void acceptsObjects(String text) {
    assertThat(JsonText.isObject(text)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", " ", "[]", "\"{}\"", "1", "null", "{", "}", "{}}", "{} {}", "{},{}", "{\"a\":1},\"from\":\"x\"",
      "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":\"\u0001\"}", "{\"a\":tru}", "{\"a\":1,}"})
  @DisplayName("refuses anything else: other values, unfinished or extra text, invalid tokens")
  void refusesOthers(String text) {
    assertThat(JsonText.isObject(text)).isFalse();
  }

  @Test
  @DisplayName("refuses nesting deeper than the JSON parser's limit")
  void refusesDeepNesting() {
    String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
    assertThat(JsonText.isObject(deep)).isFalse();
  }

  @Test
  @DisplayName("fits: exact at the limit for 1-, 2-, 3- and 4-byte UTF-8 characters")
  void fitsAtTheBoundary() {
    for (String unit : new String[] {"a", "é", "日", "😀"}) {
      String text = unit.repeat(6_000);
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      assertThat(JsonText.fits(text, bytes)).as(unit).isTrue();
      assertThat(JsonText.fits(text, bytes - 1)).as(unit).isFalse();
    }
  }

  @Test
  @DisplayName("quote escapes what RFC 8259 requires, so a quoted value parses back to itself")
  void quote() {
    String value = "a\"b\\c\nd\u0001é";
    assertThat(new JsonObject("{\"v\":" + JsonText.quote(value) + "}").getString("v")).isEqualTo(value);
  }
}
