/**
 * The whiteboard beside the call: a toolbar (tools, colours, widths, fill, undo/redo, pages, plot,
 * export), the canvas and, for hosts, who may draw. Everyone sees the host's current page unless
 * they browse to another. Keyboard: P pen, H highlighter, L line, A arrow, R rectangle, O ellipse,
 * T text, E eraser, V select, M pan, K laser, Ctrl+Z / Ctrl+Shift+Z undo / redo, Delete.
 */
import { el } from '../dom.js';
import { BoardSync, newId } from './sync.js';
import { BoardTools } from './tools.js';
import { drawElement, renderPage } from './render.js';
import { plotForm } from './plotform.js';
import { pageSvg } from './export.js';

export const COLORS = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5', '#0c8599', '#868e96', '#fcc419', '#ffffff'];
const TOOLS = [['pen', 'Pen', 'p'], ['highlighter', 'Highlighter', 'h'], ['line', 'Line', 'l'], ['arrow', 'Arrow', 'a'],
  ['rect', 'Rectangle', 'r'], ['ellipse', 'Ellipse', 'o'], ['text', 'Text', 't'], ['eraser', 'Eraser', 'e'],
  ['select', 'Select and move', 'v'], ['pan', 'Pan', 'm'], ['laser', 'Laser pointer', 'k']];

export class BoardPanel {
  /**
   * @param {{meetingId: string, token: () => Promise<string>, host: boolean, readOnly?: boolean,
   *          people?: () => {participantId: string, displayName: string}[]}} options `people`: who is in
   *   the call, for the host's "give the pen" list
   */
  constructor({ meetingId, token, host, readOnly = false, people = () => [] }) {
    this.people = people;
    this.tool = readOnly ? 'pan' : 'pen';
    this.color = COLORS[0];
    this.width = 4;
    this.fill = 'none';
    this.browsing = null;
    this.live = new Map();
    this.lasers = new Map();
    this.status = el('p', { class: 'board-status', role: 'status', 'data-testid': 'board-status' });
    this.canvas = el('canvas', { class: 'board-canvas', 'data-testid': 'board-canvas', 'aria-label': 'Whiteboard', tabindex: 0 });
    this.ctx = this.canvas.getContext('2d');
    this.sync = new BoardSync({
      meetingId, token, onChange: () => this.changed(), onLive: (live) => this.onLive(live),
      onStatus: (text, error) => { this.status.textContent = text; this.status.classList.toggle('error', Boolean(error)); },
      onRevoked: () => { this.status.textContent = 'You no longer have access to this board.'; },
    });
    this.sync.host = host;
    this.tools = new BoardTools({
      canvas: this.canvas, sync: this.sync, redraw: () => this.draw(),
      options: () => ({ tool: this.tool, page: this.page(), style: { color: this.color, width: this.width, fill: this.fill } }),
      askText: (at) => this.askText(at), onError: (error) => this.error(error),
    });
    this.pageSelect = el('select', { 'aria-label': 'Page', 'data-testid': 'board-page', onchange: () => this.choosePage() });
    this.element = el('section', { class: 'board-panel', 'data-testid': 'board', 'aria-label': 'Whiteboard' },
      readOnly ? this.viewerBar() : this.toolbar(host), this.status,
      el('div', { class: 'board-surface' }, this.canvas));
    this.element.addEventListener('keydown', (event) => this.key(event));
    /** For tests and tools that compare copies: the model and its sync on the panel's element. */
    Object.assign(this.element, {
      boardModel: this.sync.model,
      boardSync: this.sync,
      /** Draws the current page at scale 1 from the board's origin onto a canvas (export, comparison). */
      boardRender: (canvas) => renderPage(canvas.getContext('2d'), this.sync.model, this.page(), { x: 0, y: 0, scale: 1 }),
    });
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(this.canvas);
  }

