package dev.parley.common;

import dev.parley.common.testing.EventLoops;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static dev.parley.common.testing.EventLoops.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColocationTest {

  private static final String SERVICE = "parley.test-service";

  private Vertx vertx;
  private Context first;
  private Context second;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    List<Context> contexts = EventLoops.contexts(vertx, 2);
    first = contexts.get(0);
    second = contexts.get(1);
    assertThat(on(first, () -> Thread.currentThread().getName()))
        .isNotEqualTo(on(second, () -> Thread.currentThread().getName()));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("A caller on the instance's event loop gets its local address; other event loops and other threads the shared one")
  void sameEventLoopOnly() throws Exception {
    on(first, () -> Colocation.register(vertx, SERVICE, "local-1"));

    assertThat(on(first, () -> Colocation.address(vertx, SERVICE))).isEqualTo("local-1");
    assertThat(on(second, () -> Colocation.address(vertx, SERVICE))).isEqualTo(SERVICE);
    assertThat(Colocation.address(vertx, SERVICE)).isEqualTo(SERVICE);
    assertThat(on(first, () -> Colocation.address(vertx, "parley.other-service"))).isEqualTo("parley.other-service");
  }

  @Test
  @DisplayName("Registering outside an event loop is refused")
  void registerOnEventLoop() {
    assertThatThrownBy(() -> Colocation.register(vertx, SERVICE, "local-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event loop");
    assertThat(Colocation.address(vertx, SERVICE)).isEqualTo(SERVICE);
  }

  @Test
  @DisplayName("Unregistering removes the instance's own entry only, not one that replaced it")
  void unregisterOwnEntry() throws Exception {
    Runnable older = on(first, () -> Colocation.register(vertx, SERVICE, "local-1"));
    Runnable newer = on(first, () -> Colocation.register(vertx, SERVICE, "local-2"));

    older.run();
    assertThat(on(first, () -> Colocation.address(vertx, SERVICE))).isEqualTo("local-2");
    newer.run();
    assertThat(on(first, () -> Colocation.address(vertx, SERVICE))).isEqualTo(SERVICE);
  }

  @Test
  @DisplayName("Proxies follow registrations made after they were created, one proxy per address")
  void proxiesFollowRegistrations() throws Exception {
    Supplier<String> proxies = Colocation.proxies(vertx, SERVICE, address -> new String("proxy for " + address));
    String shared = on(first, proxies::get);
    assertThat(shared).isEqualTo("proxy for " + SERVICE);

    Runnable registration = on(first, () -> Colocation.register(vertx, SERVICE, "local-1"));
    assertThat(on(first, proxies::get)).isEqualTo("proxy for local-1");
    assertThat(on(second, proxies::get)).isSameAs(shared);

    registration.run();
    assertThat(on(first, proxies::get)).isSameAs(shared);
  }

}
