package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.api.Ids;
import dev.parley.api.JsonObjectText;
import dev.parley.api.signaling.LocalSignal;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.Colocation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code room.*} WebSocket frames (docs/websocket-protocol.md), forwarded to
 * {@link SignalingService} with the socket's caller, node and connection; signals go as a
 * {@link LocalSignal} to a signaling instance on the same event loop when there is one.
 *
 * <p>A socket that joins a room holds the room's topic on this node until it leaves, is removed,
 * replaced by a newer connection, sees the meeting end, or closes; closing leaves every room it was
 * in with reason {@code disconnected}. Host actions are frames named after the action
 * ({@code room.mute}, {@code room.mute-all}, {@code room.stop-video}, {@code room.remove},
 * {@code room.lock}, {@code room.end}, {@code room.timer}, {@code room.promote}); the signaling service
 * decides who may perform them.
 *
 * <p>After a dropped socket the client resumes its rooms on a new one with the {@code rooms} part of
 * {@code session.resume} ({@link #resume}): {@code {"<meetingId>": "<resumeToken>"}}, at most
 * {@value #MAX_RESUMED_ROOMS} rooms. While this node runs it tells the signaling service it is alive
 * every {@value #HEARTBEAT_MS} ms, so that its members are removed if it dies.
 */
public final class RoomFrames {

  private static final Logger LOG = LoggerFactory.getLogger(RoomFrames.class);
  /** The host actions, each a frame type {@code room.<action>}. */
  public static final List<String> HOST_ACTIONS =
      List.of("mute", "mute-all", "stop-video", "remove", "lock", "end", "timer", "promote", "admit", "deny");

  /** How often this node tells the signaling service it is alive, in milliseconds. */
  static final long HEARTBEAT_MS = 5_000;
  static final int MAX_RESUMED_ROOMS = 16;
  /** How long a co-located signaling instance may take to relay a signal, in milliseconds: the proxy's send timeout. */
  static final long SIGNAL_TIMEOUT_MS = 10_000;
  private static final String NO_MEETING_ID = "'meetingId' must name a meeting.";

  private final Vertx vertx;
  /** The signaling service, on this event loop when an instance of it runs here (see {@link Colocation}). */
  private final Supplier<SignalingService> signaling;
  private final SocketHub hub;
  private long heartbeat = -1;
  /** Rooms each local connection is in, by connection id. Event-loop confined. */
  private final Map<String, Set<String>> rooms = new HashMap<>();
  /**
   * The last signal forwarded for each connection: the next waits for it, so that a peer's offer and
   * its ICE candidates reach the other side in the order they were sent (relays are otherwise
   * independent requests that may overtake each other).
   */
  private final Map<String, Future<Void>> lastSignal = new HashMap<>();

  public RoomFrames(Vertx vertx, Supplier<SignalingService> signaling, SocketHub hub) {
    this.vertx = vertx;
    this.signaling = signaling;
    this.hub = hub;
  }

  /** Starts this node's presence heartbeat. */
  public void startHeartbeat() {
    sendHeartbeat();
    heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> sendHeartbeat());
  }

  public void stopHeartbeat() {
    vertx.cancelTimer(heartbeat);
  }

  private void sendHeartbeat() {
    signaling.get().heartbeat(hub.nodeId())
        .onFailure(err -> LOG.warn("Presence heartbeat of node {} failed: {}", hub.nodeId(), err.getMessage()));
  }

  /**
   * The {@code rooms} part of {@code session.resume}: takes the connection's places back in each room.
   *
   * @param tokens {@code {"<meetingId>": "<resumeToken>"}}
   * @return {@code {"<meetingId>": {"ok": true, "data": join reply} | {"ok": false, "error": {code, message}}}}
   */
  public Future<JsonObject> resume(ClientConnection connection, JsonObject tokens) {
    if (tokens.size() > MAX_RESUMED_ROOMS) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception(
          "At most " + MAX_RESUMED_ROOMS + " rooms can be resumed at once."));
    }
    JsonObject answers = new JsonObject();
    List<Future<?>> pending = new ArrayList<>();
    for (String meetingId : tokens.fieldNames()) {
      Object token = tokens.getValue(meetingId);
      Future<JsonObject> resumed = !Ids.isId(meetingId) || !(token instanceof String)
          ? Future.failedFuture(ErrorCode.BAD_REQUEST.exception("Each room to resume needs its meeting id and resume token."))
          : signaling.get().resume(meetingId, (String) token, hub.nodeId(), connection.id(), connection.caller())
              .onSuccess(joined -> entered(connection, meetingId));
      pending.add(resumed.transform(ar -> {
        answers.put(meetingId, ar.succeeded()
            ? new JsonObject().put("ok", true).put("data", ar.result())
            : new JsonObject().put("ok", false).put("error", Frames.errorBody(ar.cause())));
        return Future.succeededFuture();
      }));
    }
    return Future.all(pending).map(answers);
  }

  private void entered(ClientConnection connection, String meetingId) {
    track(connection, meetingId);
    hub.join(connection, Addresses.roomTopic(meetingId));
  }

  /** Remembers that the connection is in (or waiting for) the room, so that closing it leaves. */
  private void track(ClientConnection connection, String meetingId) {
    rooms.computeIfAbsent(connection.id(), k -> new HashSet<>()).add(meetingId);
  }

  /** Registers the frame handlers and the push and close listeners on the hub. */
  public void register() {
    hub.on("room.join", this::join);
    hub.on("room.leave", this::leave);
    hub.on(FrameReader.SIGNAL_TYPE, this::signal);
    hub.on("room.update", this::update);
    hub.on("room.participants", (connection, data) -> meetingId(data)
        .compose(id -> signaling.get().participants(id, connection.caller()))
        .map(members -> new JsonObject().put("members", members)));
    for (String action : HOST_ACTIONS) {
      hub.on("room." + action, (connection, data) -> meetingId(data)
          .compose(id -> signaling.get().hostAction(id, action, args(data), connection.caller())));
    }
    hub.onPush(this::watchPush);
    hub.onClose(this::disconnected);
  }

  private Future<JsonObject> join(ClientConnection connection, JsonObject data) {
    return meetingId(data).compose(id -> signaling.get().join(id, hub.nodeId(), connection.id(), connection.caller())
        .onSuccess(joined -> {
          if (joined.getBoolean("waiting", false)) {
            track(connection, id); // in the lobby: no room pushes yet, but closing must still take them out
          } else {
            entered(connection, id);
          }
        }));
  }

  private Future<JsonObject> leave(ClientConnection connection, JsonObject data) {
    return meetingId(data).compose(id -> {
      forget(connection, id);
      return signaling.get().leave(id, connection.id(), "left", connection.caller()).map(new JsonObject());
    });
  }

  private Future<JsonObject> signal(ClientConnection connection, JsonObject data) {
    Object payload = data.getValue("payload");
    Object to = data.getValue("to");
    Object kind = data.getValue("kind");
    Object meetingId = data.getValue("meetingId");
    if (!Ids.isId(meetingId)) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception(NO_MEETING_ID));
    }
    if (!(payload instanceof JsonObjectText || payload instanceof JsonObject) || !(to instanceof String) || !(kind instanceof String)) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception(
          "A signal needs a string 'to', a string 'kind' and an object 'payload'."));
    }
    // The payload usually arrives as checked text (FrameReader) and is relayed as such; an object only
    // when the client wrote 'data' before 'type'.
    JsonObjectText text = payload instanceof JsonObjectText checked ? checked : JsonObjectText.of(((JsonObject) payload).encode());
    Supplier<Future<Void>> relay = () -> relay((String) meetingId, (String) to, (String) kind, text, connection.caller());
    Future<Void> previous = lastSignal.get(connection.id());
    Future<Void> relayed = previous == null ? relay.get() : previous.otherwiseEmpty().compose(ignored -> relay.get());
    if (!relayed.isComplete()) {
      lastSignal.put(connection.id(), relayed);
      relayed.onComplete(ar -> lastSignal.remove(connection.id(), relayed));
    }
    return relayed.map(new JsonObject());
  }

  /**
   * Sends a signal to the signaling instance on this event loop as a {@link LocalSignal} (its payload
   * not read again) when there is one, else to the service's shared address with
   * {@link SignalingService#signalText}; the outcome is the same either way.
   */
  private Future<Void> relay(String meetingId, String to, String kind, JsonObjectText payload, Caller caller) {
    String local = Colocation.address(vertx, LocalSignal.ADDRESS);
    if (LocalSignal.ADDRESS.equals(local)) {
      return signaling.get().signalText(meetingId, to, kind, payload.text(), caller);
    }
    return vertx.eventBus().request(local, new LocalSignal(meetingId, to, kind, payload, caller),
        LocalSignal.delivery(SIGNAL_TIMEOUT_MS)).mapEmpty();
  }

  private Future<JsonObject> update(ClientConnection connection, JsonObject data) {
    return meetingId(data).compose(id -> signaling.get().updateSelf(id, args(data), connection.caller()));
  }

  /** Stops room pushes to a connection the room no longer holds. */
  private void watchPush(ClientConnection connection, JsonObject frame) {
    String type = frame.getString("type");
    if ("room.removed".equals(type) || "room.replaced".equals(type) || "room.ended".equals(type)) {
      JsonObject data = frame.getJsonObject("data");
      String meetingId = data == null ? null : data.getString("meetingId");
      if (meetingId != null) {
        forget(connection, meetingId);
      }
    }
  }

  private void disconnected(ClientConnection connection) {
    lastSignal.remove(connection.id());
    Set<String> joined = rooms.remove(connection.id());
    if (joined == null) {
      return;
    }
    for (String meetingId : joined) {
      // A session the server revoked leaves at once; a dropped one keeps its place for the grace period.
      signaling.get().leave(meetingId, connection.id(), connection.isRevoked() ? "left" : "disconnected", connection.caller())
          .onFailure(err -> LOG.warn("Leaving room {} for closed connection {} failed", meetingId, connection.id(), err));
    }
  }

  private void forget(ClientConnection connection, String meetingId) {
    Set<String> joined = rooms.get(connection.id());
    if (joined != null) {
      joined.remove(meetingId);
      if (joined.isEmpty()) {
        rooms.remove(connection.id());
      }
    }
    hub.leave(connection, Addresses.roomTopic(meetingId));
  }

  private static Future<String> meetingId(JsonObject data) {
    return Frames.id(data, "meetingId", NO_MEETING_ID);
  }

  private static JsonObject args(JsonObject data) {
    JsonObject args = data.copy();
    args.remove("meetingId");
    return args;
  }
}
