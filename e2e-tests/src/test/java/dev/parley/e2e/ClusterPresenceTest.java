package dev.parley.e2e;

import dev.parley.auth.AuthVerticle;
import dev.parley.auth.SigningKeys;
import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence across two gateway JVMs sharing Redis: Ann watches Bob through gateway A while Bob is on
 * gateway B; killing B (SIGKILL, no goodbye) makes Bob offline on Ann's socket within 30 s, found by
 * gateway A's sweep of run-out entries. With {@code PARLEY_SESSION_POLICY=single}, Ann's session on
 * gateway A also refuses a second client of hers on gateway B. The auth service runs in this JVM,
 * clustered with both.
 */
@DisplayName("Presence across gateways")
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class ClusterPresenceTest {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path keyDir;

  private final List<ServiceProcess> gateways = new ArrayList<>();
  private Vertx vertx;

  @AfterEach
  void stop() throws Exception {
    gateways.forEach(ServiceProcess::close);
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("Bob goes online on gateway B as Ann watches through gateway A, and offline within 30 s of B being killed; Ann's single-session lease holds across the two")
  void killedGateway(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    int servicesClusterPort = freePort();
    int[] clusterPorts = {freePort(), freePort()};
    int[] httpPorts = {freePort(), freePort()};
    Path keyFile = keyDir.resolve("jwt-signing.json");
    SigningKeys.loadOrCreate(keyFile);
    JsonObject config = TestConfig.forStores(mongo, redis, smtp)
        .put(ParleyConfig.JWT_KEY_FILE, keyFile.toString())
        .put(ParleyConfig.PUBLIC_URL, "http://127.0.0.1:" + httpPorts[0])
        .put(ParleyConfig.CLUSTER_NAME, "parley-presence-e2e-" + UUID.randomUUID())
        .put(ParleyConfig.CLUSTER_HOST, "127.0.0.1")
        .put(ParleyConfig.GATEWAY_INSTANCES, 1)
        .put(ParleyConfig.SESSION_POLICY, "single")
        .put(ParleyConfig.CLUSTER_MEMBERS, "127.0.0.1:" + servicesClusterPort + ",127.0.0.1:" + clusterPorts[0]
            + ",127.0.0.1:" + clusterPorts[1]);
    vertx = ParleyVertx.clustered(ParleyConfig.of(config.copy().put(ParleyConfig.CLUSTER_PORT, servicesClusterPort)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    Path logDir = Path.of(System.getProperty("basedir", "."), "target", "cluster-test-logs", "presence-" + System.currentTimeMillis());
    String[] urls = new String[2];
    for (int i = 0; i < 2; i++) {
      Map<String, String> env = new HashMap<>();
      config.copy().put(ParleyConfig.HTTP_HOST, "127.0.0.1").put(ParleyConfig.HTTP_PORT, httpPorts[i])
          .put(ParleyConfig.CLUSTER_PORT, clusterPorts[i])
          .forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
      gateways.add(ServiceProcess.start("gateway-" + (char) ('a' + i), "dev.parley.gateway.Main", env, logDir));
      urls[i] = "http://127.0.0.1:" + httpPorts[i];
    }
    for (String url : urls) {
      Poll.until("gateway " + url + " to reach the services", STARTUP_TIMEOUT, () -> answers200(url + "/.well-known/jwks.json"),
          this::logTails);
    }

    JsonObject ann = signUp(urls[0], "Ann Across");
    JsonObject bob = signUp(urls[0], "Bob Across");
    String bobId = bob.getJsonObject("user").getString("id");
    BlockingQueue<JsonObject> annFrames = new LinkedBlockingQueue<>();
    WebSocket annSocket = open(httpPorts[0], ann.getString("accessToken"), annFrames);
    annSocket.writeTextMessage(new JsonObject().put("type", "presence.watch").put("id", "w")
        .put("data", new JsonObject().put("userIds", new JsonArray().add(bobId))).encode());
    assertThat(next(annFrames, "reply", 30).getJsonObject("data").getJsonObject("statuses").getString(bobId)).isEqualTo("offline");

    open(httpPorts[1], bob.getString("accessToken"), new LinkedBlockingQueue<>());
    assertThat(next(annFrames, "presence.changed", 30).getJsonObject("data").getString("status")).isEqualTo("online");

    // The single-session lease is in Redis: Ann, live on gateway A, is refused as a second client on gateway B.
    BlockingQueue<JsonObject> secondFrames = new LinkedBlockingQueue<>();
    WebSocket second = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(httpPorts[1])
        .setURI("/ws")).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    second.textMessageHandler(text -> secondFrames.add(new JsonObject(text)));
    second.writeTextMessage(new JsonObject().put("type", "auth").put("id", "a").put("data", new JsonObject()
        .put("token", ann.getString("accessToken")).put("clientId", "another-device")).encode());
    JsonObject refused = next(secondFrames, "reply", 30);
    assertThat(refused.getBoolean("ok")).isFalse();
    assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("conflict");

    long killedAt = System.nanoTime();
    gateways.get(1).kill();
    JsonObject offline = next(annFrames, "presence.changed", 40);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
    assertThat(offline.getJsonObject("data").getString("status")).isEqualTo("offline");
    assertThat(seconds).as("seconds from the kill to 'offline'").isLessThanOrEqualTo(30);
  }

  private WebSocket open(int port, String token, BlockingQueue<JsonObject> frames) throws Exception {
    WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("type", "auth").put("id", "a").put("data", new JsonObject().put("token", token)).encode());
    JsonObject reply = next(frames, "reply", 30);
    assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
    return socket;
  }

  private static JsonObject next(BlockingQueue<JsonObject> frames, String type, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      JsonObject frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (frame == null) {
        throw new AssertionError("no " + type + " frame within " + seconds + " s");
      }
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }

  private static JsonObject signUp(String url, String name) throws Exception {
    String body = new JsonObject().put("email", "p" + UUID.randomUUID() + "@parley.test").put("password", "correct horse battery staple")
        .put("displayName", name).put("refreshTokenTransport", "body").encode();
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/auth/signup"))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return new JsonObject(response.body());
  }

  private boolean answers200(String url) {
    for (ServiceProcess process : gateways) {
      if (!process.isAlive()) {
        throw new AssertionError(process.name() + " exited\n" + logTails());
      }
    }
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String logTails() {
    return gateways.stream().map(process -> process.logTail(60)).collect(Collectors.joining("\n"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
