package dev.parley.gateway.ws;

import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

/**
 * The WebSocket frame shapes of DESIGN §4: requests {@code {"type", "id", "data"}}, replies
 * {@code {"type": "reply", "re", "ok": true, "data"}} or {@code {"type": "reply", "re", "ok": false,
 * "error": {"code", "message", "retryAfter" (seconds, for refusals that say when to try again)}}}, and server pushes {@code {"type", "data"}}.
 */
public final class Frames {

  private static final String INTERNAL_MESSAGE = "Something went wrong on our side.";
  private static final String UNANSWERED_MESSAGE = "A Parley service is not answering right now; try again shortly.";

  private Frames() {
  }

  public static JsonObject ok(String re, JsonObject data) {
    return new JsonObject().put("type", "reply").put("re", re).put("ok", true).put("data", data == null ? new JsonObject() : data);
  }

  public static JsonObject error(String re, ErrorCode code, String message) {
    return error(re, code.code(), message);
  }

  public static JsonObject error(String re, String code, String message) {
    return error(re, new JsonObject().put("code", code).put("message", message));
  }

  /** @return an error reply carrying {@code error} as it is ({@link #errorBody}) */
  public static JsonObject error(String re, JsonObject error) {
    return new JsonObject().put("type", "reply").put("re", re).put("ok", false).put("error", error);
  }

  /**
   * @return {@code {"code", "message"}} for a failure: a service's refusal as it was given; a request
   *     nobody answered ({@link ErrorCode#isUnanswered}: a timeout, no instance) as {@code unavailable}
   *     with {@code retryAfter} 1; anything else (a bug) as {@code internal} with a generic sentence.
   *     This is the one place a WebSocket request's failure becomes what the client sees.
   */
  public static JsonObject errorBody(Throwable failure) {
    if (failure instanceof ServiceException refusal && ErrorCode.of(refusal.failureCode()) != ErrorCode.INTERNAL) {
      JsonObject body = new JsonObject().put("code", ErrorCode.of(refusal.failureCode()).code()).put("message", refusal.getMessage());
      JsonObject details = refusal.getDebugInfo();
      if (details != null && details.getValue(ErrorCode.RETRY_AFTER) instanceof Number seconds) {
        body.put(ErrorCode.RETRY_AFTER, seconds);
      }
      return body;
    }
    if (ErrorCode.isUnanswered(failure)) {
      return new JsonObject().put("code", ErrorCode.UNAVAILABLE.code()).put("message", UNANSWERED_MESSAGE).put(ErrorCode.RETRY_AFTER, 1);
    }
    return new JsonObject().put("code", ErrorCode.INTERNAL.code()).put("message", INTERNAL_MESSAGE);
  }

  /** @return whether {@link #errorBody} hides the failure's details (it should be logged) */
  public static boolean isInternal(Throwable failure) {
    if (ErrorCode.isUnanswered(failure)) {
      return false;
    }
    return !(failure instanceof ServiceException refusal) || ErrorCode.of(refusal.failureCode()) == ErrorCode.INTERNAL;
  }

  /**
   * @param field the request data's field holding an id, e.g. {@code meetingId}
   * @param refusal the {@code bad_request} message when it holds none ({@link Ids#isId})
   * @return the id
   */
  public static Future<String> id(JsonObject data, String field, String refusal) {
    Object id = data.getValue(field);
    return Ids.isId(id) ? Future.succeededFuture((String) id) : Future.failedFuture(ErrorCode.BAD_REQUEST.exception(refusal));
  }

  public static JsonObject push(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data);
  }
}
