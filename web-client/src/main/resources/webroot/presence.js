/**
 * Presence badges (online, in a call, offline) kept current by `presence.changed` pushes over this
 * tab's call socket (`presence.watch`, docs/websocket-protocol.md). Used by the People page, the
 * conversation list and an open conversation.
 */

const PRESENCE_LABELS = { online: 'Online', 'in-call': 'In a call', offline: 'Offline' };

/**
 * A badge element for one person, filled in by {@link PresenceWatch#show}.
 * @returns {HTMLElement}
 */
export function presenceBadge() {
  const badge = document.createElement('span');
  badge.className = 'presence';
  badge.dataset.testid = 'person-presence';
  return badge;
}

/** The presence badges on screen, kept current by `presence.changed` pushes. */
export class PresenceWatch {
  /** @param {import('./calls.js').CallCenter} calls */
  constructor(calls) {
    this.calls = calls;
    /** @type {Map<string, HTMLElement>} badge by user id */
    this.badges = new Map();
    this.watched = [];
    this.connection = null;
    this.unsubscribe = null;
  }

  show(userId, status, badge) {
    if (badge) this.badges.set(userId, badge);
    const target = this.badges.get(userId);
    if (!target) return;
    target.textContent = PRESENCE_LABELS[status] ?? PRESENCE_LABELS.offline;
    target.dataset.status = status;
  }

  async watch(people, append) {
    try {
      const connection = await this.calls.socket();
      if (this.connection !== connection) {
        this.unsubscribe?.();
        this.connection = connection;
        this.unsubscribe = connection.on('presence.changed', ({ userId, status }) => this.show(userId, status));
      }
      if (!append && this.watched.length) {
        connection.request('presence.unwatch', { userIds: this.watched }).catch(() => {});
        this.watched = [];
      }
      const ids = people.map((person) => person.id);
      this.watched.push(...ids);
      if (!ids.length) return;
      const { statuses } = await connection.request('presence.watch', { userIds: ids });
      for (const [userId, status] of Object.entries(statuses)) this.show(userId, status);
    } catch {
      // Without the socket the badges keep what the search said.
    }
  }

  dispose() {
    this.unsubscribe?.();
    if (this.watched.length) this.connection?.request('presence.unwatch', { userIds: this.watched }).catch(() => {});
    this.watched = [];
  }
}
