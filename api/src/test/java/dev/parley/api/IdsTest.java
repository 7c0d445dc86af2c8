package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Ids: the one shape of a client-supplied id")
class IdsTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"a", "Z", "0", "_", "-", "3f2a9c1e-7b4d-4e0a-9c55-0d8e6b7a1f20", "AbC_xyz-09"})
  @DisplayName("accepts 1 to 64 characters of the URL-safe base64 alphabet")
  void accepts(String id) {
    assertThat(Ids.isId(id)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "a b", "a.b", "a/b", "a:b", "a+b", "a=b", "é", "ａ", "a\u0000", "{}", "\u007f", "\u0080"})
  @DisplayName("refuses the empty string and any other character, ASCII or not")
  void refuses(String id) {
    assertThat(Ids.isId(id)).isFalse();
  }

  @Test
  @DisplayName("exactly 64 characters pass, 65 do not; non-strings never do")
  void lengthAndType() {
    assertThat(Ids.isId("a".repeat(Ids.MAX_LENGTH))).isTrue();
    assertThat(Ids.isId("a".repeat(Ids.MAX_LENGTH + 1))).isFalse();
    assertThat(Ids.isId(null)).isFalse();
    assertThat(Ids.isId(42)).isFalse();
  }

  @Test
  @DisplayName("exactly the 64 characters of RFC 4648 §5 are allowed among all 16-bit characters")
  void alphabet() {
    String base64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      assertThat(Ids.isId(String.valueOf((char) c))).as("character %d", c).isEqualTo(base64url.indexOf(c) >= 0);
    }
  }
}
