import { el } from '../dom.js';
import { createEvent, listBookings, listEvents } from '../api.js';
import { noticeBox, userPage } from '../layout.js';
import { formAlert, handleSubmit, submitButton, textField } from '../forms.js';

/** @returns {string} the viewer's IANA time zone, e.g. `Europe/Berlin` */
export function localZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** @returns {string} a date as `YYYY-MM-DD` in local time */
function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Formats an instant in the viewer's local time, e.g. "Tue 24 Mar, 10:00".
 * @param {string} iso ISO-8601 instant
 */
export function localTime(iso) {
  return new Date(iso).toLocaleString(undefined, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
  });
}

/**
 * `#/events`: the user's events (newest first) with a form for a new one, and the user's bookings.
 * @param {{user: object, notice?: object|null, signedOut: Function, navigate: Function}} context
 * @returns {DocumentFragment}
 */
export function renderEvents({ user, notice, signedOut, navigate }) {
  const list = el('ul', { class: 'event-list', 'data-testid': 'event-list' });
  const bookings = el('ul', { class: 'event-list', 'data-testid': 'booking-list' });
  const page = userPage({ user, signedOut },
    el('h1', { tabindex: -1 }, 'Scheduling'),
    el('p', { class: 'intro' }, 'Publish when you are free; others book a slot and you meet on a call. ',
      el('a', { href: '#/' }, 'Back to meetings')),
    notice ? noticeBox(notice) : null,
    el('div', { class: 'meetings' },
      newEventPanel(navigate),
      el('section', { class: 'panel' }, el('h2', {}, 'Your events'), list),
      el('section', { class: 'panel' }, el('h2', {}, 'Your bookings'), bookings)));
  listEvents({ page: 1, size: 50 }).then(({ items }) => {
    list.replaceChildren(...(items.length ? items.map((event) => el('li', {},
      el('a', { href: `#/events/${encodeURIComponent(event.id)}`, 'data-testid': 'event-link' }, event.title),
      ` ${event.startDate} – ${event.endDate} (${event.timeZone})`)) : [el('li', {}, 'No events yet.')]));
  }, (error) => list.replaceChildren(el('li', { class: 'alert' }, error.message)));
  listBookings({ page: 1, size: 50 }).then(({ items }) => {
    bookings.replaceChildren(...(items.length ? items.map((slot) => el('li', {},
      el('a', { href: `#/events/${encodeURIComponent(slot.eventId)}?slot=${encodeURIComponent(slot.id)}` },
        slot.eventTitle ?? 'Event'), ` ${localTime(slot.start)}`)) : [el('li', {}, 'No bookings yet.')]));
  }, (error) => bookings.replaceChildren(el('li', { class: 'alert' }, error.message)));
  return page;
}

function newEventPanel(navigate) {
  const today = new Date();
  const inAWeek = new Date(today.getTime() + 7 * 86_400_000);
  const fields = {
    title: textField({ id: 'event-title', label: 'Title', testId: 'event-title' }),
    description: textField({ id: 'event-description', label: 'Description', required: false, multiline: true,
      testId: 'event-description' }),
    startDate: textField({ id: 'event-start', label: 'First day', type: 'date', value: isoDate(today), testId: 'event-start' }),
    endDate: textField({ id: 'event-end', label: 'Last day', type: 'date', value: isoDate(inAWeek), testId: 'event-end' }),
    timeZone: textField({ id: 'event-zone', label: 'Time zone', value: localZone(), testId: 'event-zone',
      hint: 'Slot series follow this zone’s clock, also across daylight-saving changes.' }),
  };
  const submit = submitButton({ label: 'Create event', busyLabel: 'Creating…', testId: 'event-submit' });
  const alert = formAlert();
  const form = el('form', { class: 'form', novalidate: true }, alert,
    Object.values(fields).map((field) => field.element), submit.element);
  handleSubmit({
    form, fields, submit, alert,
    validate: () => (fields.title.input.value.trim() ? {} : { title: 'Enter a title.' }),
    action: async () => {
      const event = await createEvent({
        title: fields.title.input.value,
        description: fields.description.input.value,
        startDate: fields.startDate.input.value,
        endDate: fields.endDate.input.value,
        timeZone: fields.timeZone.input.value.trim(),
      });
      navigate(`/events/${encodeURIComponent(event.id)}`);
    },
  });
  return el('section', { class: 'panel' }, el('h2', {}, 'New event'), form);
}
