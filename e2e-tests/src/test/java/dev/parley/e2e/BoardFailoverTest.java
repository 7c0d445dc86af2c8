package dev.parley.e2e;

import dev.parley.api.Caller;
import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.embedded.EmbeddedMongo;
import dev.parley.common.embedded.EmbeddedRedis;
import dev.parley.common.embedded.EmbeddedSmtp;
import dev.parley.common.testing.EmbeddedMongoExtension;
import dev.parley.common.testing.EmbeddedRedisExtension;
import dev.parley.common.testing.EmbeddedSmtpExtension;
import dev.parley.common.testing.TestConfig;
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
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import dev.parley.api.board.BoardService;
import dev.parley.api.board.BoardServiceVertxEBProxy;
import dev.parley.api.meeting.MeetingService;
import dev.parley.meeting.MeetingVerticle;
import io.vertx.core.DeploymentOptions;

/**
 * Two signaling-service JVMs (their own {@code Main}, which runs the whiteboard beside signaling,
 * clustered with this test's JVM over loopback, which runs the meeting service) take whiteboard ops
 * from concurrent people; one is killed with SIGKILL while ops flow. Senders resend whatever was not
 * acknowledged with the same op id, as the web client does.
 */
@DisplayName("The whiteboard survives losing a service instance")
@ExtendWith({EmbeddedMongoExtension.class, EmbeddedRedisExtension.class, EmbeddedSmtpExtension.class})
class BoardFailoverTest {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final int LOOPS = 4;
  private static final int OPS_EACH = 60;
  private static final int KILL_AFTER_ACKS = 40;

  private final List<ServiceProcess> processes = new ArrayList<>();
  private Vertx vertx;

  @AfterEach
  void stop() throws Exception {
    processes.forEach(ServiceProcess::close);
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("Killing one of two instances while people draw loses no acknowledged op, seqs stay gap-free, and the survivor serves the whole board")
  void killOneInstance(EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSmtp smtp) throws Exception {
    int testPort = freePort();
    int[] clusterPorts = {freePort(), freePort()};
    int[] opsPorts = {freePort(), freePort()};
    JsonObject config = TestConfig.forStores(mongo, redis, smtp)
        .put(ParleyConfig.CLUSTER_NAME, "parley-board-e2e-" + UUID.randomUUID())
        .put(ParleyConfig.CLUSTER_HOST, "127.0.0.1")
        .put(ParleyConfig.CLUSTER_MEMBERS, "127.0.0.1:" + testPort + ",127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1])
        .put(ParleyConfig.BOARD_OP_RATE, 1_000_000);
    System.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    vertx = ParleyVertx.clustered(ParleyConfig.of(config.copy().put(ParleyConfig.CLUSTER_PORT, testPort)))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.deployVerticle(new MeetingVerticle(), new DeploymentOptions().setConfig(config))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Path logDir = Path.of(System.getProperty("basedir", "."), "target", "cluster-test-logs", "board-" + System.currentTimeMillis());
    for (int i = 0; i < 2; i++) {
      Map<String, String> env = env(config.copy().put(ParleyConfig.HTTP_PORT, opsPorts[i]).put(ParleyConfig.CLUSTER_PORT, clusterPorts[i]));
      processes.add(ServiceProcess.start("signaling-service-" + (i + 1), "dev.parley.signaling.Main", env, logDir));
    }
    Poll.until("both signaling-service instances to be ready", STARTUP_TIMEOUT,
        () -> ready(opsPorts[0]) && ready(opsPorts[1]), this::logTails);

    MeetingService meetings = MeetingService.createProxy(vertx);
    Caller tutor = account("Tutor");
    Caller student = account("Student");
    JsonObject meeting = meetings.create(new JsonObject().put("title", "Lesson"), tutor)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    meetings.join(meeting.getString("joinCode"), null, student).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String meetingId = meeting.getString("id");
    BoardService board = new BoardServiceVertxEBProxy(vertx, BoardService.ADDRESS, new DeliveryOptions().setSendTimeout(3_000));
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger acks = new AtomicInteger();
    Promise<Void> killed = Promise.promise();
    List<Future<Void>> loops = new ArrayList<>();
    for (int loop = 0; loop < LOOPS; loop++) {
      loops.add(sendAll(board, meetingId, loop % 2 == 0 ? tutor : student, "loop" + loop + "-", 0, acknowledged, acks, killed));
    }
    Future.all(loops).toCompletionStage().toCompletableFuture().get(240, TimeUnit.SECONDS);
    assertThat(killed.future().succeeded()).as("the second instance was killed while ops flowed").isTrue();

    MongoClient store = MongoClient.create(vertx, new JsonObject().put("connection_string", mongo.connectionString())
        .put("db_name", config.getString(ParleyConfig.MONGO_DB)));
    List<JsonObject> stored = store.findWithOptions("board_ops", new JsonObject().put("meetingId", meetingId),
            new FindOptions().setSort(new JsonObject().put("seq", 1)))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(acknowledged).hasSize(LOOPS * OPS_EACH);
    assertThat(stored.stream().map(m -> m.getLong("seq")).toList()).as("gap-free sequences")
        .isEqualTo(LongStream.rangeClosed(1, stored.size()).boxed().toList());
    Map<String, Long> storedByOpId = stored.stream().collect(Collectors.toMap(m -> m.getString("opId"), m -> m.getLong("seq")));
    assertThat(storedByOpId).as("each acknowledged op stored once, at the seq it was acknowledged with")
        .containsAllEntriesOf(acknowledged);
    assertThat(stored).as("nothing stored twice").hasSize(storedByOpId.size());
    JsonObject synced = board.sync(meetingId, 0, student).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(synced.getJsonObject("snapshot").getJsonArray("elements")).as("the survivor serves every element").hasSize(LOOPS * OPS_EACH);
  }

  /** Sends the loop's ops one after another; one that fails is sent again with the same op id until acknowledged. */
  private Future<Void> sendAll(BoardService board, String meetingId, Caller sender, String prefix, int i,
                               Map<String, Long> acknowledged, AtomicInteger acks, Promise<Void> killed) {
    if (i == OPS_EACH) {
      return Future.succeededFuture();
    }
    String opId = prefix + i;
    JsonObject op = new JsonObject().put("kind", "add").put("element", new JsonObject().put("id", "e-" + opId).put("type", "rect")
        .put("page", "p1").put("x", i).put("y", i).put("w", 10).put("h", 10)
        .put("style", new JsonObject().put("color", "#1e1e1e").put("width", 2).put("fill", "none")));
    return board.apply(meetingId, opId, op, sender)
        .compose(stored -> {
          acknowledged.put(opId, stored.getLong("seq"));
          if (acks.incrementAndGet() == KILL_AFTER_ACKS) {
            vertx.executeBlocking(() -> {
              processes.get(1).kill();
              return null;
            }, false).<Void>mapEmpty().onComplete(killed);
          }
          return sendAll(board, meetingId, sender, prefix, i + 1, acknowledged, acks, killed);
        }, err -> {
          Promise<Void> retried = Promise.promise();
          vertx.setTimer(100, t -> sendAll(board, meetingId, sender, prefix, i, acknowledged, acks, killed).onComplete(retried));
          return retried.future();
        });
  }

  private static Caller account(String name) {
    return new Caller().setUserId(UUID.randomUUID().toString()).setDisplayName(name).setRole(Caller.ROLE_USER)
        .setCorrelationId("e2e-" + UUID.randomUUID());
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
