/**
 * What Leave asks a meeting's host, as other meeting apps do: leave the call (it goes on without
 * them) or end it for everyone; Escape or Cancel keeps them in the call.
 */
import { el } from '../dom.js';

/**
 * @param {{leave: () => void, endForAll: () => Promise<unknown>}} actions `endForAll` rejects with the
 *   server's refusal, which the dialog shows
 * @returns {{dialog: HTMLDialogElement, open: () => void}}
 */
export function leaveDialog({ leave, endForAll }) {
  const error = el('p', { class: 'field-error', role: 'alert', 'data-testid': 'leave-error' });
  const leaveButton = el('button', { type: 'button', class: 'button secondary', 'data-testid': 'leave-only' }, 'Leave the call');
  const endButton = el('button', { type: 'button', class: 'button danger', 'data-testid': 'leave-end-all',
    'aria-describedby': 'leave-hint' }, 'End for everyone');
  const cancel = el('button', { type: 'button', class: 'button secondary', 'data-testid': 'leave-cancel' }, 'Cancel');
  const dialog = el('dialog', { class: 'shortcuts-dialog leave-dialog', 'aria-labelledby': 'leave-heading', 'data-testid': 'leave-dialog' },
    el('h2', { id: 'leave-heading' }, 'Leave the meeting?'),
    el('p', { class: 'hint', id: 'leave-hint' }, 'The call goes on without you if you leave. Ending it sends everyone out, and nobody can rejoin.'),
    error,
    el('div', { class: 'button-row' }, leaveButton, endButton, cancel));
  leaveButton.addEventListener('click', () => {
    dialog.close();
    leave();
  });
  endButton.addEventListener('click', async () => {
    error.textContent = '';
    endButton.disabled = true;
    try {
      await endForAll();
      dialog.close();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      endButton.disabled = false;
    }
  });
  cancel.addEventListener('click', () => dialog.close());
  return {
    dialog,
    open() {
      error.textContent = '';
      if (!dialog.open) dialog.showModal();
      leaveButton.focus();
    },
  };
}
