package dev.parley.standalone;

import dev.parley.api.signaling.LocalSignal;
import dev.parley.api.signaling.SignalingService;
import dev.parley.common.Colocation;
import dev.parley.common.ParleyVertx;
import dev.parley.common.config.ParleyConfig;
import dev.parley.common.testing.EventLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StandaloneTest {

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static JsonObject config(Path dataDir) {
    return new JsonObject()
        .put(ParleyConfig.DATA_DIR, dataDir.toString())
        .put(ParleyConfig.HTTP_HOST, "127.0.0.1")
        .put(ParleyConfig.HTTP_PORT, 0)
        .put(Standalone.DEV_MAIL_PORT, 0);
  }

  @Test
  @DisplayName("With no configuration the standalone is ready, and accounts survive a restart on the same data directory")
  void accountsSurviveRestart(@TempDir Path dataDir) throws Exception {
    JsonObject signup = new JsonObject().put("email", "restart@parley.test")
        .put("password", "survives a restart").put("displayName", "Restart");
    try (Standalone first = await(Standalone.start(config(dataDir)))) {
      WebClient client = WebClient.create(first.vertx());
      assertThat(await(client.get(first.port(), "127.0.0.1", "/health/ready").send()).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> created = await(client.post(first.port(), "127.0.0.1", "/api/v1/auth/signup").sendJsonObject(signup));
      assertThat(created.statusCode()).isEqualTo(201);
    }
    assertThat(Files.exists(dataDir.resolve("mongo.mv"))).isTrue();
    assertThat(Files.exists(dataDir.resolve("keys/jwt-signing.json"))).isTrue();

    try (Standalone second = await(Standalone.start(config(dataDir)))) {
      WebClient client = WebClient.create(second.vertx());
      HttpResponse<Buffer> login = await(client.post(second.port(), "127.0.0.1", "/api/v1/auth/login")
          .sendJsonObject(new JsonObject().put("email", "restart@parley.test").put("password", "survives a restart")));
      assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
      HttpResponse<Buffer> page = await(client.get(second.port(), "127.0.0.1", "/").send());
      assertThat(page.bodyAsString()).contains("Parley");
      assertThat(await(client.get(second.mailboxPort(), "127.0.0.1", "/").send()).bodyAsString()).contains("dev mailbox");
    }
  }

  @Test
  @DisplayName("Every event loop has a signaling instance of its own, which a gateway there reaches without leaving the thread, for its room requests and its signals")
  void signalingOnEveryEventLoop(@TempDir Path dataDir) throws Exception {
    try (Standalone standalone = await(Standalone.start(config(dataDir)))) {
      Vertx vertx = standalone.vertx();
      Map<String, String> addressByThread = new ConcurrentHashMap<>();
      Map<String, String> relayByThread = new ConcurrentHashMap<>();
      for (Context context : EventLoops.contexts(vertx, ParleyVertx.EVENT_LOOPS)) {
        EventLoops.on(context, () -> {
          String thread = Thread.currentThread().getName();
          addressByThread.put(thread, Colocation.address(vertx, SignalingService.ADDRESS));
          return relayByThread.put(thread, Colocation.address(vertx, LocalSignal.ADDRESS));
        });
      }
      assertThat(addressByThread).hasSize(ParleyVertx.EVENT_LOOPS);
      assertThat(new HashSet<>(addressByThread.values())).hasSize(ParleyVertx.EVENT_LOOPS)
          .allSatisfy(address -> assertThat(address).startsWith(SignalingService.ADDRESS + ".local."));
      assertThat(relayByThread).hasSize(ParleyVertx.EVENT_LOOPS);
      assertThat(new HashSet<>(relayByThread.values())).hasSize(ParleyVertx.EVENT_LOOPS)
          .allSatisfy(address -> assertThat(address).startsWith(LocalSignal.ADDRESS + ".local."));
    }
  }
}
