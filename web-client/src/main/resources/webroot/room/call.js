/**
 * A meeting room once joined: the video grid, the controls, the participants panel and the host
 * controls, kept in step with the room through the `room.*` frames of the socket
 * (SignalingService in the api module describes them).
 */
import { el } from '../dom.js';
import { icon } from './icons.js';
import { Mesh } from './peers.js';
import { Stage } from './stage.js';
import { ParticipantsPanel } from './panel.js';
import { ControlsBar } from './controls.js';
import { shortcuts } from './shortcuts.js';
import { CallStats } from './quality.js';
import { leaveDialog } from './leave.js';
import { deviceSettings } from './devices.js';
import { chime } from './chime.js';
import { ChatPanel } from '../chat/panel.js';
import { BoardPanel } from '../board/panel.js';
import { guestToken, socketToken, updateMeeting } from '../api.js';

/** How long a line about what happened in the room ("Ada joined.") stays, in ms. */
const ACTIVITY_MS = 6_000;
/** Reconnection attempts after the socket drops, and the wait before each, in ms. */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 8_000];
/** How long the server keeps a dropped participant's place (PARLEY_ROOM_GRACE_S), in ms. */
const RESUME_WINDOW_MS = 30_000;

/**
 * Why a call ended: `left` (this participant left), `removed`, `ended` (the host ended the meeting),
 * `replaced` (joined from another tab or device), `lost` (the connection could not be restored),
 * `auth` (the sign-in was no longer accepted), or `refused` with the server's message.
 * @typedef {{reason: 'left'|'removed'|'ended'|'replaced'|'lost'|'auth'|'refused', message?: string}} CallEnd
 */

/**
 * @typedef {object} Joined the `room.join` reply
 * @property {import('./stage.js').Member} self
 * @property {import('./stage.js').Member[]} members the others, in the order they joined
 * @property {boolean} locked
 * @property {{deadline: number, seconds: number}|null} timer
 */

/**
 * One visit to a meeting room.
 */
