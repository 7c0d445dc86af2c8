package dev.parley.gateway.ws;

import dev.parley.api.ErrorCode;
import io.vertx.core.json.JsonObject;

/**
 * The WebSocket frame shapes of DESIGN §4: requests {@code {"type", "id", "data"}}, replies
 * {@code {"type": "reply", "re", "ok": true, "data"}} or {@code {"type": "reply", "re", "ok": false,
 * "error": {"code", "message"}}}, and server pushes {@code {"type", "data"}}.
 */
public final class Frames {

  private Frames() {
  }

  public static JsonObject ok(String re, JsonObject data) {
    return new JsonObject().put("type", "reply").put("re", re).put("ok", true).put("data", data == null ? new JsonObject() : data);
  }

  public static JsonObject error(String re, ErrorCode code, String message) {
    return error(re, code.code(), message);
  }

  public static JsonObject error(String re, String code, String message) {
    return new JsonObject().put("type", "reply").put("re", re).put("ok", false)
        .put("error", new JsonObject().put("code", code).put("message", message));
  }

  public static JsonObject push(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data);
  }
}
