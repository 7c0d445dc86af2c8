/**
 * The whiteboard model: the board as of one seq, changed only by applying stored ops in seq order
 * with exactly the rules of the server's `BoardState` (docs/websocket-protocol.md, "Whiteboard"), so
 * that every client that applied the same ops holds the same board. Plain data; no DOM.
 */

const HOST_KINDS = new Set(['clear', 'page.delete', 'page.switch', 'settings']);
const MAX_PAGES = 50;

export class BoardModel {
  constructor() {
    this.reset();
  }

  /** Empties the board: one page `p1`, everyone draws. */
  reset() {
    this.seq = 0;
    /** @type {Map<string, string>} page id → name, in order */
    this.pages = new Map([['p1', 'Page 1']]);
    this.currentPage = 'p1';
    this.draw = 'everyone';
    this.pens = [];
    /** @type {Map<string, object>} element id → element (with `author` and `z`) */
    this.elements = new Map();
  }

  /** Replaces the board with a snapshot (`state` of `board.sync`). */
  load(state) {
    this.reset();
    this.seq = state.seq;
    this.pages = new Map(state.pages.map((page) => [page.id, page.name]));
    this.currentPage = state.currentPage;
    this.draw = state.draw;
    this.pens = [...(state.pens ?? [])];
    for (const element of state.elements) this.elements.set(element.id, structuredClone(element));
  }

  /** @returns {boolean} whether someone may draw now */
  mayDraw(host, participantId) {
    return host || this.draw === 'everyone' || (this.draw === 'named' && this.pens.includes(participantId));
  }

  /**
   * Applies one stored op record (`{seq, authorId, authorHost, op}`); records at or below the
   * current seq change nothing.
   * @returns {boolean} whether it was applied (its seq was the next)
   */
  apply(record) {
    if (record.seq <= this.seq) return false;
    this.seq = record.seq;
    const { op } = record;
    const host = Boolean(record.authorHost);
    if (HOST_KINDS.has(op.kind) ? !host : !this.mayDraw(host, record.authorId)) return true;
    switch (op.kind) {
      case 'add': {
        const element = op.element;
        if (!this.elements.has(element.id) && this.pages.has(element.page)) {
          this.elements.set(element.id, { ...structuredClone(element), author: record.authorId, z: record.seq });
        }
        break;
      }
      case 'update': {
        const element = this.elements.get(op.id);
        if (element) Object.assign(element, structuredClone(op.set));
        break;
      }
      case 'delete': this.elements.delete(op.id); break;
      case 'clear': this.removePage(op.page, false); break;
      case 'page.add':
        if (this.pages.size < MAX_PAGES && !this.pages.has(op.page.id)) this.pages.set(op.page.id, op.page.name);
        break;
      case 'page.delete':
        if (this.pages.size > 1 && this.pages.has(op.page)) this.removePage(op.page, true);
        break;
      case 'page.switch': if (this.pages.has(op.page)) this.currentPage = op.page; break;
      case 'settings': this.draw = op.draw; this.pens = [...(op.pens ?? [])]; break;
      default: break;
    }
    return true;
  }

  removePage(pageId, page) {
    for (const [id, element] of this.elements) if (element.page === pageId) this.elements.delete(id);
    if (page) {
      this.pages.delete(pageId);
      if (pageId === this.currentPage) [this.currentPage] = this.pages.keys();
    }
  }

  /** @returns {object[]} the elements of a page, bottom first (by z, then id) */
  elementsOf(pageId) {
    return [...this.elements.values()].filter((e) => e.page === pageId)
      .sort((a, b) => a.z - b.z || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** @returns {string} the board as canonical JSON (keys sorted), for comparing copies */
  serialize() {
    const elements = [...this.elements.values()].sort((a, b) => a.z - b.z || (a.id < b.id ? -1 : 1));
    return canonical({
      seq: this.seq, pages: [...this.pages], currentPage: this.currentPage, draw: this.draw, pens: this.pens, elements,
    });
  }
}

/** JSON with object keys sorted and numbers as JSON writes them, so equal boards give equal text. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
