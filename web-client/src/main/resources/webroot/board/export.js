/**
 * Exports a board page as SVG: the same drawing as the canvas (render.js), as vector shapes. Text is
 * written as XML-escaped character data of `<text>` elements, never as markup.
 */
import { getStroke } from '../vendor/perfect-freehand/index.js';
import { bounds, ticks } from './render.js';

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fillOpacity = (fill) => (fill === 'solid' ? 1 : fill === 'light' ? 0.2 : 0);

/** @returns {string} an SVG document of the page's elements, sized to fit them */
export function pageSvg(model, pageId) {
  const elements = model.elementsOf(pageId);
  let minX = 0; let minY = 0; let maxX = 800; let maxY = 600;
  for (const e of elements) {
    const b = bounds(e);
    minX = Math.min(minX, b.x); minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w); maxY = Math.max(maxY, b.y + b.h);
  }
  const body = elements.map(svgOf).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX - 10} ${minY - 10} ${maxX - minX + 20} ${maxY - minY + 20}">`
    + `<rect x="${minX - 10}" y="${minY - 10}" width="${maxX - minX + 20}" height="${maxY - minY + 20}" fill="#ffffff"/>\n${body}\n</svg>`;
}

function svgOf(e) {
  const { color, width, fill } = e.style;
  switch (e.type) {
    case 'stroke':
    case 'highlighter': {
      const input = [];
      for (let i = 0; i < e.points.length; i += 3) input.push([e.x + e.points[i], e.y + e.points[i + 1], e.points[i + 2]]);
      const highlighter = e.type === 'highlighter';
      const outline = getStroke(input, { size: width * (highlighter ? 4 : 2), thinning: highlighter ? 0 : 0.6, smoothing: 0.5,
        streamline: 0.4, simulatePressure: input.every((p) => p[2] === 0.5) });
      if (!outline.length) return '';
      const d = `M${outline.map(([x, y]) => `${x.toFixed(2)} ${y.toFixed(2)}`).join('L')}Z`;
      return `<path d="${d}" fill="${color}"${highlighter ? ' fill-opacity="0.35"' : ''}/>`;
    }
    case 'line':
    case 'arrow': {
      const [x1, y1, x2, y2] = e.points;
      const line = `<line x1="${e.x + x1}" y1="${e.y + y1}" x2="${e.x + x2}" y2="${e.y + y2}" stroke="${color}" stroke-width="${width}" stroke-linecap="round"/>`;
      if (e.type === 'line') return line;
      const angle = Math.atan2(y2 - y1, x2 - x1);
      const head = Math.max(10, width * 4);
      const tip = [e.x + x2, e.y + y2];
      const a = [tip[0] - head * Math.cos(angle - 0.4), tip[1] - head * Math.sin(angle - 0.4)];
      const b = [tip[0] - head * Math.cos(angle + 0.4), tip[1] - head * Math.sin(angle + 0.4)];
      return `${line}<polygon points="${tip} ${a} ${b}" fill="${color}"/>`;
    }
    case 'rect':
      return `<rect x="${e.x}" y="${e.y}" width="${e.w}" height="${e.h}" stroke="${color}" stroke-width="${width}" fill="${color}" fill-opacity="${fillOpacity(fill)}"/>`;
    case 'ellipse':
      return `<ellipse cx="${e.x + e.w / 2}" cy="${e.y + e.h / 2}" rx="${e.w / 2}" ry="${e.h / 2}" stroke="${color}" stroke-width="${width}" fill="${color}" fill-opacity="${fillOpacity(fill)}"/>`;
    case 'text':
      return e.text.split('\n').map((line, i) => `<text x="${e.x}" y="${e.y + i * e.size * 1.25}" font-size="${e.size}" font-family="system-ui, sans-serif" dominant-baseline="hanging" fill="${color}">${escape(line)}</text>`).join('');
    case 'plot': return plotSvg(e);
    default: return '';
  }
}

function plotSvg(e) {
  const [x0, x1] = e.domain;
  const [y0, y1] = e.range;
  const sx = (x) => e.x + ((x - x0) / (x1 - x0)) * e.w;
  const sy = (y) => e.y + e.h - ((y - y0) / (y1 - y0)) * e.h;
  const id = `clip-${escape(e.id)}`;
  const grid = [...ticks(x0, x1).map((t) => `<line x1="${sx(t)}" y1="${e.y}" x2="${sx(t)}" y2="${e.y + e.h}" stroke="#e9ecef"/>`),
    ...ticks(y0, y1).map((t) => `<line x1="${e.x}" y1="${sy(t)}" x2="${e.x + e.w}" y2="${sy(t)}" stroke="#e9ecef"/>`)];
  const curves = e.curves.map((c) => {
    const pts = [];
    for (let i = 0; i < c.points.length; i += 2) pts.push(`${sx(c.points[i]).toFixed(2)},${sy(c.points[i + 1]).toFixed(2)}`);
    return `<polyline points="${pts.join(' ')}" fill="none" stroke="${e.functions[c.fn]?.color ?? '#1e1e1e'}" stroke-width="1.5"/>`;
  });
  const legend = e.functions.map((fn, i) => `<text x="${e.x + 22}" y="${e.y + 17 + i * 16}" font-size="12" fill="${fn.color}">${escape(fn.expr)}</text>`);
  return `<g><clipPath id="${id}"><rect x="${e.x}" y="${e.y}" width="${e.w}" height="${e.h}"/></clipPath>`
    + `<rect x="${e.x}" y="${e.y}" width="${e.w}" height="${e.h}" fill="#ffffff" stroke="${e.style.color}"/>`
    + `<g clip-path="url(#${id})">${grid.join('')}${curves.join('')}</g>${legend.join('')}</g>`;
}
