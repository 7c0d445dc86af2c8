package dev.parley.e2e;

import dev.parley.api.Caller;
import dev.parley.api.auth.AuthService;
import dev.parley.api.chat.ChatService;
import dev.parley.api.chat.ChatServiceVertxEBProxy;
import dev.parley.auth.AuthVerticle;
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
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two chat-service JVMs (their own {@code Main}, clustered with this test's JVM over loopback) take
 * messages from concurrent senders; one is killed with SIGKILL while messages flow. Senders resend
 * whatever was not acknowledged with the same client message id, as a client does. With twelve senders
 * on one channel each instance stores them in batches (group commit, {@code OrderedLog}), so the kill
 * lands while batches are being written; the test checks from the killed instance's {@code /metrics}
 * that it was batching.
 */
@DisplayName("Chat survives losing a chat-service instance")
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class ChatFailoverTest {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final int LOOPS = 12;
  private static final int MESSAGES_EACH = 40;
  private static final int KILL_AFTER_ACKS = 150;
  private static final Pattern BATCHES = Pattern.compile(
      "parley_log_batch_entries_(count|sum)\\{collection=\"chat_messages\",?} ([0-9.E]+)");

  private final List<ServiceProcess> processes = new ArrayList<>();
  /** The ops port of the instance that is killed. */
  private int killPort;
  private Vertx vertx;

  @AfterEach
  void stop() throws Exception {
    processes.forEach(ServiceProcess::close);
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("Killing one of two instances while messages flow loses no acknowledged message, and sequences stay gap-free")
  void killOneInstance(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    int testPort = freePort();
    int[] clusterPorts = {freePort(), freePort()};
    int[] opsPorts = {freePort(), freePort()};
    JsonObject config = TestConfig.forStores(mongo, redis, smtp)
        .put(ParleyConfig.CLUSTER_NAME, "parley-chat-e2e-" + UUID.randomUUID())
        .put(ParleyConfig.CLUSTER_HOST, "127.0.0.1")
        .put(ParleyConfig.CLUSTER_MEMBERS, "127.0.0.1:" + testPort + ",127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1])
        .put(ParleyConfig.CHAT_SEND_LIMIT, 1_000_000);
    // This JVM joins first, so it is the cluster's oldest member and decides when a dead one is gone.
    // 15 s, not less: on a loaded 2-core machine heartbeats can stall for several seconds, and a shorter
    // limit made this JVM drop a live member and split the cluster.
    System.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    vertx = ParleyVertx.clustered(ParleyConfig.of(config.copy().put(ParleyConfig.CLUSTER_PORT, testPort)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Path logDir = Path.of(System.getProperty("basedir", "."), "target", "cluster-test-logs", "chat-" + System.currentTimeMillis());
    for (int i = 0; i < 2; i++) {
      Map<String, String> env = env(config.copy().put(ParleyConfig.HTTP_PORT, opsPorts[i]).put(ParleyConfig.CLUSTER_PORT, clusterPorts[i]));
      processes.add(ServiceProcess.start("chat-service-" + (i + 1), "dev.parley.chat.Main", env, logDir));
    }
    killPort = opsPorts[1];
    Poll.until("both chat-service instances to be ready", STARTUP_TIMEOUT,
        () -> ready(opsPorts[0]) && ready(opsPorts[1]), this::logTails);

    ChatService chat = new ChatServiceVertxEBProxy(vertx, ChatService.ADDRESS, new DeliveryOptions().setSendTimeout(3_000));
    // A direct channel needs both people to be accounts: the auth service runs in this JVM for that.
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Caller ada = account(vertx, "Ada");
    Caller bob = account(vertx, "Bob");
    String channel = ChatService.directChannel(ada.getUserId(), bob.getUserId());
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger acks = new AtomicInteger();
    Promise<String> killed = Promise.promise();
    List<Future<Void>> loops = new ArrayList<>();
    for (int loop = 0; loop < LOOPS; loop++) {
      Caller sender = loop % 2 == 0 ? ada : bob;
      String prefix = "loop" + loop + "-";
      loops.add(sendAll(chat, channel, sender, prefix, 0, acknowledged, acks, killed));
    }
    Future.all(loops).toCompletionStage().toCompletableFuture().get(240, TimeUnit.SECONDS);
    assertThat(killed.future().succeeded()).as("the second instance was killed while messages flowed").isTrue();
    Map<String, Double> batches = new HashMap<>();
    Matcher matcher = BATCHES.matcher(killed.future().result());
    while (matcher.find()) {
      batches.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
    }
    assertThat(batches.getOrDefault("sum", 0.0)).as("the killed instance stored batches of several messages: " + batches)
        .isGreaterThan(batches.getOrDefault("count", 0.0));

    MongoClient store = MongoClient.create(vertx, new JsonObject().put("connection_string", mongo.connectionString())
        .put("db_name", config.getString(ParleyConfig.MONGO_DB)));
    List<JsonObject> stored = store.findWithOptions("chat_messages", new JsonObject().put("channel", channel),
            new FindOptions().setSort(new JsonObject().put("seq", 1)))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(acknowledged).hasSize(LOOPS * MESSAGES_EACH);
    assertThat(stored.stream().map(m -> m.getLong("seq")).toList()).as("gap-free sequences")
        .isEqualTo(LongStream.rangeClosed(1, stored.size()).boxed().toList());
    Map<String, Long> storedByClientId = stored.stream()
        .collect(Collectors.toMap(m -> m.getString("clientMessageId"), m -> m.getLong("seq")));
    assertThat(storedByClientId).as("each acknowledged message stored once, at the seq it was acknowledged with")
        .containsAllEntriesOf(acknowledged);
    assertThat(stored).as("nothing stored twice").hasSize(storedByClientId.size());
  }

  /**
   * Sends the loop's messages one after another; a send that fails (its instance died, a timeout) is
   * sent again with the same client message id until it is acknowledged.
   */
  private Future<Void> sendAll(ChatService chat, String channel, Caller sender, String prefix, int i,
                               Map<String, Long> acknowledged, AtomicInteger acks, Promise<String> killed) {
    if (i == MESSAGES_EACH) {
      return Future.succeededFuture();
    }
    String clientMessageId = prefix + i;
    return chat.send(channel, clientMessageId, sender.getDisplayName() + " " + clientMessageId, sender)
        .compose(message -> {
          acknowledged.put(clientMessageId, message.getLong("seq"));
          if (acks.incrementAndGet() == KILL_AFTER_ACKS) {
            // SIGKILL the second instance while every loop keeps sending (its metrics read just before).
            vertx.executeBlocking(() -> {
              String metrics = metrics(killPort);
              processes.get(1).kill();
              return metrics;
            }, false).onComplete(killed);
          }
          return sendAll(chat, channel, sender, prefix, i + 1, acknowledged, acks, killed);
        }, err -> {
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(100, t -> sendAll(chat, channel, sender, prefix, i, acknowledged, acks, killed).onComplete(retried));
          return retried.future();
        });
  }

  /** @return the caller of a new account (signed up through the auth service) */
  private static Caller account(Vertx vertx, String name) throws Exception {
    String userId = AuthService.createProxy(vertx).signup(name.toLowerCase() + "-" + UUID.randomUUID() + "@example.test",
            "violet-otter-" + UUID.randomUUID(), name, Caller.anonymous("test", "192.0.2.1"))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).getUser().getId();
    return new Caller().setUserId(userId).setDisplayName(name).setRole(Caller.ROLE_USER).setCorrelationId("test-" + UUID.randomUUID());
  }


  private boolean ready(int port) {
    for (ServiceProcess process : processes) {
      if (!process.isAlive()) {
        throw new AssertionError(process.name() + " exited\n" + logTails());
      }
    }
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String metrics(int port) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private String logTails() {
    return processes.stream().map(p -> p.logTail(60)).collect(Collectors.joining("\n"));
  }

  private static Map<String, String> env(JsonObject config) {
    Map<String, String> env = new HashMap<>();
    config.forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    return env;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
