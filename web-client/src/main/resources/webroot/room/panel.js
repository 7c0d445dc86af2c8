/**
 * The participants panel of a meeting room: everyone in the room with their role, raised hand,
 * microphone and camera, and for the host and co-hosts the controls per member; and the host menu
 * ({@link ParticipantsPanel#hostMenu}, opened from the control bar) with the room-wide controls: mute
 * everyone, lock, timer and end for everyone. The server decides what is allowed; a refusal is shown
 * where the control is.
 */
import { personName } from '../people/card.js';
import { el } from '../dom.js';
import { roleLabel } from '../meetings.js';
import { icon } from './icons.js';

/** Timer presets, in seconds. */
const TIMER_PRESETS = [15, 30, 45];
const MAX_TIMER_MINUTES = 1440;

/**
 * @typedef {object} HostActions each returns a promise that rejects with the server's refusal
 * @property {(participantId: string, hard: boolean) => Promise<unknown>} mute
 * @property {(participantId: string) => Promise<unknown>} stopVideo
 * @property {(participantId: string) => Promise<unknown>} remove
 * @property {(participantId: string) => Promise<unknown>} promote
 * @property {(hard: boolean) => Promise<unknown>} muteAll
 * @property {(locked: boolean) => Promise<unknown>} lock
 * @property {(on: boolean) => Promise<unknown>} lobby turns the meeting's lobby on or off
 * @property {() => Promise<unknown>} end
 * @property {(seconds: number|null) => Promise<unknown>} timer
 */

/**
 * The panel. Call {@link ParticipantsPanel#render} whenever the room changes.
 */
export class ParticipantsPanel {
  /** @param {{actions: HostActions}} options */
  constructor({ actions }) {
    this.actions = actions;
    this.confirmingRemove = null;
    this.confirmingEnd = false;
    this.state = null;
    this.heading = el('h2', { id: 'participants-heading', tabindex: -1 }, 'Participants');
    this.alert = el('div', { class: 'alert', role: 'alert', 'data-testid': 'host-error' });
    this.list = el('ul', { class: 'participant-list', 'aria-labelledby': 'participants-heading' });
    this.lobbyHeading = el('h3', { id: 'lobby-heading' }, 'Waiting to join');
    this.lobbyList = el('ul', { class: 'participant-list', 'aria-labelledby': 'lobby-heading', 'data-testid': 'lobby-list' });
    this.lobby = el('section', { class: 'lobby', hidden: true, 'data-testid': 'lobby' }, this.lobbyHeading, this.lobbyList);
    this.hostControls = el('div', { class: 'host-controls' });
    this.hostAlert = el('div', { class: 'alert', role: 'alert', 'data-testid': 'host-menu-error' });
    /** The room-wide host controls, a panel of its own that the control bar's Host button opens. */
    this.hostMenu = el('aside', {
      id: 'host-menu', class: 'room-panel host-menu', hidden: true, 'aria-labelledby': 'host-menu-heading',
      'data-testid': 'host-menu',
    }, el('h2', { id: 'host-menu-heading', tabindex: -1 }, 'Host controls'), this.hostAlert, this.hostControls);
    /** What the host controls were last built for; they are rebuilt only when it changes. */
    this.hostControlsKey = '';
    // Kept across rebuilds so that a half-typed number survives.
    this.customInput = el('input', { id: 'timer-custom', type: 'number', min: 1, max: MAX_TIMER_MINUTES, step: 1,
      inputmode: 'numeric', required: true, 'data-testid': 'timer-custom' });
    this.element = el('aside', {
      id: 'participants-panel', class: 'room-panel', hidden: true, 'aria-labelledby': 'participants-heading',
      'data-testid': 'participants-panel',
    }, this.heading, this.alert, this.lobby, this.list);
  }

  /**
   * Shows (to hosts and co-hosts) who waits in the lobby, each with Admit and Deny.
   * @param {{participantId: string, displayName: string}[]} waiting longest waiting first
   */
  setLobby(waiting) {
    this.lobby.hidden = waiting.length === 0;
    this.lobbyHeading.textContent = `Waiting to join (${waiting.length})`;
    this.lobbyList.replaceChildren(...waiting.map(({ participantId, displayName }) => {
      const name = displayName || 'Guest';
      return el('li', { class: 'participant', 'data-testid': 'lobby-entry', 'data-participant-id': participantId },
        el('div', { class: 'participant-main' }, el('span', { class: 'participant-name' }, name)),
        el('div', { class: 'button-row member-actions' },
          this.button('Admit', { testId: 'lobby-admit', participantId, screenReaderText: ` ${name}` },
            () => this.actions.admit(participantId)),
          this.button('Deny', { testId: 'lobby-deny', participantId, danger: true, screenReaderText: ` ${name}` },
            () => this.actions.deny(participantId))));
    }));
  }

