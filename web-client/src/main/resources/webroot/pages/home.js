import { el } from '../dom.js';
import { logout } from '../api.js';
import { brand } from '../layout.js';
import { formAlert } from '../forms.js';

/** What is on the way. Shown plainly rather than as controls that do nothing yet. */
const UPCOMING = [
  { title: 'Meetings', text: 'Video meetings with a shareable join link and host controls are coming soon.' },
  { title: 'Chat', text: 'Persistent chat in meetings and direct messages is coming soon.' },
  { title: 'Scheduling', text: 'Bookable timeslots that update live are coming soon.' },
];

/**
 * The signed-in home: a header with the user's name and "Sign out", a welcome, and
 * what Parley will offer next.
 * @param {{user: {displayName: string, email: string}, signedOut: (notice: object) => void}} context
 * @returns {DocumentFragment}
 */
export function renderHome({ user, signedOut }) {
  const alert = formAlert();
  const header = el('header', { class: 'topbar' },
    brand(),
    el('div', { class: 'account' },
      el('span', { class: 'account-name', 'data-testid': 'user-name' }, user.displayName),
      signOutButton(alert, signedOut)));

  const main = el('main', { class: 'home' },
    el('h1', { tabindex: -1, 'data-testid': 'welcome' }, `Welcome, ${user.displayName}`),
    el('p', { class: 'intro' }, 'You are signed in as ', el('strong', {}, user.email), '.'),
    alert,
    el('div', { class: 'upcoming' }, UPCOMING.map(({ title, text }) =>
      el('section', { class: 'panel', 'aria-labelledby': `upcoming-${title.toLowerCase()}` },
        el('h2', { id: `upcoming-${title.toLowerCase()}` }, title),
        el('p', {}, text)))));

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
