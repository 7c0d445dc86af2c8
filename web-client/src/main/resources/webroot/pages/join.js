import { el } from '../dom.js';
import { getJoinLinkLive, joinMeeting, joinMeetingAsGuest } from '../api.js';
import { guestPage } from '../layout.js';
import { errorsOf, formAlert, handleSubmit, submitButton, textField } from '../forms.js';
import { withNext } from '../nav.js';
import { LiveWatcher, liveBadge, pollJoinLink } from '../live.js';

/** What a join code in a link may look like (the server normalises case and dashes). */
const JOIN_CODE = /^[A-Za-z0-9-]{1,32}$/;
const MAX_NAME_LENGTH = 80;

/**
 * @param {string} code
 * @returns {boolean} whether it may be a join code (the server decides whether it is one)
 */
export function isJoinCode(code) {
  return JOIN_CODE.test(code);
}

/**
 * The page a join link opens (`#/join/<joinCode>`), for everyone: a signed-in user joins with one
 * button; a signed-out visitor joins as a guest under a name, or signs in and comes back here.
 * Once admitted, both go on to the meeting room (`#/room/<meetingId>`); a guest's room link carries
 * the join code, so that a guest who reloads the room is sent back here. A browser that joined as a
 * guest before (its guest-pass cookie) goes straight back in under the name it had, without being
 * asked; one whose guest was removed is told so, and no name gets it back in.
 * @param {{user: {displayName: string}|null, pathParams: {code: string},
 *          notice?: {kind: 'info'|'error', text: string}|null, navigate: (path: string) => void}} context
 * @returns {HTMLElement}
 */
export function renderJoin({ user, pathParams, notice, navigate, onLeave }) {
  const code = pathParams.code.trim();
  if (!JOIN_CODE.test(code)) {
    return guestPage({ title: 'Join meeting', notice },
      el('div', { class: 'alert', role: 'alert', 'data-testid': 'form-error' },
        'This join link is incomplete or mistyped. Ask for the link again and open it in full.'),
      el('p', { class: 'switch' }, el('a', { href: '#/' }, user ? 'Back to your meetings' : 'Go to Parley')));
  }

  const fields = user ? {} : {
    displayName: textField({ id: 'join-name', label: 'Your name', autocomplete: 'name', testId: 'join-name',
      hint: 'Shown to the other people in the meeting.' }),
  };
  const submit = submitButton({ label: user ? 'Join meeting' : 'Join as guest', busyLabel: 'Joining…',
    testId: 'join-submit' });
  const alert = formAlert();
  const form = el('form', { class: 'form', novalidate: true }, alert, fields.displayName?.element, submit.element);
  const aside = user
    ? el('p', { class: 'switch' }, el('a', { href: '#/' }, 'Back to your meetings'))
    : el('p', { class: 'switch' }, 'Have a Parley account? ',
      el('a', { href: withNext('/signin', `#/join/${code}`), 'data-testid': 'join-signin' }, 'Sign in instead'));
  const page = guestPage({
    title: 'Join meeting',
    intro: user
      ? `You're joining as ${user.displayName}.`
      : 'Join with just your name, no account needed.',
    notice,
  }, el('p', { class: 'join-code' }, 'Meeting link code: ', el('code', {}, code)), liveCount(user, code, onLeave), form, aside);

  if (!user) welcomeBack(code, fields.displayName, form, alert);

  handleSubmit({
    form, fields, submit, alert,
    validate: () => (user ? {} : errorsOf({ displayName: checkName(fields.displayName.input.value) })),
    action: async () => {
      const { meeting } = user
        ? await joinMeeting(code)
        : await joinMeetingAsGuest(code, fields.displayName.input.value.trim());
      const room = `/room/${encodeURIComponent(meeting.id)}`;
      navigate(user ? room : `${room}?code=${encodeURIComponent(code)}`);
    },
  });
  return page;
}

/** Asks whether this browser was a guest of the meeting before; rejoins as that guest, or says they were removed. */
async function welcomeBack(code, nameField, form, alert) {
  let guest;
  try {
    ({ guest } = await getJoinLinkLive(code));
  } catch {
    return; // an unknown link or a network hiccup: the form says what matters when it is sent
  }
  if (!guest || !form.isConnected) return;
  if (guest.removed) {
    form.replaceWith(el('div', { class: 'alert', role: 'alert', 'data-testid': 'join-removed' },
      'You were removed from this meeting. Ask the host if you think this was a mistake.'));
    return;
  }
  nameField.input.value = guest.displayName;
  alert.textContent = '';
  form.requestSubmit();
}

/**
 * "Live · N people" when the call is live: pushed for signed-in visitors, asked every few seconds for
 * others (they have no socket). A count only: who is there stays with the meeting's members.
 */
function liveCount(user, code, onLeave) {
  const badge = liveBadge();
  if (user) {
    const watcher = new LiveWatcher();
    onLeave?.(() => watcher.close());
    watcher.watchJoinCode(code, badge).catch(() => {});
  } else {
    onLeave?.(pollJoinLink(code, badge));
  }
  return el('p', { class: 'join-live' }, badge.element);
}

function checkName(value) {
  const name = value.trim();
  if (!name) return 'Enter your name.';
  if ([...name].length > MAX_NAME_LENGTH) return `Keep your name to ${MAX_NAME_LENGTH} characters.`;
  return null;
}
