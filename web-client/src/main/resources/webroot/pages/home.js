import { el } from '../dom.js';
import { ApiError, createMeeting, listMeetings } from '../api.js';
import { noticeBox, userPage } from '../layout.js';
import { errorsOf, formAlert, handleSubmit, submitButton } from '../forms.js';
import {
  checkMeeting, copyLinkButton, joinLinkText, liveRegion, meetingBody, meetingFields, roleLabel, startTime,
} from '../meetings.js';
import { LiveWatcher, liveBadge } from '../live.js';
import { isJoinCode } from './join.js';

/** Meetings fetched per request. */
const PAGE_SIZE = 20;

/**
 * The signed-in home, the meetings page: a welcome; the actions (New meeting first, joining by a
 * link or code, calling someone) beside the user's meetings (live ones first, then newest first, a
 * page at a time).
 * @param {{user: {displayName: string, email: string}, notice?: {kind: 'info'|'error', text: string}|null,
 *          signedOut: (notice: object) => void}} context
 * @returns {DocumentFragment}
 */
export function renderHome({ user, notice, signedOut, calls, onLeave, navigate }) {
  const live = liveRegion();
  // "Live · N people" on each meeting, kept current by pushes while this page is open.
  const watcher = new LiveWatcher();
  onLeave?.(() => watcher.close());
  const list = meetingList(live.announce, watcher);
  const page = userPage({ user, signedOut },
    el('h1', { tabindex: -1, 'data-testid': 'welcome' }, `Welcome, ${user.displayName}`),
    el('p', { class: 'intro' }, 'Start a meeting, join one by its link, or open one of yours.'),
    notice ? noticeBox(notice) : null,
    live.element,
    el('div', { class: 'meetings' },
      el('div', { class: 'home-actions' },
        newMeetingPanel({ announce: live.announce, created: list.prepend }),
        joinPanel(navigate),
        callPanel({ user, calls })),
      list.element));
  list.load();
  return page;
}

/**
 * "Join a meeting": takes a join link (anything with `#/join/<code>` in it) or a bare join code and
 * opens its join page.
 */
function joinPanel(navigate) {
  const input = el('input', { id: 'join-any', class: 'input', autocomplete: 'off', 'data-testid': 'join-any',
    placeholder: 'Link or code', 'aria-describedby': 'join-any-hint' });
  const error = el('p', { class: 'field-error', role: 'alert', 'data-testid': 'join-any-error' });
  const form = el('form', { class: 'form inline-form', novalidate: true },
    el('label', { for: 'join-any' }, 'Meeting link or code'),
    el('div', { class: 'input-row' }, input,
      el('button', { type: 'submit', class: 'button secondary', 'data-testid': 'join-any-submit' }, 'Join')),
    error);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    const code = /#\/join\/([^/?#\s]+)/.exec(value)?.[1] ?? value;
    if (!isJoinCode(code)) {
      error.textContent = 'Paste the whole link someone sent you, or its code, such as abcd-efgh-jkmn-pqrs.';
      input.focus();
      return;
    }
    navigate(`/join/${encodeURIComponent(code)}`);
  });
  return el('section', { class: 'surface', 'aria-labelledby': 'join-any-heading' },
    el('h2', { id: 'join-any-heading' }, 'Join a meeting'),
    el('p', { class: 'hint', id: 'join-any-hint' }, 'Got a link from someone? Paste it here.'),
    form);
}

/**
 * "Call someone": rings another Parley user by their user id (shown on their home page), for a
 * two-person call without creating a meeting first.
 */
