import { personName } from '../people/card.js';
import { el } from '../dom.js';
import {
  bookTimeslot, createTimeslots, deleteEvent, deleteTimeslot, getEvent, joinTimeslot, listTimeslots, socketToken,
  unbookTimeslot,
} from '../api.js';
import { connect } from '../ws.js';
import { noticeBox, userPage } from '../layout.js';
import { localTime } from './events.js';
import { seriesForm } from './event-series.js';
import {
  TIME_FORMAT, daysBetween, firstTimeOfDay, fixGridRoles, slotLabel, timeRange,
} from './event-calendar.js';

/** The calendar widget, from its WebJar (served by the gateway under /webjars). */
const FULLCALENDAR_SRC = '/webjars/fullcalendar/6.1.15/index.global.min.js';
/** The call of a booked slot opens this long before its start. */
const JOIN_EARLY_MS = 10 * 60_000;
const PUSHES = ['event.slot-created', 'event.slot-deleted', 'event.slot-booked', 'event.slot-unbooked'];

let calendarLibrary = null;

/** @returns {Promise<object>} the FullCalendar global, loading its script once */
function loadCalendarLibrary() {
  calendarLibrary ??= new Promise((resolve, reject) => {
    if (window.FullCalendar) {
      resolve(window.FullCalendar);
      return;
    }
    const script = el('script', { src: FULLCALENDAR_SRC });
    script.addEventListener('load', () => resolve(window.FullCalendar));
    script.addEventListener('error', () => {
      calendarLibrary = null;
      reject(new Error('The calendar could not be loaded. Reload the page to try again.'));
    });
    document.head.append(script);
  });
  return calendarLibrary;
}

/**
 * `#/events/<id>` (`?slot=<id>&at=<its start>` selects a slot and shows its week, as mails link it):
 * an event's week and day calendar in the viewer's local time. The owner drags to
 * create a slot, adds series, and deletes slots; anyone else books and unbooks open slots. Changes by
 * other people arrive over the WebSocket (`event.subscribe`) without a reload. A booked slot's owner
 * and booker get "Join call" from 10 minutes before its start until its end.
 * @param {{user: object, params: URLSearchParams, pathParams: {id: string}, notice?: object|null,
 *          signedOut: Function, navigate: Function, onLeave: (cleanup: () => void) => void}} context
 * @returns {DocumentFragment}
 */
