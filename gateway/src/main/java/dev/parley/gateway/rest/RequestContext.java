package dev.parley.gateway.rest;

import dev.parley.api.Caller;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Per-request identity established at the edge: a correlation id (the client's {@code X-Request-Id}
 * when it is a sane token, otherwise a new UUID, echoed in the response), the client address
 * ({@code X-Forwarded-For}'s first hop only when {@code PARLEY_TRUST_PROXY} is on), and, after
 * {@link AccessTokenHandler}, the verified {@link Caller}.
 */
public final class RequestContext {

  public static final String REQUEST_ID_HEADER = "X-Request-Id";
  private static final String CORRELATION_KEY = "parley.correlationId";
  private static final String CALLER_KEY = "parley.caller";
  private static final Pattern SANE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

  private final boolean trustProxy;

  public RequestContext(boolean trustProxy) {
    this.trustProxy = trustProxy;
  }

  /** Root handler: assigns the correlation id and echoes it. */
  public void handle(RoutingContext rc) {
    String given = rc.request().getHeader(REQUEST_ID_HEADER);
    String id = given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    rc.put(CORRELATION_KEY, id);
    rc.response().putHeader(REQUEST_ID_HEADER, id);
    rc.next();
  }

  public static String correlationId(RoutingContext rc) {
    String id = rc.get(CORRELATION_KEY);
    return id == null ? "none" : id;
  }

  /** @return the client's address as this gateway sees it (or as the trusted proxy reports it) */
  public String clientAddress(HttpServerRequest request) {
    if (trustProxy) {
      String forwarded = request.getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        return forwarded.split(",")[0].trim();
      }
    }
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  /** @return the verified caller, or an anonymous one for public operations */
  public Caller caller(RoutingContext rc) {
    Caller verified = rc.get(CALLER_KEY);
    Caller caller = verified == null ? new Caller() : new Caller(verified.toJson());
    return caller.setCorrelationId(correlationId(rc)).setClientAddress(clientAddress(rc.request()));
  }

  static void setCaller(RoutingContext rc, Caller caller) {
    rc.put(CALLER_KEY, caller);
  }
}
