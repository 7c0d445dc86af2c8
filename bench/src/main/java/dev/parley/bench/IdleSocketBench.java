package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle authenticated WebSocket on the server: starts the standalone jar in its own JVM,
 * measures its live heap (after a full GC, as {@code jcmd GC.class_histogram} reports it), opens
 * {@code bench.sockets} (10,000) sockets that each send the {@code auth} frame with an access token
 * and then stay idle, measures the live heap again, and prints the difference per socket. The issue's
 * target is at most 30 KB per socket.
 *
 * <p>Run: {@code ./mvnw -q -DskipTests install && ./mvnw -q -pl bench exec:java
 * -Dbench.main=dev.parley.bench.IdleSocketBench} (optionally {@code -Dbench.sockets=N}).
 */
public final class IdleSocketBench {

  private static final int SOCKETS = Integer.getInteger("bench.sockets", 10_000);
  /** Sockets opened at the same time while connecting. */
  private static final int BATCH = 250;

  private IdleSocketBench() {
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("parley.jar", "standalone/target/parley.jar"));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (AuthBench.Server server = AuthBench.Server.start(jar)) {
      WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port));
      String token = AuthBench.await(http.post("/api/v1/auth/signup").sendJsonObject(new JsonObject()
              .put("email", "idle@parley.test").put("password", "idle socket benchmark 2026").put("displayName", "Idle")))
          .bodyAsJsonObject().getString("accessToken");
      // Warm the path once so that classes loaded by the first socket are not counted per socket.
      List<WebSocket> sockets = new ArrayList<>(SOCKETS);
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(SOCKETS + 10));
      sockets.addAll(open(client, server.port, token, 10));
      long before = liveHeapBytes(server.process.pid());
      for (int opened = 0; opened < SOCKETS; opened += BATCH) {
        sockets.addAll(open(client, server.port, token, Math.min(BATCH, SOCKETS - opened)));
      }
      TimeUnit.SECONDS.sleep(2);
      long after = liveHeapBytes(server.process.pid());
      System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      System.out.printf("live heap before: %.1f MiB, with %d more idle authenticated sockets: %.1f MiB%n",
          before / 1048576.0, SOCKETS, after / 1048576.0);
      System.out.printf("per socket: %.1f KB (target: at most 30 KB)%n", (after - before) / (double) SOCKETS / 1000.0);
      AuthBench.await(Future.join(sockets.stream().map(WebSocket::close).toList()));
    } finally {
      vertx.close();
    }
  }

  /** Opens {@code count} sockets at once and authenticates each; fails unless every auth is accepted. */
  private static List<WebSocket> open(WebSocketClient client, int port, String token, int count) throws Exception {
    List<Future<WebSocket>> pending = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pending.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
          .compose(socket -> {
            io.vertx.core.Promise<WebSocket> authenticated = io.vertx.core.Promise.promise();
            socket.textMessageHandler(text -> {
              JsonObject frame = new JsonObject(text);
              if ("reply".equals(frame.getString("type"))) {
                if (frame.getBoolean("ok", false)) {
                  authenticated.tryComplete(socket);
                } else {
                  authenticated.tryFail(frame.encode());
                }
              }
            });
            socket.writeTextMessage(new JsonObject().put("type", "auth").put("id", "1")
                .put("data", new JsonObject().put("token", token)).encode());
            return authenticated.future();
          }));
    }
    return AuthBench.await(Future.all(pending)).list();
  }

  /**
   * @return the server's live heap in bytes: {@code jcmd <pid> GC.class_histogram} runs a full GC and
   *     its last line totals the bytes of every live object
   */
  private static long liveHeapBytes(long pid) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path jcmd = Path.of(java).getParent().resolve("jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    String[] lines = output.strip().split("\n");
    String[] total = lines[lines.length - 1].trim().split("\\s+");
    if (!"Total".equals(total[0])) {
      throw new IllegalStateException("Unexpected jcmd output: " + lines[lines.length - 1]);
    }
    return Long.parseLong(total[2]);
  }
}
