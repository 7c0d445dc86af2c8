package dev.parley.e2e;

import dev.parley.auth.SigningKeys;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth service and the gateway, each started by its own {@code Main} in a JVM of its own, form a
 * Hazelcast cluster over loopback; the gateway reaches {@code parley.auth} over the clustered event
 * bus. Both use the embedded stores of this JVM. Each process's output goes to
 * {@code target/cluster-test-logs/<run>/<service>.log}, and its tail is part of every failure message.
 */
@DisplayName("Auth service and gateway in separate JVMs")
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class ClusterTest {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 60;
  private static final String PASSWORD = "copper meadow signal 73";

  @TempDir
  static Path keyDir;

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static ServiceProcess auth;
  private static ServiceProcess gateway;
  private static String gatewayUrl;
  private static String authOpsUrl;

  @BeforeAll
  static void startCluster(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    int gatewayPort = freePort();
    int authOpsPort = freePort();
    int gatewayClusterPort = freePort();
    int authClusterPort = freePort();
    gatewayUrl = "http://127.0.0.1:" + gatewayPort;
    authOpsUrl = "http://127.0.0.1:" + authOpsPort;
    Path keyFile = keyDir.resolve("jwt-signing.json");
    SigningKeys.loadOrCreate(keyFile);

    Map<String, String> shared = env(TestConfig.forStores(mongo, redis, smtp)
        .put(ParleyConfig.PUBLIC_URL, gatewayUrl)
        .put(ParleyConfig.JWT_KEY_FILE, keyFile.toString())
        .put(ParleyConfig.CLUSTER_NAME, "parley-e2e-" + UUID.randomUUID())
        .put(ParleyConfig.CLUSTER_HOST, "127.0.0.1")
        .put(ParleyConfig.CLUSTER_MEMBERS, "127.0.0.1:" + authClusterPort + ",127.0.0.1:" + gatewayClusterPort));
    Path logDir = Path.of(System.getProperty("basedir", "."), "target", "cluster-test-logs",
        String.valueOf(System.currentTimeMillis()));

    auth = ServiceProcess.start("auth-service", "dev.parley.auth.Main",
        withPorts(shared, authOpsPort, authClusterPort), logDir);
    gateway = ServiceProcess.start("gateway", "dev.parley.gateway.Main",
        withPorts(shared, gatewayPort, gatewayClusterPort), logDir);

    Poll.until("the gateway and the auth service to be ready", STARTUP_TIMEOUT,
        () -> answers200(gatewayUrl + "/health/ready") && answers200(authOpsUrl + "/health/ready"),
        ClusterTest::logTails);
    // Readiness does not cover the event-bus route from gateway to auth; the JWK Set crosses it.
    Poll.until("the gateway to reach the auth service over the event bus", STARTUP_TIMEOUT,
        () -> answers200(gatewayUrl + "/.well-known/jwks.json"), ClusterTest::logTails);
  }

  @AfterAll
  static void stopCluster() {
    Stream.of(gateway, auth).filter(p -> p != null).forEach(ServiceProcess::close);
  }

  @Test
  @DisplayName("Each service reports ready with its cluster membership checked")
  void readyAsClusterMembers() throws Exception {
    for (String url : new String[] {gatewayUrl, authOpsUrl}) {
      HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(url + "/health/ready")).GET());
      assertThat(ready.statusCode()).as(() -> url + " " + ready.body() + "\n" + logTails()).isEqualTo(200);
      JsonArray checks = new JsonObject(ready.body()).getJsonArray("checks");
      assertThat(checks.stream().map(JsonObject.class::cast))
          .as(() -> ready.body() + "\n" + logTails())
          .anySatisfy(check -> {
            assertThat(check.getString("id")).isEqualTo("cluster");
            assertThat(check.getString("status")).isEqualTo("UP");
          });
    }
  }

  @Test
  @DisplayName("An account signed up through the gateway logs in and reads its profile, served by the auth service's JVM")
  void signUpLogInAndReadProfile() throws Exception {
    String email = "cluster-" + UUID.randomUUID() + "@parley.test";

    HttpResponse<String> signup = postJson("/api/v1/auth/signup", new JsonObject()
        .put("email", email).put("password", PASSWORD).put("displayName", "Cluster Member"));
    assertThat(signup.statusCode()).as(() -> signup.body() + "\n" + logTails()).isEqualTo(201);
    JsonObject created = new JsonObject(signup.body()).getJsonObject("user");
    assertThat(created.getString("email")).isEqualTo(email);

    HttpResponse<String> login = postJson("/api/v1/auth/login",
        new JsonObject().put("email", email).put("password", PASSWORD));
    assertThat(login.statusCode()).as(() -> login.body() + "\n" + logTails()).isEqualTo(200);
    String accessToken = new JsonObject(login.body()).getString("accessToken");
    assertThat(accessToken).isNotBlank();

    HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/v1/users/me"))
        .header("Authorization", "Bearer " + accessToken).GET());
    assertThat(me.statusCode()).as(() -> me.body() + "\n" + logTails()).isEqualTo(200);
    JsonObject profile = new JsonObject(me.body());
    assertThat(profile.getString("id")).isEqualTo(created.getString("id"));
    assertThat(profile.getString("email")).isEqualTo(email);
    assertThat(profile.getString("displayName")).isEqualTo("Cluster Member");
  }

  @Test
  @DisplayName("A taken email is answered 409 naming the email field: the service's error crosses the cluster intact")
  void conflictCrossesTheCluster() throws Exception {
    JsonObject account = new JsonObject().put("email", "taken-" + UUID.randomUUID() + "@parley.test")
        .put("password", PASSWORD).put("displayName", "First");
    HttpResponse<String> first = postJson("/api/v1/auth/signup", account);
    assertThat(first.statusCode()).as(() -> first.body() + "\n" + logTails()).isEqualTo(201);

    HttpResponse<String> second = postJson("/api/v1/auth/signup", account.copy().put("displayName", "Second"));

    assertThat(second.statusCode()).as(() -> second.body() + "\n" + logTails()).isEqualTo(409);
    assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(second.body());
    assertThat(problem.getString("code")).isEqualTo("conflict");
    assertThat(problem.getString("field")).isEqualTo("email");
    assertThat(problem.getString("detail")).isEqualTo("An account with this email already exists.");
  }

  private static HttpResponse<String> postJson(String path, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(gatewayUrl + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** @return whether the URL answers 200; fails at once, with the logs, when a service has exited */
  private static boolean answers200(String url) {
    for (ServiceProcess process : new ServiceProcess[] {auth, gateway}) {
      if (!process.isAlive()) {
        throw new AssertionError(process.name() + " exited before the cluster was ready\n" + logTails());
      }
    }
    try {
      return send(HttpRequest.newBuilder(URI.create(url)).GET()).statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String logTails() {
    return Stream.of(auth, gateway).filter(p -> p != null)
        .map(process -> process.logTail(LOG_TAIL_LINES))
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, String> env(JsonObject config) {
    Map<String, String> env = new HashMap<>();
    config.forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    return env;
  }

  private static Map<String, String> withPorts(Map<String, String> shared, int httpPort, int clusterPort) {
    Map<String, String> env = new HashMap<>(shared);
    env.put(ParleyConfig.HTTP_PORT, String.valueOf(httpPort));
    env.put(ParleyConfig.CLUSTER_PORT, String.valueOf(clusterPort));
    return env;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
