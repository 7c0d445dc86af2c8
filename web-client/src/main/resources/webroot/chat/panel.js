/**
 * A chat panel over its own WebSocket: a meeting's chat (`{meetingId}`) or a direct conversation
 * (`{userId}`), with history that loads as one scrolls up, live messages, typing indicators, edits
 * and deletions of one's own messages, read markers, and sends that can be retried after a failure.
 * Files attached, dropped or pasted are uploaded and shared as messages with an attachment card
 * ({@link ChatAttachments}); deleting such a message deletes the file.
 * After a dropped connection it reconnects and asks for what it missed with `chat.resume`.
 */
import { el } from '../dom.js';
import { personName } from '../people/card.js';
import { guestToken, socketToken } from '../api.js';
import { connect } from '../ws.js';
import { messageText, timeElement } from './text.js';
import { ChatAttachments } from './attachments.js';
import { fileCard } from '../files/card.js';

export const MAX_LENGTH = 4000;
const PAGE = 50;
const TYPING_EVERY_MS = 3000;
const TYPING_SHOWN_MS = 4000;
/** How long a send waits for the chat to (re)connect before it counts as failed. */
const READY_WAIT_MS = 10_000;
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10000, 20000];

/**
 * @typedef {object} ChatMessage
 * @property {string} channel
 * @property {number} seq
 * @property {string} clientMessageId
 * @property {string} senderId
 * @property {string|null} senderName
 * @property {string} text
 * @property {string} sentAt
 * @property {string|null} editedAt
 * @property {boolean} deleted
 * @property {{id: string, name: string, size: number, type: string}|null} file the file it shares
 */

/**
 * Tells the page that a chat's files changed (a file was shared or its message deleted), as a
 * `parley:files-changed` event on the document with `{channel}`, so that a list of the files can refresh.
 */
function filesChanged(channel) {
  document.dispatchEvent(new CustomEvent('parley:files-changed', { detail: { channel } }));
}

