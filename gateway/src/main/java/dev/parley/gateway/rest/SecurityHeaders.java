package dev.parley.gateway.rest;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds the response headers OWASP's Secure Headers Project recommends to every response: a
 * Content-Security-Policy that allows only same-origin scripts, styles, and connections (including the
 * WebSocket), media from blobs (camera streams), and no framing; {@code X-Content-Type-Options:
 * nosniff}; {@code Referrer-Policy: no-referrer}; {@code Permissions-Policy} allowing camera,
 * microphone and screen capture only for this origin; HSTS when the public URL is https.
 */
public final class SecurityHeaders {

  static final String CSP = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data: blob:",
      "media-src 'self' blob:",
      "connect-src 'self' ws: wss:",
      "font-src 'self'",
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
