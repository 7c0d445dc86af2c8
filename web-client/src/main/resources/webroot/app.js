/**
 * Parley web client entry point: restores the session, then routes on the URL hash.
 *
 * Routes: `#/signin`, `#/signup`, `#/` (home), `#/reset`, `#/reset/confirm?token=…`.
 */
import { onSessionExpired, refresh } from './api.js';
import { renderSignIn } from './pages/signin.js';
import { renderSignUp } from './pages/signup.js';
import { renderHome } from './pages/home.js';
import { renderResetRequest } from './pages/reset-request.js';
import { renderResetConfirm } from './pages/reset-confirm.js';

/**
 * `access`: `user` needs a session, `guest` is only for signed-out visitors,
 * `any` is open to both.
 */
const ROUTES = {
  '/': { render: renderHome, title: 'Home', access: 'user' },
  '/signin': { render: renderSignIn, title: 'Sign in', access: 'guest' },
  '/signup': { render: renderSignUp, title: 'Create account', access: 'guest' },
  '/reset': { render: renderResetRequest, title: 'Reset password', access: 'any' },
  '/reset/confirm': { render: renderResetConfirm, title: 'Choose a new password', access: 'any' },
};

const root = document.getElementById('app');
/** The signed-in user, or null. The access token itself stays inside api.js. */
let user = null;
/** A one-off message for the next page rendered, e.g. "You have signed out." */
let pendingNotice = null;
let firstRender = true;

/**
 * Goes to a route. Re-renders when the hash is already there.
 * @param {string} path e.g. `"/signin"`
 * @param {{replace?: boolean, notice?: {kind: 'info'|'error', text: string}}} [options]
 */
function navigate(path, { replace = false, notice } = {}) {
  if (notice) pendingNotice = notice;
  const hash = `#${path}`;
  if (location.hash === hash) render();
  else if (replace) location.replace(hash);
  else location.hash = hash;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const queryAt = raw.indexOf('?');
  const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1));
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, params };
}

function render() {
  const { path, params } = parseHash();
  const route = ROUTES[path];
  if (!route) return navigate(user ? '/' : '/signin', { replace: true });
  if (route.access === 'user' && !user) return navigate('/signin', { replace: true });
  if (route.access === 'guest' && user) return navigate('/', { replace: true });

  const notice = pendingNotice;
  pendingNotice = null;
  root.replaceChildren(route.render({ user, params, notice, navigate, signedIn, signedOut }));
  root.removeAttribute('aria-busy');
  document.title = `${route.title} · Parley`;
  // Move focus to the new page's heading so screen readers announce the change.
  if (!firstRender) root.querySelector('h1')?.focus();
  firstRender = false;
}

function signedIn(signedInUser) {
  user = signedInUser;
  navigate('/');
}

function signedOut(notice) {
  user = null;
  navigate('/signin', { notice });
}

async function start() {
  try {
    user = await refresh();
  } catch (error) {
    user = null;
    if (error.status !== 401) pendingNotice = { kind: 'error', text: error.message };
  }
  onSessionExpired(() => {
    if (user) signedOut({ kind: 'info', text: 'Your session has ended. Please sign in again.' });
  });
  window.addEventListener('hashchange', render);
  render();
}

start();
