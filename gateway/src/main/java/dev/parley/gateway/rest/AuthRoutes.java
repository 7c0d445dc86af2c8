package dev.parley.gateway.rest;

import dev.parley.api.auth.AuthService;
import dev.parley.api.auth.Session;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The account operations of the OpenAPI contract ({@code /auth/*}, {@code /users/me}), each a small
 * method that calls {@link AuthService} and answers.
 *
 * <p>Refresh-token transport: browsers get the token in the {@value #COOKIE} cookie (HttpOnly,
 * SameSite=Strict, Path={@value #COOKIE_PATH}, Secure when the public URL is https), so scripts never
 * see it. A client that asks for {@code refreshTokenTransport: body}, or that sends its refresh token
 * in the body, gets the rotated token back in the body instead.
 *
 * <p>Beside it, the {@value #HINT_COOKIE} cookie ({@code 1}, readable by scripts, Path=/, the same
 * lifetime) tells the web client that a refresh cookie may be there, so a signed-out page load does
 * not try a refresh it knows will fail. It carries no secret and is cleared with the refresh cookie.
 */
public final class AuthRoutes {

  public static final String COOKIE = "parley_refresh";
  public static final String COOKIE_PATH = "/api/v1/auth";
  /** The scripts-readable "a session may exist" hint; its value is always {@code 1}. */
  public static final String HINT_COOKIE = "parley_session";

  private final AuthService auth;
  private final RequestContext context;
  private final boolean secureCookie;

  public AuthRoutes(AuthService auth, RequestContext context, boolean secureCookie) {
    this.auth = auth;
    this.context = context;
    this.secureCookie = secureCookie;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("signup").addHandler(this::signup);
    builder.getRoute("login").addHandler(this::login);
    builder.getRoute("refresh").addHandler(this::refresh);
    builder.getRoute("logout").addHandler(this::logout);
    builder.getRoute("requestPasswordReset").addHandler(this::requestPasswordReset);
    builder.getRoute("confirmPasswordReset").addHandler(this::confirmPasswordReset);
    builder.getRoute("getMe").addHandler(this::me);
  }

  private void signup(RoutingContext rc) {
    JsonObject body = body(rc);
    auth.signup(body.getString("email"), body.getString("password"), body.getString("displayName"), context.caller(rc))
        .onSuccess(session -> sendSession(rc, 201, session, wantsBody(body)))
        .onFailure(rc::fail);
  }

  private void login(RoutingContext rc) {
    JsonObject body = body(rc);
    auth.login(body.getString("email"), body.getString("password"), context.caller(rc))
        .onSuccess(session -> sendSession(rc, 200, session, wantsBody(body)))
        .onFailure(rc::fail);
  }

  private void refresh(RoutingContext rc) {
    String fromBody = body(rc).getString("refreshToken");
    String token = fromBody != null ? fromBody : cookieValue(rc);
    auth.refresh(token, context.caller(rc))
        .onSuccess(session -> sendSession(rc, 200, session, fromBody != null))
        .onFailure(err -> {
          if (fromBody == null) {
            clearCookie(rc);
          }
          rc.fail(err);
        });
  }

  private void logout(RoutingContext rc) {
    String fromBody = body(rc).getString("refreshToken");
    auth.logout(fromBody != null ? fromBody : cookieValue(rc), context.caller(rc))
        .onSuccess(v -> {
          clearCookie(rc);
          rc.response().setStatusCode(204).end();
        })
        .onFailure(rc::fail);
  }

  private void requestPasswordReset(RoutingContext rc) {
    auth.requestPasswordReset(body(rc).getString("email"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(202).end())
        .onFailure(rc::fail);
  }

  private void confirmPasswordReset(RoutingContext rc) {
    JsonObject body = body(rc);
    auth.confirmPasswordReset(body.getString("token"), body.getString("password"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end())
        .onFailure(rc::fail);
  }

  private void me(RoutingContext rc) {
    auth.me(context.caller(rc))
        .onSuccess(user -> Responses.json(rc, 200, user.toJson()))
        .onFailure(rc::fail);
  }

  void sendSession(RoutingContext rc, int status, Session session, boolean tokenInBody) {
    JsonObject json = session.toJson();
    if (tokenInBody) {
      json.remove("refreshExpiresIn");
    } else {
      rc.response().addCookie(Cookie.cookie(COOKIE, session.getRefreshToken())
          .setHttpOnly(true)
          .setSecure(secureCookie)
          .setSameSite(CookieSameSite.STRICT)
          .setPath(COOKIE_PATH)
          .setMaxAge(session.getRefreshExpiresIn()));
      rc.response().addCookie(hint("1", session.getRefreshExpiresIn()));
      json.remove("refreshToken");
    }
    rc.response().putHeader("Cache-Control", "no-store");
    Responses.json(rc, status, json);
  }

  void clearCookie(RoutingContext rc) {
    rc.response().addCookie(Cookie.cookie(COOKIE, "")
        .setHttpOnly(true)
        .setSecure(secureCookie)
        .setSameSite(CookieSameSite.STRICT)
        .setPath(COOKIE_PATH)
        .setMaxAge(0));
    rc.response().addCookie(hint("", 0));
  }

  private Cookie hint(String value, long maxAgeSeconds) {
    return Cookie.cookie(HINT_COOKIE, value)
        .setSecure(secureCookie)
        .setSameSite(CookieSameSite.STRICT)
        .setPath("/")
        .setMaxAge(maxAgeSeconds);
  }

  private static String cookieValue(RoutingContext rc) {
    Cookie cookie = rc.request().getCookie(COOKIE);
    return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
  }

  private static boolean wantsBody(JsonObject body) {
    return "body".equals(body.getString("refreshTokenTransport"));
  }

  private static JsonObject body(RoutingContext rc) {
    return Bodies.json(rc);
  }
}
