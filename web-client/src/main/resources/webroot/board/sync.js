/**
 * Keeps a {@link BoardModel} equal to the server's board over its own WebSocket: `board.sync` on
 * connect and again from the last applied seq after a reconnect, ops applied strictly in seq order
 * (early ones wait for the gap to fill, duplicates are ignored), own ops sent with a fresh `opId` and
 * resent with the same one after a lost connection (the server stores each once).
 */
import { connect } from '../ws.js';
import { BoardModel } from './model.js';

const RETRY_MS = [500, 1000, 2000, 4000, 8000];
/** An op that waits this long for its predecessor means a push was lost: sync again. */
const GAP_MS = 2000;

/** @returns {string} a random op id of the shape the server takes */
export function newId(prefix = 'o') {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class BoardSync {
  /**
   * @param {{meetingId: string, token: () => Promise<string>, onChange: () => void,
   *          onLive?: (live: object) => void, onStatus?: (text: string, error?: boolean) => void,
   *          onRevoked?: () => void}} options
   */
  constructor({ meetingId, token, onChange, onLive, onStatus, onRevoked }) {
    Object.assign(this, { meetingId, token, onChange, onLive, onStatus, onRevoked });
    this.model = new BoardModel();
    /** @type {Map<number, object>} ops that arrived before their predecessor */
    this.early = new Map();
    this.connection = null;
    this.disposed = false;
    this.attempt = 0;
    this.gapTimer = 0;
    /** The signed-in person: `{id, role}` from the auth reply. */
    this.self = null;
    this.host = false;
  }

  /** Connects and loads the board. */
  async start() {
    if (this.disposed) return;
    try {
      const connection = await connect({ token: await this.token() });
      if (this.disposed) { connection.close(); return; }
      this.connection = connection;
      this.self = connection.session?.user ?? null;
      connection.on('board.op', (record) => record.meetingId === this.meetingId && this.receive(record));
      connection.on('board.live', (live) => live.meetingId === this.meetingId && this.onLive?.(live));
      connection.on('board.revoked', () => { this.onRevoked?.(); this.dispose(); });
      connection.onClose((close) => { if (!close.requested && !this.disposed) this.lost(); });
      await this.sync();
      this.attempt = 0;
      this.onStatus?.('');
    } catch (error) {
      if (error?.code === 'forbidden' || error?.code === 'unauthorized') {
        this.onStatus?.(error.message, true);
        return;
      }
      this.lost();
    }
  }

  /** Asks for what this copy misses: a snapshot, or the ops after its seq. */
  async sync() {
    const reply = await this.connection.request('board.sync', { meetingId: this.meetingId, sinceSeq: this.model.seq });
    if (reply.snapshot) {
      this.model.load(reply.snapshot);
      for (const seq of [...this.early.keys()]) if (seq <= this.model.seq) this.early.delete(seq);
    }
    for (const record of reply.ops) this.receive(record, false);
    this.drain();
    this.onChange();
  }

  lost() {
    this.connection = null;
    this.onStatus?.('Connection lost. Reconnecting…', true);
    const delay = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)];
    setTimeout(() => this.start(), delay);
  }

  /** Takes a stored op (a push, a reply or a sync's op) and applies whatever is now in order. */
  receive(record, notify = true) {
    if (record.seq <= this.model.seq) return;
    this.early.set(record.seq, record);
    this.drain();
    if (this.early.size && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = 0;
        if (this.early.size && this.connection) this.sync().catch(() => {});
      }, GAP_MS);
    }
    if (notify) this.onChange();
  }

  drain() {
    let next;
    while ((next = this.early.get(this.model.seq + 1))) {
      this.early.delete(next.seq);
      this.model.apply(next);
    }
  }

  /**
   * Sends an op; resolves with its stored record once the server acknowledged it (stored).
   * @param {object} op e.g. `{kind: 'add', element}`
   * @param {string} [opId] the same id again stores nothing twice
   */
  async send(op, opId = newId()) {
    if (!this.connection) throw Object.assign(new Error('Not connected to the board.'), { code: 'closed' });
    const record = await this.connection.request('board.op', { meetingId: this.meetingId, opId, op });
    this.receive(record);
    return record;
  }

  /** Streams something ephemeral (a stroke in progress, the laser) as a notification; never stored. */
  live(data) {
    const socket = this.connection?.socket;
    if (socket?.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'board.live', data: { meetingId: this.meetingId, ...data } }));
    }
  }

  /** @returns {boolean} whether this person may draw now */
  mayDraw() {
    return this.model.mayDraw(this.host, this.self?.id);
  }

  dispose() {
    this.disposed = true;
    clearTimeout(this.gapTimer);
    this.connection?.close();
    this.connection = null;
  }
}
