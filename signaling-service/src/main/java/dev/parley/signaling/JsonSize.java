package dev.parley.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Measures how many bytes a JSON value takes as UTF-8 text (RFC 8259) without encoding it: the
 * relay checks the size of every payload, and encoding a 1 KB offer only to count it cost more than
 * the rest of the check.
 *
 * <p>The count is that of the compact encoding with RFC 8259's two-character escapes ({@code \n},
 * {@code \"} …) and {@code \}{@code u00XX} for other control characters; every other character
 * counts as its UTF-8 length (a surrogate pair as 6 bytes, so the count is an upper bound there).
 */
final class JsonSize {

  /** The most UTF-8 bytes one UTF-16 character of a JSON string can take once encoded ({@code \}{@code u0001}). */
  private static final int MAX_BYTES_PER_CHAR = 6;

  private JsonSize() {
  }

  /**
   * Whether the value's encoding takes at most {@code limit} bytes. Counts each character as its
   * longest encoding first, which settles the usual small payload without reading its text, and
   * measures exactly only when that bound is over the limit.
   */
  static boolean fits(Object value, long limit) {
    return size(value, 0, limit, JsonSize::longest) <= limit || of(value, limit) <= limit;
  }

  /**
   * @param limit stop counting once past this many bytes
   * @return the size in bytes, or some number above {@code limit} once the value is larger
   */
  static long of(Object value, long limit) {
    return size(value, 0, limit, JsonSize::string);
  }

  /**
   * @param sum the bytes counted so far
   * @param string the bytes of a quoted string
   */
  private static long size(Object value, long sum, long limit, ToLongFunction<CharSequence> string) {
    if (sum > limit) {
      return sum;
    }
    if (value instanceof CharSequence text) {
      return sum + string.applyAsLong(text);
    }
    Map<?, ?> map = value instanceof JsonObject object ? object.getMap() : value instanceof Map<?, ?> m ? m : null;
    if (map != null) {
      long total = sum + 2 + Math.max(0, map.size() - 1);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        total = size(entry.getValue(), total + string.applyAsLong(String.valueOf(entry.getKey())) + 1, limit, string);
        if (total > limit) {
          return total;
        }
      }
      return total;
    }
    List<?> list = value instanceof JsonArray array ? array.getList() : value instanceof List<?> l ? l : null;
    if (list != null) {
      long total = sum + 2 + Math.max(0, list.size() - 1);
      for (Object item : list) {
        total = size(item, total, limit, string);
        if (total > limit) {
          return total;
        }
      }
      return total;
    }
    return sum + String.valueOf(value).length();
  }

  /** @return the most bytes a quoted JSON string of this length can take, quotes included */
  private static long longest(CharSequence text) {
    return 2 + (long) MAX_BYTES_PER_CHAR * text.length();
  }

  /** @return the bytes of a quoted JSON string, quotes included */
  private static long string(CharSequence text) {
    long bytes = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
        bytes += 2;
      } else if (c < 0x20) {
        bytes += 6;
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
