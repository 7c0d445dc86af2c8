package dev.parley.api.signaling;

import dev.parley.api.Addresses;
import dev.parley.api.Caller;
import dev.parley.api.JsonObjectText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;

/**
 * A signal a gateway hands to the signaling instance on its own event loop, when both run in one
 * process (the standalone): an event-bus request to the process-local address that instance
 * registered with {@code dev.parley.common.Colocation} under {@link #ADDRESS}, carrying the payload as
 * the {@link JsonObjectText} the gateway's frame parser already checked, so the instance does not read
 * it a second time, and no arguments are converted to JSON and back. The reply is empty; failures are
 * {@link SignalingService#signalText}'s (a {@code ServiceException} with an
 * {@link dev.parley.api.ErrorCode}). A gateway with no instance on its event loop calls
 * {@link SignalingService#signalText} instead.
 *
 * <p>The message never leaves its process: its codec ({@link #CODEC}) refuses to write it to the wire.
 *
 * @param to the target's participant id
 * @param kind {@link SignalingService#OFFER}, {@link SignalingService#ANSWER} or
 *     {@link SignalingService#ICE_CANDIDATE}
 * @param payload the session description or candidate, at most 16 KiB as UTF-8
 */
public record LocalSignal(String meetingId, String to, String kind, JsonObjectText payload, Caller caller) {

  /** The key instances register their local relay address under with {@code Colocation}; nobody listens on it. */
  public static final String ADDRESS = Addresses.SIGNALING + ".relay";
  /** The name of the local-only codec (registered by {@link #registerCodec}). */
  public static final String CODEC = "parley.local-signal";

  /**
   * Registers the codec on the Vert.x instance's event bus, once however often it is called; when it
   * returns, the codec is registered (instances starting on several event loops at once wait for the
   * first).
   */
  public static void registerCodec(Vertx vertx) {
    synchronized (LocalSignal.class) {
      if (vertx.sharedData().getLocalMap("parley.codecs").putIfAbsent(CODEC, true) == null) {
        vertx.eventBus().registerCodec(new Codec());
      }
    }
  }

  /** @return delivery options for sending one: this codec and a send timeout in milliseconds */
  public static DeliveryOptions delivery(long timeoutMs) {
    return new DeliveryOptions().setCodecName(CODEC).setSendTimeout(timeoutMs).setLocalOnly(true);
  }

  /**
   * Hands the same record to the consumer, with its own copy of the mutable {@link Caller} (the other
   * values are immutable); never encodes it.
   */
  static final class Codec implements MessageCodec<LocalSignal, LocalSignal> {

    @Override
    public void encodeToWire(Buffer buffer, LocalSignal signal) {
      throw new UnsupportedOperationException("A LocalSignal never leaves its process");
    }

    @Override
    public LocalSignal decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("A LocalSignal never leaves its process");
    }

    @Override
    public LocalSignal transform(LocalSignal signal) {
      Caller caller = signal.caller() == null ? null : new Caller(signal.caller());
      return new LocalSignal(signal.meetingId(), signal.to(), signal.kind(), signal.payload(), caller);
    }

    @Override
    public String name() {
      return CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
