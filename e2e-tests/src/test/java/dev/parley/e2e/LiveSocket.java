package dev.parley.e2e;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A client of one gateway's {@code /ws}, as a browser tab uses it: requests wait for their replies,
 * and every push is kept (in {@link #pushes}) so that a test can check what the person saw.
 */
final class LiveSocket {

  /** Held so that the client is not garbage-collected, which would close its connection. */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final Map<String, Promise<JsonObject>> replies = new ConcurrentHashMap<>();
  final List<JsonObject> pushes = new CopyOnWriteArrayList<>();
  private final Promise<Short> closed = Promise.promise();
  final String url;

  private LiveSocket(WebSocketClient client, WebSocket socket, String url) {
    this.client = client;
    this.socket = socket;
    this.url = url;
    socket.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      Promise<JsonObject> reply = "reply".equals(frame.getString("type")) && frame.getString("re") != null
          ? replies.remove(frame.getString("re")) : null;
      if (reply != null) {
        reply.complete(frame);
      } else {
        pushes.add(frame);
      }
    });
    socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
    socket.exceptionHandler(err -> closed.tryComplete(null));
  }

  /** Opens a socket to a gateway ({@code http://127.0.0.1:port}) and authenticates it with an access token. */
  static LiveSocket open(Vertx vertx, String gatewayUrl, String accessToken) {
    WebSocketClient client = vertx.createWebSocketClient();
    java.net.URI uri = java.net.URI.create(gatewayUrl);
    WebSocket socket = await(client.connect(new WebSocketConnectOptions()
        .setHost(uri.getHost()).setPort(uri.getPort()).setURI("/ws")));
    LiveSocket live = new LiveSocket(client, socket, gatewayUrl);
    JsonObject auth = live.request("auth", new JsonObject().put("token", accessToken));
    if (!auth.getBoolean("ok")) {
      throw new AssertionError("auth refused: " + auth);
    }
    return live;
  }

  /**
   * @return the reply frame ({@code ok}, {@code data} or {@code error}); fails after 15 s without one
   *     (the gateway answers every request within its 10 s timeout for service calls)
   */
  JsonObject request(String type, JsonObject data) {
    String id = UUID.randomUUID().toString().substring(0, 12);
    Promise<JsonObject> reply = Promise.promise();
    replies.put(id, reply);
    await(socket.writeTextMessage(new JsonObject().put("type", type).put("id", id).put("data", data).encode()));
    return await(reply.future(), 15);
  }

  /** @return the close code once the socket closed (null when it broke without a close frame), waiting up to 30 s */
  Short awaitClose() {
    return await(closed.future(), 30);
  }

  boolean isClosed() {
    return closed.future().isComplete();
  }

  void close() {
    if (!isClosed()) {
      socket.close();
    }
  }

  static <T> T await(Future<T> future) {
    return await(future, 10);
  }

  private static <T> T await(Future<T> future, int seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("No answer within " + seconds + " s: " + e, e);
    }
  }
}
