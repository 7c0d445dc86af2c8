/**
 * Page chrome shared by the pages.
 */
import { el } from './dom.js';

/**
 * The brand mark: logo and the name "Parley", linking home.
 * @returns {HTMLAnchorElement}
 */
export function brand() {
  return el('a', { class: 'brand', href: '#/' },
    el('img', { src: '/favicon.svg', alt: '', width: 28, height: 28 }), 'Parley');
}

/**
 * A centred card for the signed-out pages, with the brand above it.
 * @param {{title: string, intro?: string, notice?: {kind: 'info'|'error', text: string}|null}} options
 *   `notice` is a one-off message carried over from the previous page
 * @param {...(Node|string|null)} content the card's body
 * @returns {HTMLElement}
 */
export function guestPage({ title, intro, notice }, ...content) {
  return el('main', { class: 'guest' },
    brand(),
    el('section', { class: 'card', 'aria-labelledby': 'page-title' },
      el('h1', { id: 'page-title', tabindex: -1 }, title),
      intro ? el('p', { class: 'intro' }, intro) : null,
      notice ? noticeBox(notice) : null,
      ...content));
}

/**
 * A message box: `info` is a polite status, `error` an alert.
 * @param {{kind: 'info'|'error', text: string}} notice
 * @returns {HTMLElement}
 */
export function noticeBox({ kind, text }) {
  return kind === 'error'
    ? el('div', { class: 'alert', role: 'alert' }, text)
    : el('div', { class: 'notice', role: 'status' }, text);
}
