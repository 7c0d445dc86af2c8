/**
 * Parley REST client.
 *
 * The access token lives only in this module's memory: never in localStorage,
 * sessionStorage or a cookie. The refresh token is an HttpOnly cookie that the
 * server scopes to /api/v1/auth; this code never sees it. A guest's room-scoped
 * token, from joining a meeting by link without an account, is kept the same way.
 */

const BASE = '/api/v1';
const NETWORK_MESSAGE = "Can't reach Parley. Check your connection and try again.";
/** Refresh this many seconds before the access token expires. */
const REFRESH_MARGIN_S = 60;
/** Retry a silent refresh that failed for a reason other than 401 after this long. */
const REFRESH_RETRY_MS = 15_000;
/** The longest delay setTimeout accepts (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A failed API call. Carries the RFC 9457 problem fields the server sent.
 * `status` is 0 and `code` is `"network_error"` when the server could not be reached.
 */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, or 0 for a network failure
   * @param {{type?: string, title?: string, detail?: string, code?: string, field?: string}} problem
   * @param {number|null} [retryAfter] seconds from the Retry-After header, if any
   */
  constructor(status, problem, retryAfter = null) {
    super(problem.detail || problem.title || defaultDetail(status, retryAfter));
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type ?? 'about:blank';
    this.title = problem.title ?? '';
    this.detail = this.message;
    this.code = problem.code ?? 'unknown';
    /** @type {string|null} the input the problem is about: email, password, displayName or token */
    this.field = problem.field ?? null;
    this.retryAfter = retryAfter;
  }
}

let accessToken = null;
let expiresAt = 0; // epoch ms
/** @type {{meeting: Meeting, participantId: string, token: string}|null} the last guest admission */
let guestAdmission = null;
let refreshTimer = 0;
/** @type {Promise<object>|null} the refresh in flight, shared by every caller */
let refreshing = null;
const expiryListeners = new Set();

/**
 * Registers a callback for when the session ends on its own (refresh rejected),
 * as opposed to an explicit {@link logout}.
 * @param {() => void} listener
 * @returns {() => void} unsubscribes the listener
 */
