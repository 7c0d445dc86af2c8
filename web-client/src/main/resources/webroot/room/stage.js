/**
 * The video grid of a meeting room: one tile per member, with name, raised hand, microphone and
 * camera state, and the connection state while it is not connected. Two people: the other fills the
 * stage and the own tile is a small picture-in-picture in a corner (dragged to another corner, it
 * stays there). Three or more: a grid of 16:9 tiles sized to fit the stage. A shared screen gets the
 * presenter layout: large, with the other tiles beside it (below it on a phone).
 */
import { el } from '../dom.js';
import { icon } from './icons.js';

/** The gap between tiles (as in styles.css) and the narrowest a tile gets before the stage scrolls. */
const TILE_GAP_PX = 8;
const MIN_TILE_WIDTH_PX = 160;

const STATE_TEXT = {
  new: 'Connecting…',
  connecting: 'Connecting…',
  disconnected: 'Reconnecting…',
  failed: 'Connection lost. Retrying…',
};

/**
 * @typedef {object} Member the signaling service's member JSON
 * @property {string} participantId
 * @property {string} displayName
 * @property {'host'|'co-host'|'participant'|'guest'} role
 * @property {boolean} audio
 * @property {boolean} video
 * @property {boolean} screen
 * @property {boolean} handRaised
 * @property {boolean} forceMuted
 * @property {boolean} [reconnecting] their connection to Parley dropped; their place is kept for 30 s
 */

/**
 * The grid of tiles.
 */
export class Stage {
  constructor() {
    /** @type {Map<string, Tile>} */
    this.tiles = new Map();
    this.element = el('section', { class: 'stage', 'aria-label': 'Participants’ video', 'data-testid': 'stage' });
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(this.element);
  }

  /**
   * Adds a member's tile or brings it up to date.
   * @param {Member} member
   * @param {{self?: boolean, showVideo?: boolean}} [options] `self` marks this participant's own tile;
   *   `showVideo` overrides whether the picture shows (for the own tile: whether a track is sent)
   */
  upsert(member, { self = false, showVideo } = {}) {
    let tile = this.tiles.get(member.participantId);
    if (!tile) {
      tile = new Tile(member.participantId, self);
      if (this.sinkId && !self) tile.video.setSinkId?.(this.sinkId).catch(() => {});
      this.tiles.set(member.participantId, tile);
      if (self) this.element.prepend(tile.element);
      else this.element.append(tile.element);
    }
    tile.update(member, showVideo ?? (member.video || member.screen));
    this.layout();
  }

  /**
   * @param {string} participantId
   * @param {MediaStream|null} stream
   * @param {{mirrored?: boolean}} [options] mirror the own camera, never a screen
   */
  setStream(participantId, stream, { mirrored = false } = {}) {
    this.tiles.get(participantId)?.setStream(stream, mirrored);
  }

  /**
   * @param {string} participantId
   * @param {RTCPeerConnectionState} state
   */
  setState(participantId, state) {
    this.tiles.get(participantId)?.setState(state);
  }

  /**
   * Shows that a member's connection to Parley dropped and their place is kept for them.
   * @param {string} participantId
   * @param {boolean} reconnecting
   */
  setReconnecting(participantId, reconnecting) {
    this.tiles.get(participantId)?.setReconnecting(reconnecting);
  }

  /**
   * Mutes or unmutes a member's media element (force-muted members are never played).
   * @param {string} participantId
   * @param {boolean} audible
   */
  setAudible(participantId, audible) {
    this.tiles.get(participantId)?.setAudible(audible);
  }

  /**
   * Plays the others on the given audio output (`setSinkId`), now and for tiles added later.
   * @param {string} deviceId
   * @returns {Promise<void>}
   */
  async setSpeaker(deviceId) {
    this.sinkId = deviceId;
    await Promise.all([...this.tiles.values()].filter((tile) => !tile.self).map((tile) => tile.video.setSinkId?.(deviceId)));
  }

  /**
   * Outlines the tile of whoever speaks now.
   * @param {string|null} participantId null when nobody does
   */
  setSpeaker(participantId) {
    for (const [id, tile] of this.tiles) tile.element.classList.toggle('speaking', id === participantId);
    if (participantId && participantId !== this.lastSpeaker) {
      this.lastSpeaker = participantId;
      if (this.speakerView) this.layout();
    }
  }

