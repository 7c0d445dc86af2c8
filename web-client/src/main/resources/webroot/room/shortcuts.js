/**
 * Keyboard shortcuts in a call, as in other meeting apps: M microphone, V camera (video), H raise or
 * lower the hand, C chat, and ? for the list of them in a dialog. They act only while focus is not
 * in a text field and no modifier key is held, so typing a chat message never triggers them.
 */
import { el } from '../dom.js';
import { icon } from './icons.js';

/** Key → what it does, in the order the help dialog lists them. */
const KEYS = [
  ['m', 'mic', 'Turn the microphone on or off'],
  ['v', 'camera', 'Turn the camera on or off'],
  ['h', 'hand', 'Raise or lower your hand'],
  ['c', 'chat', 'Show or hide the chat'],
  ['?', 'help', 'Show these shortcuts'],
];

/**
 * @param {{mic: () => void, camera: () => void, hand: () => void, chat: () => void}} actions
 * @returns {{button: HTMLButtonElement, dialog: HTMLDialogElement, dispose: () => void}} `button`
 *   opens the help dialog (for the room header); `dialog` goes into the room; `dispose` stops listening
 */
export function shortcuts(actions) {
  const close = el('button', { type: 'button', class: 'button secondary', 'data-testid': 'shortcuts-close' }, 'Close');
  const dialog = el('dialog', { class: 'shortcuts-dialog', 'aria-labelledby': 'shortcuts-heading', 'data-testid': 'shortcuts-dialog' },
    el('h2', { id: 'shortcuts-heading' }, 'Keyboard shortcuts'),
    el('dl', { class: 'shortcut-list' }, KEYS.flatMap(([key, , text]) => [
      el('dt', {}, el('kbd', {}, key.toUpperCase())), el('dd', {}, text)])),
    el('p', { class: 'hint' }, 'They work whenever you are not typing in a text field.'),
    close);
  close.addEventListener('click', () => dialog.close());
  const help = () => {
    if (!dialog.open) dialog.showModal();
  };
  const button = el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Keyboard shortcuts',
    title: 'Keyboard shortcuts (?)', 'data-testid': 'shortcuts-help', onclick: help }, icon('keyboard'));
  const handlers = { ...actions, help };
  const onKey = (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || dialog.open || typing(event.target)) return;
    const entry = KEYS.find(([key]) => key === event.key.toLowerCase());
    if (!entry) return;
    event.preventDefault();
    handlers[entry[1]]();
  };
  document.addEventListener('keydown', onKey);
  return { button, dialog, dispose: () => document.removeEventListener('keydown', onKey) };
}

/** @returns {boolean} whether keys typed there are text (inputs, text areas, editable content) */
function typing(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable || target.closest('textarea, select, [contenteditable="true"]')) return true;
  const input = target.closest('input');
  return Boolean(input) && !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file'].includes(input.type);
}
