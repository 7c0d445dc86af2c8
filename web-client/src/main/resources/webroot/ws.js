import { admitted, clientIdentity, showElsewhere } from './session.js';

/**
 * Parley WebSocket client for `/ws` (docs/websocket-protocol.md): authenticates with the first
 * frame, keeps the connection alive with `session.ping`, matches replies to requests by `id`, and
 * hands server pushes to subscribers by frame type.
 */

/** How long the server gets to answer a request before it fails with code `timeout`. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long opening the socket and authenticating may take. */
const CONNECT_TIMEOUT_MS = 10_000;
/** The close code the server uses for a refused, missing or late `auth` frame. */
export const CLOSE_UNAUTHORIZED = 4401;
const LOST_MESSAGE = 'The connection to Parley was lost.';
/** How long after the page loads a refusal by the session policy is retried (the previous page's sockets may still be closing). */
const SETTLING_MS = 5_000;
/**
 * How often a request answered `unavailable` is sent again, after the reply's `retryAfter`: the server
 * answers so when a service instance did not answer in time (say, it just crashed), and every request
 * is safe to repeat (docs/websocket-protocol.md); the retry reaches a live instance.
 */
const UNAVAILABLE_RETRIES = 2;

/**
 * A refused or failed socket request. `code` is the server's error code (`forbidden`, `conflict`,
 * `bad_request`, …), or `timeout`, `closed` or `unauthorized` for failures of the connection itself.
 */
export class SocketError extends Error {
  /**
   * @param {string} code
   * @param {string} message a sentence fit to show to the user
   */
  constructor(code, message, retryAfter = null) {
    super(message);
    this.name = 'SocketError';
    this.code = code;
    /** Seconds the server asks to wait before trying again, or null. */
    this.retryAfter = retryAfter;
  }
}

/**
 * @typedef {object} SocketClose
 * @property {number} code the WebSocket close code
 * @property {string} reason
 * @property {boolean} authFailed the server closed with 4401: the token was refused or arrived late
 * @property {boolean} requested this side closed it with {@link Connection#close}
 */

/**
 * An authenticated socket. Create it with {@link connect}.
 */
export class Connection {
  /** @param {WebSocket} socket an open socket that has not authenticated yet */
  constructor(socket) {
    this.socket = socket;
    /** @type {{connectionId: string, nodeId: string, heartbeatSeconds: number, user: object}|null} the auth reply */
    this.session = null;
    /** Server clock minus this clock, in ms, estimated from ping replies. */
    this.clockOffsetMs = 0;
    this.nextId = 1;
    this.closedByUs = false;
    this.closed = false;
    this.pending = new Map();
    this.handlers = new Map();
    this.closeHandlers = new Set();
    this.heartbeat = 0;
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', (event) => this.closedWith(event.code, event.reason));
  }

