/**
 * Parley web client entry point: restores the session, then routes on the URL hash.
 *
 * Routes: `#/signin`, `#/signup` (both take `?next=#/…`, where to go once signed in), `#/` (home),
 * `#/reset`, `#/reset/confirm?token=…`, `#/meetings/<id>`, `#/join/<joinCode>`,
 * `#/room/<meetingId>` (the call; guests' links carry `?code=<joinCode>` for coming back to it),
 * `#/conversations`, `#/conversations/<userId>` (direct chat), `#/people` (find, message and call
 * anyone), `#/profile` (one's own account),
 * `#/events` (scheduling: my events and bookings), `#/admin` (administrators), `#/events/<eventId>` (an event's calendar; `?slot=<id>`
 * selects a slot).
 */
import { guestToken, mayHaveSession, onSessionExpired, refresh } from './api.js';
import { safeNext, withNext } from './nav.js';
import { renderSignIn } from './pages/signin.js';
import { renderSignUp } from './pages/signup.js';
import { renderHome } from './pages/home.js';
import { renderResetRequest } from './pages/reset-request.js';
import { renderResetConfirm } from './pages/reset-confirm.js';
import { renderMeeting } from './pages/meeting.js';
import { renderJoin, isJoinCode } from './pages/join.js';
import { renderRoom } from './pages/room.js';
import { CallCenter } from './calls.js';
import { CALL_PERSON_EVENT } from './people/card.js';
import { renderConversation, renderConversations } from './pages/conversations.js';
import { renderEvents } from './pages/events.js';
import { renderPeople } from './pages/people.js';
import { renderProfile } from './pages/profile.js';
import { renderEvent } from './pages/event.js';
import { renderAdmin } from './pages/admin.js';

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
  '/conversations': { render: renderConversations, title: 'Conversations', access: 'user' },
  '/events': { render: renderEvents, title: 'Scheduling', access: 'user' },
  '/admin': { render: renderAdmin, title: 'Administration', access: 'user' },
  '/people': { render: renderPeople, title: 'People', access: 'user' },
  '/profile': { render: renderProfile, title: 'Your account', access: 'user' },
};

/**
 * Routes with a variable segment, which reaches the page as `pathParams`. `redirect`, when present,
 * may send the visitor elsewhere first: it returns `{path, notice?}` or null.
 */
const PATTERN_ROUTES = [
  { pattern: /^\/meetings\/(?<id>[^/]+)$/, render: renderMeeting, title: 'Meeting', access: 'user' },
  { pattern: /^\/conversations\/(?<userId>[^/]+)$/, render: renderConversation, title: 'Conversation', access: 'user' },
  { pattern: /^\/join\/(?<code>[^/]+)$/, render: renderJoin, title: 'Join meeting', access: 'any' },
  { pattern: /^\/events\/(?<id>[^/]+)$/, render: renderEvent, title: 'Event', access: 'user' },
  { pattern: /^\/room\/(?<id>[^/]+)$/, render: renderRoom, title: 'Meeting room', access: 'any', redirect: roomEntry },
];

const root = document.getElementById('app');
/** The signed-in user, or null. The access token itself stays inside api.js. */
let user = null;
/** A one-off message for the next page rendered, e.g. "You have signed out." */
let pendingNotice = null;
let firstRender = true;
/** What the current page asked to run when it is replaced (e.g. closing a call). */
let cleanups = [];
/** Rings for direct calls while someone is signed in. */
const calls = new CallCenter({
  navigate: (path) => navigate(path),
  onRevoked: () => signedOut({ kind: 'error', text: 'An administrator disabled your account, so you were signed out.' }),
});
// A person's card (people/card.js) asks for a call; a refusal is shown where calls are shown.
window.addEventListener(CALL_PERSON_EVENT, (event) => {
  calls.callPerson(event.detail).catch((error) => calls.outcome(error.message));
});

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

/** @returns {{route: object, pathParams: Record<string, string>}|null} */
function matchRoute(path) {
  if (ROUTES[path]) return { route: ROUTES[path], pathParams: {} };
  for (const route of PATTERN_ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    try {
      const pathParams = Object.fromEntries(
        Object.entries(match.groups).map(([name, value]) => [name, decodeURIComponent(value)]));
      return { route, pathParams };
    } catch {
      return null; // a malformed %-escape
    }
  }
  return null;
}

function render() {
  const { path, params } = parseHash();
  const matched = matchRoute(path);
  if (!matched) return navigate(user ? '/' : '/signin', { replace: true });
  const { route, pathParams } = matched;
  // A signed-out visitor to a page of their own comes back to it after signing in.
  if (route.access === 'user' && !user) return navigate(signInPath(), { replace: true });
  if (route.access === 'guest' && user) return navigate(nextPath(params.get('next')), { replace: true });
  const elsewhere = route.redirect?.({ user, params, pathParams });
  if (elsewhere) return navigate(elsewhere.path, { replace: true, notice: elsewhere.notice });

  for (const cleanup of cleanups.splice(0)) cleanup();
  const notice = pendingNotice;
  pendingNotice = null;
  const onLeave = (cleanup) => cleanups.push(cleanup);
  root.replaceChildren(route.render({ user, params, pathParams, notice, navigate, signedIn, signedOut, onLeave, calls }));
  root.removeAttribute('aria-busy');
  document.title = `${route.title} · Parley`;
  // Move focus to the new page's heading so screen readers announce the change.
  if (!firstRender) root.querySelector('h1')?.focus();
  firstRender = false;
}

/**
 * @param {object} signedInUser
 * @param {string|null} [next] where to go instead of home, e.g. `"#/join/abcd-efgh-jkmn-pqrs"`
 */
function signedIn(signedInUser, next = null) {
  user = signedInUser;
  calls.start();
  navigate(nextPath(next));
}

/**
 * @param {{kind: 'info'|'error', text: string}} notice
 * @param {{returnHere?: boolean}} [options] `returnHere` brings the user back to this page after signing in
 */
function signedOut(notice, { returnHere = false } = {}) {
  user = null;
  calls.stop();
  navigate(returnHere ? signInPath() : '/signin', { notice });
}

/** @returns {string} the sign-in route, carrying the current page when it is not home */
function signInPath() {
  const here = location.hash || '#/';
  return withNext('/signin', here === '#/' ? null : safeNext(here)).slice(1);
}

/**
 * A signed-out visitor can be in a room only with the guest token of joining it by link in this tab.
 * Without one, the join link (when the room link carries its code) or sign-in comes first.
 */
function roomEntry({ user, params, pathParams }) {
  if (user || guestToken(pathParams.id)) return null;
  const code = params.get('code');
  if (code && isJoinCode(code)) {
    return { path: `/join/${code}`, notice: { kind: 'info', text: 'Enter your name to join the call again.' } };
  }
  return { path: withNext('/signin', `#/room/${encodeURIComponent(pathParams.id)}`).slice(1),
    notice: { kind: 'info', text: 'Sign in to join the call, or open the meeting’s join link to join as a guest.' } };
}

/** @returns {string} the route for a `next` target, or home when it is missing or not ours */
function nextPath(next) {
  return safeNext(next)?.slice(1) ?? '/';
}

async function start() {
  try {
    user = mayHaveSession() ? await refresh() : null;
  } catch (error) {
    user = null;
    if (error.status !== 401) pendingNotice = { kind: 'error', text: error.message };
  }
  onSessionExpired(() => {
    if (user) signedOut({ kind: 'info', text: 'Your session has ended. Please sign in again.' }, { returnHere: true });
  });
  window.addEventListener('hashchange', render);
  render();
  if (user) calls.start();
}

start();
