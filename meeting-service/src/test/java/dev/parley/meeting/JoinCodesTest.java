package dev.parley.meeting;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Join codes: their form, their randomness and how typed codes are read. */
@DisplayName("Join codes")
class JoinCodesTest {

  private static final Pattern FORM = Pattern.compile("^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$");
  private final JoinCodes codes = new JoinCodes(new SecureRandom());

  @Test
  @DisplayName("The alphabet has no look-alikes, and sixteen of its symbols carry at least 64 bits")
  void entropy() {
    assertThat(JoinCodes.ALPHABET).doesNotContain("0", "o", "1", "l", "i").isLowerCase();
    assertThat(JoinCodes.ALPHABET.chars().distinct().count()).isEqualTo(JoinCodes.ALPHABET.length());
    assertThat(JoinCodes.LENGTH * Math.log(JoinCodes.ALPHABET.length()) / Math.log(2)).isGreaterThanOrEqualTo(64);
  }

  @Test
  @DisplayName("Ten thousand fresh codes are all distinct and all of the form xxxx-xxxx-xxxx-xxxx")
  void distinctAndWellFormed() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String code = codes.next();
      assertThat(code).matches(FORM);
      assertThat(seen.add(code)).as("code %s is new", code).isTrue();
    }
  }

  @Test
  @DisplayName("Every symbol of the alphabet is drawn about equally often (within 10 % over 160,000 draws)")
  void uniform() {
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      for (char c : codes.next().replace("-", "").toCharArray()) {
        counts.merge(c, 1, Integer::sum);
      }
    }
    double expected = 10_000.0 * JoinCodes.LENGTH / JoinCodes.ALPHABET.length();
    assertThat(counts).hasSize(JoinCodes.ALPHABET.length());
    // The standard deviation of a count is about 70 here: 10 % is over seven of them.
    assertThat(counts.values()).allSatisfy(count -> assertThat((double) count).isBetween(expected * 0.9, expected * 1.1));
  }

  @Test
  @DisplayName("A typed code is read in any case, with or without dashes and surrounding spaces")
  void normalise() {
    String code = codes.next();
    assertThat(JoinCodes.normalise(code)).isEqualTo(code);
    assertThat(JoinCodes.normalise(code.toUpperCase())).isEqualTo(code);
    assertThat(JoinCodes.normalise(code.replace("-", ""))).isEqualTo(code);
    assertThat(JoinCodes.normalise("  " + code.replace("-", "").toUpperCase() + " ")).isEqualTo(code);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"abcd-efgh-jkmn-pqr", "abcd-efgh-jkmn-pqrst", "abcd-efgh-jkmn-pqr0", "abcd-efgh-jkmn-pqro",
      "abcd-efgh-jkmn-pqr1", "abcd-efgh-jkmn-pqrl", "abcd-efgh-jkmn-pqri", "abcd_efgh_jkmn_pqrs", "{\"$ne\": null}"})
  @DisplayName("Input that cannot be a code (wrong length, look-alike or foreign symbols) is not a code")
  void refuses(String input) {
    assertThat(JoinCodes.normalise(input)).isNull();
  }
}
