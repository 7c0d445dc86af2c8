package dev.parley.gateway.rest;

import dev.parley.api.ErrorCode;
import dev.parley.gateway.StrictJson;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The router's refusals of requests no route should see (DESIGN §5: every failure answers): URIs with a
 * malformed percent-escape (400, before anything decodes them), JSON bodies that are not strict RFC
 * 8259 ({@link StrictJson}, 400 before validation), and the router's own error handlers, which answer
 * problem+json under {@code /api} and {@code /.well-known} and plain text elsewhere.
 */
public final class EarlyRefusals {

  private static final JsonObject MALFORMED_ESCAPE = Problems.problem(ErrorCode.BAD_REQUEST,
      "The address holds a malformed percent-escape (RFC 3986 §2.1).");

  private EarlyRefusals() {
  }

  /** Refuses a JSON body that is not strict RFC 8259 JSON ({@link StrictJson}) with 400 before any validation. */
  public static void strictJsonBody(RoutingContext rc) {
    String type = rc.request().getHeader("content-type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (rc.body() != null && rc.body().length() > 0 && (mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
      try {
        StrictJson.check(rc.body().buffer());
      } catch (io.vertx.core.json.DecodeException e) {
        rc.fail(ErrorCode.BAD_REQUEST.exception(e.getMessage()));
        return;
      }
    }
    rc.next();
  }

  /** Refuses a path or query with a malformed percent-escape before anything tries to decode it. */
  public static void wellFormedUri(RoutingContext rc) {
    if (decodable(rc.request().uri())) {
      rc.next();
    } else {
      Responses.problem(rc, MALFORMED_ESCAPE);
    }
  }

  public static void routerError(RoutingContext rc) {
    String path = rc.request().path();
    if (path == null || !path.startsWith("/api") && !path.startsWith("/.well-known")) {
      plainFailure(rc);
    } else if (!decodable(path)) {
      // The router cannot normalise a path with a malformed escape and reports it without a failure.
      Responses.problem(rc, MALFORMED_ESCAPE);
    } else {
      Problems.handle(rc);
    }
  }

  /** @return whether every {@code %} of the path starts a complete escape of two hex digits */
  private static boolean decodable(String path) {
    try {
      java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static void plainFailure(RoutingContext rc) {
    if (!rc.response().headWritten()) {
      int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
      rc.response().setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8")
          .end(status == 404 ? "Not found" : "Error " + status);
    }
  }
}
