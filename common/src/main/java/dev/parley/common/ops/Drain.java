package dev.parley.common.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.shareddata.LocalMap;

/**
 * The drain of one Parley process before it stops (SIGTERM, see {@link dev.parley.common.ServiceMain}):
 * {@link #begin} first marks the process as draining, which every {@link OpsRoutes} readiness check
 * reads synchronously (so {@code /health/ready} answers 503 from that instant on), then tells every
 * verticle of the process through a local-only event-bus publish on {@value #ADDRESS}, which each
 * handles on its own event loop (the gateway closes its WebSockets with 1001 and refuses new ones).
 *
 * <p>The state lives in the Vert.x instance ({@link LocalMap} {@value #MAP}), never in a static field,
 * so several instances in one JVM (tests, the standalone) drain independently.
 */
public final class Drain {

  /** Process-local address of the drain notice (a local consumer: never cluster-wide state). */
  public static final String ADDRESS = "parley.process.drain";
  private static final String MAP = "parley.process";
  private static final String KEY = "draining";

  private Drain() {
  }

  /** Marks the process as draining (readiness fails at once), then notifies the handlers of {@link #onDrain}. */
  public static void begin(Vertx vertx) {
    state(vertx).put(KEY, Boolean.TRUE);
    vertx.eventBus().publish(ADDRESS, null, new DeliveryOptions().setLocalOnly(true));
  }

  /** @return whether {@link #begin} was called on this Vert.x instance */
  public static boolean draining(Vertx vertx) {
    return Boolean.TRUE.equals(state(vertx).get(KEY));
  }

  /**
   * Registers a handler run once, on the caller's context, when the process starts draining; from a
   * verticle, it goes away with the verticle.
   *
   * @return completes once the handler is registered
   */
  public static Future<Void> onDrain(Vertx vertx, Runnable handler) {
    return vertx.eventBus().localConsumer(ADDRESS, message -> handler.run()).completion();
  }

  private static LocalMap<String, Boolean> state(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
