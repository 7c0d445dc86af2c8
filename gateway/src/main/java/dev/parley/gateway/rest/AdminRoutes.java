package dev.parley.gateway.rest;

import dev.parley.api.admin.AdminService;
import dev.parley.api.signaling.SignalingService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The admin operations of the contract: {@code GET /admin/users}, {@code GET/PATCH/DELETE /admin/users/{id}},
 * {@code GET /admin/audit} ({@link AdminService}) and {@code GET /admin/rooms},
 * {@code POST /admin/rooms/{meetingId}/end} ({@link SignalingService}). The services check the caller's
 * token role; these handlers only pass the validated values on.
 */
public final class AdminRoutes {

  private final AdminService admin;
  private final SignalingService signaling;
  private final RequestContext context;

  public AdminRoutes(AdminService admin, SignalingService signaling, RequestContext context) {
    this.admin = admin;
    this.signaling = signaling;
    this.context = context;
  }

  /** Attaches each handler to its operation id. */
  public void mount(RouterBuilder builder) {
    builder.getRoute("adminListUsers").addHandler(this::listUsers);
    builder.getRoute("adminGetUser").addHandler(rc -> admin.getUser(rc.pathParam("id"), context.caller(rc))
        .onSuccess(user -> Responses.json(rc, 200, user)).onFailure(rc::fail));
    builder.getRoute("adminUpdateUser").addHandler(rc -> admin.updateUser(rc.pathParam("id"), Bodies.json(rc), context.caller(rc))
        .onSuccess(user -> Responses.json(rc, 200, user)).onFailure(rc::fail));
    builder.getRoute("adminDeleteUser").addHandler(rc -> admin.deleteUser(rc.pathParam("id"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail));
    builder.getRoute("adminAudit").addHandler(this::audit);
    builder.getRoute("adminListRooms").addHandler(rc -> signaling.liveRooms(context.caller(rc))
        .onSuccess(rooms -> Responses.json(rc, 200, new JsonObject().put("items", rooms))).onFailure(rc::fail));
    builder.getRoute("adminEndRoom").addHandler(rc -> signaling.endAsAdmin(rc.pathParam("meetingId"), context.caller(rc))
        .onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail));
  }

  private void listUsers(RoutingContext rc) {
    JsonObject query = new JsonObject()
        .put("q", rc.queryParams().get("q"))
        .put("role", rc.queryParams().get("role"))
        .put("status", rc.queryParams().get("status"))
        .put("cursor", rc.queryParams().get("cursor"))
        .put("limit", Bodies.longQuery(rc, "limit"));
    admin.listUsers(query, context.caller(rc)).onSuccess(page -> Responses.json(rc, 200, page)).onFailure(rc::fail);
  }

  private void audit(RoutingContext rc) {
    JsonObject query = new JsonObject()
        .put("actor", rc.queryParams().get("actor"))
        .put("target", rc.queryParams().get("target"))
        .put("from", rc.queryParams().get("from"))
        .put("to", rc.queryParams().get("to"))
        .put("cursor", rc.queryParams().get("cursor"))
        .put("limit", Bodies.longQuery(rc, "limit"));
    admin.audit(query, context.caller(rc)).onSuccess(page -> Responses.json(rc, 200, page)).onFailure(rc::fail);
  }
}
