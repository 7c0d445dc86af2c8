/**
 * What a pointer does on the board canvas (Pointer Events: mouse, touch and pen, with pressure when
 * the device gives it): draw with the pen or highlighter (streamed live, throttled to ~30 updates a
 * second, then committed as one `add`), lines, arrows, rectangles and ellipses, place text, erase
 * whole elements, select and move, pan, zoom with the wheel, and point with the laser. Keeps the
 * person's own undo and redo stacks; an undo is the inverse op sent through the same log.
 */
import { newId } from './sync.js';
import { bounds, hits } from './render.js';

const LIVE_EVERY_MS = 33;
const MAX_POINTS = 10_000;
const SHAPES = new Set(['line', 'arrow', 'rect', 'ellipse']);

export class BoardTools {
  /**
   * @param {{canvas: HTMLCanvasElement, sync: import('./sync.js').BoardSync, redraw: () => void,
   *          options: () => {tool: string, style: object, page: string}, askText: (point) => void,
   *          onError: (error: Error) => void}} deps
   */
  constructor(deps) {
    Object.assign(this, deps);
    this.view = { x: 0, y: 0, scale: 1 };
    /** The shape being drawn (board coordinates), or null. */
    this.draft = null;
    this.selected = null;
    this.moving = null;
    this.undoStack = [];
    this.redoStack = [];
    this.lastLive = 0;
    const { canvas } = deps;
    canvas.addEventListener('pointerdown', (event) => this.down(event));
    canvas.addEventListener('pointermove', (event) => this.move(event));
    canvas.addEventListener('pointerup', (event) => this.up(event));
    canvas.addEventListener('pointercancel', () => { this.draft = null; this.moving = null; this.redraw(); });
    canvas.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
  }

