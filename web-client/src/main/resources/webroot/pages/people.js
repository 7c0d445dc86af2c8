import { el } from '../dom.js';
import { searchPeople } from '../api.js';
import { userPage } from '../layout.js';
import { PresenceWatch } from '../presence.js';

/** How long typing pauses before the search runs, in ms. */
const TYPING_PAUSE_MS = 250;

/**
 * The People page (`#/people`): search the directory by name or email; each person has Message and
 * Call. Presence (online, in a call, offline) is watched over this tab's socket while the results are
 * on screen and changes without a reload.
 * @param {{user: object, navigate: (path: string) => void, signedOut: (notice: object) => void,
 *          onLeave: (cleanup: () => void) => void,
 *          calls: import('../calls.js').CallCenter}} context
 * @returns {DocumentFragment}
 */
export function renderPeople({ user, navigate, signedOut, onLeave, calls }) {
  const input = el('input', { id: 'people-search', class: 'input', type: 'search', autocomplete: 'off',
    placeholder: 'Name or email', 'data-testid': 'people-search' });
  const state = el('p', { class: 'hint', role: 'status', 'data-testid': 'people-state' }, '');
  const list = el('ul', { class: 'people-list', 'data-testid': 'people-list' });
  const more = el('button', { type: 'button', class: 'button secondary', hidden: true, 'data-testid': 'people-more' }, 'More');
  const presence = new PresenceWatch(calls);
  onLeave(() => presence.dispose());

  let generation = 0;
  let cursor = null;
  let timer = 0;
  const run = async (append) => {
    const mine = ++generation;
    const q = input.value.trim();
    state.textContent = 'Searching…';
    try {
      const page = await searchPeople(q, { cursor: append ? cursor : null });
      if (mine !== generation) return;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      const rows = page.items.map((person) => row(person));
      if (append) list.append(...rows);
      else list.replaceChildren(...rows);
      state.textContent = list.children.length ? '' : q ? `Nobody found for “${q}”.` : 'Nobody else is here yet.';
      presence.watch(page.items, append);
    } catch (error) {
      if (mine === generation) state.textContent = `Could not search: ${error.message}`;
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(false), TYPING_PAUSE_MS);
  });
  more.addEventListener('click', () => run(true));

  const row = (person) => {
    const badge = el('span', { class: 'presence', 'data-testid': 'person-presence' });
    presence.show(person.id, person.presence, badge);
    const callButton = el('button', { type: 'button', class: 'button primary', 'data-testid': 'person-call' }, 'Call');
    const error = el('span', { class: 'field-error', role: 'alert' });
    callButton.addEventListener('click', async () => {
      error.textContent = '';
      callButton.disabled = true;
      try {
        await calls.callPerson(person);
      } catch (failure) {
        error.textContent = failure.message;
      } finally {
        callButton.disabled = false;
      }
    });
    return el('li', { class: 'person', 'data-testid': 'person', 'data-user-id': person.id },
      el('span', { class: 'person-name', 'data-testid': 'person-name' }, person.displayName),
      badge,
      person.email ? el('span', { class: 'hint person-email' }, person.email) : null,
      el('span', { class: 'button-row' },
        el('a', { class: 'button secondary', href: `#/conversations/${encodeURIComponent(person.id)}?name=${encodeURIComponent(person.displayName)}`,
          'data-testid': 'person-message' }, 'Message'),
        callButton),
      error);
  };

  run(false);
  return userPage({ user, signedOut, className: 'people-page' },
    el('p', { class: 'back' }, el('a', { href: '#/' }, 'Back to your meetings')),
    el('h1', { tabindex: -1 }, 'People'),
    el('section', { class: 'surface' },
      el('label', { for: 'people-search' }, 'Find someone'), input, state, list, more));
}
