package dev.parley.auth;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** MongoDB extended-JSON dates ({@code {"$date": "ISO-8601"}}), the form vertx-mongo-client stores as BSON dates. */
final class MongoDates {

  private MongoDates() {
  }

  static JsonObject of(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }

  static Instant read(JsonObject document, String field) {
    Object value = document.getValue(field);
    if (value instanceof JsonObject date) {
      return Instant.parse(date.getString("$date"));
    }
    return value == null ? null : Instant.parse(value.toString());
  }
}
