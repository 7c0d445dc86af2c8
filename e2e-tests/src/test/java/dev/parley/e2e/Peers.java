package dev.parley.e2e;

import com.microsoft.playwright.Page;

import java.time.Duration;

/**
 * Waits on the WebRTC state of a Parley room page, read through its test hook
 * ({@code window.__parley.peers}: participant id → RTCPeerConnection).
 */
final class Peers {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** True when every peer connection of the page is connected and there are {@code expected} of them. */
  private static final String PEERS_CONNECTED = """
      expected => {
        const peers = window.__parley && [...window.__parley.peers.values()];
        return !!peers && peers.length === expected && peers.every(p => p.connectionState === 'connected');
      }""";

  /** Sum of video frames decoded from every peer, per the WebRTC statistics (inbound-rtp). */
  private static final String FRAMES_DECODED = """
      async () => {
        let total = 0;
        for (const peer of window.__parley.peers.values()) {
          const stats = await peer.getStats();
          stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') total += s.framesDecoded || 0; });
        }
        return total;
      }""";

  // Playwright's waitForFunction compiles its predicate inside the page, which Parley's CSP (no
  // 'unsafe-eval') forbids; page.evaluate goes through the DevTools protocol instead, so poll with it.
  static void awaitConnected(Page page, int peers) throws InterruptedException {
    Poll.until(peers + " connected peer(s) in " + page.url(), TIMEOUT,
        () -> Boolean.TRUE.equals(page.evaluate(PEERS_CONNECTED, peers)), () -> describePeers(page));
  }

  static void awaitVideoFlowing(Page page) throws InterruptedException {
    double before = framesDecoded(page);
    Poll.until("video frames decoded to grow in " + page.url(), TIMEOUT,
        () -> framesDecoded(page) > before + 10, () -> "frames decoded: " + framesDecoded(page));
  }

  private static double framesDecoded(Page page) {
    return ((Number) page.evaluate(FRAMES_DECODED)).doubleValue();
  }

  private static String describePeers(Page page) {
    return String.valueOf(page.evaluate(
        "() => window.__parley ? [...window.__parley.peers.entries()].map(([id, p]) => id + ':' + p.connectionState).join(', ') : 'no room'"));
  }

  private Peers() {
  }
}
