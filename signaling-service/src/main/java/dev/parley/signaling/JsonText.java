package dev.parley.signaling;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Measures and writes JSON text (RFC 8259) for the relay, which passes a signal's payload on without
 * building it into a tree: it arrives as text ({@link dev.parley.api.JsonObjectText}) and goes out
 * inside the recipient's frame as that text.
 */
final class JsonText {

  private JsonText() {
  }

  /**
   * @return whether the text takes at most {@code limit} bytes as UTF-8 (a surrogate pair counts as
   *     the 4 bytes it encodes to); settled without counting when even 3 bytes per character fit
   */
  static boolean fits(String text, long limit) {
    int length = text.length();
    if (3L * length <= limit) {
      return true;
    }
    if (length > limit) {
      return false;
    }
    long bytes = 0;
    for (int i = 0; i < length && bytes <= limit; i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes <= limit;
  }

  /**
   * Appends the string as a quoted JSON string, escaped per RFC 8259 §7.
   *
   * @return {@code out}
   */
  static StringBuilder quote(StringBuilder out, String value) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(value, out);
    return out.append('"');
  }
}
