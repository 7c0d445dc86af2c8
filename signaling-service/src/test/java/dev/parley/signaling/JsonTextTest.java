package dev.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

@DisplayName("JSON text measures and quoting for relayed payloads")
class JsonTextTest {

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
    String quoted = JsonText.quote(new StringBuilder("{\"v\":"), value).append('}').toString();
    assertThat(new JsonObject(quoted).getString("v")).isEqualTo(value);
  }
}
