package dev.parley.api.signaling;

import dev.parley.api.Caller;
import dev.parley.api.JsonObjectText;
import io.vertx.core.Future;

/**
 * The signaling service's relay as an in-process call, for a gateway that runs in the same process
 * and on the same event loop as a signaling instance (the standalone; found with
 * {@code dev.parley.common.Colocation}). Not on the event bus: the payload arrives as a
 * {@link JsonObjectText}, which the gateway's frame parser already checked while cutting it out of
 * the client's frame, so the relay does not read it a second time. Everything else — the membership
 * checks, the 16 KiB limit, the recipient's frame, the failures — is
 * {@link SignalingService#signalText}'s.
 */
public interface SignalRelay {

  /**
   * Relays an offer, answer or ICE candidate to another member of the same room; call it on the
   * instance's own context.
   *
   * @param to the target's participant id
   * @param kind {@link SignalingService#OFFER}, {@link SignalingService#ANSWER} or
   *     {@link SignalingService#ICE_CANDIDATE}
   * @param payload the session description or candidate, at most 16 KiB as UTF-8
   * @return succeeds once the recipient's gateway wrote the frame; fails as
   *     {@link SignalingService#signalText} does
   */
  Future<Void> relay(String meetingId, String to, String kind, JsonObjectText payload, Caller caller);
}
