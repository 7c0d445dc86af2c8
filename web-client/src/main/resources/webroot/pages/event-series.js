/**
 * The event owner's "Add a series" form (`#/events/<id>`): a date range within the event's days,
 * weekday toggles, a time range and a slot length; it creates back-to-back slots on each chosen day,
 * previewed on the calendar as the owner fills it in.
 */
import { el } from '../dom.js';
import { createTimeslots } from '../api.js';

/** Weekdays as `Date#getUTCDay` numbers, Monday first, for the series form's toggles. */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

/**
 * The owner's form for many slots at once, in the event's time zone: a date range (date pickers
 * within the event's days), weekday toggles, a time range and a slot length.
 */
/**
 * @param {(slots: {start: Date, end: Date}[]) => void} preview shows the slots the form would create
 *   (none once they are created)
 */
export function seriesForm(event, fail, announce, created, preview = () => {}) {
  const dateInput = (id, value) => el('input', { id, name: id, type: 'date', min: event.startDate, max: event.endDate,
    value, required: true, 'data-testid': id });
  const first = dateInput('series-first', event.startDate);
  const last = dateInput('series-last', event.endDate);
  const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
  const toggles = WEEKDAYS.map((weekday) => {
    // 2024-01-01 was a Monday.
    const label = dayName.format(new Date(Date.UTC(2024, 0, weekday === 0 ? 7 : weekday)));
    const box = el('input', { type: 'checkbox', checked: true, value: String(weekday), 'data-testid': `series-weekday-${weekday}` });
    return { weekday, box, element: el('label', { class: 'weekday-toggle' }, box, el('span', {}, label)) };
  });
  const from = el('input', { id: 'series-from', name: 'series-from', type: 'time', value: '09:00', 'data-testid': 'series-from' });
  const to = el('input', { id: 'series-to', name: 'series-to', type: 'time', value: '12:00', 'data-testid': 'series-to' });
  const minutes = el('input', { id: 'series-minutes', name: 'series-minutes', type: 'number', min: 5, max: 480, value: 30,
    'data-testid': 'series-minutes' });
  const submit = el('button', { type: 'submit', class: 'button primary', 'data-testid': 'series-submit' }, 'Add slots');
  const form = el('form', { class: 'series-form surface', novalidate: true },
    el('h2', {}, 'Add a series'),
    el('p', { class: 'hint' }, `Back-to-back slots on each chosen day, in ${event.timeZone} time.`),
    el('div', { class: 'series-times' },
      el('label', { for: 'series-first' }, 'From'), first,
      el('label', { for: 'series-last' }, 'until'), last),
    el('fieldset', { class: 'weekday-toggles' }, el('legend', {}, 'On'), toggles.map((toggle) => toggle.element)),
    el('div', { class: 'series-times' },
      el('label', { for: 'series-from' }, 'From'), from,
      el('label', { for: 'series-to' }, 'until'), to,
      el('label', { for: 'series-minutes' }, 'Minutes each'), minutes),
    submit);
  const chosenDates = () => {
    const weekdays = new Set(toggles.filter((toggle) => toggle.box.checked).map((toggle) => toggle.weekday));
    return datesBetween(first.value, last.value).filter((date) => weekdays.has(new Date(`${date}T00:00:00Z`).getUTCDay()));
  };
  form.addEventListener('input', () => preview(seriesSlots(chosenDates(), from.value, to.value,
    Number.parseInt(minutes.value, 10), event.timeZone)));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const dates = chosenDates();
    if (!dates.length) {
      fail(new Error('Choose a date range and at least one weekday within the event.'));
      return;
    }
    submit.disabled = true;
    try {
      const { items } = await createTimeslots(event.id, {
        series: { dates, from: from.value, to: to.value, minutes: Number.parseInt(minutes.value, 10) },
      });
      preview([]);
      created(items);
      announce(`${items.length} slots added.`);
    } catch (error) {
      fail(error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** @returns {string[]} every ISO date from `first` to `last`, both included (none when either is empty) */
function datesBetween(first, last) {
  const dates = [];
  if (!first || !last) return dates;
  for (let day = new Date(`${first}T00:00:00Z`); day.toISOString().slice(0, 10) <= last && dates.length < 366;
    day.setUTCDate(day.getUTCDate() + 1)) {
    dates.push(day.toISOString().slice(0, 10));
  }
  return dates;
}

/**
 * The slots a series makes, as the server makes them: back to back from `from`, each `minutes` long,
 * the last ending by `to`, on each date, in the event's time zone.
 * @returns {{start: Date, end: Date}[]} at most 500
 */
function seriesSlots(dates, from, to, minutes, zone) {
  const slots = [];
  const [fromMinutes, toMinutes] = [from, to].map((time) => {
    const [hours, mins] = String(time).split(':').map(Number);
    return hours * 60 + mins;
  });
  if (!Number.isInteger(minutes) || minutes < 5 || !(toMinutes > fromMinutes)) return slots;
  for (const date of dates) {
    for (let at = fromMinutes; at + minutes <= toMinutes && slots.length < 500; at += minutes) {
      slots.push({ start: zonedInstant(date, at, zone), end: zonedInstant(date, at + minutes, zone) });
    }
  }
  return slots;
}

/** @returns {Date} the instant when the wall clock in `zone` shows `date` at `minutes` past midnight */
function zonedInstant(date, minutes, zone) {
  const [year, month, day] = date.split('-').map(Number);
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  }).formatToParts(new Date(wall)).map((part) => [part.type, Number(part.value)]));
  const shown = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return new Date(wall - (shown - wall));
}
