/**
 * Draws a board page on a canvas: elements bottom to top, strokes as perfect-freehand outlines, text
 * with `fillText` (never as HTML), plots with axes, grid, tick labels and a legend. Also the
 * geometry helpers the tools use (bounds, hit tests). `view` maps board to screen coordinates:
 * screen = (board − view.x|y) × view.scale.
 */
import { getStroke } from '../vendor/perfect-freehand/index.js';

/** @returns {{x: number, y: number, w: number, h: number}} an element's box in board coordinates */
export function bounds(e) {
  if (e.points && (e.type === 'stroke' || e.type === 'highlighter' || e.type === 'line' || e.type === 'arrow')) {
    const stride = e.type === 'line' || e.type === 'arrow' ? 2 : 3;
    let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
    for (let i = 0; i < e.points.length; i += stride) {
      minX = Math.min(minX, e.points[i]); maxX = Math.max(maxX, e.points[i]);
      minY = Math.min(minY, e.points[i + 1]); maxY = Math.max(maxY, e.points[i + 1]);
    }
    const pad = (e.style?.width ?? 2) * (e.type === 'highlighter' ? 3 : 1);
    return { x: e.x + minX - pad, y: e.y + minY - pad, w: maxX - minX + 2 * pad, h: maxY - minY + 2 * pad };
  }
  if (e.type === 'text') {
    const lines = e.text.split('\n');
    return { x: e.x, y: e.y, w: Math.max(...lines.map((l) => l.length)) * e.size * 0.6, h: lines.length * e.size * 1.25 };
  }
  return { x: e.x, y: e.y, w: e.w ?? 0, h: e.h ?? 0 };
}

/** @returns {boolean} whether a board point lies on the element (within `slop` board units) */
export function hits(e, px, py, slop) {
  const b = bounds(e);
  return px >= b.x - slop && px <= b.x + b.w + slop && py >= b.y - slop && py <= b.y + b.h + slop;
}

/** Draws everything; `extra` draws on top (live strokes, selection, laser) in board coordinates. */
export function renderPage(ctx, model, pageId, view, extra) {
  const { canvas } = ctx;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const ratio = canvas.width / (canvas.clientWidth || canvas.width);
  ctx.setTransform(view.scale * ratio, 0, 0, view.scale * ratio, -view.x * view.scale * ratio, -view.y * view.scale * ratio);
  for (const element of model.elementsOf(pageId)) drawElement(ctx, element);
  extra?.(ctx);
}

/** Draws one element in board coordinates. */
export function drawElement(ctx, e) {
  const { color, width, fill } = e.style;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  switch (e.type) {
    case 'stroke':
    case 'highlighter': drawFreehand(ctx, e); break;
    case 'line':
    case 'arrow': drawLine(ctx, e); break;
    case 'rect':
      if (fill !== 'none') { ctx.globalAlpha = fill === 'light' ? 0.2 : 1; ctx.fillRect(e.x, e.y, e.w, e.h); ctx.globalAlpha = 1; }
      ctx.strokeRect(e.x, e.y, e.w, e.h);
      break;
    case 'ellipse':
      ctx.beginPath();
      ctx.ellipse(e.x + e.w / 2, e.y + e.h / 2, e.w / 2, e.h / 2, 0, 0, Math.PI * 2);
      if (fill !== 'none') { ctx.globalAlpha = fill === 'light' ? 0.2 : 1; ctx.fill(); ctx.globalAlpha = 1; }
      ctx.stroke();
      break;
    case 'text':
      ctx.font = `${e.size}px system-ui, sans-serif`;
      ctx.textBaseline = 'top';
      e.text.split('\n').forEach((line, i) => ctx.fillText(line, e.x, e.y + i * e.size * 1.25));
      break;
    case 'plot': drawPlot(ctx, e); break;
    default: break;
  }
  ctx.restore();
}

