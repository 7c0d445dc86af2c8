package dev.parley.gateway.rest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * Reads request bodies and parameters as the OpenAPI layer validated and converted them, so that no
 * route parses a number by hand. The contract bounds every integer parameter ({@code minimum} and
 * {@code maximum}), so a value read here is in range; an out-of-range or non-numeric value never reaches
 * a route (400 problem naming the parameter, from {@link Problems}).
 */
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

  /**
   * @return the validated integer query parameter, or {@code fallback} when it is absent. The OpenAPI
   *     layer decodes query values as JSON (so {@code 1e3} is the integer 1000, as JSON Schema's
   *     {@code integer} type says) and has checked the contract's bounds.
   */
  static int intQuery(RoutingContext rc, String name, int fallback) {
    Long value = longQuery(rc, name);
    return value == null ? fallback : Math.toIntExact(value);
  }

  /** @return the validated integer query parameter as a long, or {@code null} when absent */
  static Long longQuery(RoutingContext rc, String name) {
    ValidatedRequest validated = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    RequestParameter parameter = validated == null ? null : validated.getQuery().get(name);
    return parameter == null || !parameter.isNumber() ? null : parameter.getLong();
  }
}
