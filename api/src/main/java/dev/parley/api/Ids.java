package dev.parley.api;

/**
 * The one shape of every id Parley takes from a client (meeting, participant, user, timeslot,
 * client message ids): 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}, the URL-safe
 * base64 alphabet of RFC 4648 §5. Ids of that shape can go into Redis keys, event-bus addresses and
 * URLs without escaping.
 *
 * <p>Checked with a table lookup per character rather than a regular expression: it runs several times
 * on every relayed signal.
 */
public final class Ids {

  /** The longest id, in characters. */
  public static final int MAX_LENGTH = 64;
  private static final boolean[] ALLOWED = allowedCharacters();

  private Ids() {
  }

  /** @return whether {@code value} is a string of 1..{@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]} */
  public static boolean isId(Object value) {
    if (!(value instanceof String id) || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c >= ALLOWED.length || !ALLOWED[c]) {
        return false;
      }
    }
    return true;
  }

  /** Whether each ASCII character may appear in an id. */
  private static boolean[] allowedCharacters() {
    boolean[] allowed = new boolean[128];
    for (char c = 'a'; c <= 'z'; c++) {
      allowed[c] = true;
      allowed[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      allowed[c] = true;
    }
    allowed['_'] = true;
    allowed['-'] = true;
    return allowed;
  }
}
