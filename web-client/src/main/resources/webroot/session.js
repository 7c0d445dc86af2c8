/**
 * The single-session policy in the browser (`PARLEY_SESSION_POLICY=single`, docs/websocket-protocol.md):
 * every socket of this page names the same client id; when the server says another window holds the
 * account ("conflict" at `auth`) or has just taken it over (`session.replaced`), a notice covers the
 * page with **Use here**, which reloads the page asking to take the session over.
 */
import { el } from './dom.js';

const TAKE_OVER_KEY = 'parley.takeOver';
/** One id per page load: every socket of this page is the same client. */
const CLIENT_ID = globalThis.crypto?.randomUUID?.() ?? `c${Date.now()}${Math.random().toString(36).slice(2)}`;

let notice = null;

/** @returns {{clientId: string, takeOver: boolean}} what the `auth` frame carries besides the token */
export function clientIdentity() {
  return { clientId: CLIENT_ID, takeOver: sessionStorage.getItem(TAKE_OVER_KEY) === '1' };
}

/** The server admitted this page: a pending "Use here" is done. */
export function admitted() {
  sessionStorage.removeItem(TAKE_OVER_KEY);
}

/**
 * Covers the page with the notice.
 * @param {'elsewhere'|'replaced'} why `elsewhere`: refused because another window holds the session;
 *   `replaced`: another window took it over (this page leaves its call first)
 */
export function showElsewhere(why) {
  if (why === 'replaced' && location.hash.startsWith('#/room/')) location.hash = '#/'; // leaves the call cleanly
  const text = why === 'replaced' ? 'Parley is open in another window.' : 'You are using Parley in another window.';
  if (!notice) {
    const button = el('button', { type: 'button', class: 'button primary', 'data-testid': 'session-use-here' }, 'Use here');
    button.addEventListener('click', () => {
      sessionStorage.setItem(TAKE_OVER_KEY, '1');
      location.reload();
    });
    notice = el('section', { class: 'session-elsewhere', role: 'alertdialog', 'aria-modal': 'true',
      'aria-labelledby': 'session-elsewhere-text', 'data-testid': 'session-elsewhere' },
    el('div', { class: 'card' }, el('p', { id: 'session-elsewhere-text', 'data-testid': 'session-elsewhere-text' }, text), button));
    document.body.append(notice);
    button.focus();
  } else if (why === 'replaced') {
    // A refusal after being replaced (a reconnect) keeps saying why.
    notice.querySelector('p').textContent = text;
  }
}
