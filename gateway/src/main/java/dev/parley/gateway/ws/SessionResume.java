package dev.parley.gateway.ws;

import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code session.resume} frame (DESIGN §4): a client whose socket dropped opens a new one,
 * authenticates, and sends what it held on the old one, one part per area. Each part is resumed
 * independently and answered under the same key, so a room that ended does not stop the rest.
 *
 * <p>Request {@code {"rooms": {"<meetingId>": "<resumeToken>"}, ...}}; reply {@code {"rooms":
 * {"<meetingId>": {"ok": true, "data": {...}} | {"ok": false, "error": {"code", "message"}}}, ...}}.
 * Parts that are absent are not answered; unknown keys are refused with {@code bad_request}.
 */
public final class SessionResume {

  /** One area's part of a resume. */
  @FunctionalInterface
  public interface Part {
    /**
     * @param request the area's value from the frame (validated by the part)
     * @return the area's answer
     */
    Future<JsonObject> resume(ClientConnection connection, JsonObject request);
  }

  private final Map<String, Part> parts = new LinkedHashMap<>();

  /** Registers the {@code session.resume} handler on the hub. */
  public SessionResume(SocketHub hub) {
    hub.on("session.resume", this::resume);
  }

  /** Adds an area, e.g. {@code rooms}. */
  public SessionResume part(String key, Part part) {
    parts.put(key, part);
    return this;
  }

  private Future<JsonObject> resume(ClientConnection connection, JsonObject data) {
    for (String key : data.fieldNames()) {
      if (!parts.containsKey(key) || !(data.getValue(key) instanceof JsonObject)) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception(
            "session.resume takes objects under " + String.join(", ", parts.keySet()) + " only."));
      }
    }
    JsonObject reply = new JsonObject();
    List<Future<JsonObject>> pending = new ArrayList<>();
    for (Map.Entry<String, Part> part : parts.entrySet()) {
      JsonObject request = data.getJsonObject(part.getKey());
      if (request != null) {
        pending.add(part.getValue().resume(connection, request).onSuccess(answer -> reply.put(part.getKey(), answer)));
      }
    }
    return Future.all(pending).map(reply);
  }
}
