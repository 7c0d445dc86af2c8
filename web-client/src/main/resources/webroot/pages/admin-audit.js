import { el } from '../dom.js';
import { authorized } from '../api.js';

/** What each audit action reads as (the server's action names: `docs/design.md`, Administration). */
const ACTIONS = {
  'user.role-changed': 'changed the role of',
  'user.disabled': 'disabled',
  'user.enabled': 'enabled',
  'user.deleted': 'deleted the account of',
  'login.locked': 'sign-in locked for',
  'participant.removed': 'removed a participant from meeting',
  'room.ended-by-admin': 'ended the live room of meeting',
};

/**
 * The admin page's audit log (`GET /admin/audit`): newest first, filtered by actor id, target id and a
 * date range (the from day inclusive, the to day inclusive, in the viewer's time zone), 50 a page with
 * More for the next.
 * @returns {HTMLElement}
 */
export function auditSection() {
  const field = (id, label, attributes) => {
    const input = el('input', { id, class: 'input', 'data-testid': id, ...attributes });
    return [el('label', { for: id }, label), input];
  };
  const [actorLabel, actor] = field('audit-actor', 'By', { type: 'search', placeholder: 'Actor id', maxlength: 64 });
  const [targetLabel, target] = field('audit-target', 'Target', { type: 'search', placeholder: 'User or meeting id', maxlength: 64 });
  const [fromLabel, from] = field('audit-from', 'From', { type: 'date' });
  const [toLabel, to] = field('audit-to', 'To', { type: 'date' });
  const rows = el('ol', { class: 'admin-audit', 'data-testid': 'admin-audit' });
  const more = el('button', { type: 'button', class: 'button secondary', hidden: true }, 'More');
  const problem = el('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  let cursor = null;
  const load = async (append) => {
    const params = new URLSearchParams({ limit: '50' });
    if (actor.value.trim()) params.set('actor', actor.value.trim());
    if (target.value.trim()) params.set('target', target.value.trim());
    if (from.value) params.set('from', new Date(`${from.value}T00:00`).toISOString());
    if (to.value) {
      const end = new Date(`${to.value}T00:00`);
      end.setDate(end.getDate() + 1);
      params.set('to', end.toISOString());
    }
    if (append && cursor) params.set('cursor', cursor);
    try {
      const page = await authorized('GET', `/admin/audit?${params}`);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      problem.textContent = '';
      const made = page.items.map(entryItem);
      if (append) rows.append(...made);
      else rows.replaceChildren(...(made.length ? made : [el('li', { class: 'hint' }, 'No entries match.')]));
    } catch (error) {
      problem.textContent = `Could not load the audit log: ${error.message}`;
    }
  };
  const form = el('form', { class: 'admin-filters', role: 'search', 'aria-label': 'Filter the audit log' },
    actorLabel, actor, targetLabel, target, fromLabel, from, toLabel, to,
    el('button', { type: 'submit', class: 'button primary' }, 'Filter'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(false); });
  more.addEventListener('click', () => load(true));
  load(false);
  return el('section', { class: 'surface', 'aria-labelledby': 'admin-audit-heading' },
    el('h2', { id: 'admin-audit-heading' }, 'Audit log'), form, problem, rows, more);
}

function entryItem(entry) {
  const who = entry.actor ? `${entry.actor.displayName} (${entry.actor.role})` : 'The system';
  const details = entry.details && Object.keys(entry.details).length
    ? el('span', { class: 'hint' }, ` · ${Object.entries(entry.details).map(([k, v]) => `${k}: ${v}`).join(', ')}`) : '';
  return el('li', { 'data-testid': 'audit-entry', 'data-action': entry.action },
    el('time', { datetime: entry.at }, new Date(entry.at).toLocaleString()), ' ',
    el('strong', {}, who), ` ${ACTIONS[entry.action] ?? entry.action} `,
    entry.target ? el('code', {}, entry.target) : '', details,
    entry.clientAddress ? el('span', { class: 'hint' }, ` · from ${entry.clientAddress}`) : '');
}