  /**
   * Sends a request and waits for its reply; an `unavailable` answer is retried after its `retryAfter`
   * ({@link UNAVAILABLE_RETRIES} times) before it fails.
   * @param {string} type e.g. `"room.join"`
   * @param {object} [data]
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<object>} the reply's `data`
   * @throws {SocketError} with the server's code and message when it refuses, `timeout`, or `closed`
   */
  async request(type, data = {}, options = {}) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce(type, data, options);
      } catch (error) {
        if (error.code !== 'unavailable' || attempt >= UNAVAILABLE_RETRIES || this.closed) throw error;
        await new Promise((resolve) => { setTimeout(resolve, Math.min(error.retryAfter ?? 1, 5) * 1000); });
      }
    }
  }

  requestOnce(type, data, { timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new SocketError('closed', LOST_MESSAGE));
    }
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SocketError('timeout', 'Parley did not answer in time. Please try again.'));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ type, id, data }));
    });
  }

  /**
   * Subscribes to a push frame type.
   * @param {string} type e.g. `"room.member-joined"`
   * @param {(data: object) => void} handler gets the frame's `data`
   * @returns {() => void} unsubscribes
   */
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(handler);
    return () => this.handlers.get(type)?.delete(handler);
  }

  /**
   * Registers a callback for when the socket closes, for whatever reason.
   * @param {(close: SocketClose) => void} handler
   * @returns {() => void} unsubscribes
   */
  onClose(handler) {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** @returns {number} the server's clock now, in epoch ms */
  serverNow() {
    return Date.now() + this.clockOffsetMs;
  }

  /** Closes the socket; pending requests fail with `closed`. */
  close() {
    this.closedByUs = true;
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(1000, 'Bye');
    }
    this.closedWith(1000, 'Bye');
  }

  /** Starts `session.ping` every `heartbeatSeconds`, which also keeps the clock offset fresh. */
  startHeartbeat() {
    const seconds = Number(this.session?.heartbeatSeconds) > 0 ? Number(this.session.heartbeatSeconds) : 20;
    const ping = async () => {
      const sentAt = Date.now();
      try {
        const { serverTime } = await this.request('session.ping');
        const receivedAt = Date.now();
        if (Number.isFinite(serverTime)) this.clockOffsetMs = serverTime - (sentAt + receivedAt) / 2;
      } catch {
        // A missed ping is not fatal; the server closes idle sockets and the close handler reports it.
      }
    };
    ping();
    this.heartbeat = setInterval(ping, seconds * 1000);
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    if (frame.type === 'reply') {
      const waiting = typeof frame.re === 'string' ? this.pending.get(frame.re) : null;
      if (!waiting) {
        if (!frame.ok) console.warn('Parley socket error', frame.error);
        return;
      }
      this.pending.delete(frame.re);
      clearTimeout(waiting.timer);
      if (frame.ok) waiting.resolve(frame.data ?? {});
      else waiting.reject(new SocketError(frame.error?.code ?? 'unknown',
        frame.error?.message ?? 'Parley refused the request.', frame.error?.retryAfter ?? null));
      return;
    }
    if (frame.type === 'session.replaced') showElsewhere('replaced');
    for (const handler of this.handlers.get(frame.type) ?? []) {
      try {
        handler(frame.data ?? {});
      } catch (error) {
        console.error(`Handling ${frame.type} failed`, error);
      }
    }
  }

  closedWith(code, reason) {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    const failure = code === CLOSE_UNAUTHORIZED
      ? new SocketError('unauthorized', 'Parley did not accept your sign-in for the live meeting.')
      : new SocketError('closed', LOST_MESSAGE);
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(failure);
    }
    this.pending.clear();
    const close = { code, reason, authFailed: code === CLOSE_UNAUTHORIZED, requested: this.closedByUs };
    for (const handler of this.closeHandlers) handler(close);
  }
}

/**
 * Opens `/ws` on this origin (wss on https) and authenticates.
 * @param {{token: string}} options an account access token or a guest room token
 * @returns {Promise<Connection>} once the server accepted the token; heartbeats are running
 * @throws {SocketError} `unauthorized` when the token is refused, `closed` or `timeout` when the
 *   server cannot be reached, `conflict` when another window holds the account's session (the
 *   "Use here" notice is then on screen)
 */
export async function connect({ token }) {
  for (let attempt = 0; ; attempt++) {
    try {
      const connection = await open({ token });
      admitted();
      return connection;
    } catch (error) {
      if (error.code !== 'conflict') throw error;
      if (performance.now() > SETTLING_MS || attempt >= 3) {
        showElsewhere('elsewhere');
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
  }
}

function open({ token }) {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  return new Promise((resolve, reject) => {
    let socket;
    try {
      socket = new WebSocket(url);
    } catch {
      reject(new SocketError('closed', "Can't reach Parley. Check your connection and try again."));
      return;
    }
    const connection = new Connection(socket);
    const timer = setTimeout(() => {
      connection.close();
      reject(new SocketError('timeout', "Can't reach Parley. Check your connection and try again."));
    }, CONNECT_TIMEOUT_MS);
    const stopWaiting = connection.onClose(({ authFailed }) => {
      clearTimeout(timer);
      reject(authFailed
        ? new SocketError('unauthorized', 'Parley did not accept your sign-in for the live meeting.')
        : new SocketError('closed', "Can't reach Parley. Check your connection and try again."));
    });
    socket.addEventListener('open', async () => {
      try {
        connection.session = await connection.request('auth', { token, ...clientIdentity() });
      } catch (error) {
        clearTimeout(timer);
        stopWaiting();
        connection.close();
        reject(error.code === 'closed' || error.code === 'unauthorized'
          ? new SocketError('unauthorized', 'Parley did not accept your sign-in for the live meeting.')
          : error);
        return;
      }
      clearTimeout(timer);
      stopWaiting();
      connection.startHeartbeat();
      resolve(connection);
    }, { once: true });
  });
}
