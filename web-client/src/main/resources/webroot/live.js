/**
 * Live participant counts ("Live · 3 people") for the meeting list, the meeting page and the join
 * page (docs/websocket-protocol.md, `live.*`): a socket that watches meetings and keeps badges
 * current from `live.count` pushes, and, for visitors without an account (who have no socket), a
 * poll of `GET /meetings/join/{code}/live`. Counts only, never names.
 */
import { el } from './dom.js';
import { connect } from './ws.js';
import { getJoinLinkLive, socketToken } from './api.js';

/** How often a signed-out join page asks again. */
const POLL_MS = 5_000;

/**
 * @param {number} count people in the call
 * @returns {string} e.g. `"Live · 3 people"`; empty when nobody is in it
 */
export function liveText(count) {
  if (!count) return '';
  return `Live · ${count} ${count === 1 ? 'person' : 'people'}`;
}

/**
 * A badge that shows the count, hidden while the call is not live.
 * @returns {{element: HTMLElement, set: (count: number) => void}}
 */
export function liveBadge() {
  const element = el('span', { class: 'badge live', hidden: true, 'data-testid': 'live-count', role: 'status' });
  return {
    element,
    set(count) {
      element.textContent = liveText(count);
      element.hidden = !count;
      element.dataset.count = String(count ?? 0);
    },
  };
}

/**
 * Watches meetings over a socket of its own. Badges are registered per meeting id; `watch` may be
 * called again as more meetings appear (e.g. "Load more").
 */
export class LiveWatcher {
  constructor() {
    /** @type {Map<string, Set<{set: (count: number) => void}>>} */
    this.badges = new Map();
    this.counts = new Map();
    this.connection = null;
    this.connecting = null;
    this.closed = false;
  }

  /**
   * @param {string} meetingId
   * @param {{set: (count: number) => void}} badge shown the meeting's count from now on
   */
  add(meetingId, badge) {
    if (!this.badges.has(meetingId)) this.badges.set(meetingId, new Set());
    this.badges.get(meetingId).add(badge);
    if (this.counts.has(meetingId)) badge.set(this.counts.get(meetingId));
  }

  /** Asks for the counts of the given meetings and their pushes from now on. */
  async watch(meetingIds) {
    const ids = [...new Set(meetingIds)];
    if (!ids.length) return;
    const connection = await this.open();
    if (!connection) return;
    for (let i = 0; i < ids.length; i += 100) {
      const { counts } = await connection.request('live.watch', { meetingIds: ids.slice(i, i + 100) });
      Object.entries(counts ?? {}).forEach(([id, count]) => this.show(id, count));
    }
  }

  /**
   * Watches the meeting a join link leads to (any signed-in visitor).
   * @param {string} joinCode
   * @param {{set: (count: number) => void}} badge
   */
  async watchJoinCode(joinCode, badge) {
    const connection = await this.open();
    if (!connection) return;
    const { meetingId, counts } = await connection.request('live.watch', { joinCode });
    this.add(meetingId, badge);
    this.show(meetingId, counts?.[meetingId] ?? 0);
  }

  close() {
    this.closed = true;
    this.connection?.close();
  }

  show(meetingId, count) {
    this.counts.set(meetingId, count);
    this.badges.get(meetingId)?.forEach((badge) => badge.set(count));
  }

  async open() {
    if (this.closed) return null;
    this.connecting ??= (async () => {
      const connection = await connect({ token: await socketToken() });
      if (this.closed) {
        connection.close();
        return null;
      }
      connection.on('live.count', (data) => this.show(data.meetingId, data.participants));
      this.connection = connection;
      return connection;
    })();
    return this.connecting;
  }
}

/**
 * Keeps a badge current for a join link without a socket (signed-out visitors): asks now and then
 * every few seconds while the page is open.
 * @param {string} joinCode
 * @param {{set: (count: number) => void}} badge
 * @returns {() => void} stops asking
 */
export function pollJoinLink(joinCode, badge) {
  let stopped = false;
  let timer = 0;
  const ask = async () => {
    try {
      const live = await getJoinLinkLive(joinCode);
      if (!stopped) badge.set(live.participants);
    } catch {
      // An unknown link or a network hiccup: the join form says what matters.
    }
    if (!stopped) timer = setTimeout(ask, POLL_MS);
  };
  ask();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
