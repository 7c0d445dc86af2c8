package dev.parley.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

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
 * (bench/README.md, "one event loop" experiment). An instance registers here, under its event loop,
 * a process-local address it also listens on and the object that serves it. A caller on the same
 * event loop then either sends to that address (the request and its reply are queued on the one
 * thread) or, for a hot path, calls the object in-process through {@link Local#call}, which runs the
 * call on the instance's own context and keeps a send timeout as the event bus would. Callers on an
 * event loop without an instance, and every caller in a process without one, use the shared address
 * as before: the choice changes which instance answers, never what it answers, so it is only valid
 * for services whose instances are interchangeable (state in Redis or MongoDB, not in the instance).
 *
 * <p>Entries live in a {@link LocalMap} of the Vert.x instance, keyed by the service address and the
 * event-loop thread's name (unique within one Vert.x instance).
 */
public final class Colocation {

  private static final String MAP = "parley.colocation";

  private Colocation() {
  }

  /**
   * Registers the calling event loop's instance of a service. Call it on the instance's own context
   * (in its verticle's start), once its consumer on {@code localAddress} is registered; when several
   * instances share an event loop, the last one registered is used.
   *
   * @param serviceAddress the service's shared address, e.g. {@code parley.signaling}
   * @param localAddress a process-local address the instance listens on (a {@code localConsumer})
   * @param instance the object serving that address, for {@link #local} callers
   * @return a handle that removes the entry, if it is still this instance's, when run (in the
   *     instance's stop)
   * @throws IllegalStateException when not called on an event-loop context
   */
  public static Runnable register(Vertx vertx, String serviceAddress, String localAddress, Object instance) {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
      throw new IllegalStateException("An instance registers for co-location on its own event loop, not on "
          + Thread.currentThread().getName());
    }
    String key = key(serviceAddress, Thread.currentThread().getName());
    Entry entry = new Entry(localAddress, instance, context);
    entries(vertx).put(key, entry);
    return () -> entries(vertx).removeIfPresent(key, entry);
  }

  /**
   * @return where a request for the service at {@code serviceAddress} sent from the current thread
   *     should go: the local address of the instance on this event loop if one registered, otherwise
   *     {@code serviceAddress} itself
   */
  public static String address(Vertx vertx, String serviceAddress) {
    Entry entry = entry(vertx, serviceAddress);
    return entry == null ? serviceAddress : entry.address();
  }

  /**
   * @param proxy makes a service proxy for an address, e.g. {@code a -> SignalingService.createProxyAt(vertx, a)}
   * @return a supplier whose every {@code get()} returns the proxy for {@link #address} on the calling
   *     thread (looked up on each call, so instances deployed or undeployed later are followed); one
   *     proxy is made per address
   */
  public static <T> Supplier<T> proxies(Vertx vertx, String serviceAddress, Function<String, T> proxy) {
    Map<String, T> made = new ConcurrentHashMap<>();
    return () -> made.computeIfAbsent(address(vertx, serviceAddress), proxy);
  }

  /**
   * @param type the interface the caller needs, e.g. {@code SignalRelay}
   * @return the instance of the service at {@code serviceAddress} registered on the calling thread's
   *     event loop, with its context, or null when there is none or it does not implement {@code type}
   */
  public static <T> Local<T> local(Vertx vertx, String serviceAddress, Class<T> type) {
    Entry entry = entry(vertx, serviceAddress);
    return entry == null || !type.isInstance(entry.instance())
        ? null
        : new Local<>(type.cast(entry.instance()), entry.context());
  }

  /**
   * A service instance on the caller's event loop.
   *
   * @param instance the object serving the instance's local address
   * @param context the instance's own context (the verticle that registered it)
   */
  public record Local<T>(T instance, Context context) {

    /**
     * Calls the instance in-process on its own context (queued on the shared event loop, as a local
     * event-bus delivery is, so the call never runs inside the caller's stack), with a send timeout as
     * an event-bus request has.
     *
     * @param call the call, e.g. {@code relay -> relay.relay(...)}; an exception it throws fails the result
     * @param timeoutMs how long to wait for the call's future, in milliseconds
     * @param timedOut the failure when the call's future is not complete in time
     * @return the call's outcome, or {@code timedOut}'s failure
     */
    public <R> Future<R> call(Function<T, Future<R>> call, long timeoutMs, Supplier<? extends Throwable> timedOut) {
      Vertx vertx = context.owner();
      Promise<R> result = Promise.promise();
      long timer = vertx.setTimer(timeoutMs, id -> result.tryFail(timedOut.get()));
      context.runOnContext(v -> {
        Future<R> outcome;
        try {
          outcome = call.apply(instance);
        } catch (RuntimeException e) {
          outcome = Future.failedFuture(e);
        }
        outcome.onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            result.tryComplete(ar.result());
          } else {
            result.tryFail(ar.cause());
          }
        });
      });
      return result.future();
    }
  }

  /** What an instance registered: its local address, its object and its context. */
  private record Entry(String address, Object instance, Context context) implements Shareable {
  }

  private static Entry entry(Vertx vertx, String serviceAddress) {
    return Context.isOnEventLoopThread()
        ? entries(vertx).get(key(serviceAddress, Thread.currentThread().getName()))
        : null;
  }

  private static LocalMap<String, Entry> entries(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }

  private static String key(String serviceAddress, String thread) {
    return serviceAddress + '@' + thread;
  }
}
