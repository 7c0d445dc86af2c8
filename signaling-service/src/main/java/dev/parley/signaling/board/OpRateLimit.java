package dev.parley.signaling.board;

import dev.parley.api.ErrorCode;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-person op limit of one board instance: a token bucket of {@code rate} ops a second holding at
 * most {@code rate} (one second's burst). Past it, {@code TOO_MANY_REQUESTS} with {@code retryAfter: 1}.
 * Event-loop confined; time in nanoseconds from the caller, so tests control it.
 */
final class OpRateLimit {

  private static final int MAX_PEOPLE = 10_000;

  private final int rate;
  private final Map<String, double[]> buckets = new HashMap<>();

  /** @param rate ops a second and burst, per person */
  OpRateLimit(int rate) {
    this.rate = rate;
  }

  /** Takes one token of the person's bucket, or fails with {@code TOO_MANY_REQUESTS}. */
  void admit(String personId, long nowNanos) {
    if (buckets.size() > MAX_PEOPLE) {
      buckets.clear();
    }
    double[] bucket = buckets.computeIfAbsent(personId, id -> new double[] {rate, nowNanos});
    double tokens = Math.min(rate, bucket[0] + (nowNanos - bucket[1]) * rate / 1e9);
    bucket[1] = nowNanos;
    if (tokens < 1) {
      bucket[0] = tokens;
      throw ErrorCode.TOO_MANY_REQUESTS.exception("You are drawing too fast: at most " + rate
          + " board changes a second. Try again in a second.", new JsonObject().put(ErrorCode.RETRY_AFTER, 1));
    }
    bucket[0] = tokens - 1;
  }
}