  toolbar(host) {
    this.toolButtons = TOOLS.map(([tool, label, key]) => el('button', {
      type: 'button', class: 'board-tool', title: `${label} (${key.toUpperCase()})`, 'aria-pressed': String(tool === this.tool),
      'data-tool': tool, 'data-testid': `board-tool-${tool}`, onclick: () => this.choose(tool),
    }, label));
    const swatches = COLORS.map((color) => el('button', {
      type: 'button', class: 'board-swatch', style: `background:${color}`, title: color, 'aria-label': `Colour ${color}`,
      'aria-pressed': String(color === this.color), 'data-testid': `board-color-${color.slice(1)}`,
      onclick: (event) => { this.color = color; swatches.forEach((s) => s.setAttribute('aria-pressed', String(s === event.currentTarget))); },
    }));
    const width = el('select', { 'aria-label': 'Width', 'data-testid': 'board-width', onchange: (e) => { this.width = Number(e.target.value); } },
      ...[1, 2, 4, 8, 16, 32].map((w) => el('option', { value: w, selected: w === this.width }, `${w}px`)));
    const fill = el('select', { 'aria-label': 'Fill', 'data-testid': 'board-fill', onchange: (e) => { this.fill = e.target.value; } },
      el('option', { value: 'none' }, 'No fill'), el('option', { value: 'light' }, 'Light fill'), el('option', { value: 'solid' }, 'Solid fill'));
    this.plot = plotForm({ color: () => this.color, place: (fields) => this.placePlot(fields) });
    const draw = host ? el('select', {
      'aria-label': 'Who may draw', 'data-testid': 'board-draw-mode',
      onchange: (e) => this.tools.commit({ kind: 'settings', draw: e.target.value, pens: this.sync.model.pens }, { history: false }),
    }, el('option', { value: 'everyone' }, 'Everyone draws'), el('option', { value: 'hosts' }, 'Hosts only'),
    el('option', { value: 'named' }, 'Named pens')) : null;
    this.drawMode = draw;
    this.pens = host ? el('details', { class: 'board-pens', 'data-testid': 'board-pens', ontoggle: () => this.listPens() },
      el('summary', {}, 'Give the pen'), el('div', { class: 'board-pen-list' })) : null;
    return el('div', { class: 'board-toolbar', role: 'toolbar', 'aria-label': 'Whiteboard tools' },
      ...this.toolButtons, el('span', { class: 'board-swatches' }, ...swatches), width, fill,
      el('button', { type: 'button', 'data-testid': 'board-undo', onclick: () => this.tools.undo() }, 'Undo'),
      el('button', { type: 'button', 'data-testid': 'board-redo', onclick: () => this.tools.redo() }, 'Redo'),
      el('button', { type: 'button', 'data-testid': 'board-plot', onclick: () => this.plot.toggle() }, 'Plot'),
      this.pageSelect,
      el('button', { type: 'button', 'data-testid': 'board-add-page', onclick: () => this.addPage() }, 'New page'),
      el('button', { type: 'button', 'data-testid': 'board-export-png', onclick: () => this.exportPng() }, 'PNG'),
      el('button', { type: 'button', 'data-testid': 'board-export-svg', onclick: () => this.exportSvg() }, 'SVG'),
      draw, this.pens, this.plot.element);
  }

  /** The bar of the read-only board (the meeting page): pages and export. */
  viewerBar() {
    return el('div', { class: 'board-toolbar', role: 'toolbar', 'aria-label': 'Whiteboard' }, this.pageSelect,
      el('button', { type: 'button', 'data-testid': 'board-export-png', onclick: () => this.exportPng() }, 'PNG'),
      el('button', { type: 'button', 'data-testid': 'board-export-svg', onclick: () => this.exportSvg() }, 'SVG'));
  }

  /** Fills the host's list of people who may hold a pen under "Named pens". */
  listPens() {
    const list = this.pens.querySelector('.board-pen-list');
    const pens = new Set(this.sync.model.pens);
    list.replaceChildren(...this.people().map((person) => el('label', {},
      el('input', {
        type: 'checkbox', checked: pens.has(person.participantId), 'data-testid': 'board-pen',
        onchange: (event) => {
          const next = new Set(this.sync.model.pens);
          if (event.target.checked) next.add(person.participantId); else next.delete(person.participantId);
          this.tools.commit({ kind: 'settings', draw: 'named', pens: [...next] }, { history: false });
        },
      }), ` ${person.displayName || 'Guest'}`)));
    if (!list.childElementCount) list.append(el('p', { class: 'hint' }, 'Nobody else is in the call.'));
  }

  /** Connects and loads the board. */
  start() {
    return this.sync.start();
  }

  /** @returns {string} the page shown: the host's current one unless browsing */
  page() {
    return this.browsing && this.sync.model.pages.has(this.browsing) ? this.browsing : this.sync.model.currentPage;
  }

