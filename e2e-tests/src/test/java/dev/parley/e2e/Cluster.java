package dev.parley.e2e;

import dev.parley.auth.SigningKeys;
import dev.parley.common.config.ParleyConfig;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Parley with every service in a JVM of its own ({@link ServiceProcess}, each its {@code Main}) on
 * 127.0.0.1, one Hazelcast cluster over a TCP-IP member list known in advance (so that nodes started
 * later join it), the stores of the test JVM, and one signing key. Node names say what runs:
 * {@code auth}, {@code meeting}, {@code signaling-<n>}, {@code chat-<n>}, {@code gateway-<x>}.
 */
final class Cluster implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final Map<String, String> MAINS = Map.of(
      "auth", "dev.parley.auth.Main", "meeting", "dev.parley.meeting.Main", "signaling", "dev.parley.signaling.Main",
      "chat", "dev.parley.chat.Main", "gateway", "dev.parley.gateway.Main");

  private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
  private final Map<String, Integer> httpPorts = new HashMap<>();
  private final Map<String, Integer> clusterPorts = new HashMap<>();
  private final JsonObject config;
  private final Path logDir;

  private Cluster(JsonObject config, Path logDir) {
    this.config = config;
    this.logDir = logDir;
  }

  /**
   * Starts the nodes of {@code now} and waits until each is ready; {@code later} get their ports in the
   * member list now and start with {@link #startLate}.
   *
   * @param stores the {@code PARLEY_*} settings of the stores (TestConfig)
   */
  static Cluster start(JsonObject stores, List<String> now, List<String> later) throws Exception {
    Path logDir = Path.of(System.getProperty("basedir", "."), "target", "cluster-test-logs", "failover-" + System.currentTimeMillis());
    Files.createDirectories(logDir);
    Path keyFile = logDir.resolve("jwt-signing.json");
    SigningKeys.loadOrCreate(keyFile);
    Cluster cluster = new Cluster(stores.copy(), logDir);
    for (String name : concat(now, later)) {
      cluster.httpPorts.put(name, freePort());
      cluster.clusterPorts.put(name, freePort());
    }
    cluster.config
        .put(ParleyConfig.JWT_KEY_FILE, keyFile.toString())
        .put(ParleyConfig.PUBLIC_URL, "http://127.0.0.1:" + cluster.httpPorts.get(now.stream().filter(n -> n.startsWith("gateway")).findFirst().orElseThrow()))
        .put(ParleyConfig.HTTP_HOST, "127.0.0.1")
        .put(ParleyConfig.CLUSTER_NAME, "parley-failover-" + UUID.randomUUID())
        .put(ParleyConfig.CLUSTER_HOST, "127.0.0.1")
        .put(ParleyConfig.CLUSTER_MEMBERS, cluster.clusterPorts.values().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
    for (String name : now) {
      cluster.launch(name);
    }
    for (String name : now) {
      cluster.awaitReady(name);
    }
    return cluster;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** @return {@code http://127.0.0.1:<port>}: a gateway's public address, a service's health and metrics */
  String url(String name) {
    return "http://127.0.0.1:" + httpPorts.get(name);
  }

  /** Starts a node named at {@link #start} among the later ones, and waits until it is ready. */
  void startLate(String name) throws Exception {
    launch(name);
    awaitReady(name);
  }

  /** SIGKILL: the node vanishes as when its machine dies. */
  void kill(String name) throws InterruptedException {
    processes.get(name).kill();
  }

  /** SIGTERM, then waits for the node to exit (it drains first). */
  void terminate(String name) {
    processes.get(name).close();
  }

  private void launch(String name) throws IOException {
    Map<String, String> env = new HashMap<>();
    config.copy().put(ParleyConfig.HTTP_PORT, httpPorts.get(name)).put(ParleyConfig.CLUSTER_PORT, clusterPorts.get(name))
        .forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    // A member silent for 15 s is gone (Hazelcast's default is 60 s); a killed member's refused
    // connections usually get it removed sooner.
    env.put("JAVA_TOOL_OPTIONS", "-Dhazelcast.max.no.heartbeat.seconds=15");
    processes.put(name, ServiceProcess.start(name, MAINS.get(name.replaceAll("-.*", "")), env, logDir));
  }

  private void awaitReady(String name) throws InterruptedException {
    Poll.until(name + " to be ready", STARTUP_TIMEOUT, () -> {
      if (!processes.get(name).isAlive()) {
        throw new AssertionError(name + " exited\n" + logTails());
      }
      return answers200(url(name) + "/health/ready");
    }, this::logTails);
  }

  private static boolean answers200(String url) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** @return the last lines of every node's log, for failure messages */
  String logTails() {
    return processes.values().stream().map(p -> p.logTail(40)).collect(Collectors.joining("\n"));
  }

  /** Stops every node still running, all at once. */
  @Override
  public void close() {
    CompletableFuture.allOf(processes.values().stream().filter(ServiceProcess::isAlive)
        .map(p -> CompletableFuture.runAsync(p::close)).toArray(CompletableFuture[]::new)).join();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
