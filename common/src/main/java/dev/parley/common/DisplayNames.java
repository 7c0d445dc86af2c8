package dev.parley.common;

import java.util.regex.Pattern;

/**
 * The one rule for the names people show to others (accounts and guests): 1 to {@value #MAX_LENGTH}
 * characters (Unicode code points) after trimming, with no control characters and no invisible
 * formatting characters — among them the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that could make a name read backwards around other text (Unicode
 * TR 9; CVE-2021-42574 "Trojan Source"). The zero-width joiner and non-joiner (U+200C, U+200D) stay
 * allowed: emoji sequences and Persian or Indic names need them.
 */
public final class DisplayNames {

  /** Longest display name, in characters. */
  public static final int MAX_LENGTH = 80;
  /** The sentence to show when a name breaks the rule. */
  public static final String RULE = "Enter a display name of 1 to " + MAX_LENGTH
      + " visible characters, without control or text-direction characters";

  private static final Pattern FORBIDDEN = Pattern.compile("[\\p{Cntrl}\\p{Cf}&&[^\\u200C\\u200D]]");
  private static final Pattern VISIBLE = Pattern.compile("[^\\s\\p{Z}\\u200C\\u200D]");

  private DisplayNames() {
  }

  /** @return the trimmed name when it follows the rule, otherwise {@code null} */
  public static String normalise(String raw) {
    String name = raw == null ? "" : raw.strip();
    int length = name.codePointCount(0, name.length());
    return length == 0 || length > MAX_LENGTH || FORBIDDEN.matcher(name).find()
        || !VISIBLE.matcher(name).find() ? null : name;
  }
}
