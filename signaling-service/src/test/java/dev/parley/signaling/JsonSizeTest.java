package dev.parley.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

@DisplayName("JSON size without encoding")
class JsonSizeTest {

  private static final long NO_LIMIT = Long.MAX_VALUE;

  private static int encoded(JsonObject value) {
    return value.encode().getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  @DisplayName("equals the UTF-8 length of the compact encoding for SDP-like text, escapes, non-ASCII and nesting")
  void matchesEncoding() {
    JsonObject value = new JsonObject()
        .put("type", "offer")
        .put("sdp", "v=0\r\no=- 4611 2 IN IP4 127.0.0.1\r\na=candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host\r\n")
        .put("quoted", "say \"hi\" \\ back\tnow\b\f")
        .put("control", "\u0001\u001f")
        .put("names", new JsonArray().add("Zoë").add("日本語").add(new JsonObject()).add(new JsonArray()))
        .put("numbers", new JsonArray().add(0).add(-17).add(3.25).add(1234567890123L))
        .put("flags", new JsonObject().put("yes", true).put("no", false).putNull("nothing"));
    assertThat(JsonSize.of(value, NO_LIMIT)).isEqualTo(encoded(value));
    assertThat(JsonSize.of(new JsonObject(), NO_LIMIT)).isEqualTo(2);
  }

  @Test
  @DisplayName("counts a surrogate pair as at least its 4 UTF-8 bytes")
  void surrogatePairsAreBounded() {
    JsonObject emoji = new JsonObject().put("e", "😀😀");
    assertThat(JsonSize.of(emoji, NO_LIMIT)).isGreaterThanOrEqualTo(encoded(emoji));
  }

  @Test
  @DisplayName("fits: true up to the limit of the exact size, false one byte below it, also when only the exact count can tell")
  void fitsAtTheBoundary() {
    JsonObject sdp = new JsonObject().put("type", "offer").put("sdp", "a=candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host\r\n".repeat(40));
    int size = encoded(sdp);
    assertThat(JsonSize.fits(sdp, size)).isTrue();
    assertThat(JsonSize.fits(sdp, size - 1)).isFalse();
    assertThat(JsonSize.fits(sdp, 16 * 1024)).as("a %d-byte offer", size).isTrue();
  }

  @Test
  @DisplayName("stops past the limit and reports a size above it")
  void stopsPastTheLimit() {
    JsonObject big = new JsonObject();
    for (int i = 0; i < 1_000; i++) {
      big.put("k" + i, "x".repeat(100));
    }
    assertThat(JsonSize.of(big, 16 * 1024)).isGreaterThan(16 * 1024).isLessThan(encoded(big));
  }
}
