package dev.parley.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Auth benchmarks against the standalone jar started as its own process on loopback:
 *
 * <ol>
 *   <li>start-up: process start to {@code /health/ready} answering 200, three fresh data dirs;</li>
 *   <li>baseline: {@code GET /users/me} latency with nothing else running;</li>
 *   <li>login storm: {@code LOGIN_CONCURRENCY} clients logging in back to back (Argon2id each) while
 *       {@code ME_CONCURRENCY} clients call {@code GET /users/me}; reports logins per second and the
 *       latency of both, showing whether hashing starves other requests.</li>
 * </ol>
 * Every loop is bounded in time and stops by itself. Usage (from the repository root, after
 * {@code ./mvnw -q -DskipTests install}): {@code ./mvnw -q -pl bench exec:java}; system properties
 * {@code bench.seconds} (default 20) and {@code parley.jar} (default
 * {@code standalone/target/parley.jar}).
 */
public final class AuthBench {

  private static final int LOGIN_CONCURRENCY = 16;
  private static final int ME_CONCURRENCY = 4;
  private static final int ACCOUNTS = 16;
  private static final String PASSWORD = "benchmark passphrase 2026";

  private AuthBench() {
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("parley.jar", "standalone/target/parley.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run ./mvnw -q -DskipTests install first");
    }
    int seconds = Integer.getInteger("bench.seconds", 20);
    Vertx vertx = Vertx.vertx();
    try {
      System.out.printf("machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"), System.getProperty("os.name"));
      List<Long> startups = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        try (Server server = Server.start(jar)) {
          startups.add(server.readyMillis);
        }
      }
      startups.sort(Long::compare);
      System.out.printf("start-up to ready: runs %s ms, median %d ms%n", startups, startups.get(1));

      try (Server server = Server.start(jar)) {
        WebClient client = WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost("127.0.0.1").setDefaultPort(server.port), new PoolOptions().setHttp1MaxSize(64));
        List<String> emails = new ArrayList<>();
        String token = null;
        for (int i = 0; i < ACCOUNTS; i++) {
          String email = "bench" + i + "@parley.test";
          JsonObject session = await(client.post("/api/v1/auth/signup").sendJsonObject(new JsonObject()
              .put("email", email).put("password", PASSWORD).put("displayName", "Bench " + i))).bodyAsJsonObject();
          emails.add(email);
          token = session.getString("accessToken");
        }
        String accessToken = token;

        Latencies baseline = new Latencies();
        await(runFor(vertx, Duration.ofSeconds(Math.max(5, seconds / 4)), ME_CONCURRENCY, worker ->
            timed(baseline, client.get("/api/v1/users/me").putHeader("Authorization", "Bearer " + accessToken).send()
                .map(r -> expect(r.statusCode(), 200)))));
        System.out.println("GET /users/me alone:          " + baseline.summary());

        Latencies logins = new Latencies();
        Latencies me = new Latencies();
        long started = System.nanoTime();
        Future<Void> storm = runFor(vertx, Duration.ofSeconds(seconds), LOGIN_CONCURRENCY, worker ->
            timed(logins, client.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
                .put("email", emails.get(worker % emails.size())).put("password", PASSWORD))
                .map(r -> expect(r.statusCode(), 200))));
        Future<Void> reads = runFor(vertx, Duration.ofSeconds(seconds), ME_CONCURRENCY, worker ->
            timed(me, client.get("/api/v1/users/me").putHeader("Authorization", "Bearer " + accessToken).send()
                .map(r -> expect(r.statusCode(), 200))));
        await(Future.all(storm, reads));
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf("login storm (%d clients):     %.1f logins/s, %s%n", LOGIN_CONCURRENCY, logins.count() / elapsed,
            logins.summary());
        System.out.println("GET /users/me during storm:   " + me.summary());
      }
    } finally {
      vertx.close();
    }
  }

  private static int expect(int status, int expected) {
    if (status != expected) {
      throw new IllegalStateException("HTTP " + status + ", expected " + expected);
    }
    return status;
  }

  private static <T> Future<T> timed(Latencies latencies, Future<T> request) {
    long start = System.nanoTime();
    return request.onSuccess(r -> latencies.record((System.nanoTime() - start) / 1_000));
  }

  /** Runs {@code concurrency} closed loops of {@code step} until the duration has passed. */
  private static Future<Void> runFor(Vertx vertx, Duration duration, int concurrency,
                                     java.util.function.IntFunction<Future<?>> step) {
    long deadline = System.nanoTime() + duration.toNanos();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      int worker = i;
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(deadline, () -> step.apply(worker), done));
      loops.add(done.future());
    }
    return Future.all(loops).mapEmpty();
  }

  private static void loop(long deadline, java.util.function.Supplier<Future<?>> step, Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      done.complete();
      return;
    }
    step.get().onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else {
        loop(deadline, step, done);
      }
    });
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  /** The standalone jar in its own JVM with a fresh data dir on a free port; killed on close. */
  static final class Server implements AutoCloseable {
    final Process process;
    final int port;
    final long readyMillis;

    private Server(Process process, int port, long readyMillis) {
      this.process = process;
      this.port = port;
      this.readyMillis = readyMillis;
    }

    static Server start(Path jar) throws Exception {
      return start(jar, Files.createTempDirectory("parley-bench"));
    }

    static Server start(Path jar, Path data) throws Exception {
      return start(jar, data, java.util.Map.of());
    }

    /**
     * @param data the data directory
     * @param env further {@code PARLEY_*} settings, e.g. a store of the benchmark's own
     */
    static Server start(Path jar, Path data, java.util.Map<String, String> env) throws Exception {
      int port = freePort();
      String javaCommand = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(javaCommand));
      // e.g. -Dbench.serverJvmArgs="-XX:StartFlightRecording=filename=/tmp/parley.jfr" to profile the server
      String jvmArgs = System.getProperty("bench.serverJvmArgs", "").trim();
      if (!jvmArgs.isEmpty()) {
        command.addAll(List.of(jvmArgs.split("\\s+")));
      }
      command.addAll(List.of("-jar", jar.toString()));
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(data.resolve("server.log").toFile());
      builder.environment().put("PARLEY_HTTP_PORT", String.valueOf(port));
      builder.environment().put("PARLEY_HTTP_HOST", "127.0.0.1");
      builder.environment().put("PARLEY_DATA_DIR", data.toString());
      builder.environment().put("PARLEY_DEV_MAIL_PORT", "-1");
      builder.environment().put("PARLEY_LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "100000000");
      // The chat fan-out scenario sends 5 messages a second per person, past the default send limit.
      builder.environment().put("PARLEY_CHAT_SEND_LIMIT", "100000000");
      builder.environment().putAll(env);
      long started = System.nanoTime();
      Process process = builder.start();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      long deadline = started + TimeUnit.SECONDS.toNanos(Long.getLong("bench.readySeconds", 60));
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          int status = http.send(java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status == 200) {
            return new Server(process, port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        TimeUnit.MILLISECONDS.sleep(25);
      }
      process.destroyForcibly();
      throw new IllegalStateException("The standalone did not become ready; see " + data.resolve("server.log"));
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }

    static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      }
    }
  }
}