  /**
   * @param {{self: import('./stage.js').Member, members: import('./stage.js').Member[], locked: boolean,
   *          timer: {deadline: number, seconds: number}|null}} state
   */
  render(state) {
    this.state = state;
    const refocus = focusKey(this.element);
    const refocusMenu = focusKey(this.hostMenu);
    const moderator = isModerator(state.self.role);
    this.heading.textContent = `Participants (${state.members.length + 1})`;
    this.list.replaceChildren(
      this.item(state.self, { self: true, moderator }),
      ...state.members.map((member) => this.item(member, { self: false, moderator })));
    const key = JSON.stringify([moderator, state.locked, state.lobbyOn, Boolean(state.timer), this.confirmingEnd]);
    if (key !== this.hostControlsKey) {
      this.hostControlsKey = key;
      this.hostControls.replaceChildren(...(moderator ? this.roomControls(state) : []));
    }
    restoreFocus(this.element, refocus);
    restoreFocus(this.hostMenu, refocusMenu);
  }

  /**
   * @param {string} message
   * @param {boolean} [inMenu] show it in the host menu rather than the participants panel
   */
  showError(message, inMenu = false) {
    (inMenu ? this.hostAlert : this.alert).textContent = message;
  }

  item(member, { self, moderator }) {
    const name = member.displayName || 'Guest';
    const mic = member.audio ? 'Microphone on' : member.forceMuted ? 'Muted by the host' : 'Microphone off';
    const item = el('li', { class: 'participant', 'data-testid': 'participant', 'data-participant-id': member.participantId },
      el('div', { class: 'participant-main' },
        el('span', { class: 'participant-name' }, self ? `${name} (you)` : this.nameOf(member, name)),
        el('span', { class: 'badge' }, roleLabel(member.role)),
        el('span', { class: 'participant-state' },
          member.handRaised ? state('hand', 'Hand raised', 'participant-hand') : null,
          state(member.audio ? 'mic' : 'micOff', mic, 'participant-mic'),
          state(member.video ? 'camera' : 'cameraOff', member.video ? 'Camera on' : 'Camera off'))));
    if (moderator && !self) item.append(this.memberControls(member));
    return item;
  }

  /** A signed-in person sees another account's name as the way to its card (Message, in a new tab). */
  nameOf(member, name) {
    const guests = member.role === 'guest' || this.state.self?.role === 'guest';
    return guests ? name : personName({ id: member.participantId, displayName: name }, { inCall: true });
  }

  memberControls(member) {
    const id = member.participantId;
    const name = member.displayName || 'Guest';
    if (this.confirmingRemove === id) {
      const guest = member.role === 'guest';
      const question = el('p', { id: `remove-question-${id}` }, guest
        ? `Remove ${name}? They can't come back from this browser, but a guest could rejoin from another browser under another name. `
          + 'Turning the lobby on lets you decide who comes in.'
        : `Remove ${name}? They can't come back to this meeting.`);
      return el('div', { class: 'confirm member-actions' }, question, el('div', { class: 'button-row' },
        this.button('Yes, remove', { testId: 'remove-confirm', participantId: id, danger: true,
          describedBy: question.id }, () => {
          this.confirmingRemove = null;
          return this.actions.remove(id);
        }),
        guest ? this.button('Remove and turn the lobby on', { testId: 'remove-confirm-lobby', participantId: id, danger: true,
          describedBy: question.id }, () => {
          this.confirmingRemove = null;
          return this.actions.removeAndHoldNewcomers(id);
        }) : null,
        this.button('Cancel', { testId: 'remove-cancel', participantId: id }, () => {
          this.confirmingRemove = null;
          this.render(this.state);
        })));
    }
    const forHidden = ` ${name}`; // "Mute" reads as "Mute Ada"
    const promotable = this.state.self.role === 'host' && member.role !== 'host' && member.role !== 'co-host';
    return el('div', { class: 'member-actions' },
      // A soft mute of a force-muted member lifts the force: it is how the host lets them speak.
      member.audio || member.forceMuted
        ? this.button(member.forceMuted ? 'Allow to unmute' : 'Mute', { testId: 'mute-participant', participantId: id,
          screenReaderText: forHidden }, () => this.actions.mute(id, false))
        : null,
      member.video
        ? this.button('Stop video', { testId: 'stop-video-participant', participantId: id, screenReaderText: forHidden },
          () => this.actions.stopVideo(id))
        : null,
      promotable
        ? this.button('Make co-host', { testId: 'promote-participant', participantId: id, screenReaderText: forHidden },
          () => this.actions.promote(id))
        : null,
      member.role === 'host'
        ? null
        : this.button('Remove', { testId: 'remove-participant', participantId: id, screenReaderText: forHidden }, () => {
          this.confirmingRemove = id;
          this.render(this.state);
          this.element.querySelector(`[data-testid="remove-cancel"][data-participant-id="${id}"]`)?.focus();
        }));
  }