  choose(tool) {
    this.tool = tool;
    this.tools.selected = null;
    this.draw();
    this.toolButtons?.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.tool === tool)));
    this.canvas.dataset.tool = tool;
  }

  choosePage() {
    const page = this.pageSelect.value;
    if (this.sync.host) {
      this.browsing = null;
      this.tools.commit({ kind: 'page.switch', page }, { history: false });
    } else {
      this.browsing = page === this.sync.model.currentPage ? null : page;
      this.changed();
      this.draw();
    }
  }

  addPage() {
    const id = newId('p');
    const page = { id, name: `Page ${this.sync.model.pages.size + 1}` };
    this.tools.commit({ kind: 'page.add', page }, { history: false })
      .then(() => (this.sync.host ? this.tools.commit({ kind: 'page.switch', page: id }, { history: false }) : (this.browsing = id)));
  }

  askText(at) {
    const input = el('textarea', { class: 'board-text-input', 'aria-label': 'Text', 'data-testid': 'board-text-input', rows: 2, maxlength: 2000 });
    const done = (commit) => {
      form.remove();
      const text = input.value;
      if (commit && text.trim()) {
        this.tools.commit({ kind: 'add', element: { id: newId('e'), type: 'text', page: this.page(), x: at.x, y: at.y, size: Math.max(16, this.width * 6), text, style: { color: this.color, width: this.width, fill: 'none' } } });
      }
    };
    const form = el('form', { class: 'board-text-form', onsubmit: (e) => { e.preventDefault(); done(true); } },
      input, el('button', { type: 'submit', 'data-testid': 'board-text-add' }, 'Add text'),
      el('button', { type: 'button', onclick: () => done(false) }, 'Cancel'));
    input.addEventListener('keydown', (e) => { if (e.key === 'Escape') done(false); if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); done(true); } });
    this.element.append(form);
    input.focus();
  }

  placePlot(fields) {
    const rect = this.canvas.getBoundingClientRect();
    const { view } = this.tools;
    const x = Math.round(view.x + 40 / view.scale);
    const y = Math.round(view.y + 40 / view.scale);
    const w = Math.round(Math.min(480, rect.width - 80) / view.scale);
    const h = Math.round(Math.min(320, rect.height - 80) / view.scale);
    return this.tools.commit({ kind: 'add', element: { id: newId('e'), type: 'plot', page: this.page(), x, y, w: Math.max(w, 120), h: Math.max(h, 90), style: { color: '#1e1e1e', width: 2, fill: 'none' }, ...fields } });
  }

  onLive(live) {
    const key = `${live.authorId}:${live.id ?? 'laser'}`;
    if (live.kind === 'stroke') this.live.set(key, { id: live.id, type: live.tool, page: live.page, x: 0, y: 0, style: live.style, points: live.points });
    else if (live.kind === 'end') this.live.delete(key);
    else if (live.kind === 'laser') this.lasers.set(live.authorId, { ...live, at: performance.now() });
    this.draw();
  }

  changed() {
    for (const [key, stroke] of this.live) if (this.sync.model.elements.has(stroke.id)) this.live.delete(key);
    const model = this.sync.model;
    this.pageSelect.replaceChildren(...[...model.pages].map(([id, name]) => el('option', { value: id, selected: id === this.page() }, name)));
    if (this.drawMode) this.drawMode.value = model.draw;
    this.element.dataset.seq = String(model.seq);
    this.element.dataset.page = this.page();
    this.draw();
  }

  draw() {
    const page = this.page();
    renderPage(this.ctx, this.sync.model, page, this.tools.view, (ctx) => {
      for (const stroke of this.live.values()) if (stroke.page === page) drawElement(ctx, stroke);
      this.tools.drawOverlay(ctx, drawElement);
      const now = performance.now();
      for (const [id, laser] of this.lasers) {
        if (now - laser.at > 1500 || laser.page !== page) { this.lasers.delete(id); continue; }
        ctx.fillStyle = '#e03131';
        ctx.beginPath();
        ctx.arc(laser.x, laser.y, 6 / this.tools.view.scale, 0, Math.PI * 2);
        ctx.fill();
      }
    });
  }

  resize() {
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
    this.canvas.height = Math.max(1, Math.round(this.canvas.clientHeight * ratio));
    this.draw();
  }

  key(event) {
    if (event.target.closest('input, textarea, select')) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'z') { event.preventDefault(); if (event.shiftKey) this.tools.redo(); else this.tools.undo(); return; }
    if (mod && event.key.toLowerCase() === 'y') { event.preventDefault(); this.tools.redo(); return; }
    if (event.key === 'Delete' || event.key === 'Backspace') { this.tools.deleteSelected(); return; }
    const tool = TOOLS.find(([, , key]) => key === event.key.toLowerCase());
    if (tool && !mod) this.choose(tool[0]);
  }

  /** Downloads the page shown as SVG. */
  exportSvg() {
    this.download(new Blob([pageSvg(this.sync.model, this.page())], { type: 'image/svg+xml' }), `board-${this.page()}.svg`);
  }

  download(blob, name) {
    const link = el('a', { href: URL.createObjectURL(blob), download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  /** Downloads the page as it is shown (view and size of the canvas) as PNG. */
  exportPng() {
    this.canvas.toBlob((blob) => this.download(blob, `board-${this.page()}.png`), 'image/png');
  }

  error(error) {
    this.status.textContent = error.message;
    this.status.classList.add('error');
  }

  dispose() {
    this.resizer.disconnect();
    this.sync.dispose();
  }
}
