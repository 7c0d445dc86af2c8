package dev.parley.gateway.ws;

import dev.parley.api.ErrorCode;
import dev.parley.api.signaling.SignalingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The {@code call.*} WebSocket frames (direct calls, docs/websocket-protocol.md), forwarded to
 * {@link SignalingService}: {@code call.start {userId}}, {@code call.accept {callId}},
 * {@code call.reject {callId}}, {@code call.cancel {callId}}. The ringing and its outcome reach every
 * client of both people through their user topics, which each account's sockets hold from the
 * moment they authenticate.
 */
public final class CallFrames {

  private final SignalingService signaling;

  public CallFrames(SignalingService signaling) {
    this.signaling = signaling;
  }

  /** Registers the frame handlers on the hub. */
  public void register(SocketHub hub) {
    hub.on("call.start", (connection, data) -> text(data, "userId")
        .compose(userId -> signaling.startCall(userId, connection.caller())));
    hub.on("call.accept", (connection, data) -> text(data, "callId")
        .compose(callId -> signaling.answerCall(callId, true, connection.caller())));
    hub.on("call.reject", (connection, data) -> text(data, "callId")
        .compose(callId -> signaling.answerCall(callId, false, connection.caller())));
    hub.on("call.cancel", (connection, data) -> text(data, "callId")
        .compose(callId -> signaling.cancelCall(callId, connection.caller())));
  }

  private static Future<String> text(JsonObject data, String field) {
    return data.getValue(field) instanceof String value
        ? Future.succeededFuture(value)
        : Future.failedFuture(ErrorCode.BAD_REQUEST.exception("'" + field + "' must be a string.",
            new JsonObject().put(ErrorCode.FIELD, field)));
  }
}
