package dev.parley.common.testing;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs test code on chosen event loops of a Vert.x instance. */
public final class EventLoops {

  private static final long TIMEOUT_S = 10;

  private EventLoops() {
  }

  /**
   * @return {@code count} contexts on consecutive event loops of the pool: the instances of one
   *     deployment take the loops in turn, so up to the pool's size they are all on different threads
   */
  public static List<Context> contexts(Vertx vertx, int count) throws Exception {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        contexts.add(context);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(count)).toCompletionStage().toCompletableFuture()
        .get(TIMEOUT_S, TimeUnit.SECONDS);
    return contexts;
  }

  /** Runs the action on the context's event loop and waits (at most 10 s) for its result or failure. */
  public static <T> T on(Context context, Callable<T> action) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        result.complete(action.call());
      } catch (Exception | Error e) {
        result.fail(e);
      }
    });
    return result.future().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
  }
}
