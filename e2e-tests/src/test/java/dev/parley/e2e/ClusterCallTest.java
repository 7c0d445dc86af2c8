package dev.parley.e2e;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
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
import dev.parley.meeting.MeetingVerticle;
import dev.parley.signaling.SignalingVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways, each in a JVM of its own ({@code dev.parley.gateway.Main}), and this JVM holding the
 * auth, meeting and signaling services, form one Hazelcast cluster over loopback. A host on one
 * gateway and a guest on the other hold a call: their signals cross the clustered event bus from one
 * gateway node to the other. Gateway output goes to {@code target/cluster-test-logs/<run>/}.
 */
@DisplayName("A call across two gateways in separate JVMs")
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class ClusterCallTest {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
  private static final double TIMEOUT_MS = 30_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path keyDir;

  private final List<ServiceProcess> gateways = new ArrayList<>();
  private Vertx vertx;
  private Playwright playwright;

  @AfterEach
  void stop() throws Exception {
    if (playwright != null) {
      playwright.close();
    }
    gateways.forEach(ServiceProcess::close);
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("A host on one gateway and a guest on the other see each other: connected, video decoding on both sides")
  void callAcrossGateways(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    Chromium.assumeInstalled();
    int servicesClusterPort = freePort();
    int[] clusterPorts = {freePort(), freePort()};
    int[] httpPorts = {freePort(), freePort()};
    Path keyFile = keyDir.resolve("jwt-signing.json");
    SigningKeys.loadOrCreate(keyFile);
    JsonObject config = TestConfig.forStores(mongo, redis, smtp)
        .put(ParleyConfig.JWT_KEY_FILE, keyFile.toString())
        .put(ParleyConfig.PUBLIC_URL, "http://127.0.0.1:" + httpPorts[0])
        .put(ParleyConfig.CLUSTER_NAME, "parley-call-e2e-" + UUID.randomUUID())
        .put(ParleyConfig.CLUSTER_HOST, "127.0.0.1")
        .put(ParleyConfig.CLUSTER_MEMBERS, "127.0.0.1:" + servicesClusterPort + ",127.0.0.1:" + clusterPorts[0]
            + ",127.0.0.1:" + clusterPorts[1]);

    vertx = ParleyVertx.clustered(ParleyConfig.of(config.copy().put(ParleyConfig.CLUSTER_PORT, servicesClusterPort)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    DeploymentOptions services = new DeploymentOptions().setConfig(config);
    Future.all(vertx.deployVerticle(new AuthVerticle(), services), vertx.deployVerticle(new MeetingVerticle(), services),
            vertx.deployVerticle(new SignalingVerticle(), services))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    Path logDir = Path.of(System.getProperty("basedir", "."), "target", "cluster-test-logs",
        "call-" + System.currentTimeMillis());
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
      // The JWK Set crosses the event bus from the gateway to the auth service in this JVM.
      Poll.until("gateway " + url + " to reach the services", STARTUP_TIMEOUT,
          () -> answers200(url + "/.well-known/jwks.json"), this::logTails);
    }

    playwright = Chromium.playwright();
    Browser browser = Chromium.launch(playwright);
    Page host = page(browser, urls[0]);
    String token = Accounts.signUp(host.context(), urls[0], "Gina Gateway-A").getString("accessToken");
    APIResponse created = host.context().request().post(urls[0] + "/api/v1/meetings", RequestOptions.create()
        .setHeader("Authorization", "Bearer " + token)
        .setData(new JsonObject().put("title", "Across the cluster").getMap()));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonObject meeting = new JsonObject(created.text());
    host.navigate("/#/room/" + meeting.getString("id"));
    host.getByTestId("room-join").click();

    Page guest = page(browser, urls[1]);
    guest.navigate("/#/join/" + meeting.getString("joinCode"));
    guest.getByTestId("join-name").fill("Ben Gateway-B");
    guest.getByTestId("join-submit").click();
    guest.getByTestId("room-join").click();

    Peers.awaitConnected(host, 1);
    Peers.awaitConnected(guest, 1);
    Peers.awaitVideoFlowing(host);
    Peers.awaitVideoFlowing(guest);
    assertThat(host.getByTestId("tile").filter(new com.microsoft.playwright.Locator.FilterOptions()
        .setHasText("Ben Gateway-B"))).isVisible();
  }

  private static Page page(Browser browser, String baseUrl) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl));
    context.setDefaultTimeout(TIMEOUT_MS);
    return context.newPage();
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
