import { el } from '../dom.js';
import { changePassword, deleteMe, getMe, updateMe } from '../api.js';
import { userPage } from '../layout.js';

/**
 * One's own account (`#/profile`): display name and time zone, password change (signs every other
 * session out), and account deletion (with the password).
 * @param {{user: object, signedIn: (user: object, next?: string) => void,
 *          signedOut: (notice: object) => void}} context
 * @returns {DocumentFragment}
 */
export function renderProfile({ user, signedIn, signedOut }) {
  const name = el('input', { id: 'profile-name', class: 'input', value: user.displayName, maxlength: 80,
    autocomplete: 'name', 'data-testid': 'profile-name' });
  const zone = el('input', { id: 'profile-zone', class: 'input', autocomplete: 'off', 'data-testid': 'profile-zone',
    placeholder: Intl.DateTimeFormat().resolvedOptions().timeZone });
  getMe().then((me) => { zone.value = me.timeZone ?? ''; }, () => {});
  const details = form('profile-save', 'Save', [field('Display name', name), field('Time zone (e.g. Europe/Paris)', zone)],
    async () => {
      const changes = { displayName: name.value };
      if (zone.value.trim()) changes.timeZone = zone.value.trim();
      const saved = await updateMe(changes);
      signedIn({ ...user, displayName: saved.displayName }, '#/profile');
      return 'Saved.';
    });

  const current = el('input', { id: 'pw-current', class: 'input', type: 'password', autocomplete: 'current-password' });
  const next = el('input', { id: 'pw-new', class: 'input', type: 'password', autocomplete: 'new-password' });
  const password = form('password-save', 'Change password', [field('Current password', current), field('New password', next)],
    async () => {
      await changePassword({ currentPassword: current.value, newPassword: next.value });
      current.value = '';
      next.value = '';
      return 'Password changed. Your other sessions were signed out.';
    });

  const confirm = el('input', { id: 'delete-password', class: 'input', type: 'password', autocomplete: 'current-password',
    'data-testid': 'delete-password' });
  const removal = form('account-delete', 'Delete my account', [field('Your password', confirm)], async () => {
    await deleteMe(confirm.value);
    signedOut({ kind: 'info', text: 'Your account was deleted.' });
    return '';
  }, 'danger');

  return userPage({ user, signedOut, className: 'profile-page' },
    el('p', { class: 'back' }, el('a', { href: '#/' }, 'Back to your meetings')),
    el('h1', { tabindex: -1 }, 'Your account'),
    el('section', { class: 'surface' }, el('h2', {}, 'Profile'), el('p', { class: 'hint' }, user.email ?? ''), details),
    el('section', { class: 'surface' }, el('h2', {}, 'Password'), password),
    el('section', { class: 'surface' }, el('h2', {}, 'Delete account'),
      el('p', { class: 'hint' }, 'Your future bookings are cancelled and the meetings you host end. Your messages stay, '
        + 'shown as “Deleted user”. This cannot be undone.'), removal));
}

function field(label, input) {
  return [el('label', { for: input.id }, label), input];
}

function form(testId, label, fields, submit, kind = 'primary') {
  const status = el('p', { class: 'hint', role: 'status', 'data-testid': `${testId}-status` });
  const button = el('button', { type: 'submit', class: `button ${kind}`, 'data-testid': testId }, label);
  const node = el('form', { class: 'form', novalidate: true }, ...fields.flat(), status, button);
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.textContent = '';
    try {
      status.textContent = await submit();
    } catch (error) {
      status.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });
  return node;
}
