/**
 * Meeting building blocks shared by the home and meeting pages: the meeting form's fields and
 * checks, how a start time and a role read, and copying a join link.
 */
import { el } from './dom.js';
import { checkboxField, textField } from './forms.js';

/** The server's limits (see MeetingService): title and description in characters. */
export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MIN_PARTICIPANTS = 2;
export const MAX_PARTICIPANTS = 50;
export const DEFAULT_PARTICIPANTS = 8;
export const MAX_DURATION_MINUTES = 1440;

const ROLE_LABELS = { host: 'Host', 'co-host': 'Co-host', participant: 'Participant', guest: 'Guest' };

/** Weekday, date, time and zone, in the viewer's locale and time zone. */
const START_FORMAT = new Intl.DateTimeFormat(undefined, {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
  hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
});

/**
 * @param {string|null|undefined} role `host`, `co-host`, `participant` or `guest`
 * @returns {string} e.g. `"Co-host"`; empty for no role
 */
export function roleLabel(role) {
  return ROLE_LABELS[role] ?? (role ? String(role) : '');
}

/**
 * A meeting's start as a `<time>` in the viewer's time zone, or plain text when it has none.
 * @param {string|null|undefined} iso ISO-8601 instant
 * @returns {HTMLElement}
 */
export function startTime(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return el('span', { class: 'unscheduled' }, 'No start time');
  return el('time', { datetime: iso }, START_FORMAT.format(date));
}

/**
 * Turns a `datetime-local` value into ISO-8601 with the browser's offset for that date,
 * e.g. `"2030-05-01T09:30"` → `"2030-05-01T09:30:00+02:00"`.
 * @param {string} value `YYYY-MM-DDTHH:mm` (seconds optional)
 * @returns {string|null} null when the value is not a valid local date and time
 */
