package dev.parley.common;

import dev.parley.common.testing.EventLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static dev.parley.common.testing.EventLoops.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColocationTest {

  private static final String SERVICE = "parley.test-service";

  private Vertx vertx;
  private Context first;
  private Context second;
  /** Another context on {@link #first}'s event loop, as a gateway beside a service instance has. */
  private Context besideFirst;

  /** A service interface for the in-process calls. */
  interface Greeter {
    Future<String> greet(String name);
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    // Three contexts on a pool of two event loops: two of them share a loop.
    List<Context> contexts = EventLoops.contexts(vertx, 3);
    Map<String, List<Context>> byThread = new HashMap<>();
    for (Context context : contexts) {
      byThread.computeIfAbsent(on(context, () -> Thread.currentThread().getName()), t -> new ArrayList<>()).add(context);
    }
    assertThat(byThread).hasSize(2);
    List<Context> shared = byThread.values().stream().filter(c -> c.size() == 2).findFirst().orElseThrow();
    first = shared.get(0);
    besideFirst = shared.get(1);
    second = byThread.values().stream().filter(c -> c.size() == 1).findFirst().orElseThrow().get(0);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("A caller on the instance's event loop gets its local address; other event loops and other threads the shared one")
  void sameEventLoopOnly() throws Exception {
    on(first, () -> Colocation.register(vertx, SERVICE, "local-1", new Object()));

    assertThat(on(first, () -> Colocation.address(vertx, SERVICE))).isEqualTo("local-1");
    assertThat(on(second, () -> Colocation.address(vertx, SERVICE))).isEqualTo(SERVICE);
    assertThat(Colocation.address(vertx, SERVICE)).isEqualTo(SERVICE);
    assertThat(on(first, () -> Colocation.address(vertx, "parley.other-service"))).isEqualTo("parley.other-service");
  }

  @Test
  @DisplayName("Registering outside an event loop is refused")
  void registerOnEventLoop() {
    assertThatThrownBy(() -> Colocation.register(vertx, SERVICE, "local-1", new Object()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event loop");
    assertThat(Colocation.address(vertx, SERVICE)).isEqualTo(SERVICE);
  }

  @Test
  @DisplayName("Unregistering removes the instance's own entry only, not one that replaced it")
  void unregisterOwnEntry() throws Exception {
    Runnable older = on(first, () -> Colocation.register(vertx, SERVICE, "local-1", new Object()));
    Runnable newer = on(first, () -> Colocation.register(vertx, SERVICE, "local-2", new Object()));

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

    Runnable registration = on(first, () -> Colocation.register(vertx, SERVICE, "local-1", new Object()));
    assertThat(on(first, proxies::get)).isEqualTo("proxy for local-1");
    assertThat(on(second, proxies::get)).isSameAs(shared);

    registration.run();
    assertThat(on(first, proxies::get)).isSameAs(shared);
  }

  @Test
  @DisplayName("The in-process instance is found on its own event loop only, and only for a type it implements")
  void localInstance() throws Exception {
    Greeter greeter = name -> Future.succeededFuture("hello " + name);
    on(first, () -> Colocation.register(vertx, SERVICE, "local-1", greeter));

    assertThat(on(besideFirst, () -> Colocation.local(vertx, SERVICE, Greeter.class).instance())).isSameAs(greeter);
    assertThat(on(besideFirst, () -> Colocation.local(vertx, SERVICE, Greeter.class).context())).isSameAs(first);
    assertThat(on(second, () -> Colocation.local(vertx, SERVICE, Greeter.class))).isNull();
    assertThat(Colocation.local(vertx, SERVICE, Greeter.class)).isNull();
    assertThat(on(besideFirst, () -> Colocation.local(vertx, SERVICE, Runnable.class))).isNull();
  }

  @Test
  @DisplayName("An in-process call runs on the instance's context, not the caller's, and completes with the instance's result")
  void callOnInstanceContext() throws Exception {
    AtomicReference<Context> ranOn = new AtomicReference<>();
    Greeter greeter = name -> {
      ranOn.set(Vertx.currentContext());
      return Future.succeededFuture("hello " + name);
    };
    on(first, () -> Colocation.register(vertx, SERVICE, "local-1", greeter));

    Future<String> greeting = on(besideFirst, () -> Colocation.local(vertx, SERVICE, Greeter.class)
        .call(g -> g.greet("Ada"), 10_000, () -> new IllegalStateException("late")));
    assertThat(await(greeting)).isEqualTo("hello Ada");
    assertThat(ranOn.get()).isSameAs(first);
  }

  @Test
  @DisplayName("An in-process call fails with the given failure when the instance does not answer in time, and with what it throws")
  void callFailures() throws Exception {
    Greeter silent = name -> Promise.<String>promise().future();
    Colocation.Local<Greeter> local = new Colocation.Local<>(silent, first);
    Future<String> late = on(besideFirst, () -> local.call(g -> g.greet("Ada"), 50, () -> new IllegalStateException("late")));
    assertThatThrownBy(() -> await(late)).hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("late");

    Colocation.Local<Greeter> throwing = new Colocation.Local<>(name -> {
      throw new IllegalArgumentException("no name");
    }, first);
    Future<String> thrown = on(besideFirst, () -> throwing.call(g -> g.greet(""), 10_000, () -> new IllegalStateException("late")));
    assertThatThrownBy(() -> await(thrown)).hasRootCauseInstanceOf(IllegalArgumentException.class).hasRootCauseMessage("no name");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