function drawFreehand(ctx, e) {
  const input = [];
  for (let i = 0; i < e.points.length; i += 3) input.push([e.x + e.points[i], e.y + e.points[i + 1], e.points[i + 2]]);
  const highlighter = e.type === 'highlighter';
  const outline = getStroke(input, {
    size: e.style.width * (highlighter ? 4 : 2), thinning: highlighter ? 0 : 0.6, smoothing: 0.5, streamline: 0.4,
    simulatePressure: input.every((p) => p[2] === 0.5),
  });
  if (!outline.length) return;
  if (highlighter) ctx.globalAlpha = 0.35;
  ctx.beginPath();
  ctx.moveTo(outline[0][0], outline[0][1]);
  for (const [x, y] of outline.slice(1)) ctx.lineTo(x, y);
  ctx.closePath();
  ctx.fill();
}

function drawLine(ctx, e) {
  const [x1, y1, x2, y2] = e.points;
  ctx.beginPath();
  ctx.moveTo(e.x + x1, e.y + y1);
  ctx.lineTo(e.x + x2, e.y + y2);
  ctx.stroke();
  if (e.type === 'arrow') {
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const head = Math.max(10, e.style.width * 4);
    ctx.beginPath();
    ctx.moveTo(e.x + x2, e.y + y2);
    ctx.lineTo(e.x + x2 - head * Math.cos(angle - 0.4), e.y + y2 - head * Math.sin(angle - 0.4));
    ctx.lineTo(e.x + x2 - head * Math.cos(angle + 0.4), e.y + y2 - head * Math.sin(angle + 0.4));
    ctx.closePath();
    ctx.fill();
  }
}

/** @returns {number[]} round tick values across [min, max], about 8 of them */
export function ticks(min, max) {
  const raw = (max - min) / 8;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(10)));
  return out;
}

function drawPlot(ctx, e) {
  const [x0, x1] = e.domain;
  const [y0, y1] = e.range;
  const sx = (x) => e.x + ((x - x0) / (x1 - x0)) * e.w;
  const sy = (y) => e.y + e.h - ((y - y0) / (y1 - y0)) * e.h;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(e.x, e.y, e.w, e.h);
  ctx.save();
  ctx.beginPath();
  ctx.rect(e.x, e.y, e.w, e.h);
  ctx.clip();
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#e9ecef';
  ctx.fillStyle = '#495057';
  ctx.font = '11px system-ui, sans-serif';
  for (const t of ticks(x0, x1)) {
    ctx.beginPath(); ctx.moveTo(sx(t), e.y); ctx.lineTo(sx(t), e.y + e.h); ctx.stroke();
    ctx.fillText(String(t), sx(t) + 2, Math.min(Math.max(sy(0) + 12, e.y + 12), e.y + e.h - 2));
  }
  for (const t of ticks(y0, y1)) {
    ctx.beginPath(); ctx.moveTo(e.x, sy(t)); ctx.lineTo(e.x + e.w, sy(t)); ctx.stroke();
    if (t !== 0) ctx.fillText(String(t), Math.min(Math.max(sx(0) + 3, e.x + 2), e.x + e.w - 30), sy(t) - 2);
  }
  ctx.strokeStyle = '#343a40';
  ctx.beginPath();
  if (y0 <= 0 && y1 >= 0) { ctx.moveTo(e.x, sy(0)); ctx.lineTo(e.x + e.w, sy(0)); }
  if (x0 <= 0 && x1 >= 0) { ctx.moveTo(sx(0), e.y); ctx.lineTo(sx(0), e.y + e.h); }
  ctx.stroke();
  ctx.lineWidth = Math.max(1.5, e.style.width / 2);
  for (const curve of e.curves) {
    ctx.strokeStyle = e.functions[curve.fn]?.color ?? e.style.color;
    ctx.beginPath();
    for (let i = 0; i < curve.points.length; i += 2) {
      const x = sx(curve.points[i]);
      const y = sy(curve.points[i + 1]);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.restore();
  ctx.strokeStyle = e.style.color;
  ctx.lineWidth = 1;
  ctx.strokeRect(e.x, e.y, e.w, e.h);
  ctx.font = '12px system-ui, sans-serif';
  e.functions.forEach((fn, i) => {
    ctx.fillStyle = fn.color;
    ctx.fillRect(e.x + 8, e.y + 8 + i * 16, 10, 3);
    ctx.fillText(fn.expr, e.x + 22, e.y + 13 + i * 16);
  });
}
