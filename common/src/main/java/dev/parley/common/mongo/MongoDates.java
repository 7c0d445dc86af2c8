package dev.parley.common.mongo;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** MongoDB extended-JSON dates ({@code {"$date": "ISO-8601"}}), the form vertx-mongo-client stores as BSON dates. */
public final class MongoDates {

  private MongoDates() {
  }

  /** @return {@code {"$date": "<instant>"}} */
  public static JsonObject of(Instant instant) {
    return new JsonObject().put("$date", instant.toString());
  }

  /** @return the instant in the field, or {@code null} when the field is absent or null */
  public static Instant read(JsonObject document, String field) {
    Object value = document.getValue(field);
    if (value instanceof JsonObject date) {
      return Instant.parse(date.getString("$date"));
    }
    return value == null ? null : Instant.parse(value.toString());
  }
}
