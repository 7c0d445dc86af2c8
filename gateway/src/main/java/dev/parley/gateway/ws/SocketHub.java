package dev.parley.gateway.ws;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.ErrorCode;
import dev.parley.common.jwt.AccessTokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The WebSocket endpoint {@code /ws} of one gateway node (DESIGN §3, §4).
 *
 * <ul>
 *   <li>Handshake: the first frame must be {@code auth} with {@code data.token} (an access token or a
 *       guest room token); the reply carries {@code connectionId}, {@code nodeId}, the {@code user} and
 *       {@code heartbeatSeconds}. A socket that has not authenticated within the configured timeout
 *       (5 s by default), or whose token fails, is closed with code {@value #CLOSE_UNAUTHORIZED}.</li>
 *   <li>Heartbeat: {@code session.ping} every {@value #HEARTBEAT_SECONDS} s answers with the server
 *       time; the server closes connections idle for longer than its idle timeout.</li>
 *   <li>Point-to-point: a consumer on {@code parley.gateway.<nodeId>} writes a message's body to the
 *       socket named by its {@link Addresses#HEADER_CONNECTION} header, and fails the message with
 *       {@link ErrorCode#NOT_FOUND} when that socket is gone. The body is a frame as a
 *       {@link JsonObject} (push filters and listeners see it) or as its JSON text, written as is
 *       (relayed signals, which no filter concerns).</li>
 *   <li>Fan-out: authenticated accounts hold their {@code parley.topic.user.<userId>} topic through
 *       {@link TopicSubscriptions}; feature handlers add room and event topics.</li>
 *   <li>Frames are parsed by {@link FrameReader}: a {@code room.signal}'s payload reaches its handler
 *       as a {@link dev.parley.api.JsonObjectText}.</li>
 *   <li>Every other frame type goes to the handler registered for it with {@link #on}; unknown types,
 *       malformed frames and handler failures get an error reply, never a closed socket. A frame
 *       without an {@code id} is a notification: it gets a reply only when it fails.</li>
 * </ul>
 */
public final class SocketHub {

  /** WebSocket close code for failed or missing authentication (private-use range, RFC 6455 §7.4.2). */
  public static final short CLOSE_UNAUTHORIZED = 4401;
  /**
   * WebSocket close code for a connection the single-session policy refuses at {@code auth} (another
   * client holds the account's session) or takes over ({@code session.replaced}).
   */
  public static final short CLOSE_REFUSED = 4409;
  /** WebSocket close code for a message over 64 KiB (RFC 6455 §7.4.1, "message too big"). */
  public static final short CLOSE_TOO_BIG = 1009;
  /** WebSocket close code for a socket past its frame rate (RFC 6455 §7.4.1, "policy violation"). */
  public static final short CLOSE_POLICY = 1008;
  public static final int HEARTBEAT_SECONDS = 20;
  private static final int MAX_TYPE_LENGTH = 64;
  private static final int MAX_ID_LENGTH = 64;
  private static final Logger LOG = LoggerFactory.getLogger(SocketHub.class);

  /** Handles one frame type for an authenticated connection; the result becomes the reply's {@code data}. */
  @FunctionalInterface
  public interface FrameHandler {
    Future<JsonObject> handle(ClientConnection connection, JsonObject data);
  }

  private final Vertx vertx;
  private final AccessTokenVerifier verifier;
  private final Duration authTimeout;
  private final SocketLimits limits;
  private final String nodeId = UUID.randomUUID().toString();
  private final Map<String, ClientConnection> connections = new HashMap<>();
  private final Map<String, FrameHandler> handlers = new HashMap<>();
  private final TopicSubscriptions subscriptions;
  private final List<BiConsumer<ClientConnection, JsonObject>> pushListeners = new ArrayList<>();
  private final List<BiFunction<ClientConnection, JsonObject, JsonObject>> pushFilters = new ArrayList<>();
  private final List<Consumer<ClientConnection>> closeListeners = new ArrayList<>();
  private final List<Consumer<ClientConnection>> authListeners = new ArrayList<>();
  private AuthGuard authGuard = (connection, caller, data) -> Future.succeededFuture();
  private final List<Consumer<ClientConnection>> topicListeners = new ArrayList<>();
  private MessageConsumer<Object> nodeConsumer;

  /**
   * @param limits what one socket may ask of the server ({@link FrameBudget})
   */
  public SocketHub(Vertx vertx, AccessTokenVerifier verifier, Duration authTimeout, SocketLimits limits) {
    this.vertx = vertx;
    this.verifier = verifier;
    this.authTimeout = authTimeout;
    this.limits = limits;
    this.subscriptions = new TopicSubscriptions(vertx, this::deliver);
    on("session.ping", (connection, data) -> Future.succeededFuture(
        new JsonObject().put("serverTime", System.currentTimeMillis())));
  }

  /** Registers this node's point-to-point consumer. */
  public Future<Void> start() {
    nodeConsumer = vertx.eventBus().consumer(Addresses.gateway(nodeId), this::deliverDirect);
    return nodeConsumer.completion();
  }

  /** Closes every socket and unregisters the node consumer. */
  public Future<Void> stop() {
    connections.values().forEach(c -> c.close((short) 1001, "Server is shutting down"));
    return nodeConsumer == null ? Future.succeededFuture() : nodeConsumer.unregister();
  }

  /** Registers the handler of a frame type, e.g. {@code room.join}. */
  public SocketHub on(String type, FrameHandler handler) {
    handlers.put(type, handler);
    return this;
  }

  /** Registers a listener that sees every push frame just before it is written to a connection. */
  public SocketHub onPush(BiConsumer<ClientConnection, JsonObject> listener) {
    pushListeners.add(listener);
    return this;
  }

  /**
   * Registers a filter that may rewrite each push frame for the connection it goes to (e.g. to hide
   * what that viewer may not see), before listeners see it; returning {@code null} drops the frame.
   */
  public SocketHub filterPushes(BiFunction<ClientConnection, JsonObject, JsonObject> filter) {
    pushFilters.add(filter);
    return this;
  }

  /**
   * Decides, once an {@code auth} frame's token is verified, whether the connection may go on (e.g. the
   * single-session policy); a failed future refuses the frame with its error code and closes the socket
   * with {@link #CLOSE_REFUSED}. One guard per hub; by default everyone is admitted.
   */
  public interface AuthGuard {
    /** @param data the {@code auth} frame's data (beside the token, e.g. a client id) */
    Future<Void> admit(ClientConnection connection, Caller caller, JsonObject data);
  }

  /** Sets the {@link AuthGuard}. */
  public SocketHub guardAuth(AuthGuard guard) {
    this.authGuard = guard;
    return this;
  }

  /** Registers a listener called when a connection has authenticated, before its {@code auth} reply. */
  public SocketHub onAuthenticated(Consumer<ClientConnection> listener) {
    authListeners.add(listener);
    return this;
  }

  /** Registers a listener called after an authenticated connection joined or left a topic. */
  public SocketHub onTopicsChanged(Consumer<ClientConnection> listener) {
    topicListeners.add(listener);
    return this;
  }

  /** Runs the action for every authenticated connection of this node. */
  public void forEachConnection(Consumer<ClientConnection> action) {
    List.copyOf(connections.values()).stream().filter(ClientConnection::isAuthenticated).forEach(action);
  }

  /** Registers a listener called when an authenticated connection closes, before its topics are left. */
  public SocketHub onClose(Consumer<ClientConnection> listener) {
    closeListeners.add(listener);
    return this;
  }

  /** @return every frame type a handler is registered for (besides {@code auth}) */
  public java.util.Set<String> frameTypes() {
    return java.util.Set.copyOf(handlers.keySet());
  }

  public String nodeId() {
    return nodeId;
  }

  public TopicSubscriptions subscriptions() {
    return subscriptions;
  }

  /** @return this node's open connections (a live view; do not change the hub while iterating it) */
  public java.util.Collection<ClientConnection> connections() {
    return java.util.Collections.unmodifiableCollection(connections.values());
  }

  public int connectionCount() {
    return connections.size();
  }

  /** Subscribes a connection to a topic for as long as it stays open (or until {@link #leave}). */
  public void join(ClientConnection connection, String topic) {
    if (connection.topics().add(topic)) {
      subscriptions.subscribe(topic, connection.id());
      topicListeners.forEach(listener -> listener.accept(connection));
    }
  }

  public void leave(ClientConnection connection, String topic) {
    if (connection.topics().remove(topic)) {
      subscriptions.unsubscribe(topic, connection.id());
      if (connection.isAuthenticated() && connections.containsKey(connection.id())) {
        topicListeners.forEach(listener -> listener.accept(connection));
      }
    }
  }

  /** Accepts an upgraded socket. */
  public void accept(ServerWebSocket socket) {
    ClientConnection connection = new ClientConnection(UUID.randomUUID().toString(), socket,
        new FrameBudget(limits.frameRate(), limits.maxInFlight(), System.nanoTime()),
        () -> limits.refused(SocketLimits.SLOW_READER));
    connections.put(connection.id(), connection);
    connection.authTimer(vertx.setTimer(authTimeout.toMillis(), id -> {
      if (!connection.isAuthenticated()) {
        connection.close(CLOSE_UNAUTHORIZED, "Authentication timed out");
      }
    }));
    socket.textMessageHandler(text -> onText(connection, text));
    socket.binaryMessageHandler(buffer -> connection.send(Frames.error(null, ErrorCode.BAD_REQUEST,
        "Binary frames are not supported; send JSON text frames.")));
    socket.exceptionHandler(err -> {
      if (SocketLimits.isTooBig(err)) {
        limits.refused(SocketLimits.TOO_BIG);
        connection.close(CLOSE_TOO_BIG, "A message is at most 64 KiB");
      } else {
        LOG.debug("WebSocket {} failed", connection.id(), err);
      }
    });
    socket.closeHandler(v -> onClose(connection));
  }

  private void onText(ClientConnection connection, String text) {
    if (!connection.budget().withinRate(System.nanoTime())) {
      refuse(connection, SocketLimits.RATE, "sent frames faster than " + limits.frameRate() + " a second");
      connection.close(CLOSE_POLICY, "Too many frames; slow down");
      return;
    }
    JsonObject frame;
    try {
      frame = FrameReader.read(text);
    } catch (DecodeException e) {
      connection.send(Frames.error(null, ErrorCode.BAD_REQUEST, "A frame must be a JSON object."));
      return;
    }
    Object type = frame.getValue("type");
    Object id = frame.getValue("id");
    Object data = frame.getValue("data");
    String re = id instanceof String s && s.length() <= MAX_ID_LENGTH ? s : null;
    if (!(type instanceof String t) || t.isEmpty() || t.length() > MAX_TYPE_LENGTH
        || id != null && re == null || data != null && !(data instanceof JsonObject)) {
      connection.send(Frames.error(re, ErrorCode.BAD_REQUEST,
          "A frame needs a string 'type', an optional string 'id' of at most 64 characters and an optional object 'data'."));
      return;
    }
    JsonObject payload = data == null ? new JsonObject() : (JsonObject) data;
    if ("auth".equals(t)) {
      authenticate(connection, re, payload);
    } else if (!connection.isAuthenticated()) {
      connection.send(Frames.error(re, ErrorCode.UNAUTHORIZED, "Authenticate first with an 'auth' frame."));
      connection.close(CLOSE_UNAUTHORIZED, "Not authenticated");
    } else {
      dispatch(connection, re, t, payload);
    }
  }

  private void authenticate(ClientConnection connection, String re, JsonObject data) {
    if (connection.isAuthenticated()) {
      connection.send(Frames.error(re, ErrorCode.BAD_REQUEST, "This connection is already authenticated."));
      return;
    }
    Object token = data.getValue("token");
    verifier.verify(token instanceof String s ? s : null)
        .onSuccess(caller -> {
          if (!connections.containsKey(connection.id())) {
            return;
          }
          // The token came in time: the guard may take longer than the authentication timeout.
          vertx.cancelTimer(connection.authTimer());
          authGuard.admit(connection, caller, data).onComplete(admitted -> {
            if (!connections.containsKey(connection.id())) {
              return;
            }
            if (admitted.failed()) {
              connection.send(Frames.error(re, Frames.errorBody(admitted.cause())));
              connection.close(CLOSE_REFUSED, "Refused by the session policy");
              return;
            }
            connection.authenticated(caller);
            if (caller.isAccount()) {
              join(connection, Addresses.userTopic(caller.getUserId()));
            }
            authListeners.forEach(listener -> listener.accept(connection));
            connection.send(Frames.ok(re, new JsonObject()
                .put("connectionId", connection.id())
                .put("nodeId", nodeId)
                .put("heartbeatSeconds", HEARTBEAT_SECONDS)
                .put("user", describe(caller))));
          });
        })
        .onFailure(err -> {
          connection.send(Frames.error(re, ErrorCode.UNAUTHORIZED, "The token is missing, invalid or expired."));
          connection.close(CLOSE_UNAUTHORIZED, "Authentication failed");
        });
  }

  private void dispatch(ClientConnection connection, String re, String type, JsonObject data) {
    FrameHandler handler = handlers.get(type);
    if (handler == null) {
      connection.send(Frames.error(re, ErrorCode.BAD_REQUEST, "Unknown frame type '" + type + "'."));
      return;
    }
    if (!connection.budget().enter()) {
      refuse(connection, SocketLimits.IN_FLIGHT, "had more than " + limits.maxInFlight() + " frames in flight");
      connection.send(Frames.error(re, Frames.errorBody(ErrorCode.TOO_MANY_REQUESTS.exception(
          "Too many requests at once on this connection; wait for replies before sending more.",
          new JsonObject().put(ErrorCode.RETRY_AFTER, 1)))));
      return;
    }
    Future<JsonObject> result;
    try {
      result = handler.handle(connection, data);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      connection.budget().done();
      if (ar.succeeded()) {
        if (re != null) {
          connection.send(Frames.ok(re, ar.result()));
        }
        return;
      }
      if (Frames.isInternal(ar.cause())) {
        LOG.error("Frame {} from connection {} failed", type, connection.id(), ar.cause());
      }
      connection.send(Frames.error(re, Frames.errorBody(ar.cause())));
    });
  }

  /** Counts a refusal on {@code /metrics} and logs it once per socket and kind, at WARN, without a stack trace. */
  private void refuse(ClientConnection connection, String reason, String what) {
    limits.refused(reason);
    if (connection.budget().firstRefusal(reason)) {
      Caller caller = connection.caller();
      LOG.warn("WebSocket {} ({}) {}; refusing (logged once per connection)", connection.id(),
          caller == null ? "unauthenticated" : caller.getUserId(), what);
    }
  }

  /**
   * Writes a topic's frame to its local connections. The frame is encoded once for every connection
   * whose filters pass it unchanged (the common case: 20 members of a room cost one JSON encoding, not
   * 20); a filter that rewrites it for one viewer gets that viewer's copy encoded on its own.
   */
  private void deliver(String[] connectionIds, String exclude, JsonObject frame) {
    String[] encoded = new String[1];
    for (String connectionId : connectionIds) {
      ClientConnection connection = connectionId.equals(exclude) ? null : connections.get(connectionId);
      if (connection != null) {
        push(connection, frame, encoded);
      }
    }
  }

  /**
   * @param encoded holds {@code frame}'s JSON text once one connection needed it ({@code [0]} null
   *     until then), shared by the connections of one delivery
   */
  private void push(ClientConnection connection, JsonObject frame, String[] encoded) {
    JsonObject filtered = frame;
    for (BiFunction<ClientConnection, JsonObject, JsonObject> filter : pushFilters) {
      filtered = filter.apply(connection, filtered);
      if (filtered == null) {
        return;
      }
    }
    JsonObject out = filtered;
    pushListeners.forEach(listener -> listener.accept(connection, out));
    if (out != frame) {
      connection.send(out);
      return;
    }
    if (encoded[0] == null) {
      encoded[0] = frame.encode();
    }
    connection.sendText(encoded[0]);
  }

  private void deliverDirect(Message<Object> message) {
    String connectionId = message.headers().get(Addresses.HEADER_CONNECTION);
    ClientConnection connection = connectionId == null ? null : connections.get(connectionId);
    if (connection == null) {
      message.fail(ErrorCode.NOT_FOUND.failureCode(), "No such connection on this gateway node");
      return;
    }
    if (message.body() instanceof JsonObject frame) {
      push(connection, frame, new String[1]);
    } else if (message.body() instanceof String frame) {
      connection.sendText(frame);
    } else {
      message.fail(ErrorCode.BAD_REQUEST.failureCode(), "A frame is a JSON object or its text");
      return;
    }
    message.reply(null);
  }

  private void onClose(ClientConnection connection) {
    vertx.cancelTimer(connection.authTimer());
    connections.remove(connection.id());
    if (connection.isAuthenticated()) {
      closeListeners.forEach(listener -> listener.accept(connection));
    }
    for (String topic : connection.topics().toArray(String[]::new)) {
      leave(connection, topic);
    }
  }

  private static JsonObject describe(Caller caller) {
    return new JsonObject()
        .put("id", caller.getUserId())
        .put("displayName", caller.getDisplayName())
        .put("role", caller.getRole())
        .put("meetingId", caller.getMeetingId());
  }
}