  /** @returns {{x: number, y: number, p: number}} the event's point in board coordinates */
  point(event) {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: round((event.clientX - rect.left) / this.view.scale + this.view.x),
      y: round((event.clientY - rect.top) / this.view.scale + this.view.y),
      p: event.pointerType === 'pen' && event.pressure > 0 ? round(event.pressure) : 0.5,
    };
  }

  down(event) {
    const { tool, style, page } = this.options();
    const at = this.point(event);
    this.canvas.setPointerCapture?.(event.pointerId);
    if (tool === 'pan' || event.button === 1) {
      this.draft = { pan: true, from: { x: event.clientX, y: event.clientY }, view: { ...this.view } };
    } else if (tool === 'pen' || tool === 'highlighter') {
      this.draft = { id: newId('e'), type: tool === 'pen' ? 'stroke' : 'highlighter', page, x: at.x, y: at.y, style, points: [0, 0, at.p] };
    } else if (SHAPES.has(tool)) {
      this.draft = { id: newId('e'), type: tool, page, x: at.x, y: at.y, style, from: at, to: at };
    } else if (tool === 'text') {
      this.askText(at);
    } else if (tool === 'eraser') {
      this.draft = { erasing: new Set() };
      this.erase(at);
    } else if (tool === 'select') {
      this.selected = this.topmost(at);
      if (this.selected) this.moving = { from: at, dx: 0, dy: 0 };
      this.redraw();
    }
  }

  move(event) {
    const { tool, page } = this.options();
    const at = this.point(event);
    if (tool === 'laser') {
      const now = performance.now();
      if (now - this.lastLive >= LIVE_EVERY_MS) { this.lastLive = now; this.sync.live({ kind: 'laser', page, x: at.x, y: at.y }); }
      return;
    }
    const draft = this.draft;
    if (this.moving) {
      this.moving.dx = at.x - this.moving.from.x;
      this.moving.dy = at.y - this.moving.from.y;
      this.redraw();
    } else if (draft?.pan) {
      this.view.x = draft.view.x - (event.clientX - draft.from.x) / this.view.scale;
      this.view.y = draft.view.y - (event.clientY - draft.from.y) / this.view.scale;
      this.redraw();
    } else if (draft?.erasing) {
      this.erase(at);
    } else if (draft?.points && draft.points.length < MAX_POINTS * 3) {
      draft.points.push(round(at.x - draft.x), round(at.y - draft.y), at.p);
      const now = performance.now();
      if (now - this.lastLive >= LIVE_EVERY_MS) {
        this.lastLive = now;
        this.sync.live({ kind: 'stroke', id: draft.id, page: draft.page, tool: draft.type, style: draft.style, points: draft.points });
      }
      this.redraw();
    } else if (draft?.from) {
      draft.to = at;
      this.redraw();
    }
  }

  up() {
    const draft = this.draft;
    this.draft = null;
    if (this.moving && this.selected) {
      const { dx, dy } = this.moving;
      this.moving = null;
      if (dx || dy) this.commit({ kind: 'update', id: this.selected.id, set: { x: round(this.selected.x + dx), y: round(this.selected.y + dy) } });
    } else if (draft?.points) {
      this.sync.live({ kind: 'end', id: draft.id });
      this.commit({ kind: 'add', element: element(draft) });
    } else if (draft?.from) {
      const shape = shapeOf(draft);
      if (shape) this.commit({ kind: 'add', element: shape });
    }
    this.redraw();
  }

  wheel(event) {
    event.preventDefault();
    const before = this.point(event);
    const factor = Math.exp(-event.deltaY * 0.0015);
    this.view.scale = Math.min(8, Math.max(0.1, this.view.scale * factor));
    const after = this.point(event);
    this.view.x += before.x - after.x;
    this.view.y += before.y - after.y;
    this.redraw();
  }

  /** @returns {object|null} the topmost element of the page under the point */
  topmost(at) {
    const elements = this.sync.model.elementsOf(this.options().page);
    for (let i = elements.length - 1; i >= 0; i--) if (hits(elements[i], at.x, at.y, 4 / this.view.scale)) return elements[i];
    return null;
  }

  erase(at) {
    const target = this.topmost(at);
    if (target && !this.draft.erasing.has(target.id)) {
      this.draft.erasing.add(target.id);
      this.commit({ kind: 'delete', id: target.id });
    }
  }

  /** Deletes the selected element. */
  deleteSelected() {
    if (this.selected && this.sync.model.elements.has(this.selected.id)) this.commit({ kind: 'delete', id: this.selected.id });
    this.selected = null;
  }

  /** Sends an op and remembers its inverse for undo. */
  commit(op, { history = true } = {}) {
    const inverse = inverseOf(this.sync.model, op);
    const sent = this.sync.send(op).then(() => {
      if (history && inverse) { this.undoStack.push({ op, inverse }); this.redoStack = []; }
    }).catch((error) => this.onError(error));
    this.redraw();
    return sent;
  }

  undo() {
    const last = this.undoStack.pop();
    if (!last) return;
    const redo = inverseOf(this.sync.model, last.inverse) ?? last.op;
    this.sync.send(last.inverse).then(() => this.redoStack.push({ op: redo, inverse: last.inverse }))
      .catch((error) => this.onError(error));
  }

  redo() {
    const next = this.redoStack.pop();
    if (!next) return;
    const inverse = inverseOf(this.sync.model, next.op);
    this.sync.send(next.op).then(() => this.undoStack.push({ op: next.op, inverse })).catch((error) => this.onError(error));
  }

  /** Draws what is in progress, in board coordinates. */
  drawOverlay(ctx, drawElement) {
    if (this.draft?.points) drawElement(ctx, element(this.draft));
    if (this.draft?.from) { const shape = shapeOf(this.draft); if (shape) drawElement(ctx, shape); }
    if (this.selected && this.sync.model.elements.has(this.selected.id)) {
      const current = this.sync.model.elements.get(this.selected.id);
      this.selected = current;
      const b = bounds(current);
      const dx = this.moving?.dx ?? 0;
      const dy = this.moving?.dy ?? 0;
      if (dx || dy) drawElement(ctx, { ...current, x: current.x + dx, y: current.y + dy });
      ctx.save();
      ctx.setLineDash([6 / this.view.scale, 4 / this.view.scale]);
      ctx.strokeStyle = '#1971c2';
      ctx.lineWidth = 1 / this.view.scale;
      ctx.strokeRect(b.x + dx - 4, b.y + dy - 4, b.w + 8, b.h + 8);
      ctx.restore();
    }
  }
}

function round(n) {
  return Math.round(n * 100) / 100;
}

function element(draft) {
  const { id, type, page, x, y, style, points } = draft;
  return { id, type, page, x, y, style, points: [...points] };
}

/** @returns {object|null} the element a shape drag makes, or null for a click without a drag */
function shapeOf({ id, type, page, style, from, to }) {
  if (Math.abs(to.x - from.x) < 2 && Math.abs(to.y - from.y) < 2) return null;
  if (type === 'line' || type === 'arrow') {
    return { id, type, page, x: from.x, y: from.y, style, points: [0, 0, round(to.x - from.x), round(to.y - from.y)] };
  }
  return { id, type, page, x: Math.min(from.x, to.x), y: Math.min(from.y, to.y), w: round(Math.abs(to.x - from.x)), h: round(Math.abs(to.y - from.y)), style };
}

/** @returns {object|null} the op that undoes `op` on the board as it is now */
export function inverseOf(model, op) {
  if (op.kind === 'add') return { kind: 'delete', id: op.element.id };
  const current = model.elements.get(op.id);
  if (!current) return null;
  if (op.kind === 'delete') {
    const { author, z, ...element } = structuredClone(current);
    return { kind: 'add', element };
  }
  if (op.kind === 'update') {
    const set = {};
    for (const key of Object.keys(op.set)) set[key] = structuredClone(current[key]);
    return { kind: 'update', id: op.id, set };
  }
  return null;
}
