package dev.parley.gateway.rest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers. */
public final class Responses {

  private Responses() {
  }

  /** Ends the response with a problem body ({@link Problems#problem}) and its status. */
  public static void problem(RoutingContext rc, JsonObject problem) {
    rc.response().setStatusCode(problem.getInteger("status")).putHeader("content-type", Problems.CONTENT_TYPE)
        .end(problem.encode());
  }

  public static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
