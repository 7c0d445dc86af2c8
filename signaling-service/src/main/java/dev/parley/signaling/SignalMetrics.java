package dev.parley.signaling;

import dev.parley.api.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.serviceproxy.ServiceException;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts signals (offers, answers, ICE candidates) by outcome, for operators: on {@code /metrics} as
 * {@code parley_signaling_signals_total{outcome="delivered"}} or with the error code a refused signal
 * got ({@code forbidden}, {@code conflict}, {@code bad_request}, {@code unavailable}, ...; the codes of
 * {@link ErrorCode}, so the label has a fixed, small set of values).
 *
 * <p>The counters are registered once, so that counting costs an increment and not a registry look-up
 * per signal (which is what Vert.x's own event-bus metrics cost; see bench/README.md).
 */
final class SignalMetrics {

  static final String NAME = "parley.signaling.signals";
  static final String OUTCOME = "outcome";
  static final String DELIVERED = "delivered";

  private final Counter delivered;
  private final Map<ErrorCode, Counter> refused = new EnumMap<>(ErrorCode.class);

  SignalMetrics(MeterRegistry registry) {
    delivered = counter(registry, DELIVERED);
    for (ErrorCode code : ErrorCode.values()) {
      refused.put(code, counter(registry, code.code()));
    }
  }

  /** Counts one signal's outcome: success, or the failure's error code ({@code internal} when it has none). */
  void record(AsyncResult<?> outcome) {
    if (outcome.succeeded()) {
      delivered.increment();
      return;
    }
    ErrorCode code = outcome.cause() instanceof ServiceException refusal
        ? ErrorCode.of(refusal.failureCode())
        : ErrorCode.INTERNAL;
    refused.get(code).increment();
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder(NAME)
        .description("Signals (offer, answer, ICE candidate) relayed between members of a room, by outcome")
        .tag(OUTCOME, outcome)
        .register(registry);
  }
}
