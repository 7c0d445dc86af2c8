/**
 * What `getStats()` tells about each peer connection of a call, read once a second: who is speaking
 * (the loudest received audio level above {@link SPEAKING_LEVEL}) and how good each connection is,
 * from the selected candidate pair's round-trip time and the share of received packets lost since
 * the last reading. Thresholds after ITU-T G.114 (one-way delay up to 150 ms is fine, 400 ms the
 * limit for conversation) and the usual WebRTC rule of thumb (2 % loss noticeable, 10 % bad).
 */

/** Audio level (0..1, RFC 6464 as reported by `inbound-rtp`) above which someone counts as speaking. */
const SPEAKING_LEVEL = 0.02;
const GOOD = { rttMs: 300, loss: 0.02 };
const POOR = { rttMs: 800, loss: 0.1 };

/**
 * @typedef {'good'|'fair'|'poor'} Quality
 */

export class CallStats {
  /**
   * @param {{connections: Map<string, RTCPeerConnection>, onSpeaker: (participantId: string|null) => void,
   *          onQuality: (participantId: string, quality: Quality, detail: {rttMs: number|null, loss: number}) => void,
   *          intervalMs?: number}} options
   */
  constructor({ connections, onSpeaker, onQuality, intervalMs = 1000 }) {
    this.connections = connections;
    this.onSpeaker = onSpeaker;
    this.onQuality = onQuality;
    this.intervalMs = intervalMs;
    /** @type {Map<string, {lost: number, received: number}>} packet counters at the last reading */
    this.last = new Map();
    this.speaker = null;
    this.timer = 0;
  }

  start() {
    this.timer ||= setInterval(() => this.read().catch(() => {}), this.intervalMs);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = 0;
  }

  async read() {
    let loudest = { participantId: null, level: SPEAKING_LEVEL };
    for (const [participantId, connection] of [...this.connections]) {
      if (connection.connectionState !== 'connected') continue;
      const stats = await connection.getStats();
      let rttMs = null;
      let lost = 0;
      let received = 0;
      stats.forEach((report) => {
        if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded'
            && typeof report.currentRoundTripTime === 'number') {
          rttMs = report.currentRoundTripTime * 1000;
        } else if (report.type === 'inbound-rtp') {
          lost += Math.max(0, report.packetsLost ?? 0);
          received += report.packetsReceived ?? 0;
          if (report.kind === 'audio' && (report.audioLevel ?? 0) > loudest.level) {
            loudest = { participantId, level: report.audioLevel };
          }
        }
      });
      const before = this.last.get(participantId) ?? { lost: 0, received: 0 };
      this.last.set(participantId, { lost, received });
      const newLost = lost - before.lost;
      const total = newLost + (received - before.received);
      const loss = total > 0 ? newLost / total : 0;
      this.onQuality(participantId, quality(rttMs, loss), { rttMs, loss });
    }
    for (const participantId of this.last.keys()) {
      if (!this.connections.has(participantId)) this.last.delete(participantId);
    }
    if (loudest.participantId !== this.speaker) {
      this.speaker = loudest.participantId;
      this.onSpeaker(this.speaker);
    }
  }
}

/** @returns {Quality} */
function quality(rttMs, loss) {
  if ((rttMs ?? 0) > POOR.rttMs || loss > POOR.loss) return 'poor';
  if ((rttMs ?? 0) > GOOD.rttMs || loss > GOOD.loss) return 'fair';
  return 'good';
}
