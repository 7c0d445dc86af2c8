/**
 * How chat messages are shown: always as text, never as HTML. Web addresses become links built as
 * `a` elements (only http and https, `rel="noopener noreferrer"`); times are in the viewer's zone.
 */
import { el } from '../dom.js';

/** http(s) addresses; trailing punctuation is trimmed off afterwards. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * @param {string} text a message's text, exactly as sent
 * @returns {DocumentFragment} text nodes, with each http(s) address as a link
 */
export function messageText(text) {
  const fragment = document.createDocumentFragment();
  let from = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, '');
    const href = safeHref(url);
    if (!href) continue;
    if (match.index > from) fragment.append(document.createTextNode(text.slice(from, match.index)));
    fragment.append(el('a', { href, rel: 'noopener noreferrer', target: '_blank', class: 'chat-link' }, url));
    from = match.index + url.length;
  }
  if (from < text.length) fragment.append(document.createTextNode(text.slice(from)));
  return fragment;
}

/** @returns {string|null} the address when it parses as http or https, else null */
export function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const FULL = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/**
 * @param {string} iso an ISO-8601 instant
 * @returns {HTMLTimeElement} the time in the viewer's time zone (with the date unless it is today)
 */
export function timeElement(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return el('time', {}, '');
  const today = new Date().toDateString() === date.toDateString();
  return el('time', { datetime: date.toISOString(), title: FULL.format(date) },
    today ? TIME.format(date) : DATE_TIME.format(date));
}
