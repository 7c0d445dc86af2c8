/**
 * The controls bar of a meeting room: microphone, camera, screen share, raise hand, participants,
 * chat, whiteboard, the host menu (hosts and co-hosts) and leave. Toggles are buttons with `aria-pressed`; their labels stay the same.
 */
import { el } from '../dom.js';
import { icon } from './icons.js';

/**
 * @typedef {object} ControlActions
 * @property {() => void} mic
 * @property {() => void} camera
 * @property {() => void} screen
 * @property {() => void} hand
 * @property {() => void} participants
 * @property {() => void} host shows or hides the host menu (hosts and co-hosts only)
 * @property {() => void} [chat] shows or hides the chat panel
 * @property {() => void} [board] shows or hides the whiteboard
 * @property {() => void} leave
 */

/**
 * @typedef {object} ControlState
 * @property {boolean} micOn
 * @property {boolean} hasMic
 * @property {boolean} forceMuted the host keeps this participant muted
 * @property {boolean} cameraOn
 * @property {boolean} hasCamera
 * @property {boolean} sharing
 * @property {boolean} canShare the browser can capture a screen
 * @property {boolean} handRaised
 * @property {boolean} panelOpen
 * @property {boolean} moderator host or co-host: the Host button shows
 * @property {boolean} hostMenuOpen
 * @property {number} count people in the room, this participant included
 */

/**
 * The bar. Call {@link ControlsBar#update} whenever the state changes.
 */
export class ControlsBar {
  /** @param {{actions: ControlActions}} options */
  constructor({ actions }) {
    this.mic = toggle('Microphone', 'toggle-mic', actions.mic, 'mic', 'device');
    this.camera = toggle('Camera', 'toggle-camera', actions.camera, 'camera', 'device');
    this.screen = toggle('Share screen', 'share-screen', actions.screen, 'screen');
    this.hand = toggle('Raise hand', 'raise-hand', actions.hand, 'hand');
    this.count = el('span', { class: 'count', 'data-testid': 'participant-count' });
    this.participants = el('button', {
      type: 'button', class: 'control', 'aria-expanded': 'false', 'aria-controls': 'participants-panel',
      'data-testid': 'participants-toggle', onclick: actions.participants,
    }, icon('people'), el('span', { class: 'control-label' }, 'Participants'), this.count);
    this.host = el('button', {
      type: 'button', class: 'control', 'aria-expanded': 'false', 'aria-controls': 'host-menu', hidden: true,
      'data-testid': 'host-menu-toggle', onclick: actions.host,
    }, icon('shield'), el('span', { class: 'control-label' }, 'Host'));
    this.chatCount = el('span', { class: 'count', hidden: true, 'data-testid': 'chat-unread' });
    this.chat = el('button', {
      type: 'button', class: 'control', 'aria-expanded': 'false', 'aria-controls': 'chat-panel',
      'data-testid': 'chat-toggle', onclick: actions.chat,
    }, icon('chat'), el('span', { class: 'control-label' }, 'Chat'), this.chatCount);
    this.board = el('button', {
      type: 'button', class: 'control feature', 'aria-pressed': 'false', 'data-testid': 'board-toggle', onclick: actions.board,
    }, icon('screen'), el('span', { class: 'control-label' }, 'Whiteboard'));
    this.leave = el('button', { type: 'button', class: 'control leave', 'data-testid': 'leave-room', onclick: actions.leave },
      icon('leave'), el('span', { class: 'control-label' }, 'Leave'));
    /** A note under the bar, e.g. why the microphone cannot be turned on. */
    this.note = el('p', { class: 'controls-note', role: 'status', 'data-testid': 'mic-note' });
    this.element = el('div', { class: 'controls' },
      el('div', { class: 'control-row', role: 'toolbar', 'aria-label': 'Call controls' },
        this.mic.element, this.camera.element, this.screen.element, this.hand.element, this.participants,
        actions.chat ? this.chat : null, actions.board ? this.board : null, this.host, this.leave),
      this.note);
  }

  /**
   * @param {{open: boolean, unread: number}} chat whether the chat panel is shown, and messages that
   *   arrived while it was hidden
   */
  setChat({ open, unread }) {
    this.chat.setAttribute('aria-expanded', String(open));
    this.chatCount.hidden = !unread;
    this.chatCount.textContent = unread ? String(unread) : '';
  }

  /** @param {ControlState} state */
  update(state) {
    this.mic.set(state.micOn, state.micOn ? 'mic' : 'micOff', !state.hasMic || state.forceMuted);
    this.camera.set(state.cameraOn, state.cameraOn ? 'camera' : 'cameraOff', !state.hasCamera);
    this.screen.set(state.sharing, 'screen', !state.canShare);
    this.hand.set(state.handRaised, 'hand', false);
    this.participants.setAttribute('aria-expanded', String(state.panelOpen));
    this.host.hidden = !state.moderator;
    this.host.setAttribute('aria-expanded', String(Boolean(state.hostMenuOpen)));
    this.count.textContent = String(state.count);
    this.note.textContent = state.forceMuted ? 'The host muted everyone. You can unmute when the host allows it.'
      : !state.hasMic ? 'No microphone: others cannot hear you.' : '';
  }
}

/**
 * A toggle button with an icon that shows its state. A `device` toggle (microphone, camera) looks
 * alarming when off; the others stand out when on.
 */
function toggle(label, testId, onclick, iconName, kind = 'feature') {
  const element = el('button', {
    type: 'button', class: `control ${kind}`, 'aria-pressed': 'false', 'data-testid': testId, onclick,
  }, icon(iconName), el('span', { class: 'control-label' }, label));
  return {
    element,
    set(pressed, name, disabled) {
      element.setAttribute('aria-pressed', String(pressed));
      element.firstChild.replaceWith(icon(name));
      element.disabled = disabled;
    },
  };
}
