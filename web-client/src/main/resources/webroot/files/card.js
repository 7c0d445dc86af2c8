/**
 * How a file is shown: its size and kind in words, and the card a chat message that shares it
 * carries (a thumbnail for images, its name, size and kind, and Download). Downloads and thumbnails
 * use short-lived signed links, never the access token in a URL.
 */
import { el } from '../dom.js';
import { fileUrl } from './api.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** A document, on a 24×24 grid, after Material Icons' "description" (Apache License 2.0). */
const DOCUMENT = 'M14 2H6c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z';

/** Types the server shows inline (`?disposition=inline`), so thumbnails can use them. */
export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** @param {number} bytes @returns {string} e.g. `1.5 MB` */
export function formatSize(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit += 1;
  } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** @param {string} type @returns {string} a short word for the file's kind */
export function kindOf(type) {
  if (IMAGE_TYPES.has(type)) return 'Image';
  if (type === 'application/pdf') return 'PDF';
  if (type.startsWith('video/')) return 'Video';
  if (type.startsWith('audio/')) return 'Audio';
  if (type.startsWith('text/')) return 'Text';
  return 'File';
}

/**
 * Downloads a file through a signed link (the page stays where it is: the answer is an attachment).
 * @param {string} fileId
 * @param {import('./api.js').Target} [target] the file's meeting or conversation
 */
export async function downloadFile(fileId, target) {
  const link = el('a', { href: await fileUrl(fileId, { target }), download: '', hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * The attachment card of a chat message that shares a file.
 * @param {{id: string, name: string, size: number, type: string}} file as the message names it
 * @param {import('./api.js').Target} target the chat's meeting or conversation
 * @returns {HTMLElement}
 */
export function fileCard(file, target) {
  const error = el('span', { class: 'chat-error', role: 'alert', hidden: true });
  const download = async () => {
    try {
      error.hidden = true;
      await downloadFile(file.id, target);
    } catch (failure) {
      error.textContent = failure.status === 404 ? 'This file is no longer available.' : `Could not download it. ${failure.message}`;
      error.hidden = false;
    }
  };
  let preview = el('span', { class: 'chat-file-icon', 'aria-hidden': 'true' }, documentIcon(), kindOf(file.type));
  if (IMAGE_TYPES.has(file.type)) {
    const image = el('img', { class: 'file-thumb chat-file-thumb', alt: file.name, 'data-testid': 'chat-file-thumb' });
    preview = el('button', { type: 'button', class: 'chat-file-preview', title: `Download ${file.name}`, onclick: download }, image);
    fileUrl(file.id, { inline: true, target }).then((url) => { image.src = url; }).catch(() => image.remove());
  }
  return el('div', { class: 'chat-file', 'data-testid': 'chat-file', 'data-file-id': file.id },
    preview,
    el('span', { class: 'chat-file-about' },
      el('span', { class: 'file-name', 'data-testid': 'chat-file-name' }, file.name),
      el('span', { class: 'file-meta' }, `${kindOf(file.type)} · ${formatSize(file.size)}`)),
    el('button', { type: 'button', class: 'button secondary small', 'data-testid': 'chat-file-download', onclick: download }, 'Download'),
    error);
}

/** @returns {SVGSVGElement} a decorative document icon in the text colour */
function documentIcon() {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', DOCUMENT);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
