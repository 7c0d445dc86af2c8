import { el } from '../dom.js';

/** What a card's Call asks of the page's call center (app.js listens): `detail` is the person. */
export const CALL_PERSON_EVENT = 'parley:call-person';

let cards = 0;

/**
 * A person's name as a button that opens their card: the name with Message and Call (issue 14, "a
 * person's name anywhere opens their card"). For accounts only (a guest has no conversation to open
 * and cannot be called), shown to signed-in people. One card at a time, as a modal dialog: Escape or
 * Close closes it and focus returns to the name.
 * @param {{id: string, displayName: string}} person
 * @param {{inCall?: boolean}} [options] in a call, Message opens in a new tab (following it must not
 *   leave the call) and Call is not offered (one call at a time)
 * @returns {HTMLButtonElement}
 */
export function personName(person, { inCall = false } = {}) {
  const button = el('button', { type: 'button', class: 'link-button person-card-open', 'aria-haspopup': 'dialog',
    'data-testid': 'person-card-open', 'data-user-id': person.id, title: `${person.displayName}: message or call` },
  person.displayName);
  button.addEventListener('click', () => openCard(person, button, inCall));
  return button;
}

function openCard(person, opener, inCall) {
  document.querySelector('dialog.person-card')?.close();
  const headingId = `person-card-${++cards}`;
  const conversation = `#/conversations/${encodeURIComponent(person.id)}?name=${encodeURIComponent(person.displayName)}`;
  const message = el('a', { class: 'button secondary', href: conversation, 'data-testid': 'person-card-message',
    target: inCall ? '_blank' : null, rel: inCall ? 'noopener' : null }, 'Message');
  const call = inCall ? null
    : el('button', { type: 'button', class: 'button primary', 'data-testid': 'person-card-call' }, 'Call');
  const close = el('button', { type: 'button', class: 'button secondary', 'data-testid': 'person-card-close' }, 'Close');
  const dialog = el('dialog', { class: 'person-card', 'aria-labelledby': headingId, 'data-testid': 'person-card' },
    el('h2', { id: headingId }, person.displayName),
    el('div', { class: 'button-row' }, message, call, close));
  message.addEventListener('click', () => dialog.close());
  close.addEventListener('click', () => dialog.close());
  call?.addEventListener('click', () => {
    dialog.close();
    window.dispatchEvent(new CustomEvent(CALL_PERSON_EVENT, { detail: { id: person.id, displayName: person.displayName } }));
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
}
