package dev.parley.gateway.rest;

import dev.parley.common.jwt.AccessTokenVerifier;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards operations whose OpenAPI entry has {@code security: [bearerAuth]}: reads
 * {@code Authorization: Bearer <jwt>}, verifies it with {@link AccessTokenVerifier} and stores the
 * caller for the operation's handler. Failures go to {@link Problems} (401 with
 * {@code WWW-Authenticate: Bearer}).
 */
public final class AccessTokenHandler implements Handler<RoutingContext> {

  private static final String PREFIX = "bearer ";
  private final AccessTokenVerifier verifier;
  private final boolean optional;

  /**
   * @param optional when true (OpenAPI {@code security: [{bearerAuth: []}, {}]}), a request without an
   *     {@code Authorization} header goes on as anonymous; one with a bad token is still refused
   */
  public AccessTokenHandler(AccessTokenVerifier verifier, boolean optional) {
    this.verifier = verifier;
    this.optional = optional;
  }

  @Override
  public void handle(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    if (header == null && optional) {
      rc.next();
      return;
    }
    String token = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? header.substring(PREFIX.length())
        : null;
    verifier.verify(token)
        .onSuccess(caller -> {
          RequestContext.setCaller(rc, caller);
          rc.next();
        })
        .onFailure(rc::fail);
  }
}
