package dev.parley.gateway.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.util.Map;

/**
 * The per-socket limits of {@code /ws} ({@code PARLEY_WS_FRAME_RATE}, {@code PARLEY_WS_MAX_IN_FLIGHT};
 * messages are at most 64 KiB) and the counter of refusals, on {@code /metrics} as
 * {@code parley_ws_refused_total{reason="rate"|"in_flight"|"too_big"|"slow_reader"}} (registered once,
 * so that counting costs an increment). {@code slow_reader} counts sockets closed with 1008 because
 * their write queue passed its bound (Netty's high-water mark, 64 KiB beyond what the kernel buffers):
 * a client that does not read its pushes is disconnected rather than buffered without bound.
 *
 * @param frameRate frames per second one socket may send on average ({@link FrameBudget})
 * @param maxInFlight frames of one socket handled at once
 */
public record SocketLimits(int frameRate, int maxInFlight, Map<String, Counter> refusals) {

  /** Largest WebSocket message (and frame) in bytes; bigger ones close the socket with 1009. */
  public static final int MAX_MESSAGE_BYTES = 65_536;
  static final String RATE = "rate";
  static final String IN_FLIGHT = "in_flight";
  static final String TOO_BIG = "too_big";
  static final String SLOW_READER = "slow_reader";

  /** @return limits whose refusals are counted in {@code registry} */
  public static SocketLimits of(int frameRate, int maxInFlight, MeterRegistry registry) {
    return new SocketLimits(frameRate, maxInFlight, Map.of(
        RATE, counter(registry, RATE), IN_FLIGHT, counter(registry, IN_FLIGHT), TOO_BIG, counter(registry, TOO_BIG),
        SLOW_READER, counter(registry, SLOW_READER)));
  }

  void refused(String reason) {
    refusals.get(reason).increment();
  }

  /**
   * @return whether a socket failure is a message over the limit: a single frame over it (Netty's decoder,
   *     status 1009) or fragments adding up past it (Vert.x's aggregator, an {@link IllegalStateException})
   */
  static boolean isTooBig(Throwable failure) {
    if (failure instanceof CorruptedWebSocketFrameException corrupted) {
      return corrupted.closeStatus() != null && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
    }
    return failure instanceof IllegalStateException && failure.getMessage() != null
        && failure.getMessage().contains("max message size");
  }

  private static Counter counter(MeterRegistry registry, String reason) {
    return Counter.builder("parley.ws.refused")
        .description("WebSocket frames refused by the per-socket limits, by reason")
        .tag("reason", reason)
        .register(registry);
  }
}
