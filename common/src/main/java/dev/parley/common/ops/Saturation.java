package dev.parley.common.ops;

import dev.parley.api.ErrorCode;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;

/**
 * A shared pool (Redis, HTTP) refusing work because its wait queue is full is an expected refusal under
 * load, not a bug: it is answered {@link ErrorCode#UNAVAILABLE} with {@code retryAfter} and logged at
 * WARN without a stack trace, at most once per {@link #LOG_INTERVAL_NANOS} per instance, with the count
 * of refusals since the last line. Confined to one event loop.
 */
public final class Saturation {

  /** Least time between two log lines (10 s). */
  public static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final Logger log;
  private final String what;
  private long lastLogNanos = System.nanoTime() - LOG_INTERVAL_NANOS;
  private long suppressed;

  /**
   * @param log where to write
   * @param what the service, in words (e.g. "Signaling")
   */
  public Saturation(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /** @return whether the failure (or its cause) is a pool refusing work because it is too busy */
  public static boolean is(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectionPoolTooBusyException) {
        return true;
      }
    }
    return false;
  }

  /** Logs (throttled) and returns the refusal to answer with: {@code UNAVAILABLE}, retry after 1 s. */
  public ServiceException refuse(Throwable failure) {
    suppressed++;
    long now = System.nanoTime();
    if (now - lastLogNanos >= LOG_INTERVAL_NANOS) {
      log.warn("{} is saturated: {} request(s) refused as unavailable since the last report ({})", what, suppressed,
          failure.getMessage());
      lastLogNanos = now;
      suppressed = 0;
    }
    return ErrorCode.UNAVAILABLE.exception(what + " is busy right now; try again in a moment.",
        new JsonObject().put(ErrorCode.RETRY_AFTER, 1));
  }
}
