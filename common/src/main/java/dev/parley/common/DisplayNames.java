package dev.parley.common;

import java.util.regex.Pattern;

/**
 * The one rule for the names people show to others (accounts and guests): 1 to {@value #MAX_LENGTH}
 * characters (Unicode code points) after trimming, with no control characters.
 */
public final class DisplayNames {

  /** Longest display name, in characters. */
  public static final int MAX_LENGTH = 80;
  /** The sentence to show when a name breaks the rule. */
  public static final String RULE = "Enter a display name of 1 to " + MAX_LENGTH + " characters";

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private DisplayNames() {
  }

  /** @return the trimmed name when it follows the rule, otherwise {@code null} */
  public static String normalise(String raw) {
    String name = raw == null ? "" : raw.strip();
    int length = name.codePointCount(0, name.length());
    return length == 0 || length > MAX_LENGTH || CONTROL.matcher(name).find() ? null : name;
  }
}
