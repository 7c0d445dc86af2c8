/**
 * The peer-to-peer mesh: one RTCPeerConnection per other member of the room, negotiated with the
 * "perfect negotiation" pattern of the WebRTC specification (§10.7 of W3C WebRTC 1.0). The polite
 * side of a pair is the one with the smaller participant id; on an offer collision it rolls back its
 * own offer, the impolite side ignores the incoming one.
 *
 * Each connection carries one audio and one video transceiver per direction pair. The member who
 * joins adds them (its offer starts the negotiation); the member already in the room answers and
 * puts its own tracks on the transceivers the offer created. Later track changes (mute, camera off,
 * screen share) are `RTCRtpSender.replaceTrack` calls and need no renegotiation.
 */

/**
 * @typedef {object} MeshEvents
 * @property {(participantId: string, kind: 'offer'|'answer'|'ice-candidate', payload: object) => void} signal
 *   sends a signal to that member
 * @property {(participantId: string, stream: MediaStream) => void} remoteStream
 *   the member's incoming media changed
 * @property {(participantId: string, state: RTCPeerConnectionState) => void} state
 */

/**
 * The connections of this participant to the others in one room.
 */
export class Mesh {
  /**
   * @param {{selfId: string, media: import('./media.js').LocalMedia, events: MeshEvents,
   *          iceServers?: RTCIceServer[]}} options `iceServers` as the room's join reply gives them
   *   (STUN, and TURN with time-limited credentials); without any, only host candidates are used
   */
  constructor({ selfId, media, events, iceServers = [] }) {
    this.selfId = selfId;
    this.iceServers = iceServers;
    this.media = media;
    this.events = events;
    /** @type {Map<string, RTCPeerConnection>} participantId → connection; read by tests via `window.__parley` */
    this.connections = new Map();
    /** @type {Map<string, Peer>} */
    this.peers = new Map();
  }

  /**
   * Connects to a member: `initiate` (for the one who joins) adds this side's transceivers, which
   * starts the negotiation; otherwise the connection waits for the member's offer.
   * A connection that exists already is kept.
   * @param {string} participantId
   * @param {{initiate?: boolean}} [options]
   */
  connect(participantId, { initiate = false } = {}) {
    if (this.peers.has(participantId)) return this.peers.get(participantId);
    const peer = new Peer(this, participantId);
    this.peers.set(participantId, peer);
    this.connections.set(participantId, peer.pc);
    if (initiate) peer.addTransceivers();
    return peer;
  }

  /**
   * Closes the connection to a member and forgets it.
   * @param {string} participantId
   */
  disconnect(participantId) {
    this.peers.get(participantId)?.close();
    this.peers.delete(participantId);
    this.connections.delete(participantId);
  }

  /**
   * Handles a `room.signal` push. A signal from someone without a connection yet creates one (their
   * offer may arrive before the `room.member-joined` push).
   * @param {{from: string, kind: string, payload: object}} signal
   */
  receive({ from, kind, payload }) {
    if (typeof from !== 'string' || from === this.selfId || !payload) return;
    const peer = this.connect(from);
    peer.enqueue(() => (kind === 'ice-candidate' ? peer.addCandidate(payload) : peer.describe(kind, payload)));
  }

  /**
   * A member who was reconnecting is back: an offer of ours the server refused while they were away
   * goes again, or neither side would ever answer (theirs to us, made on resuming, may be the one
   * perfect negotiation ignores).
   * @param {string} participantId
   */
  resendMissed(participantId) {
    this.peers.get(participantId)?.resendMissed();
  }

  /** Puts the current local tracks on every connection's senders. */
  updateTracks() {
    for (const peer of this.peers.values()) peer.updateTracks();
  }

  /**
   * Sets whether a member's audio plays (a force-muted member's does not).
   * @param {string} participantId
   * @param {boolean} audible
   */
  setAudible(participantId, audible) {
    this.peers.get(participantId)?.setAudible(audible);
  }

  /**
   * Uses new ICE servers (fresh TURN credentials after a resume) on every connection.
   * @param {RTCIceServer[]} iceServers
   */
  setIceServers(iceServers) {
    this.iceServers = iceServers ?? [];
    for (const peer of this.peers.values()) {
      try {
        peer.pc.setConfiguration({ ...peer.pc.getConfiguration(), iceServers: this.iceServers });
      } catch (error) {
        console.warn('New ICE servers were refused', error);
      }
    }
  }

  /**
   * Restarts ICE (RFC 8445 §2.4) on the connections to these members, by default all, e.g. after this
   * side's network changed.
   * @param {string[]} [participantIds]
   */
  restartIce(participantIds = [...this.peers.keys()]) {
    for (const participantId of participantIds) this.peers.get(participantId)?.pc.restartIce();
  }

  /** Closes every connection. */
  closeAll() {
    for (const participantId of [...this.peers.keys()]) this.disconnect(participantId);
  }

  /** Replaces a connection whose state cannot take the member's new offer (they reconnected). */
  renew(participantId) {
    this.disconnect(participantId);
    return this.connect(participantId);
  }
}

