package dev.parley.common.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DrainTest {

  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = await(vertx.createHttpServer()
        .requestHandler(new OpsRoutes(vertx).checkCluster().mount(Router.router(vertx)))
        .listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int readiness() throws Exception {
    return await(vertx.createHttpClient()
        .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/health/ready")
        .compose(request -> request.send())
        .map(HttpClientResponse::statusCode));
  }

  @Test
  @DisplayName("Readiness answers 200 until the process drains and 503 from the moment it does")
  void readinessFailsAtOnce() throws Exception {
    assertThat(readiness()).isEqualTo(200);
    assertThat(Drain.draining(vertx)).isFalse();

    Drain.begin(vertx);

    assertThat(Drain.draining(vertx)).isTrue();
    assertThat(readiness()).isEqualTo(503);
  }

  @Test
  @DisplayName("Every drain handler of the process runs once, after the process is marked draining")
  void handlersRunOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Boolean> sawDraining = new CompletableFuture<>();
    await(Drain.onDrain(vertx, () -> {
      calls.incrementAndGet();
      sawDraining.complete(Drain.draining(vertx));
    }));

    Drain.begin(vertx);

    assertThat(sawDraining.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("Draining one Vert.x instance leaves another in the same JVM ready")
  void perInstance() throws Exception {
    Vertx other = Vertx.vertx();
    try {
      Drain.begin(vertx);
      assertThat(Drain.draining(other)).isFalse();
    } finally {
      await(other.close());
    }
  }
}
