package dev.parley.meeting;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Join codes: the secret in a meeting's link. A code is {@value #LENGTH} symbols drawn uniformly by a
 * {@link SecureRandom} from {@value #ALPHABET} (lower case, without the look-alikes 0/o, 1/l/i), so it
 * carries 16 × log2(31) ≈ 79 bits, above the 64 bits OWASP asks of a session identifier. It is
 * shown, stored and put in links as {@code xxxx-xxxx-xxxx-xxxx}; people may type it in any case and
 * without the dashes.
 */
final class JoinCodes {

  /** The symbols of a code: a–z and 2–9 without 0, o, 1, l and i. */
  static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  /** Symbols per code, dashes not counted. */
  static final int LENGTH = 16;
  private static final int GROUP = 4;
  /** Longest input worth normalising: a code with dashes and some stray spaces. */
  private static final int MAX_INPUT = 64;

  private final SecureRandom random;

  JoinCodes(SecureRandom random) {
    this.random = random;
  }

  /** @return a fresh code in its displayed form {@code xxxx-xxxx-xxxx-xxxx} */
  String next() {
    StringBuilder symbols = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      symbols.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return format(symbols);
  }

  /**
   * @param input a code as a person or a link gave it: any case, dashes and white space optional
   * @return the code in its displayed (stored) form, or {@code null} when the input cannot be a code
   */
  static String normalise(String input) {
    if (input == null || input.length() > MAX_INPUT) {
      return null;
    }
    StringBuilder symbols = new StringBuilder(LENGTH);
    for (char c : input.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '-' || Character.isWhitespace(c)) {
        continue;
      }
      if (ALPHABET.indexOf(c) < 0) {
        return null;
      }
      symbols.append(c);
    }
    return symbols.length() == LENGTH ? format(symbols) : null;
  }

  private static String format(CharSequence symbols) {
    StringBuilder code = new StringBuilder(LENGTH + LENGTH / GROUP - 1);
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % GROUP == 0) {
        code.append('-');
      }
      code.append(symbols.charAt(i));
    }
    return code.toString();
  }
}