/** One connection and its negotiation state. */
class Peer {
  constructor(mesh, participantId) {
    this.mesh = mesh;
    this.participantId = participantId;
    this.polite = mesh.selfId < participantId;
    this.makingOffer = false;
    this.ignoreOffer = false;
    /** Whether the server refused a signal to them because they were reconnecting. */
    this.missed = false;
    this.audible = true;
    /** Signals are handled one at a time, in the order they arrive. */
    this.queue = Promise.resolve();
    /** Candidates that arrived before the description they belong to (the relay may reorder signals). */
    this.earlyCandidates = [];
    /** @type {{audio: RTCRtpTransceiver|null, video: RTCRtpTransceiver|null}} the transceivers this side sends on */
    this.sending = { audio: null, video: null };
    this.remoteStream = new MediaStream();
    this.pc = new RTCPeerConnection({ iceServers: mesh.iceServers });
    this.pc.addEventListener('negotiationneeded', () => this.offer());
    this.pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate) this.send('ice-candidate', candidate.toJSON());
    });
    this.pc.addEventListener('track', ({ track }) => this.addRemoteTrack(track));
    this.pc.addEventListener('connectionstatechange', () => this.stateChanged());
  }

  addTransceivers() {
    const { stream } = this.mesh.media;
    for (const kind of ['audio', 'video']) {
      const track = this.localTrack(kind);
      this.sending[kind] = this.pc.addTransceiver(track ?? kind, { direction: 'sendrecv', streams: [stream] });
    }
  }

  async offer() {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.send('offer', describe(this.pc.localDescription));
    } catch (error) {
      console.warn(`Offer to ${this.participantId} failed`, error);
    } finally {
      this.makingOffer = false;
    }
  }

  async describe(kind, payload) {
    if (kind !== 'offer' && kind !== 'answer') return;
    const description = { type: payload.type === 'answer' || payload.type === 'offer' ? payload.type : kind, sdp: payload.sdp };
    const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    try {
      await this.pc.setRemoteDescription(description);
    } catch (error) {
      if (description.type !== 'offer' || this.closed) throw error;
      // An offer this connection cannot take (the member came back on a new connection): start afresh.
      const fresh = this.mesh.renew(this.participantId);
      fresh.enqueue(() => fresh.describe(kind, payload));
      return;
    }
    for (const candidate of this.earlyCandidates.splice(0)) await this.addCandidate(candidate);
    if (description.type === 'offer') {
      await this.adoptTransceivers();
      await this.pc.setLocalDescription();
      this.send('answer', describe(this.pc.localDescription));
    }
  }

  async addCandidate(payload) {
    if (!this.pc.remoteDescription) {
      this.earlyCandidates.push(payload);
      return;
    }
    try {
      await this.pc.addIceCandidate(payload);
    } catch (error) {
      if (!this.ignoreOffer && !this.closed) console.warn(`ICE candidate from ${this.participantId} refused`, error);
    }
  }

  /** On the answering side: send this side's tracks on the transceivers the offer created. */
  async adoptTransceivers() {
    for (const kind of ['audio', 'video']) {
      if (this.sending[kind]) continue;
      const transceiver = this.pc.getTransceivers()
        .find((t) => !t.stopped && t.receiver.track.kind === kind && !Object.values(this.sending).includes(t));
      if (!transceiver) continue;
      this.sending[kind] = transceiver;
      transceiver.direction = 'sendrecv';
      transceiver.sender.setStreams(this.mesh.media.stream);
      await transceiver.sender.replaceTrack(this.localTrack(kind));
    }
  }

  updateTracks() {
    for (const kind of ['audio', 'video']) {
      const sender = this.sending[kind]?.sender;
      const track = this.localTrack(kind);
      if (sender && sender.track !== track) {
        sender.replaceTrack(track).catch((error) => console.warn('replaceTrack failed', error));
      }
    }
  }

  localTrack(kind) {
    return kind === 'audio' ? this.mesh.media.audioTrack : this.mesh.media.outgoingVideo();
  }

  addRemoteTrack(track) {
    if (track.kind === 'audio') track.enabled = this.audible;
    if (!this.remoteStream.getTracks().includes(track)) this.remoteStream.addTrack(track);
    this.mesh.events.remoteStream(this.participantId, this.remoteStream);
  }

  setAudible(audible) {
    this.audible = audible;
    for (const track of this.remoteStream.getAudioTracks()) track.enabled = audible;
  }

  stateChanged() {
    const state = this.pc.connectionState;
    // Failed ICE (a network change): restart it; perfect negotiation sorts out who offers.
    if (state === 'failed') this.pc.restartIce();
    this.mesh.events.state(this.participantId, state);
  }

  enqueue(task) {
    this.queue = this.queue.then(task).catch((error) => {
      if (!this.closed) console.warn(`Signal from ${this.participantId} failed`, error);
    });
  }

  /** Relays a signal; one the server refuses because the other side is reconnecting is remembered. */
  send(kind, payload) {
    if (this.closed) return;
    this.mesh.events.signal(this.participantId, kind, payload).catch((error) => {
      if (error.code === 'conflict') {
        this.missed = true;
      } else if (!this.closed && error.code !== 'closed') {
        console.warn(`${kind} to ${this.participantId} failed: ${error.message}`);
      }
    });
  }

  /** Sends our offer again when signals were refused while it waited for an answer. */
  resendMissed() {
    if (!this.missed || this.closed) return;
    this.missed = false;
    if (this.pc.signalingState === 'have-local-offer' && this.pc.localDescription) {
      this.send('offer', describe(this.pc.localDescription));
    }
  }

  close() {
    this.closed = true;
    this.pc.close();
  }
}

/** @returns {{type: string, sdp: string}} a session description as plain JSON */
function describe(description) {
  return { type: description.type, sdp: description.sdp };
}