  /**
   * Speaker view: with three or more people, whoever spoke last is shown large (the presenter
   * layout), the others in a strip; a shared screen still comes first.
   * @param {boolean} on
   */
  setSpeakerView(on) {
    this.speakerView = on;
    this.element.classList.toggle('speaker-view', on);
    this.layout();
  }

  /**
   * Shows a member's connection quality (from round-trip time and packet loss) on their tile.
   * @param {string} participantId
   * @param {'good'|'fair'|'poor'} quality
   */
  setQuality(participantId, quality) {
    this.tiles.get(participantId)?.setQuality(quality);
  }

  /** @param {string} participantId */
  remove(participantId) {
    const tile = this.tiles.get(participantId);
    if (!tile) return;
    tile.dispose();
    this.tiles.delete(participantId);
    this.layout();
  }

  /** Removes every tile and stops playing. */
  clear() {
    for (const participantId of [...this.tiles.keys()]) this.remove(participantId);
    this.resizeObserver.disconnect();
  }

  /** Orders the tiles (the presenter or else the own tile first) and sizes them. */
  layout() {
    const others = [...this.tiles.values()].filter((tile) => !tile.self);
    const speaker = this.speakerView && this.tiles.size > 2
      ? this.tiles.get(this.lastSpeaker) ?? others[0] ?? null : null;
    const presenter = [...this.tiles.values()].find((tile) => tile.screen) ?? speaker;
    for (const tile of this.tiles.values()) tile.element.classList.toggle('presenter', tile === presenter);
    this.element.classList.toggle('presenting', Boolean(presenter));
    if (presenter && presenter.element !== this.element.firstElementChild) this.element.prepend(presenter.element);
    if (!presenter) {
      const own = [...this.tiles.values()].find((tile) => tile.self);
      if (own && own.element !== this.element.firstElementChild) this.element.prepend(own.element);
    }
    const own = [...this.tiles.values()].find((tile) => tile.self);
    const duo = !presenter && this.tiles.size === 2 && Boolean(own);
    this.element.classList.toggle('duo', duo);
    if (own) own.setMovable(duo);
    this.element.dataset.count = String(this.tiles.size);
    this.fit();
  }

  /**
   * Sizes the 16:9 tiles as large as the stage allows: tries every column count and keeps the one
   * with the widest tile. Below a minimum width the stage scrolls instead. The presenter layout is CSS's.
   */
  fit() {
    // In a two-person call only the other's tile is in the grid; the own one floats over it.
    const count = this.element.classList.contains('duo') ? 1 : this.tiles.size;
    const width = this.element.clientWidth;
    const height = this.element.clientHeight;
    if (!count || !width || !height || this.element.classList.contains('presenting')) return;
    let best = { columns: 1, tileWidth: 0 };
    for (let columns = 1; columns <= count; columns += 1) {
      const rows = Math.ceil(count / columns);
      const byWidth = (width - TILE_GAP_PX * (columns - 1)) / columns;
      const byHeight = ((height - TILE_GAP_PX * (rows - 1)) / rows) * (16 / 9);
      const tileWidth = Math.min(byWidth, byHeight);
      if (tileWidth > best.tileWidth) best = { columns, tileWidth };
    }
    if (best.tileWidth < MIN_TILE_WIDTH_PX) {
      const columns = Math.max(1, Math.floor((width + TILE_GAP_PX) / (MIN_TILE_WIDTH_PX + TILE_GAP_PX)));
      best = { columns, tileWidth: (width - TILE_GAP_PX * (columns - 1)) / columns };
    }
    this.element.style.setProperty('--columns', String(best.columns));
    this.element.style.setProperty('--tile-width', `${Math.floor(best.tileWidth)}px`);
  }
}

/** One member's tile. */
class Tile {
  constructor(participantId, self) {
    this.self = self;
    this.screen = false;
    this.audible = true;
    this.video = el('video', { autoplay: true, playsinline: true });
    // The own tile never plays: hearing yourself echoes.
    this.video.muted = self;
    this.avatar = el('div', { class: 'avatar', 'aria-hidden': 'true' });
    this.status = el('p', { class: 'tile-status', 'data-testid': 'tile-status' });
    this.name = el('span', { class: 'tile-name', 'data-testid': 'tile-name' });
    this.badges = el('span', { class: 'tile-badges' });
    this.quality = el('span', { class: 'tile-quality', role: 'img', hidden: true, 'data-testid': 'tile-quality' },
      el('span', {}), el('span', {}), el('span', {}));
    this.element = el('figure', {
      class: self ? 'tile self' : 'tile', 'data-testid': 'tile', 'data-participant-id': participantId,
      'data-self': self ? 'true' : null, 'data-state': self ? 'connected' : 'new',
    }, this.video, this.avatar, this.status, el('figcaption', { class: 'tile-label' }, this.name, this.badges, this.quality));
    if (!self) this.setState('new');
  }

