/**
 * Page chrome shared by the pages.
 */
import { el } from './dom.js';
import { listConversations, logout } from './api.js';
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

/** The sections of the top bar: label, route and test id; `admin` ones only for administrators. */
const SECTIONS = [
  { label: 'Meetings', path: '#/', match: /^#\/(meetings\/.*)?$/, testId: 'nav-meetings' },
  { label: 'Calendar', path: '#/events', match: /^#\/events/, testId: 'nav-calendar' },
  { label: 'Messages', path: '#/conversations', match: /^#\/conversations/, testId: 'nav-conversations' },
  { label: 'People', path: '#/people', match: /^#\/people/, testId: 'nav-people' },
  { label: 'Admin', path: '#/admin', match: /^#\/admin/, testId: 'admin-link', admin: true },
];

/**
 * The signed-in shell: a top bar with the brand, the sections (Meetings, Calendar, Messages, People,
 * and Admin for administrators; the current one marked with `aria-current`), and an avatar menu with
 * the user's name, their account page and "Sign out"; the page's main content below it. A failed
 * sign-out is reported at the top of the content.
 * @param {{user: {displayName: string, role?: string}, signedOut: (notice: object) => void, className?: string}} options
 *   `className` is added to the main element, e.g. `"meeting-page"`
 * @param {...(Node|string|null)} content
 * @returns {DocumentFragment}
 */
export function userPage({ user, signedOut, className }, ...content) {
  const alert = formAlert();
  alert.setAttribute('data-testid', 'sign-out-error');
  const here = location.hash || '#/';
  const sections = SECTIONS.filter((section) => !section.admin || user.role === 'admin').map((section) =>
    el('a', { href: section.path, class: 'section-link', 'data-testid': section.testId,
      'aria-current': section.match.test(here) ? 'page' : null }, section.label));
  showUnread(sections.find((link) => link.dataset.testid === 'nav-conversations'));
  const header = el('header', { class: 'topbar' },
    brand(),
    el('nav', { class: 'sections', 'aria-label': 'Sections' }, sections),
    avatarMenu(user, signOutButton(alert, signedOut)));
  const main = el('main', { class: className ? `home ${className}` : 'home' }, alert, ...content);
  const page = document.createDocumentFragment();
  page.append(header, main);
  return page;
}

/** Adds the number of unread direct messages to the Messages section, when there are any. */
function showUnread(link) {
  listConversations().then(({ items }) => {
    const unread = items.reduce((sum, item) => sum + (item.unread ?? 0), 0);
    if (unread > 0 && link.isConnected) {
      link.append(el('span', { class: 'badge unread nav-unread', 'data-testid': 'nav-unread' },
        String(unread), el('span', { class: 'visually-hidden' }, ' unread')));
    }
  }, () => {}); // the count is a bonus: the page works without it
}

/**
 * The avatar button (initials) opening the account menu; Escape or a click elsewhere closes it.
 * @returns {HTMLDetailsElement}
 */
function avatarMenu(user, signOut) {
  const menu = el('details', { class: 'avatar-menu', 'data-testid': 'account-menu' },
    el('summary', { class: 'avatar-button', 'aria-label': `Account: ${user.displayName}`, 'data-testid': 'account-menu-button' },
      el('span', { class: 'avatar-initials', 'aria-hidden': 'true' }, initials(user.displayName))),
    el('div', { class: 'avatar-panel' },
      el('a', { class: 'account-name', href: '#/profile', 'data-testid': 'user-name' }, user.displayName),
      el('a', { href: '#/profile', 'data-testid': 'nav-profile' }, 'Your account'),
      signOut));
  const close = () => {
    menu.open = false;
  };
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.open) {
      close();
      menu.querySelector('summary').focus();
    }
  });
  const outside = (event) => {
    if (!menu.isConnected) document.removeEventListener('click', outside);
    else if (!menu.contains(event.target)) close();
  };
  document.addEventListener('click', outside);
  return menu;
}

/** @returns {string} up to two initials, e.g. "Ada Lovelace" → "AL" */
export function initials(name) {
  const words = String(name ?? '').trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...word][0]).join('').toUpperCase() || '?';
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
