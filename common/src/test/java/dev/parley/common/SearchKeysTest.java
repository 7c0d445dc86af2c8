package dev.parley.common;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Directory search keys")
class SearchKeysTest {

  @Test
  @DisplayName("Names fold to lower case without accents, with the letters that do not decompose spelled out")
  void fold() {
    assertThat(SearchKeys.fold("Zoë ÅNGSTRÖM")).isEqualTo("zoe angstrom");
    assertThat(SearchKeys.fold("Łukasz Straße Ørsted Æsir")).isEqualTo("lukasz strasse orsted aesir");
  }

  @Test
  @DisplayName("Words are the runs of letters and digits, distinct, in order; punctuation alone gives none")
  void words() {
    assertThat(SearchKeys.words("Jean-Luc  O'Brien 2nd Jean")).containsExactly("jean", "luc", "o", "brien", "2nd");
    assertThat(SearchKeys.words(".*(a+)+$")).containsExactly("a");
    assertThat(SearchKeys.words("[]{}\\^$|")).isEmpty();
  }

  @Test
  @DisplayName("The upper bound of a prefix is above every string starting with it and below the next prefix")
  void upperBound() {
    String bound = SearchKeys.upperBound("ann");
    assertThat("ann").isLessThan(bound);
    assertThat("annzzzz\uffff").isLessThan(bound);
    assertThat("ano").isGreaterThanOrEqualTo(bound);
    assertThat(SearchKeys.upperBound("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE01");
  }
}
