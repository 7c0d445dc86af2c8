package dev.parley.api;

/**
 * The one shape of every id Parley takes from a client (meeting, participant, user, timeslot,
 * client message ids): 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]}, the URL-safe
 * base64 alphabet of RFC 4648 §5. Ids of that shape can go into Redis keys, event-bus addresses and
 * URLs without escaping.
 *
 * <p>Checked with a loop rather than a regular expression: it runs on every relayed signal.
 */
public final class Ids {

  /** The longest id, in characters. */
  public static final int MAX_LENGTH = 64;

  private Ids() {
  }

  /** @return whether {@code value} is a string of 1..{@value #MAX_LENGTH} characters of {@code [A-Za-z0-9_-]} */
  public static boolean isId(Object value) {
    if (!(value instanceof String id) || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