export function renderEvent({ user, params, pathParams, notice, signedOut, navigate, onLeave }) {
  const eventId = pathParams.id;
  const status = el('div', { class: 'alert', role: 'alert', 'data-testid': 'calendar-error' });
  const live = el('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'calendar-live' });
  const heading = el('h1', { tabindex: -1, 'data-testid': 'event-title' }, 'Event');
  const about = el('div', { class: 'event-about' });
  const calendarEl = el('div', { class: 'calendar', 'data-testid': 'calendar' });
  const details = el('aside', { class: 'panel slot-details', 'data-testid': 'slot-details', hidden: true });
  const tools = el('div', { class: 'event-tools' });
  // The owner's tools (a series, deleting the event) come after the calendar, away from it.
  const page = userPage({ user, signedOut, className: 'event-page' },
    heading, notice ? noticeBox(notice) : null, status, live, about,
    el('div', { class: 'calendar-layout' }, calendarEl, details), tools);

  let calendar = null;
  let connection = null;
  /** Shows the selected slot and what the viewer can do with it; replaced once the calendar exists. */
  let renderDetails = () => {};
  let selectedId = params.get('slot');
  /** The booked slot whose deletion waits for a second yes, if any. */
  let confirmingDelete = null;
  let left = false;
  const windowTimer = setInterval(() => renderDetails(), 15_000);
  onLeave(() => {
    left = true;
    clearInterval(windowTimer);
    connection?.close();
    calendar?.destroy();
  });

  const fail = (error) => {
    status.textContent = error.message;
  };
  const announce = (text) => {
    live.textContent = text;
  };

  Promise.all([getEvent(eventId), loadCalendarLibrary()]).then(([event, FullCalendar]) => {
    if (left) return;
    const owner = event.mine;
    heading.textContent = event.title;
    about.replaceChildren(...[
      event.description ? el('p', {}, event.description) : null,
      el('p', {}, `${event.startDate} to ${event.endDate}, times shown in your time zone `,
        el('strong', {}, Intl.DateTimeFormat().resolvedOptions().timeZone), ` (event zone ${event.timeZone}).`),
      el('p', {}, 'Share this link: ', el('code', { 'data-testid': 'event-url' }, event.url)),
      el('p', { class: 'hint' }, owner
        ? 'Drag across the calendar to add a slot; click a slot to see or delete it.'
        : 'Click an open slot to book it; click your booking to unbook or join its call.'),
    ].filter(Boolean));
    if (owner) {
      let previews = [];
      const preview = (slots) => {
        previews.forEach((shown) => shown.remove());
        previews = slots.map((slot, index) => calendar.addEvent({ id: `preview-${index}`, start: slot.start, end: slot.end,
          title: 'New', classNames: ['slot-preview'], extendedProps: { preview: true } }));
      };
      tools.replaceChildren(seriesForm(event, fail, announce, (created) => created.forEach(upsert), preview),
        el('section', { class: 'surface danger-zone', 'aria-labelledby': 'event-danger-heading' },
          el('h2', { id: 'event-danger-heading' }, 'Delete this event'),
          el('p', { class: 'hint' }, 'Deletes every slot; bookings are cancelled and bookers get a mail.'),
          deleteEventButton(event, fail, navigate)));
    }

    // Only the event's days: as many columns as it has days (up to a week), a list on a phone.
    const days = Math.min(7, daysBetween(event.startDate, event.endDate) + 1);
    const narrow = matchMedia('(max-width: 40rem)').matches;
    let scrolledToFirst = false;
    calendar = new FullCalendar.Calendar(calendarEl, {
      views: {
        eventDays: { type: 'timeGrid', duration: { days }, buttonText: days === 1 ? 'Day' : `${days} days` },
        eventList: { type: 'list', duration: { days }, buttonText: 'List' },
      },
      initialView: narrow ? 'eventList' : 'eventDays',
      initialDate: shownFirst(params.get('at'), event),
      validRange: { start: event.startDate, end: dayAfter(event.endDate) },
      headerToolbar: { left: 'prev,next today', center: 'title', right: narrow ? 'eventList,timeGridDay' : 'eventDays,timeGridDay,eventList' },
      // Words rather than the widget's chevron icons, for screen readers.
      buttonIcons: false,
      buttonText: { prev: '‹ Previous', next: 'Next ›', today: 'Today', day: 'Day' },
      // Dates and times as the viewer's locale writes them (12 h with am/pm, or 24 h).
      locale: navigator.language,
      slotLabelFormat: TIME_FORMAT,
      eventTimeFormat: TIME_FORMAT,
      dayHeaderFormat: { weekday: 'short', day: 'numeric', month: 'numeric', omitCommas: true },
      nowIndicator: true,
      // Slots are focusable and open with Enter, not only with a click.
      eventInteractive: true,
      allDaySlot: false,
      // A fixed height that scrolls inside, opened at the first slot (or at 08:00 without any).
      contentHeight: Math.round(Math.min(Math.max(innerHeight * 0.62, 380), 720)),
      scrollTime: '08:00:00',
      eventContent: (info) => slotLabel(info.event),
      eventDidMount: (info) => {
        info.el.title = `${timeRange(info.event.start, info.event.end)} · ${info.event.title}`;
      },
      selectable: owner,
      selectMirror: true,
      selectOverlap: false,
      events: (info, success, failure) => {
        listTimeslots(eventId, info.startStr, info.endStr)
          .then(({ items }) => success(items.map(toCalendarEvent)), failure);
      },
      viewDidMount: () => fixGridRoles(calendarEl),
      datesSet: () => fixGridRoles(calendarEl),
      eventsSet: (events) => {
        fixGridRoles(calendarEl);
        renderDetails();
        if (!scrolledToFirst && events.length) {
          scrolledToFirst = true;
          calendar.scrollToTime(firstTimeOfDay(events));
        }
      },
      eventClick: (info) => {
        if (info.event.extendedProps.preview) return;
        selectedId = info.event.id;
        renderDetails();
      },
      select: (info) => {
        calendar.unselect();
        status.textContent = '';
        createTimeslots(eventId, { start: info.startStr, end: info.endStr })
          .then(({ items }) => {
            items.forEach(upsert);
            announce(`Slot added: ${localTime(items[0].start)}.`);
          }, fail);
      },
    });
    calendar.render();
    subscribe();

    function toCalendarEvent(slot) {
      const title = owner
        ? (slot.booker ? `Booked: ${slot.booker.displayName}` : 'Open')
        : (slot.mine ? 'Your booking' : (slot.status === 'booked' ? 'Booked' : 'Open'));
      const kind = slot.mine ? 'slot-mine' : (slot.status === 'booked' ? 'slot-booked' : 'slot-open');
      return { id: slot.id, start: slot.start, end: slot.end, title, classNames: [kind], extendedProps: { slot } };
    }

    function upsert(slot) {
      calendar.getEventById(slot.id)?.remove();
      calendar.addEvent(toCalendarEvent(slot));
    }

    function remove(slot) {
      calendar.getEventById(slot.id)?.remove();
      if (selectedId === slot.id) selectedId = null;
    }

    async function subscribe() {
      try {
        connection = await connect({ token: await socketToken() });
        if (left) {
          connection.close();
          return;
        }
        for (const type of PUSHES) {
          connection.on(type, (data) => {
            if (data.eventId !== eventId) return;
            for (const slot of data.slots ?? []) {
              if (type === 'event.slot-deleted') remove(slot);
              else upsert(slot);
            }
            renderDetails();
          });
        }
        await connection.request('event.subscribe', { eventId });
        calendarEl.setAttribute('data-live', 'true');
        connection.onClose(() => {
          calendarEl.removeAttribute('data-live');
          if (!left) status.textContent = 'Live updates stopped. Reload the page to see new changes.';
        });
      } catch (error) {
        status.textContent = `Live updates are off: ${error.message}`;
      }
    }

    renderDetails = () => {
      const found = selectedId ? calendar.getEventById(selectedId) : null;
      if (!found) {
        details.hidden = true;
        details.replaceChildren();
        return;
      }
      const slot = found.extendedProps.slot;
      details.hidden = false;
      details.replaceChildren(
        el('h2', {}, 'Timeslot'),
        el('p', { 'data-testid': 'slot-when' }, `${localTime(slot.start)} – ${timeRange(new Date(slot.end))}`),
        el('p', { 'data-testid': 'slot-status' }, ...[slotStatus(slot, owner)].flat()),
        el('div', { class: 'actions' }, actions(slot)));
    };
    renderDetails();

    function actions(slot) {
      const buttons = [];
      const canCall = slot.status === 'booked' && (owner || slot.mine);
      if (canCall) buttons.push(joinButton(slot));
      const deleteSlot = async () => {
        confirmingDelete = null;
        await deleteTimeslot(eventId, slot.id);
        remove(slot);
        announce('Slot deleted.');
      };
      if (owner && slot.status === 'booked' && confirmingDelete === slot.id) {
        // A booked slot is deleted only after a second, explicit yes: its booker loses the booking.
        buttons.push(el('p', { class: 'confirm-question', id: 'slot-delete-question' },
          `Delete this slot? ${slot.booker?.displayName ?? 'The booker'}’s booking is cancelled and they get a mail.`),
        action('Yes, delete it', 'slot-delete-confirm', deleteSlot, 'danger'),
        plain('Cancel', 'slot-delete-cancel', () => {
          confirmingDelete = null;
          renderDetails();
        }));
      } else if (owner && slot.status === 'booked') {
        buttons.push(plain('Delete slot', 'slot-delete', () => {
          confirmingDelete = slot.id;
          renderDetails();
          details.querySelector('[data-testid="slot-delete-cancel"]')?.focus();
        }));
      } else if (owner) {
        buttons.push(action('Delete slot', 'slot-delete', deleteSlot, 'secondary'));
      } else if (slot.mine) {
        buttons.push(action('Unbook', 'slot-unbook', async () => {
          await unbookTimeslot(eventId, slot.id);
          upsert({ ...slot, status: 'open', mine: false, booker: null });
          announce('Booking cancelled.');
        }, 'secondary'));
      } else if (slot.status === 'open') {
        buttons.push(action('Book this slot', 'slot-book', async () => {
          upsert(await bookTimeslot(eventId, slot.id));
          announce('Booked. A confirmation is on its way to your mailbox.');
        }));
      }
      return buttons;
    }

    function joinButton(slot) {
      const opensAt = new Date(slot.start).getTime() - JOIN_EARLY_MS;
      const closesAt = new Date(slot.end).getTime();
      const now = Date.now();
      if (now >= closesAt) return el('p', { class: 'hint' }, 'This call has ended.');
      if (now < opensAt) {
        return el('p', { class: 'hint', 'data-testid': 'join-later' },
          `The call opens at ${new Date(opensAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}.`);
      }
      return action('Join call', 'slot-join', async () => {
        const call = await joinTimeslot(eventId, slot.id);
        navigate(`/room/${encodeURIComponent(call.meetingId)}`);
      });
    }

    function plain(label, testId, onclick) {
      return el('button', { type: 'button', class: 'button secondary', 'data-testid': testId, onclick }, label);
    }

    function action(label, testId, run, kind = 'primary') {
      const button = el('button', { type: 'button', class: `button ${kind}`, 'data-testid': testId }, label);
      button.addEventListener('click', async () => {
        status.textContent = '';
        button.disabled = true;
        try {
          await run();
        } catch (error) {
          fail(error);
          calendar.refetchEvents();
        } finally {
          button.disabled = false;
          renderDetails();
        }
      });
      return button;
    }
  }, fail);

  return page;
}

/** @returns {string|Array} the slot's state; for the owner, the booker's name opens their card */
function slotStatus(slot, owner) {
  if (slot.status === 'open') return 'Open';
  if (owner && slot.booker?.id) return ['Booked by ', personName(slot.booker)];
  if (owner) return 'Booked by someone';
  return slot.mine ? 'Booked by you' : 'Booked';
}

/**
 * @param {string|null} at an instant from the link (`?at=`, mails carry the booked slot's start)
 * @returns {Date|string} the day to show first: the linked slot's, else {@link startOfView}
 */
function shownFirst(at, event) {
  const linked = at ? new Date(at) : null;
  return linked && !Number.isNaN(linked.getTime()) ? linked : startOfView(event);
}

/** @returns {string} the first day to show: the event's first day, or today while the event runs */
function startOfView(event) {
  const today = new Date().toISOString().slice(0, 10);
  return today > event.startDate && today <= event.endDate ? today : event.startDate;
}

function dayAfter(isoDate) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** "Delete event", which asks once more before deleting the event, its slots and their bookings. */
function deleteEventButton(event, fail, navigate) {
  const button = el('button', { type: 'button', class: 'button danger', 'data-testid': 'event-delete' }, 'Delete event');
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = 'Really delete? Bookings are cancelled and bookers mailed';
      return;
    }
    button.disabled = true;
    try {
      await deleteEvent(event.id);
      navigate('/events', { notice: { kind: 'info', text: `“${event.title}” was deleted.` } });
    } catch (error) {
      fail(error);
      button.disabled = false;
    }
  });
  return button;
}
