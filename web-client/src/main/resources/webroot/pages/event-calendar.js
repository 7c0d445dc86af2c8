/**
 * The event calendar's labels and FullCalendar fixes: times in the viewer's locale, a slot's label,
 * where to scroll on opening, and the ARIA roles of FullCalendar's layout tables.
 */
import { el } from '../dom.js';

/**
 * Times as the viewer's locale writes them: "9:00 PM" where clocks have 12 hours, "21:00" and "09:00"
 * (two-digit hours) where they have 24.
 */
export const TIME_FORMAT = {
  hour: ['h23', 'h24'].includes(new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hourCycle)
    ? '2-digit' : 'numeric',
  minute: '2-digit',
};

/**
 * FullCalendar's time grid marks its nested layout tables as ARIA grids, row groups and rows that do
 * not own one another (axe: aria-required-children, aria-required-parent), which screen readers
 * cannot navigate. Without those roles the tables are plain HTML tables again; the slots stay
 * reachable as the focusable links they are.
 */
export function fixGridRoles(container) {
  const roles = '[role="grid"], [role="rowgroup"], [role="row"], [role="columnheader"], [role="rowheader"], [role="gridcell"]';
  for (const node of container.querySelectorAll(roles)) node.removeAttribute('role');
}

/** @returns {{html?: string, domNodes: Node[]}} a slot's label: start–end on one line, its title on the next */
export function slotLabel(event) {
  return { domNodes: [el('div', { class: 'slot-label' },
    el('span', { class: 'slot-time', 'data-testid': 'slot-time' }, timeRange(event.start, event.end)),
    el('span', { class: 'slot-title' }, event.title))] };
}

/** @returns {string} e.g. "9:00 PM – 9:30 PM" in en-US, "21:00 – 21:30" in de-DE */
export function timeRange(start, end) {
  const format = new Intl.DateTimeFormat(undefined, TIME_FORMAT);
  return end ? `${format.format(start)} – ${format.format(end)}` : format.format(start);
}

/** @returns {string} the earliest time of day among the events, half an hour before, as `HH:MM:00` */
export function firstTimeOfDay(events) {
  const minutes = Math.min(...events.map((event) => event.start.getHours() * 60 + event.start.getMinutes()));
  const at = Math.max(0, minutes - 30);
  return `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}:00`;
}

/** @returns {number} whole days from one ISO date to another */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
