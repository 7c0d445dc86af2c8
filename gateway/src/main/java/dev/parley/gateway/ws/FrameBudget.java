package dev.parley.gateway.ws;

import java.util.HashSet;
import java.util.Set;

/**
 * What one socket may ask of the server (DESIGN §5: nothing a client sends may exhaust a shared pool):
 *
 * <ul>
 *   <li>a rate: a token bucket of {@code rate} frames per second holding at most two seconds' worth
 *       ({@code 2 × rate}), so bursts such as a batch of ICE candidates pass; a socket that empties it is
 *       flooding and is closed with 1008 (RFC 6455 §7.4.1, policy violation);</li>
 *   <li>a concurrency bound: at most {@code maxInFlight} frames handled at once (each may hold a Redis or
 *       store connection until it is answered); more are refused with {@code too_many_requests} before
 *       any shared resource is touched. A client that waits for its replies never meets it.</li>
 * </ul>
 *
 * Confined to the socket's event loop. Each refusal kind is reported once per socket
 * ({@link #firstRefusal}), so that a flood writes one log line, not one per frame.
 */
final class FrameBudget {

  private final double rate;
  private final double capacity;
  private final int maxInFlight;
  private final Set<String> reported = new HashSet<>(2);
  private double tokens;
  private long lastNanos;
  private int inFlight;

  /**
   * @param rate frames per second on average, at least 1
   * @param maxInFlight frames handled at once, at least 1
   * @param nowNanos the current {@link System#nanoTime()}
   */
  FrameBudget(int rate, int maxInFlight, long nowNanos) {
    this.rate = Math.max(1, rate);
    this.capacity = 2 * this.rate;
    this.maxInFlight = Math.max(1, maxInFlight);
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes one frame from the rate bucket; {@code false} when the bucket is empty (a flood). */
  boolean withinRate(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * rate / 1e9);
    lastNanos = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Starts handling a frame; {@code false} when {@code maxInFlight} are already being handled. */
  boolean enter() {
    if (inFlight >= maxInFlight) {
      return false;
    }
    inFlight++;
    return true;
  }

  /** Marks one frame started by {@link #enter()} as answered. */
  void done() {
    inFlight--;
  }

  /** @return whether this is the first refusal of this kind on this socket (to log it once) */
  boolean firstRefusal(String kind) {
    return reported.add(kind);
  }
}
