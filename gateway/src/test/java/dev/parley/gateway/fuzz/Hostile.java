package dev.parley.gateway.fuzz;

import java.util.List;

/**
 * Values that are valid JSON of the right type but hostile in content: injection strings, markup,
 * control and bidi characters, path tricks, huge and odd numbers. A field may accept them (a title can
 * hold any text) but none may make the server fail, hang or echo a stack trace.
 */
public final class Hostile {

  /** Strings for body fields and query values. */
  public static final List<String> STRINGS = List.of(
      "' OR '1'='1", "{\"$ne\": null}", "$where", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
      "../../../../etc/passwd", "%00", "\u0000", "\u202Eevil\u202C", "\uD83D\uDE00", "\uD800",
      "${jndi:ldap://127.0.0.1/x}", "(a+)+$", ".*", "\r\nSet-Cookie: x=1", "z".repeat(10_000));

  /** Raw (already escaped as they will be sent) path segments. */
  public static final List<String> PATH_SEGMENTS = List.of(
      "%zz", "%", "%E2%82", "%c0%af", "..%2F..%2Fetc", "%24where", "%7B%22%24ne%22%3A1%7D", "%3Cscript%3E",
      "a".repeat(65), "x".repeat(3_000), "%00", "%20", "null", "-1");

  /** Raw query values for integer and string parameters. */
  public static final List<String> QUERY_VALUES = List.of(
      "abc", "-1", "0", "1.5", "1e3", "1e309", "NaN", "Infinity", "2147483648", "9223372036854775808",
      "99999999999999999999999", "%zz", "%201", "", "%7B%7D", "a".repeat(3_000));

  private Hostile() {
  }
}