  update(member, showVideo) {
    this.screen = member.screen;
    const name = member.displayName || 'Guest';
    this.name.textContent = this.self ? `${name} (you)` : name;
    this.avatar.textContent = initials(name);
    this.element.classList.toggle('no-video', !showVideo);
    this.element.classList.toggle('hand-raised', member.handRaised);
    this.element.dataset.audio = String(member.audio);
    this.element.dataset.video = String(member.video);
    this.element.dataset.screen = String(member.screen);
    this.element.dataset.forceMuted = String(member.forceMuted);
    this.badges.replaceChildren(...[
      member.handRaised ? badge('hand', 'Hand raised', 'raised', 'tile-hand') : null,
      member.screen ? badge('screen', 'Sharing their screen') : null,
      member.audio ? null : badge('micOff', member.forceMuted ? 'Muted by the host' : 'Microphone off', '', 'tile-mic-off'),
      member.video ? null : badge('cameraOff', 'Camera off'),
    ].filter(Boolean));
  }

  setStream(stream, mirrored) {
    this.video.classList.toggle('mirrored', mirrored);
    if (this.video.srcObject !== stream) this.video.srcObject = stream;
    // The Join click allowed playback with sound; play() again in case a new track stalled it.
    if (stream) this.video.play().catch(() => {});
  }

  setState(state) {
    this.state = state;
    this.element.dataset.state = state;
    this.showStatus();
  }

  setReconnecting(reconnecting) {
    this.reconnecting = reconnecting;
    this.element.dataset.reconnecting = String(reconnecting);
    this.showStatus();
  }

  showStatus() {
    const text = this.reconnecting ? 'Reconnecting…' : STATE_TEXT[this.state] ?? '';
    this.status.textContent = text;
    this.status.hidden = !text;
  }

  /**
   * Lets the own picture-in-picture be dragged to another corner of the stage (it snaps to the nearest).
   * @param {boolean} movable
   */
  setMovable(movable) {
    if (!this.self || Boolean(this.onPointerDown) === movable) return;
    if (!movable) {
      this.element.removeEventListener('pointerdown', this.onPointerDown);
      this.onPointerDown = null;
      return;
    }
    this.element.dataset.corner ??= 'bottom-right';
    this.onPointerDown = (down) => {
      const stage = this.element.parentElement;
      if (!stage || down.button !== 0) return;
      this.element.setPointerCapture(down.pointerId);
      const up = (event) => {
        this.element.removeEventListener('pointerup', up);
        this.element.removeEventListener('pointercancel', up);
        const box = stage.getBoundingClientRect();
        const vertical = event.clientY < box.top + box.height / 2 ? 'top' : 'bottom';
        const horizontal = event.clientX < box.left + box.width / 2 ? 'left' : 'right';
        this.element.dataset.corner = `${vertical}-${horizontal}`;
      };
      this.element.addEventListener('pointerup', up);
      this.element.addEventListener('pointercancel', up);
    };
    this.element.addEventListener('pointerdown', this.onPointerDown);
  }

  /** @param {'good'|'fair'|'poor'} quality */
  setQuality(quality) {
    const label = `Connection ${quality}`;
    this.quality.hidden = false;
    this.quality.dataset.quality = quality;
    this.quality.setAttribute('aria-label', label);
    this.quality.title = label;
  }

  setAudible(audible) {
    this.audible = audible;
    if (!this.self) this.video.muted = !audible;
  }

  dispose() {
    this.video.srcObject = null;
    this.element.remove();
  }
}

/** A state icon with its text alternative. */
function badge(name, label, className = '', testId = null) {
  return el('span', { class: `tile-badge ${className}`.trim(), role: 'img', 'aria-label': label, title: label,
    'data-testid': testId }, icon(name));
}

/** @returns {string} up to two initials, e.g. "AL" for "Ada Lovelace" */
function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...word][0]?.toUpperCase() ?? '').join('') || '?';
}
