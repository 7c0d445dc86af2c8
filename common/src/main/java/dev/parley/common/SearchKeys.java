package dev.parley.common;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How names and queries are compared in the directory: folded to lower case without accents
 * ({@code "Zoë Ångström"} → {@code "zoe angstrom"}) by Unicode compatibility decomposition (NFKD)
 * with the combining marks dropped, plus the few Latin letters that do not decompose (ß, æ, ø, ł,
 * đ, ı, œ, þ). A name's <em>words</em> are its runs of letters and digits.
 *
 * <p>The auth service's directory (and the benchmark that seeds accounts) use this. Accounts store the folded words ({@code nameWords}) and the folded whole name
 * ({@code sortName}); a query is folded the same way, so searching is a comparison of stored keys
 * with prefix ranges — no pattern is ever built from what a client typed.
 */
public final class SearchKeys {

  /** Most words of a name that are indexed, and of a query that are used. */
  public static final int MAX_WORDS = 16;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private SearchKeys() {
  }

  /** @return the text folded to lower case without accents; {@code ""} for null */
  public static String fold(String text) {
    if (text == null) {
      return "";
    }
    String decomposed = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
    StringBuilder folded = new StringBuilder(decomposed.length());
    decomposed.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> folded.append(switch (cp) {
      case 'ß' -> "ss";
      case 'æ' -> "ae";
      case 'œ' -> "oe";
      case 'ø' -> "o";
      case 'ł' -> "l";
      case 'đ' -> "d";
      case 'ı' -> "i";
      case 'þ' -> "th";
      default -> Character.toString(cp);
    }));
    return folded.toString();
  }

  /** @return the distinct folded words of a name or query, at most {@value #MAX_WORDS}, in order */
  public static List<String> words(String text) {
    return Arrays.stream(NOT_WORD.split(fold(text))).filter(w -> !w.isEmpty()).distinct().limit(MAX_WORDS).toList();
  }

  /** @return the folded name with runs of white space made one space: the directory's sort key */
  public static String sortKey(String displayName) {
    return SPACES.matcher(fold(displayName).strip()).replaceAll(" ");
  }

  /**
   * @return the least string greater than every string that starts with {@code prefix} (its last code
   *     point raised by one), the exclusive upper bound of a prefix range; holds in code-point, UTF-16
   *     and UTF-8 order alike
   */
  public static String upperBound(String prefix) {
    int last = prefix.codePointBefore(prefix.length());
    return prefix.substring(0, prefix.length() - Character.charCount(last)) + Character.toString(last + 1);
  }
}
