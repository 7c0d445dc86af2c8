package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Signaling relay benchmark (issue: meetings and calls): {@value #PAIRS} pairs of WebSocket clients,
 * each pair bouncing a ~1.2 KB offer back and forth in a closed loop for the run's duration, through
 * Parley (gateway → event bus → signaling-service → gateway, on the standalone jar in its own JVM)
 * and through {@link RawRelay}, a minimal single-process Vert.x relay on its own Vert.x instance in
 * this JVM, in the same run. Reports messages per second
 * and round-trip p50/p99 for both, and their throughput ratio. Each pair is a meeting with its host
 * (an account) and a guest who joined by link.
 *
 * <p>Usage (repository root, after {@code ./mvnw -q -DskipTests install}):
 * {@code ./mvnw -q -pl bench exec:java -Dbench.main=dev.parley.bench.RelayBench}; system property
 * {@code bench.seconds} (default 20, counted after
 * {@code bench.warmup}, default 10 s, of the same traffic).
 */
public final class RelayBench {

  static final int PAIRS = 50;
  /** Seconds of traffic before counting starts, per side (system property {@code bench.warmup}). */
  private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 10);
  private static final String SDP = "v=0\r\n" + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n".repeat(20);

  private RelayBench() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 20);
    Path jar = Path.of(System.getProperty("parley.jar", "standalone/target/parley.jar"));
    Vertx vertx = Vertx.vertx();
    try {
      System.out.printf("machine: %d cores, Java %s; %d pairs, %d s each, message %d bytes%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), PAIRS, seconds,
          offer("x", "y").encode().length());
      // The baseline runs on its own Vert.x instance (own event loops) in this JVM; Parley runs in
      // its own JVM. Both share the machine's cores with the load generator.
      // -Dbench.parleyOnly=true skips the baseline, e.g. to compare two builds of Parley by throughput
      // and CPU per message (no ratio is printed then).
      Result raw = null;
      if (!Boolean.getBoolean("bench.parleyOnly")) {
        Vertx relayVertx = Vertx.vertx();
        try {
          int rawPort = AuthBench.await(RawRelay.start(relayVertx, 0)).actualPort();
          raw = runRaw(vertx, rawPort, seconds);
        } finally {
          AuthBench.await(relayVertx.close());
        }
        System.out.println("raw Vert.x relay: " + raw);
      }
      Result parley;
      try (AuthBench.Server server = AuthBench.Server.start(jar)) {
        parley = runParley(vertx, server.port, server.process.toHandle(), seconds);
      }
      System.out.println("Parley signaling: " + parley);
      if (raw != null) {
        System.out.printf("throughput ratio Parley/raw: %.2f%n", parley.perSecond / raw.perSecond);
      }
    } finally {
      vertx.close();
    }
  }

  /**
   * @param benchCpuMicros CPU time of this JVM (load generator, and the raw relay when it is measured)
   *     per relayed message, in microseconds
   * @param serverCpuMicros CPU time of the Parley process per relayed message, in microseconds, or NaN
   */
  record Result(double perSecond, Latencies roundTrips, double benchCpuMicros, double serverCpuMicros) {
    @Override
    public String toString() {
      return String.format("%.0f messages/s, round trip %s; CPU per message: this JVM %.1f µs%s", perSecond,
          roundTrips.summary(), benchCpuMicros,
          Double.isNaN(serverCpuMicros) ? "" : String.format(", Parley %.1f µs", serverCpuMicros));
    }
  }

  /** @return the process's CPU time so far in nanoseconds, or 0 when the platform does not say */
  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  private static JsonObject offer(String meetingId, String to) {
    return new JsonObject().put("meetingId", meetingId).put("to", to).put("kind", "offer")
        .put("payload", new JsonObject().put("type", "offer").put("sdp", SDP));
  }

  /** A connected client that forwards every pushed frame to a handler. */
  private static final class Client {
    final WebSocket socket;
    Consumer<JsonObject> onFrame = frame -> { };

    Client(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(text -> onFrame.accept(new JsonObject(text)));
    }
  }

  private static Future<Client> connect(WebSocketClient client, int port) {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")).map(Client::new);
  }

  private static Future<JsonObject> request(Client client, JsonObject frame) {
    Promise<JsonObject> reply = Promise.promise();
    client.onFrame = received -> {
      if ("reply".equals(received.getString("type"))) {
        reply.tryComplete(received);
      }
    };
    client.socket.writeTextMessage(frame.encode());
    return reply.future();
  }

  private static Result runRaw(Vertx vertx, int port, int seconds) throws Exception {
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(4 * PAIRS));
    List<Client[]> pairs = new ArrayList<>();
    for (int i = 0; i < PAIRS; i++) {
      Client a = awaitReady(ws, port);
      Client b = awaitReady(ws, port);
      AuthBench.await(request(a, new JsonObject().put("type", "hello").put("id", "a" + i)));
      AuthBench.await(request(b, new JsonObject().put("type", "hello").put("id", "b" + i)));
      pairs.add(new Client[] {a, b});
    }
    return pingPong(vertx, pairs, seconds, i -> new JsonObject().put("to", "b" + i).put("payload", offer("m", "b").getJsonObject("payload")),
        i -> new JsonObject().put("to", "a" + i).put("payload", offer("m", "a").getJsonObject("payload")), false, null);
  }

  private static Client awaitReady(WebSocketClient ws, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        return AuthBench.await(connect(ws, port));
      } catch (Exception notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  private static Result runParley(Vertx vertx, int port, ProcessHandle server, int seconds) throws Exception {
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(4 * PAIRS));
    List<Client[]> pairs = new ArrayList<>();
    List<String[]> ids = new ArrayList<>();
    for (int i = 0; i < PAIRS; i++) {
      JsonObject host = AuthBench.await(http.post("/api/v1/auth/signup").sendJsonObject(new JsonObject()
          .put("email", "relay" + i + "@parley.test").put("password", "relay benchmark 2026").put("displayName", "Host " + i)))
          .bodyAsJsonObject();
      String token = host.getString("accessToken");
      JsonObject meeting = AuthBench.await(http.post("/api/v1/meetings").putHeader("Authorization", "Bearer " + token)
          .sendJsonObject(new JsonObject().put("title", "Relay " + i))).bodyAsJsonObject();
      JsonObject guest = AuthBench.await(http.post("/api/v1/meetings/join/" + meeting.getString("joinCode"))
          .sendJsonObject(new JsonObject().put("displayName", "Guest " + i))).bodyAsJsonObject();
      Client a = AuthBench.await(connect(ws, port));
      Client b = AuthBench.await(connect(ws, port));
      AuthBench.await(request(a, new JsonObject().put("type", "auth").put("id", "1").put("data", new JsonObject().put("token", token))));
      AuthBench.await(request(b, new JsonObject().put("type", "auth").put("id", "1")
          .put("data", new JsonObject().put("token", guest.getString("guestToken")))));
      String meetingId = meeting.getString("id");
      AuthBench.await(request(a, new JsonObject().put("type", "room.join").put("id", "2").put("data", new JsonObject().put("meetingId", meetingId))));
      AuthBench.await(request(b, new JsonObject().put("type", "room.join").put("id", "2").put("data", new JsonObject().put("meetingId", meetingId))));
      pairs.add(new Client[] {a, b});
      ids.add(new String[] {meetingId, host.getJsonObject("user").getString("id"), guest.getString("participantId")});
    }
    return pingPong(vertx, pairs, seconds,
        i -> new JsonObject().put("type", "room.signal").put("data", offer(ids.get(i)[0], ids.get(i)[2])),
        i -> new JsonObject().put("type", "room.signal").put("data", offer(ids.get(i)[0], ids.get(i)[1])), true, server);
  }

  /**
   * Closed loop per pair: A sends to B; when B receives it, B sends back to A; when A receives, one
   * round trip is recorded and A sends again. Counts relayed messages (two per round trip).
   */
  private static Result pingPong(Vertx vertx, List<Client[]> pairs, int seconds,
                                 java.util.function.IntFunction<JsonObject> toB,
                                 java.util.function.IntFunction<JsonObject> toA, boolean parley,
                                 ProcessHandle server) throws Exception {
    // The clients' sockets are spread over the load generator's event loops: a pair's round trips are
    // recorded on its first client's loop (one Latencies per pair), counts from any loop (LongAdder).
    List<Latencies> perPair = new ArrayList<>();
    LongAdder relayed = new LongAdder();
    LongAdder refused = new LongAdder();
    // Counting starts after the warm-up, so that the JIT has compiled the hot path on both sides.
    long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
    long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<Void>> done = new ArrayList<>();
    // CPU time of both processes from the start of counting to its end
    long[] cpuAtStart = new long[2];
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(started - System.nanoTime())), t -> {
      cpuAtStart[0] = cpuNanos(ProcessHandle.current());
      cpuAtStart[1] = server == null ? 0 : cpuNanos(server);
    });
    for (int i = 0; i < pairs.size(); i++) {
      int pair = i;
      Client a = pairs.get(i)[0];
      Client b = pairs.get(i)[1];
      String fromB = toB.apply(pair).encode();
      String fromA = toA.apply(pair).encode();
      Latencies latencies = new Latencies();
      perPair.add(latencies);
      Promise<Void> finished = Promise.promise();
      done.add(finished.future());
      long[] sentAt = new long[1];
      Runnable send = () -> {
        sentAt[0] = System.nanoTime();
        a.socket.writeTextMessage(fromB);
      };
      b.onFrame = frame -> {
        if (isSignal(frame, parley)) {
          if (System.nanoTime() >= started) {
            relayed.increment();
          }
          b.socket.writeTextMessage(fromA);
        } else if (isError(frame)) {
          refused.increment();
          b.socket.writeTextMessage(fromA);
        }
      };
      a.onFrame = frame -> {
        if (isSignal(frame, parley)) {
          long now = System.nanoTime();
          if (now >= started) {
            relayed.increment();
            latencies.record((now - sentAt[0]) / 1_000);
          }
          if (now < deadline) {
            send.run();
          } else {
            finished.tryComplete();
          }
        } else if (isError(frame)) {
          // A refused signal is sent again, so that one refusal does not stop the pair for good.
          refused.increment();
          send.run();
        }
      };
      vertx.runOnContext(v -> send.run());
    }
    AuthBench.await(Future.all(done));
    double elapsed = (System.nanoTime() - started) / 1e9;
    double messages = relayed.sum();
    double benchCpu = (cpuNanos(ProcessHandle.current()) - cpuAtStart[0]) / 1e3 / messages;
    double serverCpu = server == null ? Double.NaN : (cpuNanos(server) - cpuAtStart[1]) / 1e3 / messages;
    Latencies latencies = new Latencies();
    perPair.forEach(latencies::addAll);
    if (refused.sum() > 0) {
      System.out.printf("%d signals refused and sent again%n", refused.sum());
    }
    return new Result(messages / elapsed, latencies, benchCpu, serverCpu);
  }

  private static boolean isError(JsonObject frame) {
    return "reply".equals(frame.getString("type")) && Boolean.FALSE.equals(frame.getBoolean("ok"));
  }

  private static boolean isSignal(JsonObject frame, boolean parley) {
    return parley ? "room.signal".equals(frame.getString("type")) : frame.containsKey("to");
  }
}
