import { el } from '../dom.js';
import { getMeeting, guestMeeting, guestToken, socketToken } from '../api.js';
import { guestPage } from '../layout.js';
import { connect, SocketError } from '../ws.js';
import { LocalMedia } from '../room/media.js';
import { prejoinScreen } from '../room/prejoin.js';
import { Call } from '../room/call.js';

/** Meeting ids as the server makes them; anything else cannot name a meeting. */
const MEETING_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The end screens: heading, explanation and test id, by the reason the call ended. */
const ENDINGS = {
  left: {
    title: 'You left the meeting', text: 'You can rejoin while the meeting is still on.', testId: 'left-screen', rejoin: true,
  },
  removed: {
    title: 'You were removed from the meeting', text: 'The host removed you. You cannot rejoin this meeting.',
    testId: 'removed-screen',
  },
  ended: { title: 'The meeting has ended', text: 'The host ended the meeting for everyone.', testId: 'ended-screen' },
  replaced: {
    title: 'You joined from another tab or device', text: 'This tab left the call because you joined it somewhere else.',
    testId: 'replaced-screen', rejoin: true,
  },
  lost: {
    title: 'You lost the connection to the meeting', text: "Parley couldn't reconnect you. Check your connection and rejoin.",
    testId: 'lost-screen', rejoin: true,
  },
  auth: { title: 'Please join again', text: 'Your sign-in for this meeting is no longer valid.', testId: 'auth-screen' },
  refused: { title: 'You are no longer in the meeting', text: '', testId: 'refused-screen' },
};

/**
 * The meeting room (`#/room/<meetingId>`): the pre-join screen, then the call, then an end screen.
 * Signed-in members use their account; guests use the room token from joining by link in this tab
 * (app.js sends signed-out visitors without one to the join page).
 * @param {{user: {displayName: string}|null, pathParams: {id: string}, params: URLSearchParams,
 *          navigate: (path: string, options?: object) => void, onLeave: (cleanup: () => void) => void}} context
 * @returns {HTMLElement}
 */
