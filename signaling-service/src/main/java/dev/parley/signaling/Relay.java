package dev.parley.signaling;

import dev.parley.api.Addresses;
import dev.parley.api.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes room frames to sockets through the gateways (docs/websocket-protocol.md): to every member on
 * the room topic, or to one member on their gateway node and connection. Every frame's {@code data}
 * names the {@code meetingId}, so that a gateway (and a client in several rooms) knows which room it
 * concerns.
 */
final class Relay {

  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  /** The characters of a signal frame around its four values, with room for a few escapes. */
  private static final int SIGNAL_FRAME_OVERHEAD = 96;

  private final EventBus bus;
  private final long timeoutMs;

  /** @param timeoutMs how long to wait for a gateway to accept a point-to-point frame */
  Relay(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /** @return {@code {"type": type, "data": data + meetingId}} */
  static JsonObject frame(String type, String meetingId, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data.put("meetingId", meetingId));
  }

  /**
   * @param payload the text of one JSON object, checked when it became a {@link dev.parley.api.JsonObjectText}
   * @return the text of {@code {"type": "room.signal", "data": {"from", "kind", "payload", "meetingId"}}},
   *     the payload's text spliced in as it is
   */
  static String signalFrame(String meetingId, String from, String kind, String payload) {
    StringBuilder frame = new StringBuilder(SIGNAL_FRAME_OVERHEAD + payload.length() + from.length() + kind.length()
        + meetingId.length());
    JsonText.quote(frame.append("{\"type\":\"room.signal\",\"data\":{\"from\":"), from);
    JsonText.quote(frame.append(",\"kind\":"), kind);
    JsonText.quote(frame.append(",\"payload\":").append(payload).append(",\"meetingId\":"), meetingId);
    return frame.append("}}").toString();
  }

  /**
   * Publishes a frame to every socket in the room.
   *
   * @param exclude a connection that must not receive it, or null
   */
  void toRoom(String meetingId, JsonObject frame, String exclude) {
    DeliveryOptions options = new DeliveryOptions();
    if (exclude != null) {
      options.addHeader(Addresses.HEADER_EXCLUDE, exclude);
    }
    bus.publish(Addresses.roomTopic(meetingId), frame, options);
  }

  /**
   * Delivers a frame to one member's socket.
   *
   * @param member a stored member entry (its {@code nodeId} and {@code connectionId} are used)
   * @return succeeds once the gateway wrote the frame; fails as the gateway answered, or with a
   *     {@link ReplyException} when no gateway answered
   */
  Future<Void> toMember(JsonObject member, JsonObject frame) {
    return toConnection(member.getString(Member.NODE_ID), member.getString(Member.CONNECTION_ID), frame);
  }

  /**
   * Delivers a frame to one socket.
   *
   * @param frame a {@link JsonObject}, or the frame's JSON text (written to the socket as it is)
   * @return as {@link #toMember}
   */
  Future<Void> toConnection(String nodeId, String connectionId, Object frame) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs)
        .addHeader(Addresses.HEADER_CONNECTION, connectionId);
    return bus.request(Addresses.gateway(nodeId), frame, options).mapEmpty();
  }

  /** Delivers a frame to one member's socket when it is still there; failures are only logged. */
  void notify(JsonObject member, JsonObject frame) {
    toMember(member, frame).onFailure(err -> LOG.debug("{} not delivered to connection {}: {}",
        frame.getString("type"), member.getString(Member.CONNECTION_ID), err.getMessage()));
  }

  /**
   * @return whether a delivery failed because the socket is gone: its gateway answered
   *     {@code NOT_FOUND}, or no gateway node of that id exists any more
   */
  static boolean socketGone(Throwable failure) {
    return failure instanceof ReplyException reply
        && (reply.failureType() == ReplyFailure.NO_HANDLERS
            || (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && reply.failureCode() == ErrorCode.NOT_FOUND.failureCode()));
  }
}