export function onSessionExpired(listener) {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/**
 * Creates an account and signs in.
 * @param {{email: string, password: string, displayName: string}} account
 * @returns {Promise<object>} the user
 * @throws {ApiError} e.g. 409 `conflict` (field email), 400 `weak_password` (field password)
 */
export async function signup(account) {
  return adopt(await send('POST', '/auth/signup', { body: account }));
}

/**
 * Signs in with email and password.
 * @param {{email: string, password: string}} credentials
 * @returns {Promise<object>} the user
 * @throws {ApiError} 401 for a wrong email or password, 429 when rate limited
 */
export async function login(credentials) {
  return adopt(await send('POST', '/auth/login', { body: credentials }));
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent calls share one
 * request, and tabs take turns through a Web Lock where available, because the
 * server rotates the refresh token and treats reuse of an old one as theft.
 * @returns {Promise<object>} the user
 * @throws {ApiError} 401 when there is no valid session
 */
export function refresh() {
  refreshing ??= withRefreshLock(() => send('POST', '/auth/refresh', { body: {} }))
    .then(adopt, (error) => {
      if (error.status === 401) clearSession();
      throw error;
    })
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * Whether a refresh could succeed: the server sets the scripts-readable `parley_session` hint cookie
 * beside the HttpOnly refresh cookie and clears both together, so without the hint a refresh would
 * only fail with 401 (and log a failed request). Page loads check this before {@link refresh}.
 * @returns {boolean}
 */
export function mayHaveSession() {
  return document.cookie.split(';').some((part) => part.trim() === 'parley_session=1');
}

/**
 * Ends the session on the server (which clears the refresh cookie) and forgets the
 * access token. A 401 counts as already signed out.
 * @returns {Promise<void>}
 * @throws {ApiError} when the server could not end the session; the local session is kept
 */
export async function logout() {
  const token = hasFreshToken() ? accessToken : null;
  try {
    await send('POST', '/auth/logout', { body: {}, token });
  } catch (error) {
    if (error.status !== 401) throw error;
  }
  clearSession();
}

/**
 * Fetches the signed-in user.
 * @returns {Promise<{id: string, email: string, displayName: string, role: string, createdAt: string}>}
 */
export function getMe() {
  return authorized('GET', '/users/me');
}

/**
 * Asks for a password reset email. The server answers 202 whether or not the account exists.
 * @param {string} email
 * @returns {Promise<void>}
 */
export async function requestPasswordReset(email) {
  await send('POST', '/auth/password-reset', { body: { email } });
}

/**
 * Sets a new password with the token from a reset email.
 * @param {{token: string, password: string}} reset
 * @returns {Promise<void>}
 * @throws {ApiError} 400 with field `token` for an invalid or expired link, `weak_password`
 */
export async function confirmPasswordReset(reset) {
  await send('POST', '/auth/password-reset/confirm', { body: reset });
}

/**
 * @typedef {object} Meeting
 * @property {string} id
 * @property {string} title
 * @property {string|null} description
 * @property {string|null} scheduledStart ISO-8601 instant, or null when unscheduled
 * @property {{guestsAllowed: boolean, lobby: boolean, participantLimit: number}} settings
 * @property {string} hostId
 * @property {string} joinCode `xxxx-xxxx-xxxx-xxxx`
 * @property {string} joinUrl the shareable link, ending in `#/join/<joinCode>`
 * @property {'open'|'ended'} status
 * @property {'host'|'co-host'|'participant'|'guest'|null} role the caller's role
 * @property {string} createdAt
 * @property {string} updatedAt
 */

/**
 * Creates a meeting hosted by the signed-in user.
 * @param {{title: string, description?: string, scheduledStart?: string,
 *          settings?: {guestsAllowed?: boolean, lobby?: boolean, participantLimit?: number}}} draft
 *   `scheduledStart` is ISO-8601 with an offset
 * @returns {Promise<Meeting>}
 * @throws {ApiError} 400 `bad_request` naming the field (`title`, `settings.participantLimit`, …)
 */
export function createMeeting(draft) {
  return authorized('POST', '/meetings', { body: draft });
}

/**
 * Lists the meetings the signed-in user hosts or has joined, newest first.
 * @param {{page?: number, size?: number}} [paging] `page` is 1-based; `size` 1..100
 * @returns {Promise<{items: Meeting[], page: number, size: number, total: number}>}
 */
export function listMeetings({ page = 1, size = 20 } = {}) {
  const query = new URLSearchParams({ page: String(page), size: String(size) });
  return authorized('GET', `/meetings?${query}`);
}

/**
 * Fetches a meeting the signed-in user is a member of.
 * @param {string} id
 * @returns {Promise<Meeting>}
 * @throws {ApiError} 404 when it does not exist or the user is not a member
 */
export function getMeeting(id) {
  return authorized('GET', `/meetings/${encodeURIComponent(id)}`);
}

/**
 * Changes a meeting (host only). Settings not named keep their values.
 * @param {string} id
 * @param {{title?: string, description?: string|null, scheduledStart?: string|null,
 *          settings?: {guestsAllowed?: boolean, lobby?: boolean, participantLimit?: number}}} changes
 * @returns {Promise<Meeting>} the changed meeting
 * @throws {ApiError} 400 naming the field, 403 for non-hosts, 404
 */
export function updateMeeting(id, changes) {
  return authorized('PATCH', `/meetings/${encodeURIComponent(id)}`, { body: changes });
}

/**
 * Deletes a meeting (host only).
 * @param {string} id
 * @returns {Promise<void>}
 * @throws {ApiError} 403 for non-hosts, 404
 */
export async function deleteMeeting(id) {
  await authorized('DELETE', `/meetings/${encodeURIComponent(id)}`);
}

/**
 * Joins a meeting by its link as the signed-in user, who becomes a participant (or keeps a
 * higher role).
 * @param {string} joinCode as it appears in the link
 * @returns {Promise<{meeting: Meeting, role: string, participantId: string}>}
 * @throws {ApiError} 404 `not_found` for an unknown link, 409 `conflict` when the meeting has ended
 */
export function joinMeeting(joinCode) {
  return authorized('POST', `/meetings/join/${encodeURIComponent(joinCode)}`, { body: {} });
}

/**
 * Joins a meeting by its link as a named guest, without an account. The guest token in the answer
 * is kept in memory only (see {@link guestToken}) and is not returned.
 * @param {string} joinCode as it appears in the link
 * @param {string} displayName 1..80 characters, shown to the other people in the meeting
 * @returns {Promise<{meeting: Meeting, role: string, participantId: string}>}
 * @throws {ApiError} 400 with field `displayName`, 403 `forbidden` when the meeting admits no
 *   guests, 404 `not_found`, 409 `conflict` when the meeting has ended
 */
export async function joinMeetingAsGuest(joinCode, displayName) {
  const { guestToken: token, ...admission } = await send('POST',
    `/meetings/join/${encodeURIComponent(joinCode)}`, { body: { displayName } });
  guestAdmission = { meeting: admission.meeting, participantId: admission.participantId, token };
  return admission;
}

/**
 * Whether the call a join link leads to is live and how many are in it (no names), for anyone with the link.
 * @param {string} joinCode
 * @returns {Promise<{title: string, live: boolean, participants: number}>}
 * @throws {ApiError} 404 for an unknown link
 */
export function getJoinLinkLive(joinCode) {
  return send('GET', `/meetings/join/${encodeURIComponent(joinCode)}/live`);
}

/**
 * Invites people by email (host and co-hosts).
 * @param {string} meetingId
 * @param {{emails: string[], message?: string|null}} invitation at most 50 addresses
 * @returns {Promise<{items: Invitation[]}>}
 * @throws {ApiError} 400 naming `emails`, `emails[i]` or `message`; 403; 429 past the daily limit
 */
export function inviteToMeeting(meetingId, invitation) {
  return authorized('POST', `/meetings/${encodeURIComponent(meetingId)}/invitations`, { body: invitation });
}

/**
 * @typedef {object} Invitation
 * @property {string} id
 * @property {string} email
 * @property {'pending'|'sent'|'accepted'|'failed'} status
 */

/**
 * @param {string} meetingId
 * @returns {Promise<{items: Invitation[]}>} newest first (host and co-hosts)
 */
export function listInvitations(meetingId) {
  return authorized('GET', `/meetings/${encodeURIComponent(meetingId)}/invitations`);
}

/**
 * @param {string} meetingId
 * @param {string} invitationId
 */
export async function revokeInvitation(meetingId, invitationId) {
  await authorized('DELETE', `/meetings/${encodeURIComponent(meetingId)}/invitations/${encodeURIComponent(invitationId)}`);
}

/**
 * The room-scoped token from the last guest join, for authenticating the WebSocket.
 * @param {string} meetingId
 * @returns {string|null} null when this tab has not joined that meeting as a guest
 */
export function guestToken(meetingId) {
  return guestAdmission?.meeting.id === meetingId ? guestAdmission.token : null;
}

/**
 * The meeting from the last guest join, as the join answer described it.
 * @param {string} meetingId
 * @returns {Meeting|null} null when this tab has not joined that meeting as a guest
 */
export function guestMeeting(meetingId) {
  return guestAdmission?.meeting.id === meetingId ? guestAdmission.meeting : null;
}

/**
 * A fresh access token for authenticating the WebSocket, refreshing the session first if need be.
 * The socket checks it once, when it connects.
 * @returns {Promise<string>}
 * @throws {ApiError} 401 when there is no valid session (the session-expired listeners run)
 */
export async function socketToken() {
  if (!hasFreshToken()) await renew();
  return accessToken;
}

/**
 * Calls a protected endpoint with the access token. On a 401 it refreshes once and
 * retries once; if the refresh is rejected, the session-expired listeners run.
 * @param {string} method
 * @param {string} path below /api/v1
 * @param {{body?: unknown}} [options]
 * @returns {Promise<any>} the parsed JSON body, or null for an empty response
 */
export async function authorized(method, path, options = {}) {
  if (!hasFreshToken()) await renew();
  const token = accessToken;
  try {
    return await send(method, path, { ...options, token });
  } catch (error) {
    if (error.status !== 401) throw error;
    // Another call may already have refreshed while this one was in flight.
    if (accessToken === token) await renew();
    return send(method, path, { ...options, token: accessToken });
  }
}

async function renew() {
  try {
    await refresh();
  } catch (error) {
    if (error.status === 401) expire();
    throw error;
  }
}

async function send(method, path, { body, token } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: NETWORK_MESSAGE, code: 'network_error' });
  }
  const data = await readJson(response);
  if (response.ok) return data;
  const problem = data && typeof data === 'object' ? data : {};
  throw new ApiError(response.status, problem, retryAfterSeconds(response));
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (response.status === 204 || !type.includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function retryAfterSeconds(response) {
  const header = response.headers.get('Retry-After');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function defaultDetail(status, retryAfter) {
  if (status === 0) return NETWORK_MESSAGE;
  if (status === 429) {
    return retryAfter == null
      ? 'Too many attempts. Please wait a moment and try again.'
      : `Too many attempts. Try again in ${retryAfter} seconds.`;
  }
  if (status >= 500) return 'Parley ran into a problem. Please try again in a moment.';
  return `Something went wrong (error ${status}). Please try again.`;
}

/** Stores a token response and schedules the next silent refresh. */
function adopt({ accessToken: token, expiresIn, user }) {
  accessToken = token;
  expiresAt = Date.now() + expiresIn * 1000;
  scheduleRefresh(Math.max(expiresIn - REFRESH_MARGIN_S, expiresIn / 2) * 1000);
  return user;
}

function scheduleRefresh(delayMs) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(silentRefresh, Math.min(delayMs, MAX_TIMER_MS));
}

function silentRefresh() {
  refresh().catch((error) => {
    if (error.status === 401) expire();
    else if (hasFreshToken()) scheduleRefresh(REFRESH_RETRY_MS);
    // Otherwise the next protected call refreshes (or reports) on its own.
  });
}

function hasFreshToken() {
  // A few seconds of slack for clock skew and request time.
  return accessToken !== null && Date.now() < expiresAt - 5_000;
}

function clearSession() {
  accessToken = null;
  expiresAt = 0;
  clearTimeout(refreshTimer);
}

function expire() {
  clearSession();
  for (const listener of expiryListeners) listener();
}

function withRefreshLock(task) {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request('parley-auth-refresh', task) : task();
}

/**
 * The signed-in user's direct conversations, most recent first.
 * @returns {Promise<{items: Array<{channel: string, peerId: string, peerName: string|null, lastSeq: number,
 *   lastRead: number, unread: number, lastMessageAt: string|null, lastMessage: object|null}>}>}
 */
export function listConversations() {
  return authorized('GET', '/conversations');
}

// ---- people (docs: openapi.yaml, tag "users") ----

/**
 * Searches the directory.
 * @param {string} q words of a name, or the start of an email
 * @param {{cursor?: string|null, limit?: number}} [options]
 * @returns {Promise<{items: Array<{id: string, displayName: string, contact: boolean,
 *   presence: 'online'|'in-call'|'offline', email?: string}>, nextCursor: string|null}>}
 */
export function searchPeople(q, { cursor = null, limit = 20 } = {}) {
  const query = new URLSearchParams({ q, limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return authorized('GET', `/users?${query}`);
}

/**
 * Changes one's display name or time zone.
 * @param {{displayName?: string, timeZone?: string}} changes
 * @returns {Promise<object>} the account
 * @throws {ApiError} 400 naming the field
 */
export function updateMe(changes) {
  return authorized('PATCH', '/users/me', { body: changes });
}

/**
 * Changes one's password; every other session is signed out, this one continues.
 * @param {{currentPassword: string, newPassword: string}} change
 * @throws {ApiError} 401 when the current password is wrong, 400 for a weak new one
 */
export async function changePassword(change) {
  const session = await authorized('POST', '/users/me/password', { body: change });
  return adopt(session);
}

/**
 * Deletes one's account.
 * @param {string} password
 * @throws {ApiError} 401 when the password is wrong
 */
export async function deleteMe(password) {
  await authorized('DELETE', '/users/me', { body: { password } });
  clearSession();
}

// ---- scheduling (docs: openapi.yaml, tag "scheduling") ----

/**
 * Creates an event owned by the signed-in user.
 * @param {{title: string, description?: string, startDate: string, endDate: string, timeZone: string}} draft
 *   dates as `YYYY-MM-DD` (inclusive) in `timeZone` (IANA, e.g. `Europe/Berlin`)
 * @returns {Promise<object>} the event, with its shareable `url`
 * @throws {ApiError} 400 naming the field
 */
export function createEvent(draft) {
  return authorized('POST', '/events', { body: draft });
}

/**
 * @param {{page?: number, size?: number}} [paging]
 * @returns {Promise<{items: object[], page: number, size: number, total: number}>} the user's events, newest first
 */
export function listEvents({ page = 1, size = 20 } = {}) {
  const query = new URLSearchParams({ page: String(page), size: String(size) });
  return authorized('GET', `/events?${query}`);
}

/** @returns {Promise<object>} the event; 404 when there is none */
export function getEvent(id) {
  return authorized('GET', `/events/${encodeURIComponent(id)}`);
}

/** Deletes an event (owner only), cancelling its bookings. */
export async function deleteEvent(id) {
  await authorized('DELETE', `/events/${encodeURIComponent(id)}`);
}

/**
 * Creates one slot `{start, end}` (ISO-8601 with offset) or a series
 * `{series: {dates, from, to, minutes}}` (owner only).
 * @returns {Promise<{items: object[]}>}
 * @throws {ApiError} 400 naming the field (outside the event's dates, malformed), 409 on overlap
 */
export function createTimeslots(eventId, request) {
  return authorized('POST', `/events/${encodeURIComponent(eventId)}/timeslots`, { body: request });
}

/**
 * @param {string} from ISO-8601 with offset
 * @param {string} to ISO-8601 with offset
 * @returns {Promise<{items: object[]}>} the slots as this user may see them
 */
export function listTimeslots(eventId, from, to) {
  const query = new URLSearchParams({ from, to });
  return authorized('GET', `/events/${encodeURIComponent(eventId)}/timeslots?${query}`);
}

/** Deletes a slot (owner only); a booking of it is cancelled. */
export async function deleteTimeslot(eventId, slotId) {
  await authorized('DELETE', `/events/${encodeURIComponent(eventId)}/timeslots/${encodeURIComponent(slotId)}`);
}

/**
 * Books an open slot.
 * @returns {Promise<object>} the booked slot
 * @throws {ApiError} 409 when it was booked by someone else or overlaps another booking, 403 on one's own slot
 */
export function bookTimeslot(eventId, slotId) {
  return authorized('POST', `/events/${encodeURIComponent(eventId)}/timeslots/${encodeURIComponent(slotId)}/booking`);
}

/** Cancels the user's booking of a slot. */
export async function unbookTimeslot(eventId, slotId) {
  await authorized('DELETE', `/events/${encodeURIComponent(eventId)}/timeslots/${encodeURIComponent(slotId)}/booking`);
}

/**
 * The call of a booked slot, from 10 minutes before its start until its end.
 * @returns {Promise<{meetingId: string, joinCode: string, joinUrl: string, opensAt: string, closesAt: string}>}
 * @throws {ApiError} 409 outside the window (the message names it), 404 for anyone but owner and booker
 */
export function joinTimeslot(eventId, slotId) {
  return authorized('POST', `/events/${encodeURIComponent(eventId)}/timeslots/${encodeURIComponent(slotId)}/join`);
}

/** @returns {Promise<{items: object[], page: number, size: number, total: number}>} the user's bookings by start */
export function listBookings({ page = 1, size = 20 } = {}) {
  const query = new URLSearchParams({ page: String(page), size: String(size) });
  return authorized('GET', `/bookings?${query}`);
}