export function renderRoom({ user, pathParams, params, navigate, onLeave }) {
  const meetingId = pathParams.id;
  const home = user ? { href: '#/', label: 'Back to your meetings' } : { href: '#/', label: 'Go to Parley' };
  if (!MEETING_ID.test(meetingId)) {
    return guestPage({ title: 'Meeting not found' },
      el('div', { class: 'alert', role: 'alert' }, 'This meeting link is incomplete or mistyped.'),
      el('p', { class: 'switch' }, el('a', { href: home.href }, home.label)));
  }
  const roomPath = `/room/${encodeURIComponent(meetingId)}${params.toString() ? `?${params}` : ''}`;
  const back = user ? { href: `#/meetings/${encodeURIComponent(meetingId)}`, label: 'Back to the meeting page' } : home;
  const container = el('div', { class: 'room-page' });
  const media = new LocalMedia();
  let call = null;
  let prejoin = null;
  let left = false;
  onLeave(() => {
    left = true;
    prejoin?.dispose();
    if (call) call.dispose();
    else media.stop();
  });

  const token = () => (user ? socketToken() : Promise.resolve(guestToken(meetingId)));
  /**
   * Opens a socket and takes this participant's place in the room back with `session.resume`.
   * @param {string} resumeToken
   * @param {(connection: import('../ws.js').Connection) => void} [opened] sees the socket before it asks
   * @throws {import('../ws.js').SocketError} the room's refusal (`not_found` when the place is gone)
   */
  const resume = async (resumeToken, opened) => {
    const connection = await connect({ token: await token() });
    try {
      opened?.(connection);
      const reply = await connection.request('session.resume', { rooms: { [meetingId]: resumeToken } });
      const answer = reply.rooms?.[meetingId];
      if (!answer?.ok) throw new SocketError(answer?.error?.code ?? 'not_found', answer?.error?.message ?? 'Your place is gone.');
      return { connection, joined: answer.data };
    } catch (error) {
      connection.close();
      throw error;
    }
  };
  /**
   * Opens a socket and enters the room; the socket is closed again when the room refuses. With the
   * meeting's lobby on, waits (saying so) until a host lets this person in, then joins again.
   * @throws {SocketError} the room's refusal; `forbidden` when a host turned this person away
   */
  const enter = async () => {
    const connection = await connect({ token: await token() });
    try {
      let joined = await connection.request('room.join', { meetingId });
      if (joined.waiting) {
        prejoin?.setWaiting('Waiting for the host to let you in…');
        try {
          await admission(connection);
        } finally {
          prejoin?.setWaiting(null);
        }
        joined = await connection.request('room.join', { meetingId });
      }
      return { connection, joined };
    } catch (error) {
      connection.close();
      throw error;
    }
  };
  /** @returns {Promise<void>} once admitted; rejects when denied or when the socket closes */
  const admission = (connection) => new Promise((resolve, reject) => {
    const stops = [];
    const done = (settle) => (data) => {
      if (data?.meetingId && data.meetingId !== meetingId) return;
      stops.forEach((stop) => stop());
      settle();
    };
    stops.push(connection.on('room.admitted', done(resolve)));
    stops.push(connection.on('room.denied', done(() => reject(new SocketError('forbidden',
      'The host did not let you in to this meeting.')))));
    stops.push(connection.onClose(done(() => reject(new SocketError('closed', 'The connection to Parley was lost.')))));
  });

  const showEnd = (end) => {
    const ending = ENDINGS[end.reason] ?? ENDINGS.refused;
    const text = end.reason === 'refused' ? end.message : ending.text;
    const guestAuth = end.reason === 'auth' && !user;
    const page = guestPage({ title: ending.title },
      el('p', { class: 'intro', 'data-testid': 'end-message' }, guestAuth
        ? `${text} Open the meeting's join link again to come back.` : text),
      el('div', { class: 'button-row end-actions' },
        ending.rejoin
          ? el('button', { type: 'button', class: 'button primary', 'data-testid': 'rejoin',
            onclick: () => navigate(roomPath) }, 'Rejoin')
          : null,
        el('a', { class: 'button secondary', href: home.href, 'data-testid': 'end-home' }, home.label)));
    page.setAttribute('data-testid', ending.testId);
    container.replaceChildren(page);
    page.querySelector('h1').focus();
    document.title = `${ending.title} · Parley`;
  };

  const join = async () => {
    prejoin.setBusy(true);
    prejoin.showError(null);
    let entered;
    try {
      entered = await enter();
    } catch (error) {
      if (left) return;
      prejoin.setBusy(false);
      prejoin.showError(joinFailure(error));
      return;
    }
    if (left) {
      entered.connection.close();
      return;
    }
    prejoin.dispose();
    prejoin = null;
    call = new Call({
      meetingId,
      title: meetingTitle,
      connection: entered.connection,
      joined: entered.joined,
      media,
      rejoin: enter,
      resume,
      finished: showEnd,
      chatWith: user && /^[A-Za-z0-9_-]{1,64}$/.test(params.get('with') ?? '') ? params.get('with') : null,
    });
    container.replaceChildren(call.element);
    document.title = `${meetingTitle} · Parley`;
    call.focus();
  };

  let meetingTitle = guestMeeting(meetingId)?.title ?? 'Meeting';
  prejoin = prejoinScreen({ media, join, back });
  prejoin.setTitle(meetingTitle);
  container.append(prejoin.element);
  if (user) {
    getMeeting(meetingId).then((meeting) => {
      meetingTitle = meeting.title;
      prejoin?.setTitle(meeting.title);
      if (meeting.status === 'ended') {
        prejoin?.setBlocked(true);
        prejoin?.showError('This meeting has ended.');
      }
    }, (error) => {
      if (error.status === 404 || error.status === 400) {
        prejoin?.setBlocked(true);
        prejoin?.showError("This meeting doesn't exist or you're not a member. Open its join link to join it.");
      }
    });
  }
  return container;
}

/** @returns {string} why entering the room failed, as the server said it where it did */
function joinFailure(error) {
  if (error.status === 401) return 'Your session has ended. Please sign in again.';
  if (error.code === 'unauthorized') {
    return 'Parley did not accept your sign-in for this meeting. Open the join link again.';
  }
  return error.message || 'Could not join the meeting. Please try again.';
}
