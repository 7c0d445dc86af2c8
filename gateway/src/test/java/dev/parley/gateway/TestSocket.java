package dev.parley.gateway;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test WebSocket client of {@code /ws} that queues every frame it receives. */
final class TestSocket {

  /** Held so that the client is not garbage-collected, which would close its connection. */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Promise<Short> closed = Promise.promise();

  private TestSocket(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
  }

  static TestSocket connect(Vertx vertx, int port) {
    // Large limits, so that the client writes a big message as one frame and the server's limits are what is tested.
    return connect(vertx, port, new io.vertx.core.http.WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
  }

  /** Connects with the given client options (e.g. a small receive buffer). */
  static TestSocket connect(Vertx vertx, int port, io.vertx.core.http.WebSocketClientOptions options) {
    WebSocketClient client = vertx.createWebSocketClient(options);
    WebSocket socket = Http.await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
    return new TestSocket(client, socket);
  }

  /** Connects and authenticates; returns the auth reply's data. */
  static TestSocket authenticated(Vertx vertx, int port, String accessToken) {
    return authenticated(connect(vertx, port), accessToken);
  }

  /** Authenticates a connected socket. */
  static TestSocket authenticated(TestSocket socket, String accessToken) {
    JsonObject reply = socket.request("auth", new JsonObject().put("token", accessToken));
    if (!reply.getBoolean("ok")) {
      throw new AssertionError("auth failed: " + reply);
    }
    socket.authReply = reply.getJsonObject("data");
    return socket;
  }

  JsonObject authReply;

  void sendRaw(String text) {
    Http.await(socket.writeTextMessage(text));
  }

  /** Writes every frame without waiting for replies in between (a burst). */
  void sendAll(java.util.List<String> texts) {
    io.vertx.core.Future<Void> last = io.vertx.core.Future.succeededFuture();
    for (String text : texts) {
      last = socket.writeTextMessage(text);
    }
    Http.await(last.recover(err -> io.vertx.core.Future.succeededFuture()));
  }

  /** Sends one text message as a first frame and continuation frames, one per part. */
  void sendFragments(java.util.List<String> parts) {
    io.vertx.core.Future<Void> last = socket.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(parts.get(0), false));
    for (int i = 1; i < parts.size(); i++) {
      last = socket.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(
          io.vertx.core.buffer.Buffer.buffer(parts.get(i)), i == parts.size() - 1));
    }
    Http.await(last.recover(err -> io.vertx.core.Future.succeededFuture()));
  }

  /**
   * Sends a request frame and returns the reply to it. Pushes that arrive before the reply are kept,
   * in order, for {@link #next()}.
   */
  JsonObject request(String type, JsonObject data) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    sendRaw(new JsonObject().put("type", type).put("id", id).put("data", data).encode());
    java.util.List<JsonObject> skipped = new java.util.ArrayList<>();
    while (true) {
      JsonObject frame = poll();
      if ("reply".equals(frame.getString("type")) && id.equals(frame.getString("re"))) {
        earlier.addAll(skipped);
        return frame;
      }
      skipped.add(frame);
    }
  }

  private final java.util.Deque<JsonObject> earlier = new java.util.ArrayDeque<>();

  /** @return the next frame (first any kept by {@link #request}), failing after 10 s */
  JsonObject next() {
    JsonObject kept = earlier.poll();
    return kept != null ? kept : poll();
  }

  /** @return the next frame of the given type, skipping (and dropping) others; fails after 10 s without it */
  JsonObject nextOfType(String type) {
    while (true) {
      JsonObject frame = next();
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }

  private JsonObject poll() {
    try {
      JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("No frame arrived within 10 s");
      }
      return frame;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** @return whether no frame arrives within the given time */
  boolean nothingWithin(long millis) throws InterruptedException {
    return earlier.isEmpty() && frames.poll(millis, TimeUnit.MILLISECONDS) == null;
  }

  /** @return the reply to request {@code id}, skipping (and dropping) other frames; null after {@code millis} */
  JsonObject replyTo(String id, long millis) {
    return firstWithin(frame -> "reply".equals(frame.getString("type")) && id.equals(frame.getString("re")), millis);
  }

  /** @return whether no frame of the given type arrives within the given time (others are dropped) */
  boolean nothingWithinOfType(String type, long millis) {
    return firstWithin(frame -> type.equals(frame.getString("type")), millis) == null;
  }

  /** @return the first frame that matches, dropping the others before it; null when none comes in time */
  private JsonObject firstWithin(java.util.function.Predicate<JsonObject> matches, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    try {
      while (true) {
        JsonObject kept = earlier.poll();
        long left = deadline - System.nanoTime();
        JsonObject frame = kept != null ? kept : left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
        if (frame == null || matches.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** @return the close status code, waiting up to 10 s for the server to close */
  short awaitClose() {
    return Http.await(closed.future());
  }

  /** Stops reading from the connection (its TCP window fills and the server's writes queue up). */
  void pause() {
    socket.pause();
  }

  /** Reads again. */
  void resume() {
    socket.resume();
  }

  boolean isClosed() {
    return socket.isClosed();
  }

  void close() {
    Http.await(socket.close());
  }
}
