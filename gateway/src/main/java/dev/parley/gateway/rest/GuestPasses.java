package dev.parley.gateway.rest;

import dev.parley.common.jwt.AccessTokenVerifier;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * The guest pass a browser keeps for a meeting it joined as a guest (issue 14, item 6): the cookie
 * {@value #COOKIE} (HttpOnly, SameSite=Strict, Secure when the public URL is https, Path
 * {@code /api/v1/meetings/join/<joinCode>} so that it goes only with that link's requests, 30 days)
 * holding the pass the auth service signed ({@link AccessTokenVerifier#verifyGuestPass}).
 *
 * <p>On that link's requests without an {@code Authorization} header, {@link #read} makes the guest
 * the pass names the caller, so the meeting service lets them back in as the same guest with the same
 * name, or refuses them when they were removed. A pass that does not verify is ignored and cleared.
 */
public final class GuestPasses {

  static final String COOKIE = "parley_guest";
  private static final Duration LIFETIME = Duration.ofDays(30);
  private static final String JOIN_PATH = "/api/v1/meetings/join/";

  private final AccessTokenVerifier verifier;
  private final boolean secure;

  public GuestPasses(AccessTokenVerifier verifier, boolean secure) {
    this.verifier = verifier;
    this.secure = secure;
  }

  /** A route handler: the pass's guest becomes the caller of an anonymous request; then the next handler. */
  void read(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isEmpty() || rc.request().getHeader("Authorization") != null) {
      rc.next();
      return;
    }
    verifier.verifyGuestPass(cookie.getValue()).onComplete(ar -> {
      if (ar.succeeded()) {
        RequestContext.setCaller(rc, ar.result());
      } else {
        rc.response().addCookie(cookie(rc.pathParam("joinCode"), "", 0));
      }
      rc.next();
    });
  }

  /** Moves {@code guestPass} out of a join result into the cookie (the page's scripts never see it). */
  JsonObject keep(RoutingContext rc, JsonObject joined) {
    Object pass = joined.remove("guestPass");
    if (pass instanceof String value) {
      rc.response().addCookie(cookie(rc.pathParam("joinCode"), value, LIFETIME.toSeconds()));
    }
    return joined;
  }

  private Cookie cookie(String joinCode, String value, long maxAgeSeconds) {
    return Cookie.cookie(COOKIE, value)
        .setPath(JOIN_PATH + joinCode)
        .setHttpOnly(true)
        .setSecure(secure)
        .setSameSite(CookieSameSite.STRICT)
        .setMaxAge(maxAgeSeconds);
  }
}