export function toOffsetDateTime(value) {
  const local = new Date(value); // a date-time without an offset is read as local time
  if (!value || Number.isNaN(local.getTime())) return null;
  const offsetMinutes = -local.getTimezoneOffset();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${localParts(local)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Turns an ISO-8601 instant into a `datetime-local` value in the viewer's time zone.
 * @param {string|null|undefined} iso
 * @returns {string} `YYYY-MM-DDTHH:mm`, or empty for none
 */
export function toLocalInput(iso) {
  const date = iso ? new Date(iso) : null;
  // Minutes are enough for a start; with seconds, some browsers show a seconds box.
  return date && !Number.isNaN(date.getTime()) ? localParts(date).slice(0, 16) : '';
}

function localParts(date) {
  const year = String(date.getFullYear()).padStart(4, '0');
  return `${year}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function pad(number) {
  return String(number).padStart(2, '0');
}

/**
 * The fields of a meeting form, keyed by the names the server uses in a problem's `field`.
 * @param {{idPrefix: string, meeting?: import('./api.js').Meeting, titleTestId?: string}} options
 *   `idPrefix` keeps element ids unique on the page; `meeting` fills in its values
 * @returns {Record<'title'|'description'|'scheduledStart'|'durationMinutes'|'settings.guestsAllowed'
 *   |'settings.lobby'|'settings.participantLimit', import('./forms.js').Field>}
 */
export function meetingFields({ idPrefix, meeting, titleTestId }) {
  const settings = meeting?.settings ?? {};
  const fields = {
    title: textField({ id: `${idPrefix}-title`, label: 'Title', autocomplete: 'off', value: meeting?.title,
      testId: titleTestId }),
    description: textField({ id: `${idPrefix}-description`, label: 'Description (optional)', multiline: true,
      required: false, value: meeting?.description ?? '' }),
    scheduledStart: textField({ id: `${idPrefix}-start`, label: 'Starts at (optional)', type: 'datetime-local',
      required: false, value: toLocalInput(meeting?.scheduledStart),
      hint: `In your time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone}).` }),
    durationMinutes: textField({ id: `${idPrefix}-duration`, label: 'Length in minutes (optional)', type: 'number',
      required: false, min: 1, max: MAX_DURATION_MINUTES, value: meeting?.durationMinutes ? String(meeting.durationMinutes) : '',
      hint: 'For calendar invitations; an hour when empty.' }),
    'settings.guestsAllowed': checkboxField({ id: `${idPrefix}-guests`, label: 'Allow guests',
      hint: 'People without an account can join with just a name.', checked: settings.guestsAllowed ?? true }),
    'settings.lobby': checkboxField({ id: `${idPrefix}-lobby`, label: 'Use a lobby',
      hint: 'People wait until the host lets them in.', checked: settings.lobby ?? false }),
    'settings.participantLimit': textField({ id: `${idPrefix}-limit`, label: 'Participant limit', type: 'number',
      min: MIN_PARTICIPANTS, max: MAX_PARTICIPANTS, value: String(settings.participantLimit ?? DEFAULT_PARTICIPANTS),
      hint: `${MIN_PARTICIPANTS} to ${MAX_PARTICIPANTS} people, you included.` }),
  };
  fields['settings.participantLimit'].input.step = '1';
  return fields;
}

/**
 * Client-side checks of a meeting form (a hint only; the server decides).
 * @param {ReturnType<typeof meetingFields>} fields
 * @returns {Record<string, string|null>} messages keyed like the fields; null where fine
 */
export function checkMeeting(fields) {
  const title = fields.title.input.value.trim();
  const description = fields.description.input.value.trim();
  const start = fields.scheduledStart.input;
  const limit = fields['settings.participantLimit'].input;
  const limitValue = Number(limit.value);
  const duration = fields.durationMinutes.input.value;
  const durationValue = Number(duration);
  return {
    title: !title ? 'Enter a title.'
      : [...title].length > MAX_TITLE_LENGTH ? `Keep the title to ${MAX_TITLE_LENGTH} characters.` : null,
    description: [...description].length > MAX_DESCRIPTION_LENGTH
      ? `Keep the description to ${MAX_DESCRIPTION_LENGTH} characters.` : null,
    scheduledStart: start.validity.badInput || (start.value && !toOffsetDateTime(start.value))
      ? 'Enter a complete date and time, or clear the field.' : null,
    durationMinutes: duration !== '' && (!Number.isInteger(durationValue) || durationValue < 1
      || durationValue > MAX_DURATION_MINUTES) ? `Enter a whole number of minutes from 1 to ${MAX_DURATION_MINUTES}, or clear the field.` : null,
    'settings.participantLimit': limit.value === '' || !Number.isInteger(limitValue)
      || limitValue < MIN_PARTICIPANTS || limitValue > MAX_PARTICIPANTS
      ? `Enter a whole number from ${MIN_PARTICIPANTS} to ${MAX_PARTICIPANTS}.` : null,
  };
}

/**
 * The request body for a meeting form: every field, with empty optional ones as null.
 * @param {ReturnType<typeof meetingFields>} fields
 * @returns {{title: string, description: string|null, scheduledStart: string|null, durationMinutes: number|null,
 *   settings: {guestsAllowed: boolean, lobby: boolean, participantLimit: number}}}
 */
export function meetingBody(fields) {
  return {
    title: fields.title.input.value.trim(),
    description: fields.description.input.value.trim() || null,
    scheduledStart: toOffsetDateTime(fields.scheduledStart.input.value),
    durationMinutes: fields.durationMinutes.input.value === '' ? null : Number(fields.durationMinutes.input.value),
    settings: {
      guestsAllowed: fields['settings.guestsAllowed'].input.checked,
      lobby: fields['settings.lobby'].input.checked,
      participantLimit: Number(fields['settings.participantLimit'].input.value),
    },
  };
}

/**
 * A visually hidden polite live region for short confirmations such as "Link copied".
 * @returns {{element: HTMLElement, announce: (text: string) => void}}
 */
export function liveRegion() {
  const element = el('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  return {
    element,
    announce(text) {
      // Clear first so the same message twice in a row is announced twice.
      element.textContent = '';
      setTimeout(() => {
        element.textContent = text;
      }, 50);
    },
  };
}

/**
 * The join link as text, for reading and for selecting when the clipboard is unavailable.
 * @param {string} url
 * @param {{testId?: string}} [options]
 * @returns {HTMLElement}
 */
export function joinLinkText(url, { testId } = {}) {
  return el('code', { class: 'join-url', 'data-testid': testId }, url);
}

/**
 * A "Copy link" button. It writes the link with the Clipboard API; where that is not available
 * (a plain-http address other than localhost) or refused, it selects the link text instead so the
 * user can copy it with the keyboard.
 * @param {{url: string, announce: (text: string) => void, linkText: () => HTMLElement, label?: string}} options
 *   `linkText` returns the element showing the URL, creating or revealing it if need be;
 *   `label` is extra text for screen readers, e.g. the meeting's title
 * @returns {HTMLButtonElement}
 */
export function copyLinkButton({ url, announce, linkText, label }) {
  const text = el('span', {}, 'Copy link');
  const button = el('button', { type: 'button', class: 'button secondary small', 'data-testid': 'copy-link' },
    text, label ? el('span', { class: 'visually-hidden' }, ` for ${label}`) : null);
  let resetTimer = 0;
  button.addEventListener('click', async () => {
    const copied = await writeClipboard(url) || selectAndCopy(linkText());
    if (copied) {
      announce('Link copied');
      text.textContent = 'Copied';
      clearTimeout(resetTimer);
      resetTimer = setTimeout(() => {
        text.textContent = 'Copy link';
      }, 2000);
    } else {
      announce(`The link is selected. Press ${isApple() ? 'Command' : 'Control'}+C to copy it.`);
    }
  });
  return button;
}

async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no Clipboard API here, or permission refused
  }
}

/** Selects the element's text; copies it too where the browser still allows that. */
function selectAndCopy(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

function isApple() {
  return /Mac|iPhone|iPad/.test(navigator.platform ?? '');
}