  roomControls({ locked, timer, lobbyOn }) {
    const custom = this.customInput;
    const customForm = el('form', { class: 'timer-custom', novalidate: true },
      el('label', { for: 'timer-custom' }, 'Custom length in minutes'), custom,
      el('button', { type: 'submit', class: 'button secondary small', 'data-testid': 'timer-custom-start' }, 'Start'));
    customForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const minutes = Number(custom.value);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TIMER_MINUTES) {
        this.showError(`Enter a whole number of minutes from 1 to ${MAX_TIMER_MINUTES}.`, true);
        custom.focus();
        return;
      }
      this.run(() => this.actions.timer(minutes * 60), null, true);
    });
    const endSection = this.confirmingEnd
      ? el('div', { class: 'confirm' },
        el('p', { id: 'end-question' }, 'End the meeting for everyone? Nobody can rejoin it.'),
        el('div', { class: 'button-row' },
          this.button('Yes, end it', { testId: 'end-meeting-confirm', danger: true, describedBy: 'end-question' },
            () => this.actions.end()),
          this.button('Cancel', { testId: 'end-meeting-cancel' }, () => {
            this.confirmingEnd = false;
            this.render(this.state);
            this.hostMenu.querySelector('[data-testid="end-meeting"]')?.focus();
          })))
      : this.button('End meeting for everyone', { testId: 'end-meeting', danger: true }, () => {
        this.confirmingEnd = true;
        this.render(this.state);
        this.hostMenu.querySelector('[data-testid="end-meeting-cancel"]')?.focus();
      });
    const lock = this.button('Lock meeting', { testId: 'lock-room' },
      () => this.actions.lock(!locked));
    lock.setAttribute('aria-pressed', String(locked));
    lock.prepend(icon('lock'));
    // Known only to signed-in hosts (the meeting's setting); a waiting room for everyone new.
    const lobby = typeof lobbyOn === 'boolean'
      ? this.button(lobbyOn ? 'Turn the lobby off' : 'Turn the lobby on', { testId: 'lobby-toggle' },
        () => this.actions.lobby(!lobbyOn))
      : null;
    lobby?.setAttribute('aria-pressed', String(lobbyOn));
    return [
      el('h3', {}, 'Microphones'),
      el('div', { class: 'button-row' },
        this.button('Mute everyone', { testId: 'mute-all' }, () => this.actions.muteAll(false)),
        this.button('Mute everyone and keep them muted', { testId: 'mute-all-hard' }, () => this.actions.muteAll(true))),
      el('p', { class: 'hint' }, 'People kept muted cannot unmute until you allow them, or until you use '
        + '“Mute everyone” without keeping them muted.'),
      el('h3', {}, 'Joining'),
      el('div', { class: 'button-row' }, lock, lobby),
      el('p', { class: 'hint' }, locked ? 'Nobody new can join. People in the meeting can rejoin.'
        : lobbyOn ? 'Newcomers wait in the lobby until a host lets them in.' : 'Anyone with the link can join.'),
      el('h3', {}, 'Timer'),
      el('div', { class: 'button-row', role: 'group', 'aria-label': 'Start a timer of' },
        TIMER_PRESETS.map((seconds) => this.button(`${seconds} s`, { testId: `timer-${seconds}` },
          () => this.actions.timer(seconds))),
        timer ? this.button('Clear timer', { testId: 'timer-clear' }, () => this.actions.timer(null)) : null),
      customForm,
      el('h3', {}, 'End'),
      endSection,
    ];
  }

  /**
   * A small button whose action's refusal shows in the panel's alert.
   * @param {string} label
   * @param {{testId: string, participantId?: string, danger?: boolean, screenReaderText?: string,
   *          describedBy?: string}} options `screenReaderText` is extra text for screen readers, e.g. the member's name
   */
  button(label, { testId, participantId, danger = false, screenReaderText, describedBy }, action) {
    const button = el('button', {
      type: 'button', class: `button small ${danger ? 'danger' : 'secondary'}`, 'data-testid': testId,
      'data-participant-id': participantId, 'aria-describedby': describedBy,
    }, label, screenReaderText ? el('span', { class: 'visually-hidden' }, screenReaderText) : null);
    button.addEventListener('click', () => this.run(action, button, this.hostMenu.contains(button)));
    return button;
  }

  async run(action, button, inMenu = false) {
    this.showError('', inMenu);
    if (button) button.disabled = true;
    try {
      await action();
    } catch (error) {
      this.showError(error.message, inMenu);
    } finally {
      if (button?.isConnected) button.disabled = false;
    }
  }
}

/** @returns {boolean} whether the role may use host controls */
function isModerator(role) {
  return role === 'host' || role === 'co-host';
}

function state(name, label, testId) {
  return el('span', { class: 'state-icon', role: 'img', 'aria-label': label, title: label, 'data-testid': testId },
    icon(name));
}

/** Remembers which control has focus, so that a re-render can give it back. */
function focusKey(container) {
  const active = document.activeElement;
  if (!active || !container.contains(active)) return null;
  return { testId: active.dataset?.testid, participantId: active.dataset?.participantId, id: active.id };
}

function restoreFocus(container, key) {
  if (!key || container.contains(document.activeElement)) return;
  let selector = null;
  if (key.id) selector = `#${CSS.escape(key.id)}`;
  else if (key.testId) {
    selector = `[data-testid="${CSS.escape(key.testId)}"]`;
    if (key.participantId) selector += `[data-participant-id="${CSS.escape(key.participantId)}"]`;
  }
  const target = selector ? container.querySelector(selector) : null;
  (target ?? container.querySelector('h2')).focus();
}
