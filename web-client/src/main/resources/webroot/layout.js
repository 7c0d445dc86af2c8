/**
 * Page chrome shared by the pages.
 */
import { el } from './dom.js';
import { logout } from './api.js';
import { formAlert } from './forms.js';

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

/**
 * The signed-in shell: a top bar with the brand, the user's name and "Sign out", and the page's
 * main content below it. A failed sign-out is reported at the top of the content.
 * @param {{user: {displayName: string}, signedOut: (notice: object) => void, className?: string}} options
 *   `className` is added to the main element, e.g. `"meeting-page"`
 * @param {...(Node|string|null)} content
 * @returns {DocumentFragment}
 */
export function userPage({ user, signedOut, className }, ...content) {
  const alert = formAlert();
  alert.setAttribute('data-testid', 'sign-out-error');
  const header = el('header', { class: 'topbar' },
    brand(),
    el('nav', { class: 'account', 'aria-label': 'Account' },
      user.role === 'admin' ? el('a', { href: '#/admin', class: 'account-link', 'data-testid': 'admin-link' }, 'Admin') : null,
      el('a', { href: '#/people', class: 'account-link', 'data-testid': 'nav-people' }, 'People'),
      el('a', { href: '#/conversations', class: 'account-link', 'data-testid': 'nav-conversations' }, 'Conversations'),
      el('a', { class: 'account-name', href: '#/profile', 'data-testid': 'user-name' }, user.displayName),
      signOutButton(alert, signedOut)));
  const main = el('main', { class: className ? `home ${className}` : 'home' }, alert, ...content);
  const page = document.createDocumentFragment();
  page.append(header, main);
  return page;
}

function signOutButton(alert, signedOut) {
  const button = el('button', { type: 'button', class: 'button secondary', 'data-testid': 'sign-out' }, 'Sign out');
  button.addEventListener('click', async () => {
    alert.textContent = '';
    button.disabled = true;
    button.textContent = 'Signing out…';
    try {
      await logout();
      signedOut({ kind: 'info', text: 'You have signed out.' });
    } catch (error) {
      alert.textContent = `Could not sign out: ${error.message}`;
      button.disabled = false;
      button.textContent = 'Sign out';
      button.focus();
    }
  });
  return button;
}
