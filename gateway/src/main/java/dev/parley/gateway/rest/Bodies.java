package dev.parley.gateway.rest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads request bodies and query parameters that the OpenAPI validation has already checked. */
final class Bodies {

  private Bodies() {
  }

  /** @return the JSON object body, or an empty object when the (optional) body is absent */
  static JsonObject json(RoutingContext rc) {
    if (rc.body() == null || rc.body().length() == 0) {
      return new JsonObject();
    }
    JsonObject json = rc.body().asJsonObject();
    return json == null ? new JsonObject() : json;
  }

  /** @return the integer query parameter, or {@code fallback} when absent; the contract checked its range */
  static int intQuery(RoutingContext rc, String name, int fallback) {
    String value = rc.queryParams().get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }
}
