package dev.parley.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lets a caller reach the instance of a service that runs on its own event loop, when the service
 * and its caller are deployed in one process (the standalone).
 *
 * <p>A request sent to a service's shared address goes to whichever of its instances the event bus
 * picks, usually one on another event-loop thread, and the reply comes back across threads again.
 * For the signaling relay that handoff was a quarter of the CPU time of every message
 * (bench/README.md, "one event loop" experiment). An instance that also listens on a process-local
 * address registers that address here under its event loop; a caller on the same event loop then
 * sends there, and the request and its reply are queued on the one thread. Callers on an event loop
 * without an instance, and every caller in a process without one, use the shared address as before:
 * the choice changes which instance answers, never what it answers, so it is only valid for services
 * whose instances are interchangeable (state in Redis or MongoDB, not in the instance).
 *
 * <p>Entries live in a {@link LocalMap} of the Vert.x instance, keyed by the service address and the
 * event-loop thread's name (unique within one Vert.x instance).
 */
public final class Colocation {

  private static final String MAP = "parley.colocation";

  private Colocation() {
  }

  /**
   * Registers the calling event loop's instance of a service. Call it on the instance's own event
   * loop (in its verticle's start), once its consumer on {@code localAddress} is registered; when
   * several instances share an event loop, the last one registered is used.
   *
   * @param serviceAddress the service's shared address, e.g. {@code parley.signaling}
   * @param localAddress a process-local address the instance listens on (a {@code localConsumer})
   * @return a handle that removes the entry, if it is still this instance's, when run (in the
   *     instance's stop)
   * @throws IllegalStateException when not called on an event-loop thread
   */
  public static Runnable register(Vertx vertx, String serviceAddress, String localAddress) {
    if (!Context.isOnEventLoopThread()) {
      throw new IllegalStateException("An instance registers for co-location on its own event loop, not on "
          + Thread.currentThread().getName());
    }
    String key = key(serviceAddress, Thread.currentThread().getName());
    entries(vertx).put(key, localAddress);
    return () -> entries(vertx).removeIfPresent(key, localAddress);
  }

  /**
   * @return where a request for the service at {@code serviceAddress} sent from the current thread
   *     should go: the local address of the instance on this event loop if one registered, otherwise
   *     {@code serviceAddress} itself
   */
  public static String address(Vertx vertx, String serviceAddress) {
    if (!Context.isOnEventLoopThread()) {
      return serviceAddress;
    }
    String local = entries(vertx).get(key(serviceAddress, Thread.currentThread().getName()));
    return local == null ? serviceAddress : local;
  }

  /**
   * @param proxy makes a service proxy for an address, e.g. {@code a -> SignalingService.createProxyAt(vertx, a, 3_000)}
   * @return a supplier whose every {@code get()} returns the proxy for {@link #address} on the calling
   *     thread (looked up on each call, so instances deployed or undeployed later are followed); one
   *     proxy is made per address
   */
  public static <T> Supplier<T> proxies(Vertx vertx, String serviceAddress, Function<String, T> proxy) {
    Map<String, T> made = new ConcurrentHashMap<>();
    return () -> made.computeIfAbsent(address(vertx, serviceAddress), proxy);
  }

  private static LocalMap<String, String> entries(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }

  private static String key(String serviceAddress, String thread) {
    return serviceAddress + '@' + thread;
  }
}