export class Call {
  /**
   * @param {{meetingId: string, title: string, connection: import('../ws.js').Connection, joined: Joined,
   *          media: import('./media.js').LocalMedia,
   *          rejoin: () => Promise<{connection: import('../ws.js').Connection, joined: Joined}>,
   *          resume: (resumeToken: string, opened?: (connection: import('../ws.js').Connection) => void)
   *            => Promise<{connection: import('../ws.js').Connection, joined: Joined}>,
   *          finished: (end: CallEnd) => void, chatWith?: string|null}} options
   *   `chatWith`: in a direct call, the other person's user id — the call's chat is then the two
   *   people's direct conversation (one thread before, during and after the call);
   *   `resume` opens a new socket and takes this participant's place back with `session.resume` after a
   *   drop (the peer connections stay up), calling `opened` with the new socket before it asks;
   *   `rejoin` opens a new socket and joins afresh when the place is gone; `finished` runs once, after
   *   everything is closed
   */
  constructor({ meetingId, title, connection, joined, media, rejoin, resume, finished, chatWith = null }) {
    this.meetingId = meetingId;
    this.media = media;
    this.rejoin = rejoin;
    this.resume = resume;
    this.finishedCallback = finished;
    this.done = false;
    /** @type {Map<string, import('./stage.js').Member>} the others, by participant id */
    this.members = new Map();
    /** @type {Map<string, MediaStream>} incoming media, by participant id */
    this.streams = new Map();
    this.unsubscribe = [];
    this.timerInterval = 0;
    this.activity = el('p', { class: 'room-activity', role: 'status', 'data-testid': 'room-activity' });

    this.stage = new Stage();
    this.panel = new ParticipantsPanel({ actions: this.hostActions() });
    this.controls = new ControlsBar({
      actions: {
        mic: () => this.toggleMic(),
        camera: () => this.toggleCamera(),
        screen: () => this.toggleScreen(),
        hand: () => this.toggleHand(),
        participants: () => this.togglePanel(),
        host: () => this.toggleHostMenu(),
        chat: () => this.toggleChat(),
        board: () => this.toggleBoard(),
        leave: () => this.leaveOrAsk(),
      },
    });
    this.direct = Boolean(chatWith);
    this.leaving = leaveDialog({ leave: () => this.leave(), endForAll: () => this.request('room.end', {}) });
    this.chat = new ChatPanel({ target: chatWith ? { userId: chatWith } : { meetingId }, title: 'Chat', testId: 'room-chat', newTabLinks: true,
      onUnread: (unread) => this.controls.setChat({ open: !this.chat.element.hidden, unread }) });
    Object.assign(this.chat.element, { id: 'chat-panel', hidden: true });
    this.chat.element.classList.add('room-panel');
    this.alert = el('div', { class: 'alert', role: 'alert', 'data-testid': 'room-error' });
    this.banner = el('p', { class: 'notice room-banner', role: 'status', hidden: true, 'data-testid': 'room-reconnecting' },
      'Connection to Parley lost. Reconnecting…');
    this.lockedBadge = el('span', { class: 'badge room-badge', hidden: true, 'data-testid': 'room-locked' },
      icon('lock'), 'Locked');
    this.timerText = el('span', { 'data-testid': 'room-timer' });
    this.timerBadge = el('span', { class: 'badge room-badge timer', role: 'timer', hidden: true },
      icon('timer'), el('span', { class: 'visually-hidden' }, 'Time left: '), this.timerText);
    this.keys = shortcuts({
      mic: () => this.controls.mic.element.click(),
      camera: () => this.controls.camera.element.click(),
      hand: () => this.toggleHand(),
      chat: () => this.toggleChat(),
    });
    this.viewToggle = el('button', { type: 'button', class: 'icon-button', 'aria-pressed': 'false', 'aria-label': 'Speaker view',
      title: 'Speaker view', 'data-testid': 'speaker-view' }, icon('people'));
    this.viewToggle.addEventListener('click', () => {
      const on = this.viewToggle.getAttribute('aria-pressed') !== 'true';
      this.viewToggle.setAttribute('aria-pressed', String(on));
      this.stage.setSpeakerView(on);
    });
    this.settings = deviceSettings({ media, setSpeaker: (deviceId) => this.stage.setSpeaker(deviceId) });
    this.element = el('div', { class: 'room', 'data-testid': 'room' },
      el('header', { class: 'room-header' },
        el('h1', { tabindex: -1, class: 'room-title' }, title),
        this.activity,
        el('div', { class: 'room-badges' }, this.lockedBadge, this.timerBadge, this.viewToggle, this.settings.button, this.keys.button)),
      this.banner, this.alert,
      el('div', { class: 'room-body' }, this.stage.element, this.panel.element, this.panel.hostMenu, this.chat.element),
      this.controls.element,
      this.keys.dialog,
      this.settings.dialog,
      this.leaving.dialog);
    this.panel.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.togglePanel(false);
    });
    this.panel.hostMenu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.toggleHostMenu(false);
    });

    this.mesh = new Mesh({
      selfId: joined.self.participantId,
      iceServers: joined.iceServers,
      media,
      events: {
        signal: (to, kind, payload) => this.request('room.signal', { to, kind, payload }),
        remoteStream: (participantId, stream) => this.remoteStream(participantId, stream),
        state: (participantId, state) => this.stage.setState(participantId, state),
      },
    });
    // Who speaks (outlined) and each connection's quality, from getStats().
    this.stats = new CallStats({
      connections: this.mesh.connections,
      onSpeaker: (participantId) => this.stage.setSpeaker(participantId),
      onQuality: (participantId, quality) => this.stage.setQuality(participantId, quality),
    });
    this.stats.start();
    /**
     * Test hook, not an API: end-to-end tests read each peer connection's state and `getStats()`
     * here. `peers` maps the other members' participant ids to their RTCPeerConnection; `events`
     * lists the room pushes received (`{type, participantId, reconnecting}`, the last 500); `dropSocket()` cuts
     * the socket the way a network failure would.
     * @type {{peers: Map<string, RTCPeerConnection>, events: {type: string, participantId?: string}[],
     *         dropSocket: () => void}}
     */
    window.__parley = {
      peers: this.mesh.connections,
      events: [],
      dropSocket: () => this.connection.socket.close(4000, 'Dropped by a test'),
    };
    this.unsubscribe.push(media.onChange(() => this.mediaChanged()));
    this.onPageHide = () => this.send('room.leave', {});
    window.addEventListener('pagehide', this.onPageHide);
    this.adopt(connection, joined);
  }

  /** Uses a (new) socket and join reply: subscribes to the room's pushes and connects to everyone. */
  adopt(connection, joined) {
    this.subscribe(connection, joined);
    this.members.clear();
    for (const member of joined.members ?? []) this.members.set(member.participantId, member);
    if (this.self.forceMuted) this.media.setMic(false);
    for (const member of this.members.values()) {
      this.showMember(member);
      // The one who joins starts the negotiation with everyone already there.
      this.mesh.connect(member.participantId, { initiate: true });
    }
    this.mediaChanged();
    this.sendUpdate();
  }

  /**
   * Uses a new socket after `session.resume` gave this participant's place back: the peer
   * connections stayed up (media flows peer to peer), so only the room's membership is brought up to
   * date, and ICE restarts in case the drop was a network change.
   * @param {string[]} known the members this side had connections to before the drop: ICE restarts on those
   */
  resumed(connection, joined, known) {
    this.subscribe(connection, joined);
    const now = new Map((joined.members ?? []).map((member) => [member.participantId, member]));
    for (const participantId of [...this.members.keys()]) {
      if (!now.has(participantId)) this.memberLeft({ participantId, reason: 'left' });
    }
    for (const member of now.values()) {
      if (this.members.has(member.participantId)) {
        this.members.set(member.participantId, member);
        this.showMember(member);
      } else {
        // Someone who joined while we were away offered to us and was refused; they offer again now
        // that we are back (Peer.resendMissed), so offering too would only make the offers collide.
        this.members.set(member.participantId, member);
        this.showMember(member);
        this.mesh.connect(member.participantId);
      }
    }
    if (this.self.forceMuted) this.media.setMic(false);
    this.mesh.setIceServers(joined.iceServers);
    this.mesh.restartIce(known);
    this.mediaChanged();
    this.sendUpdate();
  }

  /** Listens to the room's pushes on a (new) socket and takes the room state from a join or resume reply. */
  subscribe(connection, joined) {
    this.connection = connection;
    this.self = joined.self;
    this.resumeToken = joined.resumeToken;
    if (joined.lobby) this.lobbyChanged(joined.lobby);
    this.locked = Boolean(joined.locked);
    // Whether the meeting's lobby is on: told to hosts and co-hosts by their join (not by a resume).
    if (typeof joined.lobbyOn === 'boolean') this.lobbyOn = joined.lobbyOn;
    this.setTimer(joined.timer);
    const on = (type, handler) => this.unsubscribe.push(connection.on(type, (data) => {
      if (this.done || (data.meetingId && data.meetingId !== this.meetingId)) return;
      const events = window.__parley?.events;
      if (events) {
        events.push({ type, participantId: data.participantId ?? data.member?.participantId ?? data.from,
          reconnecting: data.member?.reconnecting });
        if (events.length > 500) events.shift();
      }
      handler(data);
    }));
    on('room.member-joined', ({ member }) => this.memberJoined(member));
    on('room.member-left', (data) => this.memberLeft(data));
    on('room.member-updated', ({ member }) => this.memberUpdated(member));
    on('room.signal', (signal) => this.mesh.receive(signal));
    on('room.locked', ({ locked }) => {
      this.locked = Boolean(locked);
      this.render();
    });
    on('room.timer', (timer) => this.setTimer(timer?.deadline ? timer : null));
    on('room.muted', ({ hard }) => this.muted(Boolean(hard)));
    on('room.video-stopped', () => this.videoStopped());
    on('room.removed', () => this.finish({ reason: 'removed' }));
    on('room.lobby', ({ waiting }) => this.lobbyChanged(waiting ?? []));
    on('room.ended', () => this.finish({ reason: 'ended' }));
    on('room.replaced', () => this.finish({ reason: 'replaced' }));
    this.unsubscribe.push(connection.onClose((close) => this.socketClosed(close)));
  }

  /** Focuses the room's heading, for screen readers arriving in the room. */
  focus() {
    this.element.querySelector('h1').focus();
  }

  memberJoined(member) {
    const existing = this.mesh.connections.get(member.participantId);
    // They left without us hearing of it and came back: their old connection is of no use.
    if (existing && ['failed', 'closed', 'disconnected'].includes(existing.connectionState)) {
      this.mesh.disconnect(member.participantId);
    }
    this.members.set(member.participantId, member);
    this.mesh.connect(member.participantId);
    this.showMember(member);
    this.announce(`${member.displayName} joined.`);
  }

  memberLeft({ participantId, reason }) {
    const member = this.members.get(participantId);
    this.members.delete(participantId);
    this.streams.delete(participantId);
    this.mesh.disconnect(participantId);
    this.stage.remove(participantId);
    this.render();
    if (!member) return;
    const how = reason === 'removed' ? 'was removed' : reason === 'disconnected' ? 'left (connection lost)' : 'left';
    this.announce(`${member.displayName} ${how}.`);
  }

  memberUpdated(member) {
    if (!member) return;
    if (member.participantId === this.self.participantId) {
      this.self = member;
      if (member.forceMuted && this.media.micOn) this.media.setMic(false);
      this.render();
      return;
    }
    const before = this.members.get(member.participantId);
    if (!before) return;
    this.members.set(member.participantId, member);
    this.showMember(member);
    if (member.handRaised && !before.handRaised) this.announce(`${member.displayName} raised their hand.`);
    if (member.reconnecting && !before.reconnecting) this.announce(`${member.displayName} is reconnecting…`);
    if (before.reconnecting && !member.reconnecting) this.mesh.resendMissed(member.participantId);
  }

  /** Hosts see who is waiting; a newcomer in the lobby is announced and opens the panel's list. */
  lobbyChanged(waiting) {
    const before = new Set((this.waiting ?? []).map((entry) => entry.participantId));
    this.waiting = waiting;
    this.panel.setLobby(waiting);
    const newcomer = waiting.find((entry) => !before.has(entry.participantId));
    if (newcomer) this.announce(`${newcomer.displayName || 'Someone'} is waiting to join.`);
  }

  showMember(member) {
    this.stage.upsert(member);
    this.stage.setReconnecting(member.participantId, Boolean(member.reconnecting));
    const stream = this.streams.get(member.participantId);
    if (stream) this.stage.setStream(member.participantId, stream);
    this.applyAudible(member);
    this.render();
  }

  /** A force-muted member is never played, whatever their own client sends (DESIGN §5). */
  applyAudible(member) {
    const audible = !member.forceMuted;
    this.stage.setAudible(member.participantId, audible);
    this.mesh.setAudible(member.participantId, audible);
  }

  remoteStream(participantId, stream) {
    this.streams.set(participantId, stream);
    const member = this.members.get(participantId);
    if (!member) return;
    this.stage.setStream(participantId, stream);
    this.applyAudible(member);
  }

  muted(hard) {
    this.media.setMic(false);
    this.self = { ...this.self, audio: false, forceMuted: hard };
    this.announce(hard ? 'The host muted everyone. You cannot unmute for now.' : 'The host muted your microphone.');
    this.render();
  }

  async videoStopped() {
    await this.media.setCamera(false);
    this.announce('The host turned off your camera.');
  }

  /** Puts the local tracks on every connection and shows the own tile; runs on every media change. */
  mediaChanged() {
    if (this.done) return;
    this.mesh.updateTracks();
    const outgoing = this.media.outgoingVideo();
    const sharing = Boolean(this.media.screenTrack);
    this.stage.upsert(this.ownMember(), { self: true, showVideo: Boolean(outgoing) });
    this.stage.setStream(this.self.participantId, outgoing ? new MediaStream([outgoing]) : null,
      { mirrored: !sharing });
    this.render();
  }

  ownMember() {
    return {
      ...this.self,
      audio: this.media.micOn,
      video: this.media.cameraOn,
      screen: Boolean(this.media.screenTrack),
    };
  }

  toggleMic() {
    this.media.setMic(!this.media.micOn);
    this.sendUpdate();
  }

  async toggleCamera() {
    try {
      await this.media.setCamera(!this.media.cameraOn);
    } catch (error) {
      this.showError(`Your camera could not be started. ${error.message ?? ''}`.trim());
    }
    this.sendUpdate();
  }

  async toggleScreen() {
    if (this.media.screenTrack) {
      this.media.stopScreen();
      this.sendUpdate();
      return;
    }
    try {
      await this.media.startScreen(() => this.sendUpdate());
    } catch (error) {
      if (error.name !== 'NotAllowedError') this.showError('Your screen could not be shared.');
      return;
    }
    this.sendUpdate();
  }

  toggleHand() {
    this.self = { ...this.self, handRaised: !this.self.handRaised };
    this.render();
    this.sendUpdate();
  }

  /** @param {boolean} [open] defaults to the opposite of now */
  togglePanel(open = this.panel.element.hidden) {
    // A phone shows one panel at a time, as a sheet over the stage.
    if (open && phone()) this.closeSheets();
    this.panel.element.hidden = !open;
    this.element.classList.toggle('panel-open', open);
    this.render();
    if (open) this.panel.heading.focus();
    else this.controls.participants.focus();
  }

  /** @param {boolean} [open] defaults to the opposite of now */
  toggleHostMenu(open = this.panel.hostMenu.hidden) {
    if (open && phone()) this.closeSheets();
    this.panel.hostMenu.hidden = !open;
    this.element.classList.toggle('host-menu-open', open);
    this.render();
    if (open) this.panel.hostMenu.querySelector('h2').focus();
    else this.controls.host.focus();
  }

  /** On a phone one panel shows at a time: closes whichever is open. */
  closeSheets() {
    if (!this.panel.element.hidden) this.togglePanel(false);
    if (!this.panel.hostMenu.hidden) this.toggleHostMenu(false);
    if (!this.chat.element.hidden) this.toggleChat(false);
  }

  /**
   * Shows the whiteboard large with the videos as a strip, or hides it (it keeps its place in the
   * board's log while hidden).
   * @param {boolean} [open] defaults to the opposite of now
   */
  toggleBoard(open = !this.element.classList.contains('board-open')) {
    if (open && !this.board) {
      const host = this.self?.role === 'host' || this.self?.role === 'co-host';
      this.board = new BoardPanel({
        meetingId: this.meetingId, host, token: async () => guestToken(this.meetingId) ?? socketToken(),
        people: () => [...this.members.values()],
      });
      this.element.querySelector('.room-body').prepend(this.board.element);
      this.board.start();
    }
    if (this.board) this.board.element.hidden = !open;
    this.element.classList.toggle('board-open', open);
    this.controls.board.setAttribute('aria-pressed', String(open));
  }

  /** @param {boolean} [open] defaults to the opposite of now */
  toggleChat(open = this.chat.element.hidden) {
    if (open && phone()) this.closeSheets();
    this.chat.element.hidden = !open;
    this.element.classList.toggle('chat-open', open);
    this.chat.setVisible(open);
    this.controls.setChat({ open, unread: 0 });
    if (open) this.chat.input.focus();
    else this.controls.chat.focus();
  }

  /** Tells the room this participant's media state and hand; a refusal turns the microphone back off. */
  async sendUpdate() {
    const wanted = {
      audio: this.media.micOn,
      video: this.media.cameraOn,
      screen: Boolean(this.media.screenTrack),
      handRaised: Boolean(this.self.handRaised),
    };
    try {
      const member = await this.request('room.update', wanted);
      if (!this.done && member?.participantId) {
        this.self = member;
        this.render();
      }
    } catch (error) {
      if (this.done || error.code === 'closed') return;
      if (wanted.audio) this.media.setMic(false);
      this.showError(error.message);
    }
  }

  hostActions() {
    const id = (participantId) => ({ participantId });
    return {
      mute: (participantId, hard) => this.request('room.mute', { participantId, hard }),
      stopVideo: (participantId) => this.request('room.stop-video', id(participantId)),
      remove: (participantId) => this.request('room.remove', id(participantId)),
      // A removed guest could come back from another browser under another name; the lobby stops that.
      removeAndHoldNewcomers: (participantId) => this.request('room.remove', id(participantId))
        .then(() => this.hostActions().lobby(true)),
      lobby: (on) => updateMeeting(this.meetingId, { settings: { lobby: on } }).then((meeting) => {
        this.lobbyOn = Boolean(meeting.settings?.lobby);
        this.render();
      }),
      promote: (participantId) => this.request('room.promote', id(participantId)),
      muteAll: (hard) => this.request('room.mute-all', { hard }),
      lock: (locked) => this.request('room.lock', { locked }).then((reply) => {
        this.locked = Boolean(reply?.locked ?? locked);
        this.render();
      }),
      end: () => this.request('room.end', {}),
      admit: (participantId) => this.request('room.admit', id(participantId)),
      deny: (participantId) => this.request('room.deny', id(participantId)),
      timer: (seconds) => this.request('room.timer', { seconds }).then((reply) => {
        this.setTimer(reply?.deadline ? reply : null);
      }),
    };
  }

  /** @param {{deadline: number, seconds: number}|null} timer the deadline in the server's epoch ms */
  setTimer(timer) {
    clearInterval(this.timerInterval);
    this.timer = timer && Number.isFinite(timer.deadline) ? timer : null;
    this.timerBadge.hidden = !this.timer;
    this.panel.state && this.render();
    if (!this.timer) return;
    let announced = false;
    let running = false;
    const tick = () => {
      // Never more than the length set: the clock offset is an estimate, good to a few ms.
      const left = Math.max(0, Math.min(Number(this.timer.seconds) || Infinity,
        Math.ceil((this.timer.deadline - this.connection.serverNow()) / 1000)));
      this.timerText.textContent = left > 0 ? clock(left) : 'Time is up';
      this.timerBadge.classList.toggle('expired', left === 0);
      if (left > 0) running = true;
      if (left === 0) {
        clearInterval(this.timerInterval);
        if (!announced) this.announce('The timer has run out.');
        // Heard only when it runs out in front of the people, not on joining after it did.
        if (!announced && running) chime();
        announced = true;
      }
    };
    tick();
    this.timerInterval = setInterval(tick, 250);
  }

  render() {
    if (this.done) return;
    const members = [...this.members.values()];
    this.lockedBadge.hidden = !this.locked;
    this.panel.render({ self: this.ownMember(), members, locked: this.locked, timer: this.timer, lobbyOn: this.lobbyOn });
    this.controls.update({
      micOn: this.media.micOn,
      hasMic: this.media.hasMic,
      forceMuted: Boolean(this.self.forceMuted),
      cameraOn: this.media.cameraOn,
      hasCamera: this.media.hasCamera,
      sharing: Boolean(this.media.screenTrack),
      canShare: Boolean(navigator.mediaDevices?.getDisplayMedia),
      handRaised: Boolean(this.self.handRaised),
      panelOpen: !this.panel.element.hidden,
      moderator: ['host', 'co-host'].includes(this.self?.role),
      hostMenuOpen: !this.panel.hostMenu.hidden,
      count: members.length + 1,
    });
    this.stage.upsert(this.ownMember(), { self: true, showVideo: Boolean(this.media.outgoingVideo()) });
  }

  /** Says what happened in the room, briefly, on screen and to screen readers. */
  announce(text) {
    this.activity.textContent = text;
    clearTimeout(this.activityTimer);
    this.activityTimer = setTimeout(() => {
      this.activity.textContent = '';
    }, ACTIVITY_MS);
  }

  showError(message) {
    this.alert.textContent = message;
    clearTimeout(this.alertTimer);
    this.alertTimer = setTimeout(() => {
      this.alert.textContent = '';
    }, 8_000);
  }

  /** Leave, or for a meeting's host the choice of leaving or ending the meeting for everyone. */
  leaveOrAsk() {
    if (this.self?.role === 'host' && !this.direct) this.leaving.open();
    else this.leave();
  }

  async leave() {
    if (this.done) return;
    try {
      await this.request('room.leave', {}, { timeoutMs: 3_000 });
    } catch {
      // Closing the socket leaves the room too.
    }
    this.finish({ reason: 'left' });
  }

  /** @param {'room.update'|string} type */
  request(type, data, options) {
    return this.connection.request(type, { meetingId: this.meetingId, ...data }, options);
  }

  /** A request whose answer nobody waits for. */
  send(type, data) {
    this.request(type, data).catch((error) => {
      if (!this.done && error.code !== 'closed') console.warn(`${type} failed: ${error.message}`);
    });
  }

  async socketClosed(close) {
    if (this.done || close.requested) return;
    if (close.authFailed) {
      this.finish({ reason: 'auth' });
      return;
    }
    this.banner.hidden = false;
    this.stopListening();
    if (await this.tryResume()) return;
    this.dropConnection();
    for (const delay of RECONNECT_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.done) return;
      try {
        const { connection, joined } = await this.rejoin();
        if (this.done) {
          connection.close();
          return;
        }
        this.banner.hidden = true;
        this.adopt(connection, joined);
        this.announce('Reconnected.');
        return;
      } catch (error) {
        if (error.code === 'unauthorized') return this.finish({ reason: 'auth' });
        if (error.code === 'forbidden' || error.code === 'conflict' || error.code === 'not_found') {
          return this.finish({ reason: 'refused', message: error.message });
        }
      }
    }
    this.finish({ reason: 'lost' });
  }

  /**
   * Takes this participant's place back on a new socket, keeping the peer connections: at once, then
   * with growing waits, for as long as the server keeps the place (30 s).
   * @returns {Promise<boolean>} whether the call goes on; false when the place is gone (join afresh)
   */
  async tryResume() {
    const deadline = Date.now() + RESUME_WINDOW_MS;
    for (const delay of [0, ...RECONNECT_DELAYS_MS]) {
      if (Date.now() + delay > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.done) return true;
      // The others learn of our return before we read the reply, and may signal us at once (an offer
      // made while we were away, sent again): those signals must not be lost before resumed() listens.
      let early = null;
      const known = [...this.mesh.peers.keys()];
      try {
        const { connection, joined } = await this.resume(this.resumeToken, (opened) => {
          early = opened.on('room.signal', (signal) => {
            if (!this.done && signal.meetingId === this.meetingId) this.mesh.receive(signal);
          });
        });
        early();
        early = null;
        if (this.done) {
          connection.close();
          return true;
        }
        this.banner.hidden = true;
        this.resumed(connection, joined, known);
        this.announce('Reconnected.');
        return true;
      } catch (error) {
        early?.();
        if (error.code === 'unauthorized') {
          this.finish({ reason: 'auth' });
          return true;
        }
        if (error.code === 'conflict') {
          this.finish({ reason: 'ended' });
          return true;
        }
        if (error.code === 'not_found' || error.code === 'forbidden') return false;
      }
    }
    return false;
  }

  /** Drops the subscriptions of a socket that is gone (the media subscription stays). */
  stopListening() {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    this.unsubscribe.push(this.media.onChange(() => this.mediaChanged()));
  }

  /** Forgets a dropped socket: its subscriptions, the connections to everyone, their tiles. */
  dropConnection() {
    this.stopListening();
    this.mesh.closeAll();
    for (const participantId of this.members.keys()) this.stage.remove(participantId);
    this.members.clear();
    this.streams.clear();
    this.render();
  }

  /** Closes everything (connections, tracks, socket) and reports why, once. */
  finish(end) {
    if (this.done) return;
    // Either this side left already, or the room let it go, or the socket is gone: nothing to leave.
    this.dispose({ leave: false });
    this.finishedCallback(end);
  }

  /**
   * Closes everything without reporting; for when the user navigates away.
   * @param {{leave?: boolean}} [options] `leave` first tells the room, so that the others read "left"
   *   rather than "connection lost"
   */
  dispose({ leave = true } = {}) {
    if (this.done) return;
    if (leave) this.send('room.leave', {});
    this.done = true;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    clearInterval(this.timerInterval);
    clearTimeout(this.alertTimer);
    clearTimeout(this.activityTimer);
    window.removeEventListener('pagehide', this.onPageHide);
    this.keys.dispose();
    this.stats.stop();
    this.mesh.closeAll();
    this.media.stop();
    this.stage.clear();
    this.chat.dispose();
    this.board?.dispose();
    this.connection.close();
  }
}

/** @returns {string} seconds as `m:ss`, or `h:mm:ss` from an hour */
function clock(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** @returns {boolean} whether the screen is phone-sized (panels then replace the stage; shell.css agrees) */
function phone() {
  return matchMedia('(max-width: 48rem)').matches;
}
