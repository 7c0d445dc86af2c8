package dev.parley.gateway.rest;

import dev.parley.api.auth.AuthService;
import dev.parley.gateway.presence.PresenceStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.List;

/**
 * The people operations of the OpenAPI contract: the directory ({@code GET /users}, each person's
 * presence added from {@link PresenceStore}) and one's own account ({@code PATCH /users/me},
 * {@code DELETE /users/me}, {@code POST /users/me/password}). {@link AuthService} checks every rule;
 * the contract bounded the parameters and bodies first.
 */
public final class PeopleRoutes {

  private final AuthService auth;
  private final PresenceStore presence;
  private final AuthRoutes sessions;
  private final RequestContext context;

  /** @param sessions writes sessions and the refresh cookie as sign-in does */
  public PeopleRoutes(AuthService auth, PresenceStore presence, AuthRoutes sessions, RequestContext context) {
    this.auth = auth;
    this.presence = presence;
    this.sessions = sessions;
    this.context = context;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("listUsers").addHandler(this::directory);
    builder.getRoute("updateMe").addHandler(this::updateMe);
    builder.getRoute("changePassword").addHandler(this::changePassword);
    builder.getRoute("deleteMe").addHandler(this::deleteMe);
  }

  private void directory(RoutingContext rc) {
    Long limit = Bodies.longQuery(rc, "limit");
    auth.directory(rc.queryParams().get("q"), limit == null ? null : Math.toIntExact(limit), rc.queryParams().get("cursor"),
            context.caller(rc))
        .compose(page -> {
          JsonArray items = page.getJsonArray("items");
          List<String> ids = items.stream().map(item -> ((JsonObject) item).getString("id")).toList();
          return presence.statuses(ids).map(statuses -> {
            items.forEach(item -> ((JsonObject) item).put("presence", statuses.get(((JsonObject) item).getString("id"))));
            return page;
          });
        })
        .onSuccess(page -> {
          rc.response().putHeader("Cache-Control", "no-store");
          Responses.json(rc, 200, page);
        })
        .onFailure(rc::fail);
  }

  private void updateMe(RoutingContext rc) {
    auth.updateMe(Bodies.json(rc), context.caller(rc))
        .onSuccess(user -> Responses.json(rc, 200, user.toJson()))
        .onFailure(rc::fail);
  }

  private void changePassword(RoutingContext rc) {
    JsonObject body = Bodies.json(rc);
    auth.changePassword(body.getString("currentPassword"), body.getString("newPassword"), context.caller(rc))
        .onSuccess(session -> sessions.sendSession(rc, 200, session, "body".equals(body.getString("refreshTokenTransport"))))
        .onFailure(rc::fail);
  }

  private void deleteMe(RoutingContext rc) {
    auth.deleteMe(Bodies.json(rc).getString("password"), context.caller(rc))
        .onSuccess(v -> {
          sessions.clearCookie(rc);
          rc.response().setStatusCode(204).end();
        })
        .onFailure(rc::fail);
  }
}