function callPanel({ user, calls }) {
  const input = el('input', { id: 'call-user-id', class: 'input', autocomplete: 'off', 'data-testid': 'call-user-id',
    'aria-describedby': 'call-user-id-hint' });
  const error = el('p', { class: 'field-error', role: 'alert', 'data-testid': 'call-error' });
  const button = el('button', { type: 'submit', class: 'button primary', 'data-testid': 'call-start' }, 'Call');
  const form = el('form', { class: 'form', novalidate: true },
    el('label', { for: 'call-user-id' }, 'Their user id'), input, error, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const userId = input.value.trim();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(userId)) {
      error.textContent = 'Enter the user id they see on their Parley home page.';
      return;
    }
    button.disabled = true;
    try {
      await calls.call(userId);
      form.reset();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  });
  return el('section', { class: 'surface call-panel', 'aria-labelledby': 'call-heading' },
    el('h2', { id: 'call-heading' }, 'Call someone'),
    el('p', { class: 'hint', id: 'call-user-id-hint' }, 'Your user id is ',
      el('code', { 'data-testid': 'call-own-id' }, user.id ?? ''), '. Give it to people who want to call you.'),
    form);
}

/**
 * The "New meeting" form: a title, with the rest behind "More options". A created meeting's link
 * is shown below the form, ready to copy.
 */
function newMeetingPanel({ announce, created }) {
  const fields = meetingFields({ idPrefix: 'new-meeting', titleTestId: 'new-meeting-title' });
  const submit = submitButton({ label: 'Create meeting', busyLabel: 'Creating…', testId: 'new-meeting-submit' });
  const alert = formAlert();
  const optional = Object.entries(fields).filter(([name]) => name !== 'title');
  const more = el('details', { class: 'more-options' },
    el('summary', {}, 'More options'),
    el('div', { class: 'more-fields' }, optional.map(([, field]) => field.element)));
  const form = el('form', { class: 'form', novalidate: true }, alert, fields.title.element, more, submit.element);
  const result = el('div', { class: 'created', tabindex: -1, hidden: true, 'data-testid': 'meeting-created' });

  // A message for a field inside the closed "More options" needs it open to be seen and focused.
  const revealIfHidden = (names) => {
    if (names.some((name) => name !== 'title' && fields[name])) more.open = true;
  };
  handleSubmit({
    form, fields, submit, alert,
    validate: () => {
      const errors = errorsOf(checkMeeting(fields));
      revealIfHidden(Object.keys(errors));
      return errors;
    },
    action: async () => {
      let meeting;
      try {
        meeting = await createMeeting(meetingBody(fields));
      } catch (error) {
        if (error instanceof ApiError && error.field) revealIfHidden([error.field]);
        throw error;
      }
      form.reset();
      more.open = false;
      showCreated(result, meeting, announce);
      created(meeting);
      result.focus();
    },
  });

  return el('section', { class: 'surface new-meeting', 'aria-labelledby': 'new-meeting-heading' },
    el('h2', { id: 'new-meeting-heading' }, 'New meeting'),
    form,
    result);
}

function showCreated(result, meeting, announce) {
  const link = joinLinkText(meeting.joinUrl, { testId: 'join-link' });
  result.replaceChildren(
    el('p', { class: 'created-title' }, el('strong', {}, `“${meeting.title}” is ready.`),
      ' Share this link with the people you are meeting:'),
    el('div', { class: 'link-row' }, link, copyLinkButton({ url: meeting.joinUrl, announce, linkText: () => link })),
    el('p', { class: 'created-open' }, el('a', { href: meetingHref(meeting) }, 'Open the meeting page')));
  result.hidden = false;
}

/**
 * "Your meetings": a list that loads a page at a time, with an empty state and "Load more".
 * @returns {{element: HTMLElement, load: () => Promise<void>, prepend: (meeting: object) => void}}
 */
