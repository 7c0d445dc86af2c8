/**
 * Direct calls in the browser (`call.*` frames, docs/websocket-protocol.md). While someone is signed
 * in, one socket per tab listens on their user topic: an incoming call rings in a dialog with Accept
 * and Decline; an outgoing call shows "Calling…" with Cancel. When a call is accepted both sides go
 * to its two-person meeting room.
 */
import { el } from './dom.js';
import { socketToken } from './api.js';
import { connect } from './ws.js';

/** Waits before reconnecting the listening socket, in ms. */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** How long an outcome ("No answer") stays on screen, in ms. */
const OUTCOME_MS = 6_000;

const OUTCOMES = {
  rejected: { caller: 'Your call was declined.', callee: 'Call declined.' },
  cancelled: { caller: 'Call cancelled.', callee: 'The caller hung up.' },
  missed: { caller: 'No answer.', callee: 'You missed a call.' },
};

/**
 * The signed-in user's ringing: start it after sign-in and stop it at sign-out.
 */
export class CallCenter {
  /**
   * @param {{navigate: (path: string) => void, onRevoked?: (reason: string) => void}} options `onRevoked`
   *     runs when the server ends the session (an administrator disabled the account)
   */
  constructor({ navigate, onRevoked = () => {} }) {
    this.navigate = navigate;
    this.onRevoked = onRevoked;
    this.connection = null;
    this.running = false;
    this.attempt = 0;
    /** @type {{callId: string, direction: 'incoming'|'outgoing', name: string}|null} the call on screen */
    this.current = null;
    this.status = el('p', { class: 'call-status', 'data-testid': 'call-status', role: 'status' });
    this.actions = el('div', { class: 'button-row' });
    this.dialog = el('section', { class: 'call-dialog', role: 'dialog', 'aria-live': 'assertive',
      'aria-label': 'Call', hidden: true, 'data-testid': 'call-dialog' }, this.status, this.actions);
    document.body.append(this.dialog);
  }

  /** Opens the listening socket (again after drops) until {@link stop}. */
  async start() {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    await this.open();
  }

  stop() {
    this.running = false;
    this.connection?.close();
    this.connection = null;
    this.hide();
  }

  async open() {
    while (this.running) {
      try {
        const connection = await connect({ token: await socketToken() });
        if (!this.running) {
          connection.close();
          return;
        }
        this.listen(connection);
        this.attempt = 0;
        return;
      } catch (error) {
        if (error.code === 'unauthorized' || error.code === 'conflict' || error.status === 401) return;
        const delay = RECONNECT_DELAYS_MS[Math.min(this.attempt++, RECONNECT_DELAYS_MS.length - 1)];
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  listen(connection) {
    this.connection = connection;
    connection.on('call.incoming', ({ callId, from }) => this.incoming(callId, from));
    connection.on('call.accepted', ({ callId, meetingId }) => this.accepted(callId, meetingId));
    connection.on('session.revoked', ({ reason }) => {
      this.stop();
      this.onRevoked(reason);
    });
    for (const outcome of Object.keys(OUTCOMES)) {
      connection.on(`call.${outcome}`, ({ callId }) => this.ended(callId, outcome));
    }
    connection.onClose((close) => {
      if (this.connection === connection) this.connection = null;
      if (this.running && !close.requested && !close.authFailed) this.open();
    });
  }

  /**
   * Calls another user; their every open client rings.
   * @param {string} userId
   * @throws {import('./ws.js').SocketError} when the call cannot be placed (the message says why)
   */
  async call(userId) {
    if (!this.connection) await this.open();
    if (!this.connection) throw new Error('Parley cannot be reached right now. Try again shortly.');
    const { callId } = await this.connection.request('call.start', { userId });
    this.current = { callId, direction: 'outgoing', peerId: userId };
    this.show('Calling…', [this.button('Cancel', 'call-cancel', 'secondary', () => this.answer('call.cancel', callId))]);
  }

  /**
   * @returns {Promise<import('./ws.js').Connection>} this tab's listening socket, opened if need be
   * @throws {Error} when Parley cannot be reached
   */
  async socket() {
    if (!this.connection) await this.open();
    if (!this.connection) throw new Error('Parley cannot be reached right now. Try again shortly.');
    return this.connection;
  }

  /**
   * Calls a person found by name. Someone offline is not rung: the dialog says so at once and offers
   * a message instead.
   * @param {{id: string, displayName: string}} person
   */
  async callPerson(person) {
    const connection = await this.socket();
    const { statuses } = await connection.request('presence.watch', { userIds: [person.id] });
    // No unwatch: the page that offered the call may be watching the same person on this socket.
    if (statuses[person.id] === 'offline') {
      this.show(`${person.displayName} is offline`, [
        this.button('Send a message', 'call-message', 'primary', () => {
          this.hide();
          this.navigate(`/conversations/${encodeURIComponent(person.id)}`);
        }),
        this.button('Close', 'call-close', 'secondary', () => this.hide()),
      ]);
      return;
    }
    await this.call(person.id);
  }

  incoming(callId, from) {
    if (this.current) return; // busy: the call rings on, and will be missed here
    const name = from?.displayName || 'Someone';
    this.current = { callId, direction: 'incoming', peerId: from?.id ?? null };
    this.show(`${name} is calling you`, [
      this.button('Accept', 'call-accept', 'primary', () => this.answer('call.accept', callId)),
      this.button('Decline', 'call-reject', 'secondary', () => this.answer('call.reject', callId)),
    ]);
  }

  async answer(type, callId) {
    for (const button of this.actions.querySelectorAll('button')) button.disabled = true;
    try {
      await this.connection?.request(type, { callId });
    } catch (error) {
      this.outcome(error.message);
    }
  }

  accepted(callId, meetingId) {
    if (this.current?.callId !== callId) return;
    const { peerId } = this.current;
    this.current = null;
    this.hide();
    // The call's chat is the two people's direct conversation.
    this.navigate(`/room/${encodeURIComponent(meetingId)}${peerId ? `?with=${encodeURIComponent(peerId)}` : ''}`);
  }

  ended(callId, outcome) {
    if (this.current?.callId !== callId) return;
    const side = this.current.direction === 'outgoing' ? 'caller' : 'callee';
    this.current = null;
    this.outcome(OUTCOMES[outcome][side]);
  }

  /** Shows a last word on the call, then hides the dialog. */
  outcome(text) {
    this.show(text, [this.button('Close', 'call-close', 'secondary', () => this.hide())]);
    clearTimeout(this.outcomeTimer);
    this.outcomeTimer = setTimeout(() => {
      if (!this.current) this.hide();
    }, OUTCOME_MS);
  }

  show(text, buttons) {
    this.status.textContent = text;
    this.actions.replaceChildren(...buttons);
    this.dialog.hidden = false;
    buttons[0]?.focus();
  }

  hide() {
    this.dialog.hidden = true;
    this.actions.replaceChildren();
    if (!this.current) this.status.textContent = '';
  }

  button(label, testId, kind, action) {
    const button = el('button', { type: 'button', class: `button ${kind}`, 'data-testid': testId }, label);
    button.addEventListener('click', action);
    return button;
  }
}
