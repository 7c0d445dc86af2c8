package dev.parley.signaling;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;

/**
 * Checks and writes JSON text (RFC 8259) for values the relay passes on without building them into
 * a tree: a signal's payload arrives as text and goes out inside the recipient's frame as that text.
 */
final class JsonText {

  private JsonText() {
  }

  /**
   * Whether the text is exactly one well-formed JSON object, optionally surrounded by whitespace, within
   * Vert.x's parser limits (nesting depth, string and number lengths). Reads the tokens without
   * building values, so that checking a session description costs a fraction of parsing it; what it
   * accepts can be spliced into a frame without changing that frame's structure.
   */
  static boolean isObject(String text) {
    try (JsonParser parser = JacksonCodec.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
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

  /** @return the string as a quoted JSON string, escaped per RFC 8259 §7 */
  static String quote(String value) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
  }
}