export class ChatPanel {
  /**
   * @param {{target: {meetingId: string}|{userId: string}, title?: string, testId?: string,
   *          onUnread?: (count: number) => void, newTabLinks?: boolean,
   *          onSubscribed?: (state: {channel: string, peerName?: string|null}) => void}} options
   *   `onSubscribed` hears the `chat.subscribe` answer (a direct one names the other person); `onUnread` hears how many messages arrived while the panel was hidden; `newTabLinks` opens
   *   senders' conversations in a new tab (in a call, so that following one does not leave it)
   */
  constructor({ target, title = 'Chat', testId = 'chat', onUnread = () => {}, newTabLinks = false,
    onSubscribed = () => {} }) {
    this.target = target;
    this.onSubscribed = onSubscribed;
    this.newTabLinks = newTabLinks;
    this.onUnread = onUnread;
    this.disposed = false;
    /** @type {Map<number, {message: ChatMessage, element: HTMLElement}>} shown messages by seq */
    this.messages = new Map();
    /** @type {Map<string, {text: string, element: HTMLElement}>} sends not yet stored, by client id */
    this.pending = new Map();
    this.channel = null;
    this.selfId = null;
    this.contiguous = 0;
    this.oldest = null;
    this.hasMore = false;
    this.loadingOlder = false;
    this.unread = 0;
    this.lastTypingSent = 0;
    this.typists = new Map();

    this.status = el('p', { class: 'chat-status hint', role: 'status', 'data-testid': `${testId}-status` }, 'Connecting…');
    this.olderButton = el('button', { type: 'button', class: 'button secondary chat-older', hidden: true,
      'data-testid': `${testId}-older`, onclick: () => this.loadOlder() }, 'Load older messages');
    this.list = el('ol', { class: 'chat-list', 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-testid': `${testId}-messages` });
    this.scroller = el('div', { class: 'chat-scroller', role: 'region', tabindex: 0, 'aria-label': 'Messages' }, this.olderButton, this.list);
    this.scroller.addEventListener('scroll', () => {
      if (this.scroller.scrollTop < 48) this.loadOlder();
    });
    this.typing = el('p', { class: 'chat-typing hint', 'aria-live': 'polite', 'data-testid': `${testId}-typing` });
    this.input = el('textarea', { class: 'chat-input', rows: 2, maxlength: MAX_LENGTH, 'aria-label': 'Message',
      placeholder: 'Write a message', 'data-testid': `${testId}-input` });
    this.counter = el('span', { class: 'chat-counter hint', 'aria-live': 'polite' });
    this.sendButton = el('button', { type: 'submit', class: 'button primary chat-send', 'data-testid': `${testId}-send` }, 'Send');
    this.attachments = new ChatAttachments({ target, testId, onUploaded: (file) => this.enqueue('', file) });
    this.form = el('form', { class: 'chat-form', novalidate: true }, this.attachments.element,
      this.input, el('div', { class: 'chat-form-row' }, this.attachments.button, this.counter, this.sendButton));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => this.typed());
    this.heading = el('h2', { tabindex: -1, class: 'chat-title' }, title);
    this.element = el('section', { class: 'chat-panel', 'data-testid': testId, 'aria-label': title },
      this.heading, this.status, this.scroller, this.typing, this.form);
    this.attachments.bind(this.element, this.input);
    this.typingTimer = setInterval(() => this.renderTyping(), 1000);
    this.notReady();
    this.open(0);
  }

  /** Closes the socket and stops every timer. */
  dispose() {
    this.disposed = true;
    clearInterval(this.typingTimer);
    clearTimeout(this.readTimer);
    this.connection?.close();
  }

  /** Call when the panel is shown or hidden; showing it marks everything read. */
  setVisible(visible) {
    this.visible = visible;
    if (visible) {
      this.unread = 0;
      this.onUnread(0);
      this.markRead();
    }
  }

  // ---- connection ----

  async open(attempt) {
    if (this.disposed) return;
    try {
      const token = this.target.meetingId ? guestToken(this.target.meetingId) ?? await socketToken() : await socketToken();
      const connection = await connect({ token });
      if (this.disposed) {
        connection.close();
        return;
      }
      this.connection = connection;
      this.selfId = connection.session?.user?.id ?? null;
      this.selfIsGuest = connection.session?.user?.role === 'guest';
      connection.on('chat.message', (message) => this.receive(message));
      connection.on('chat.updated', (message) => this.updated(message));
      connection.on('chat.typing', (typing) => this.someoneTyping(typing));
      connection.onClose((close) => {
        if (!close.requested && !this.disposed) this.lost(close);
      });
      if (this.channel) {
        const resumed = await connection.request('chat.resume', { channels: { [this.channel]: this.contiguous } });
        const failure = resumed.failed?.[this.channel];
        if (failure) throw Object.assign(new Error(failure.message), { code: failure.code });
      } else {
        const state = await connection.request('chat.subscribe', this.target);
        this.channel = state.channel;
        this.onSubscribed(state);
        const page = await connection.request('chat.history', { channel: this.channel, limit: PAGE });
        this.addPage(page, { initial: true });
      }
      this.status.textContent = '';
      this.status.hidden = true;
      this.element.dataset.ready = 'true';
      this.becameReady();
    } catch (error) {
      if (this.disposed) return;
      if (['not_found', 'forbidden', 'unauthorized', 'bad_request'].includes(error.code) || error.status === 401) {
        this.status.hidden = false;
        this.status.textContent = error.code === 'unauthorized' || error.status === 401
          ? 'Sign in again to use the chat.' : `The chat is not available: ${error.message}`;
        this.connection?.close();
        return;
      }
      this.retryLater(attempt);
    }
  }

  /** Until the channel is (re)joined, sends wait for {@link #whenReady}. */
  notReady() {
    this.element.dataset.ready = 'false';
    this.whenReady = new Promise((resolve) => {
      this.becameReady = resolve;
    });
  }

  lost() {
    this.notReady();
    this.status.hidden = false;
    this.status.textContent = 'Connection lost. Reconnecting…';
    for (const [clientMessageId, entry] of this.pending) {
      if (entry.element.dataset.state === 'sending') this.failed(clientMessageId, 'The connection was lost.');
    }
    this.retryLater(0);
  }

  retryLater(attempt) {
    this.status.hidden = false;
    this.status.textContent = 'Connection lost. Reconnecting…';
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
    setTimeout(() => this.open(attempt + 1), delay);
  }

  // ---- messages ----

  addPage(page, { initial = false } = {}) {
    const messages = page.messages ?? [];
    const keepBottom = initial || this.nearBottom();
    const previousHeight = this.scroller.scrollHeight;
    for (const message of messages) this.show(message);
    if (messages.length) {
      this.oldest = Math.min(this.oldest ?? Infinity, messages[0].seq);
      if (initial) this.contiguous = Math.max(this.contiguous, messages[messages.length - 1].seq);
    }
    this.hasMore = Boolean(page.hasMore);
    this.olderButton.hidden = !this.hasMore;
    this.advanceContiguous();
    if (keepBottom) this.scrollToBottom();
    else if (!initial) this.scroller.scrollTop += this.scroller.scrollHeight - previousHeight;
    if (initial) this.markRead();
  }

  async loadOlder() {
    if (!this.hasMore || this.loadingOlder || !this.connection || this.oldest == null) return;
    this.loadingOlder = true;
    this.olderButton.disabled = true;
    try {
      const page = await this.connection.request('chat.history', { channel: this.channel, before: this.oldest, limit: PAGE });
      const previousHeight = this.scroller.scrollHeight;
      for (const message of page.messages ?? []) this.show(message);
      if (page.messages?.length) this.oldest = Math.min(this.oldest, page.messages[0].seq);
      this.hasMore = Boolean(page.hasMore);
      this.olderButton.hidden = !this.hasMore;
      this.scroller.scrollTop += this.scroller.scrollHeight - previousHeight;
    } catch {
      // Scrolling up again tries again.
    } finally {
      this.loadingOlder = false;
      this.olderButton.disabled = false;
    }
  }

  /** A pushed or acknowledged message: shown once, in seq order. */
  receive(message) {
    if (!message || message.channel !== this.channel) return;
    const isNew = !this.messages.has(message.seq);
    const keepBottom = this.nearBottom() || message.senderId === this.selfId;
    if (isNew && message.file) filesChanged(message.channel);
    this.show(message);
    this.advanceContiguous();
    if (keepBottom) this.scrollToBottom();
    if (isNew && message.senderId !== this.selfId) {
      this.typists.delete(message.senderId);
      this.renderTyping();
      if (this.visible && document.visibilityState === 'visible') this.markRead();
      else this.onUnread(++this.unread);
    }
  }

  updated(message) {
    if (message?.channel !== this.channel || !this.messages.has(message.seq)) return;
    if (this.messages.get(message.seq).message.file && !message.file) filesChanged(message.channel);
    this.show(message);
  }

  show(message) {
    const pending = this.pending.get(message.clientMessageId);
    if (pending && message.senderId === this.selfId) {
      pending.element.remove();
      this.pending.delete(message.clientMessageId);
    }
    const existing = this.messages.get(message.seq);
    const element = this.messageElement(message);
    if (existing) {
      existing.element.replaceWith(element);
      this.messages.set(message.seq, { message, element });
      return;
    }
    this.messages.set(message.seq, { message, element });
    let before = null;
    for (const child of this.list.children) {
      const seq = Number(child.dataset.seq);
      if (child.dataset.state || seq > message.seq) {
        before = child;
        break;
      }
    }
    this.list.insertBefore(element, before);
  }

  advanceContiguous() {
    while (this.messages.has(this.contiguous + 1)) this.contiguous += 1;
  }

  messageElement(message) {
    const own = message.senderId === this.selfId;
    const body = message.deleted
      ? el('p', { class: 'chat-text chat-deleted' }, 'This message was deleted.')
      : el('p', { class: 'chat-text', 'data-testid': 'chat-text', hidden: !message.text }, messageText(message.text));
    const name = own ? 'You' : message.senderName || 'Someone';
    // Signed-in people open another signed-in sender's card (Message, and Call outside a call) from their name.
    const sender = !own && !message.senderGuest && !this.selfIsGuest && message.senderName
      ? el('span', { class: 'chat-sender' }, personName({ id: message.senderId, displayName: name }, { inCall: this.newTabLinks }))
      : el('span', { class: 'chat-sender' }, name);
    const meta = el('div', { class: 'chat-meta' },
      sender,
      timeElement(message.sentAt),
      message.editedAt && !message.deleted ? el('span', { class: 'chat-edited' }, '(edited)') : null);
    const item = el('li', { class: own ? 'chat-message own' : 'chat-message', 'data-seq': String(message.seq),
      'data-testid': 'chat-message' }, meta, body, message.file && !message.deleted ? fileCard(message.file, this.target) : null);
    if (own && !message.deleted) item.append(this.ownActions(message, item, body));
    return item;
  }

  ownActions(message, item, body) {
    const edit = el('button', { type: 'button', class: 'link-button', hidden: Boolean(message.file) }, 'Edit');
    const remove = el('button', { type: 'button', class: 'link-button' }, 'Delete');
    edit.addEventListener('click', () => {
      const field = el('textarea', { class: 'chat-input', rows: 2, maxlength: MAX_LENGTH, 'aria-label': 'Edit message' });
      field.value = message.text;
      const save = el('button', { type: 'button', class: 'button primary' }, 'Save');
      const cancel = el('button', { type: 'button', class: 'button secondary' }, 'Cancel');
      const editor = el('div', { class: 'chat-editor' }, field, el('div', { class: 'button-row' }, save, cancel));
      body.replaceWith(editor);
      field.focus();
      cancel.addEventListener('click', () => editor.replaceWith(body));
      save.addEventListener('click', async () => {
        try {
          const { message: changed } = await this.connection.request('chat.edit',
            { channel: this.channel, seq: message.seq, text: field.value });
          this.show(changed);
        } catch (error) {
          editor.append(el('p', { class: 'chat-error', role: 'alert' }, error.message));
        }
      });
    });
    remove.addEventListener('click', async () => {
      if (remove.dataset.confirm !== 'yes') {
        remove.dataset.confirm = 'yes';
        remove.textContent = message.file ? 'Delete the message and the file?' : 'Really delete?';
        return;
      }
      try {
        const { message: gone } = await this.connection.request('chat.delete', { channel: this.channel, seq: message.seq });
        this.show(gone);
      } catch (error) {
        item.append(el('p', { class: 'chat-error', role: 'alert' }, error.message));
      }
    });
    return el('div', { class: 'chat-actions' }, edit, remove);
  }

  // ---- sending ----

  submit() {
    const text = this.input.value;
    if (!text.trim()) return;
    if (text.length > MAX_LENGTH) {
      this.counter.textContent = `At most ${MAX_LENGTH} characters.`;
      return;
    }
    this.input.value = '';
    this.counter.textContent = '';
    this.enqueue(text, null);
  }

  /**
   * Shows a message as pending and sends it after the ones before it.
   * @param {string} text
   * @param {{id: string, name: string}|null} file an uploaded file the message shares
   */
  enqueue(text, file) {
    const clientMessageId = crypto.randomUUID();
    const element = el('li', { class: 'chat-message own pending', 'data-state': 'sending', 'data-testid': 'chat-pending' });
    this.pending.set(clientMessageId, { text, file, element });
    this.list.append(element);
    this.showPending(clientMessageId);
    // One send at a time, so that one's messages are stored (and numbered) in the order written.
    this.sending = (this.sending ?? Promise.resolve()).then(() => this.send(clientMessageId));
  }

  showPending(clientMessageId) {
    const entry = this.pending.get(clientMessageId);
    entry.element.dataset.state = 'sending';
    entry.element.replaceChildren(
      el('div', { class: 'chat-meta' }, el('span', { class: 'chat-sender' }, 'You'), el('span', { class: 'hint' }, 'Sending…')),
      el('p', { class: 'chat-text' }, entry.file ? entry.file.name : messageText(entry.text)));
    this.scrollToBottom();
  }

  /** Sends (or resends, with the same client id) a pending message; marks it failed when refused. */
  async send(clientMessageId) {
    const entry = this.pending.get(clientMessageId);
    if (!entry) return;
    this.showPending(clientMessageId);
    try {
      // A message written while the chat (re)connects goes out once it is connected.
      await Promise.race([this.whenReady, new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS))]);
      if (this.element.dataset.ready !== 'true') throw new Error('Not connected to the chat.');
      const { message } = await this.connection.request('chat.send', entry.file
        ? { channel: this.channel, clientMessageId, fileId: entry.file.id }
        : { channel: this.channel, clientMessageId, text: entry.text });
      this.receive(message);
    } catch (error) {
      this.failed(clientMessageId, error.message);
    }
  }

  failed(clientMessageId, reason) {
    const entry = this.pending.get(clientMessageId);
    if (!entry) return;
    entry.element.dataset.state = 'failed';
    const retry = el('button', { type: 'button', class: 'button secondary chat-retry', 'data-testid': 'chat-retry',
      onclick: () => this.send(clientMessageId) }, 'Retry');
    entry.element.replaceChildren(
      el('div', { class: 'chat-meta' }, el('span', { class: 'chat-sender' }, 'You')),
      el('p', { class: 'chat-text' }, entry.file ? entry.file.name : messageText(entry.text)),
      el('p', { class: 'chat-error', role: 'alert', 'data-testid': 'chat-failed' }, `Not sent. ${reason}`), retry);
  }

  // ---- typing and reading ----

  typed() {
    const length = this.input.value.length;
    this.counter.textContent = length > MAX_LENGTH - 200 ? `${length} / ${MAX_LENGTH}` : '';
    const now = Date.now();
    if (this.connection && this.channel && now - this.lastTypingSent > TYPING_EVERY_MS && length > 0) {
      this.lastTypingSent = now;
      this.connection.request('chat.typing', { channel: this.channel }).catch(() => {});
    }
  }

  someoneTyping(typing) {
    if (typing?.channel !== this.channel || typing.userId === this.selfId) return;
    this.typists.set(typing.userId, { name: typing.displayName || 'Someone', until: Date.now() + TYPING_SHOWN_MS });
    this.renderTyping();
  }

  renderTyping() {
    const now = Date.now();
    for (const [id, typist] of this.typists) if (typist.until < now) this.typists.delete(id);
    const names = [...this.typists.values()].map((t) => t.name);
    this.typing.textContent = names.length === 0 ? ''
      : names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
  }

  /** Records the read marker at once, then at most every 300 ms while messages keep arriving. */
  markRead() {
    if (!this.connection || !this.channel || !this.contiguous || this.readTimer) return;
    const send = () => {
      if (this.contiguous > (this.readSent ?? 0)) {
        this.readSent = this.contiguous;
        this.connection?.request('chat.read', { channel: this.channel, seq: this.contiguous }).catch(() => {});
      }
    };
    send();
    this.readTimer = setTimeout(() => {
      this.readTimer = 0;
      if (this.visible) send();
    }, 300);
  }

  nearBottom() {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 64;
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