function meetingList(announce, watcher) {
  const items = el('ul', { class: 'meeting-list', 'aria-labelledby': 'meetings-heading', hidden: true });
  const status = el('p', { class: 'hint list-status', role: 'status' });
  const empty = el('p', { class: 'empty', hidden: true, 'data-testid': 'meetings-empty' },
    'No meetings yet. Start one with “New meeting”, or paste a join link someone sent you.');
  const alert = el('div', { class: 'alert', role: 'alert' });
  const more = el('button', { type: 'button', class: 'button secondary', hidden: true, 'data-testid': 'meetings-more' },
    'Load more');
  const shown = new Set();
  let page = 0;
  let total = 0;
  let loading = false;

  const showState = () => {
    items.hidden = shown.size === 0;
    empty.hidden = shown.size > 0 || page === 0;
    more.hidden = page === 0 ? !alert.textContent : shown.size >= total;
    more.textContent = page === 0 ? 'Try again' : 'Load more';
    status.textContent = shown.size < total ? `Showing ${shown.size} of ${total} meetings.` : '';
  };

  const add = (meeting, { atTop = false } = {}) => {
    if (shown.has(meeting.id)) return null;
    shown.add(meeting.id);
    const item = meetingItem(meeting, announce, watcher);
    if (atTop) items.prepend(item);
    else items.append(item);
    return item;
  };

  const load = async () => {
    if (loading) return;
    loading = true;
    alert.textContent = '';
    items.setAttribute('aria-busy', 'true');
    if (page === 0) status.textContent = 'Loading your meetings…';
    else more.textContent = 'Loading…';
    try {
      const result = await listMeetings({ page: page + 1, size: PAGE_SIZE });
      page = result.page ?? page + 1;
      total = result.total ?? 0;
      const added = (result.items ?? []).map((meeting) => add(meeting)).filter(Boolean);
      watchLive((result.items ?? []).map((meeting) => meeting.id));
      // Pages shift when meetings are created meanwhile; an empty page means there is no more.
      if (!result.items?.length) total = shown.size;
      const hadFocus = document.activeElement === more;
      showState();
      // "Load more" vanishes after the last page: keep the keyboard user's place in the list.
      if (hadFocus && more.hidden && added.length) added[0].querySelector('a')?.focus();
    } catch (error) {
      alert.textContent = `Could not load your meetings. ${error.message}`;
      showState();
    } finally {
      loading = false;
      items.removeAttribute('aria-busy');
    }
  };
  more.addEventListener('click', load);
  // Live counts are a bonus: the list works without them.
  const watchLive = (ids) => watcher.watch(ids).catch(() => {});

  return {
    element: el('section', { class: 'meeting-section', 'aria-labelledby': 'meetings-heading' },
      el('h2', { id: 'meetings-heading' }, 'Your meetings'),
      alert, status, empty, items, more),
    load,
    prepend(meeting) {
      if (add(meeting, { atTop: true })) total += 1;
      watchLive([meeting.id]);
      showState();
    },
  };
}

/** One meeting in the list: title, start, role, whether its call is live, and "Copy link" and "Open". */
function meetingItem(meeting, announce, watcher) {
  const badge = liveBadge();
  let link = null;
  const item = el('li', { class: 'meeting-item', 'data-testid': 'meeting-item' });
  // A meeting whose call is live moves to the top of the list.
  watcher.add(meeting.id, {
    set: (count) => {
      badge.set(count);
      item.classList.toggle('is-live', Boolean(count));
      if (count && item.parentElement && item.parentElement.firstElementChild !== item) item.parentElement.prepend(item);
    },
  });
  // Shown only when the clipboard is unavailable, so that the link can be selected and copied.
  const linkText = () => {
    link ??= item.appendChild(joinLinkText(meeting.joinUrl));
    return link;
  };
  const role = roleLabel(meeting.role);
  item.append(
    el('div', { class: 'item-main' },
      el('h3', { class: 'item-title' }, meeting.title),
      el('p', { class: 'item-meta' },
        startTime(meeting.scheduledStart),
        role ? el('span', { class: 'badge' }, el('span', { class: 'visually-hidden' }, 'Your role: '), role) : null,
        meeting.status === 'ended' ? el('span', { class: 'badge ended' }, 'Ended') : null,
        badge.element)),
    el('div', { class: 'item-actions' },
      copyLinkButton({ url: meeting.joinUrl, announce, linkText, label: `“${meeting.title}”` }),
      el('a', { class: 'button secondary small', href: meetingHref(meeting), 'data-testid': 'meeting-open' },
        'Open', el('span', { class: 'visually-hidden' }, ` “${meeting.title}”`))));
  return item;
}

function meetingHref(meeting) {
  return `#/meetings/${encodeURIComponent(meeting.id)}`;
}
