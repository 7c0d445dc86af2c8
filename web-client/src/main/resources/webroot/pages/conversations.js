import { el } from '../dom.js';
import { listConversations } from '../api.js';
import { userPage } from '../layout.js';
import { ChatPanel } from '../chat/panel.js';
import { timeElement } from '../chat/text.js';
import { PresenceWatch, presenceBadge } from '../presence.js';

const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The signed-in user's direct conversations (`#/conversations`): each with the other person's name,
 * the last message (as text) and an unread badge; a form to start one by the other person's user id;
 * and one's own user id to give to others.
 * @param {{user: {id: string, displayName: string}, navigate: (path: string) => void,
 *          signedOut: (notice: object) => void}} context
 * @returns {DocumentFragment}
 */
export function renderConversations({ user, navigate, signedOut, onLeave, calls }) {
  const presence = new PresenceWatch(calls);
  onLeave(() => presence.dispose());
  const list = el('ul', { class: 'conversation-list', 'data-testid': 'conversation-list' });
  const state = el('p', { class: 'hint', role: 'status' }, 'Loading your conversations…');
  const peer = el('input', { id: 'conversation-peer', class: 'input', autocomplete: 'off', 'data-testid': 'conversation-peer' });
  const error = el('p', { class: 'chat-error', role: 'alert' });
  const start = el('form', { class: 'form conversation-start', novalidate: true },
    el('label', { for: 'conversation-peer' }, 'The other person’s user id'), peer, error,
    el('button', { type: 'submit', class: 'button primary', 'data-testid': 'conversation-open' }, 'Open conversation'));
  start.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = peer.value.trim();
    if (!USER_ID.test(id) || id === user.id) {
      error.textContent = id === user.id ? 'That is your own id.' : 'A user id is up to 64 letters, digits, “-” or “_”.';
      return;
    }
    navigate(`/conversations/${encodeURIComponent(id)}`);
  });
  const page = userPage({ user, signedOut, className: 'conversations-page' },
    el('p', { class: 'back' }, el('a', { href: '#/' }, 'Back to your meetings')),
    el('h1', { tabindex: -1 }, 'Conversations'),
    el('section', { class: 'surface' }, state, list),
    el('section', { class: 'surface', 'aria-labelledby': 'start-heading' },
      el('h2', { id: 'start-heading' }, 'Start a conversation'),
      el('p', { class: 'hint' }, 'Your user id is ', el('code', { 'data-testid': 'own-user-id' }, user.id ?? ''),
        '. Give it to someone so that they can write to you.'),
      start));

  listConversations().then(({ items }) => {
    state.textContent = items.length ? '' : 'No conversations yet.';
    state.hidden = items.length > 0;
    list.replaceChildren(...items.map((item) => {
      const last = item.lastMessage;
      const preview = !last ? '' : last.deleted ? 'Message deleted' : (last.text || (last.file ? `File: ${last.file.name}` : '')).slice(0, 120);
      const badge = presenceBadge();
      presence.show(item.peerId, 'offline', badge);
      return el('li', { class: 'conversation', 'data-testid': 'conversation' },
        el('a', { href: `#/conversations/${encodeURIComponent(item.peerId)}`, class: 'conversation-link' },
          el('span', { class: 'conversation-name', 'data-testid': 'conversation-name' }, item.peerName || 'Someone'),
          badge,
          item.unread > 0 ? el('span', { class: 'badge unread', 'data-testid': 'conversation-unread',
            'aria-label': `${item.unread} unread` }, String(item.unread)) : null,
          el('span', { class: 'conversation-preview hint' }, preview),
          item.lastMessageAt ? timeElement(item.lastMessageAt) : null));
    }));
    presence.watch(items.map((item) => ({ id: item.peerId })), false);
  }, (failure) => {
    state.textContent = `Could not load your conversations. ${failure.message}`;
  });
  return page;
}

/**
 * One direct conversation (`#/conversations/<userId>`, optionally `?name=<their name>`), with a Call
 * button: the call's chat is this same conversation.
 * @param {{user: object, pathParams: {userId: string}, signedOut: (notice: object) => void,
 *          onLeave: (cleanup: () => void) => void}} context
 * @returns {DocumentFragment}
 */
export function renderConversation({ user, pathParams, params, signedOut, onLeave, calls }) {
  const peerId = pathParams.userId;
  if (!USER_ID.test(peerId) || peerId === user.id) {
    return userPage({ user, signedOut },
      el('p', { class: 'back' }, el('a', { href: '#/conversations' }, 'Back to your conversations')),
      el('h1', { tabindex: -1 }, 'No such conversation'));
  }
  // The People page passes the name along, so that a conversation not yet started shows it too.
  const givenName = params?.get('name')?.slice(0, 80);
  const heading = el('h1', { tabindex: -1, 'data-testid': 'conversation-title' }, givenName || 'Conversation');
  const callError = el('p', { class: 'field-error', role: 'alert', 'data-testid': 'conversation-call-error' });
  const presence = new PresenceWatch(calls);
  onLeave(() => presence.dispose());
  const badge = presenceBadge();
  presence.show(peerId, 'offline', badge);
  presence.watch([{ id: peerId }], false);
  const callButton = el('button', { type: 'button', class: 'button primary', 'data-testid': 'conversation-call' }, 'Call');
  callButton.addEventListener('click', async () => {
    callError.textContent = '';
    callButton.disabled = true;
    try {
      await calls.callPerson({ id: peerId, displayName: heading.textContent });
    } catch (failure) {
      callError.textContent = failure.message;
    } finally {
      callButton.disabled = false;
    }
  });
  // The subscription names the other person (the server has their name from their account).
  const chat = new ChatPanel({ target: { userId: peerId }, title: 'Messages', testId: 'chat',
    onSubscribed: (state) => {
      if (state.peerName) {
        heading.textContent = state.peerName;
        document.title = `${state.peerName} · Parley`;
      }
    } });
  chat.setVisible(true);
  onLeave(() => chat.dispose());
  return userPage({ user, signedOut, className: 'conversation-page' },
    el('p', { class: 'back' }, el('a', { href: '#/conversations' }, 'Back to your conversations')),
    el('div', { class: 'conversation-header' }, heading, badge, callButton), callError, chat.element);
}
