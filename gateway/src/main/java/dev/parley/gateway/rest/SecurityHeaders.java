package dev.parley.gateway.rest;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds the response headers OWASP's Secure Headers Project recommends to every response: a
 * Content-Security-Policy that allows only same-origin scripts, styles (plus empty inline style elements,
 * see {@link #EMPTY_STYLE_ELEMENT}), fonts from this origin or data: URLs (the calendar widget's icon
 * font), and connections (including the
 * WebSocket), media from blobs (camera streams), and no framing; {@code X-Content-Type-Options:
 * nosniff}; {@code Referrer-Policy: no-referrer}; {@code Permissions-Policy} allowing camera,
 * microphone and screen capture only for this origin; HSTS when the public URL is https.
 */
public final class SecurityHeaders {

  /**
   * Allows inline {@code <style>} elements only when they are empty (the SHA-256 of no text). The
   * calendar widget (FullCalendar 6) creates one empty {@code <style data-fullcalendar>} element and
   * fills it through CSSOM {@code insertRule}, which CSP does not govern; without this the browser
   * refuses the element and the widget fails. An injected empty element styles nothing, so this
   * admits no attacker-controlled CSS; {@code 'unsafe-inline'} would.
   */
  static final String EMPTY_STYLE_ELEMENT = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

  static final String CSP = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' " + EMPTY_STYLE_ELEMENT,
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "connect-src 'self' ws: wss:",
      // The calendar widget embeds its small icon font as a data: URL; fonts cannot run code.
      "font-src 'self' data:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  private final boolean https;

  public SecurityHeaders(boolean https) {
    this.https = https;
  }

  public void handle(RoutingContext rc) {
    HttpServerResponse response = rc.response();
    response.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(self), microphone=(self), display-capture=(self), geolocation=()");
    if (https) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    rc.next();
  }
}
