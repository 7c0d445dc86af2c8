import { el } from '../dom.js';
import { authorized } from '../api.js';
import { userPage } from '../layout.js';
import { auditSection } from './admin-audit.js';

/**
 * The administrator's page (`#/admin`, admins only): accounts (search by email or id, filter by role and
 * status, disable / enable, promote / demote and delete, each confirmed), live rooms (end one), and the
 * audit log with filters (`admin-audit.js`). The server checks the role on every request; this page only hides itself from others.
 * @param {{user: {id: string, displayName: string, role: string}, signedOut: Function}} context
 * @returns {DocumentFragment}
 */
export function renderAdmin({ user, signedOut }) {
  if (user.role !== 'admin') {
    return userPage({ user, signedOut, className: 'admin-page' },
      el('h1', { tabindex: -1 }, 'Administration'),
      el('p', { class: 'hint', role: 'status' }, 'Only administrators can open this page.'));
  }
  const status = el('p', { class: 'hint', role: 'status', 'aria-live': 'polite', 'data-testid': 'admin-status' });
  return userPage({ user, signedOut, className: 'admin-page' },
    el('p', { class: 'back' }, el('a', { href: '#/' }, 'Back to your meetings')),
    el('h1', { tabindex: -1 }, 'Administration'),
    status,
    usersSection(user, status),
    roomsSection(status),
    auditSection());
}

function usersSection(self, status) {
  const query = el('input', { id: 'admin-q', class: 'input', type: 'search', placeholder: 'Email or user id', 'data-testid': 'admin-q' });
  const role = select('admin-role', [['', 'Any role'], ['user', 'Users'], ['admin', 'Admins']]);
  const state = select('admin-status-filter', [['', 'Any status'], ['active', 'Active'], ['disabled', 'Disabled']]);
  const rows = el('tbody', { 'data-testid': 'admin-users' });
  const more = el('button', { type: 'button', class: 'button secondary', hidden: true }, 'More');
  let cursor = null;
  const load = async (append) => {
    const params = new URLSearchParams({ limit: '20' });
    if (query.value.trim()) params.set('q', query.value.trim());
    if (role.value) params.set('role', role.value);
    if (state.value) params.set('status', state.value);
    if (append && cursor) params.set('cursor', cursor);
    try {
      const page = await authorized('GET', `/admin/users?${params}`);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      const made = page.items.map((account) => userRow(account, self, status, () => load(false)));
      if (append) rows.append(...made); else rows.replaceChildren(...made);
    } catch (error) {
      status.textContent = `Could not load accounts: ${error.message}`;
    }
  };
  const form = el('form', { class: 'admin-filters', role: 'search' },
    el('label', { for: 'admin-q' }, 'Find'), query, role, state,
    el('button', { type: 'submit', class: 'button primary' }, 'Search'));
  form.addEventListener('submit', (event) => { event.preventDefault(); load(false); });
  more.addEventListener('click', () => load(true));
  load(false);
  return el('section', { class: 'surface', 'aria-labelledby': 'admin-users-heading' },
    el('h2', { id: 'admin-users-heading' }, 'Accounts'), form,
    el('table', { class: 'admin-table' },
      el('thead', {}, el('tr', {}, ...['Name', 'Email', 'Role', 'Status', 'Last sign-in', ''].map((h) => el('th', { scope: 'col' }, h)))),
      rows),
    more);
}

function userRow(account, self, status, reload) {
  const actions = el('td', { class: 'admin-actions' });
  // changes: the PATCH body, or null for DELETE.
  const act = (label, changes, question) => {
    const kind = changes ? 'secondary' : 'danger';
    const button = el('button', { type: 'button', class: `button ${kind}`, 'data-testid': `admin-${label.toLowerCase()}` }, label);
    button.addEventListener('click', async () => {
      if (!window.confirm(question)) return;
      button.disabled = true;
      try {
        const path = `/admin/users/${encodeURIComponent(account.id)}`;
        await (changes ? authorized('PATCH', path, { body: changes }) : authorized('DELETE', path));
        status.textContent = `${account.displayName}: ${label.toLowerCase()} done.`;
        reload();
      } catch (error) {
        status.textContent = `${label} failed: ${error.message}`;
        button.disabled = false;
      }
    });
    return button;
  };
  if (account.id !== self.id) {
    actions.append(account.disabled
      ? act('Enable', { disabled: false }, `Enable ${account.displayName}'s account?`)
      : act('Disable', { disabled: true }, `Disable ${account.displayName}? They are signed out everywhere and removed from calls.`));
    actions.append(account.role === 'admin'
      ? act('Demote', { role: 'user' }, `Make ${account.displayName} a regular user?`)
      : act('Promote', { role: 'admin' }, `Make ${account.displayName} an administrator?`));
    actions.append(act('Delete', null, `Delete ${account.displayName}'s account for good? Their messages stay as "Deleted user", `
      + 'their future bookings are cancelled and the meetings they host end.'));
  }
  return el('tr', { 'data-testid': 'admin-user', 'data-email': account.email },
    el('td', {}, account.displayName), el('td', {}, account.email), el('td', {}, account.role),
    el('td', {}, account.disabled ? 'Disabled' : 'Active'),
    el('td', {}, account.lastSignInAt ? new Date(account.lastSignInAt).toLocaleString() : '—'), actions);
}

function roomsSection(status) {
  const list = el('ul', { class: 'admin-rooms', 'data-testid': 'admin-rooms' });
  const load = async () => {
    try {
      const { items } = await authorized('GET', '/admin/rooms');
      list.replaceChildren(...(items.length ? items.map((room) => {
        const end = el('button', { type: 'button', class: 'button danger' }, 'End');
        end.addEventListener('click', async () => {
          if (!window.confirm(`End “${room.title}” for everyone in it?`)) return;
          try {
            await authorized('POST', `/admin/rooms/${encodeURIComponent(room.meetingId)}/end`);
            status.textContent = `“${room.title}” ended.`;
            load();
          } catch (error) {
            status.textContent = `Could not end it: ${error.message}`;
          }
        });
        return el('li', { class: 'admin-room' }, el('strong', {}, room.title), ` · ${room.hostName ?? 'host unknown'} · `,
          `${room.participants} ${room.participants === 1 ? 'person' : 'people'} · since ${new Date(room.startedAt).toLocaleTimeString()} `, end);
      }) : [el('li', { class: 'hint' }, 'No live rooms right now.')]));
    } catch (error) {
      status.textContent = `Could not load live rooms: ${error.message}`;
    }
  };
  const refresh = el('button', { type: 'button', class: 'button secondary' }, 'Refresh');
  refresh.addEventListener('click', load);
  load();
  return el('section', { class: 'surface', 'aria-labelledby': 'admin-rooms-heading' },
    el('h2', { id: 'admin-rooms-heading' }, 'Live rooms'), refresh, list);
}

function select(id, options) {
  return el('select', { id, class: 'input', 'aria-label': id.replace('admin-', '').replace('-', ' ') },
    ...options.map(([value, label]) => el('option', { value }, label)));
}
