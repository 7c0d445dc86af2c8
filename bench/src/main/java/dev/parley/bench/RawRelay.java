package dev.parley.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The baseline for the signaling benchmark: the least a WebSocket relay can do in one Vert.x process.
 * A client says {@code {"type":"hello","id":"<name>"}}; afterwards each frame
 * {@code {"to": "<name>", ...}} is written as is to that client's socket. No auth, no JSON schema, no
 * event bus, no store. Run: {@code java -cp ... dev.parley.bench.RawRelay <port>}.
 */
public final class RawRelay {

  private RawRelay() {
  }

  public static void main(String[] args) {
    start(Vertx.vertx(), Integer.parseInt(args[0]));
  }

  /** Starts the relay on the given Vert.x instance and port (0 picks a free one). */
  static io.vertx.core.Future<io.vertx.core.http.HttpServer> start(Vertx vertx, int port) {
    Map<String, ServerWebSocket> clients = new HashMap<>();
    return vertx.createHttpServer()
        .webSocketHandler(socket -> socket.textMessageHandler(text -> {
          JsonObject frame = new JsonObject(text);
          if ("hello".equals(frame.getString("type"))) {
            String name = frame.getString("id");
            clients.put(name, socket);
            socket.closeHandler(v -> clients.remove(name));
            socket.writeTextMessage("{\"type\":\"reply\",\"ok\":true}");
          } else {
            ServerWebSocket target = clients.get(frame.getString("to"));
            if (target != null) {
              target.writeTextMessage(text);
            }
          }
        }))
        .listen(port, "127.0.0.1");
  }
}
