/**
 * The host's "Invite by email" panel on a meeting page: addresses (one per line or separated by
 * commas, at most 50), an optional message, and the invitations sent so far with their status
 * (pending, sent, accepted, failed; read again every 2 s while some are pending) and "Revoke".
 */
import { el } from '../dom.js';
import { ApiError, inviteToMeeting, listInvitations, revokeInvitation } from '../api.js';
import { formAlert, handleSubmit, submitButton, textField } from '../forms.js';

const MAX_ADDRESSES = 50;
/** How often the list is read again while mails are on their way. */
const PENDING_REFRESH_MS = 2_000;
const STATUS_LABELS = {
  pending: 'Sending…', sent: 'Sent', accepted: 'Member', failed: 'Could not be delivered',
};

/**
 * @param {{id: string}} meeting
 * @returns {HTMLElement}
 */
export function invitationsPanel(meeting) {
  const fields = {
    emails: textField({ id: 'invite-emails', label: 'Email addresses', multiline: true, testId: 'invite-emails',
      hint: `One per line or separated by commas, up to ${MAX_ADDRESSES}.` }),
    message: textField({ id: 'invite-message', label: 'Message (optional)', multiline: true, required: false,
      testId: 'invite-message' }),
  };
  const submit = submitButton({ label: 'Send invitations', busyLabel: 'Sending…', testId: 'invite-submit' });
  const alert = formAlert();
  const done = el('p', { class: 'saved', role: 'status', 'data-testid': 'invite-done' });
  const form = el('form', { class: 'form', novalidate: true },
    alert, fields.emails.element, fields.message.element, submit.element, done);
  const list = el('ul', { class: 'invitation-list', 'data-testid': 'invitation-list' });

  const show = (items) => list.replaceChildren(...items.map((invitation) => {
    const revoke = el('button', { type: 'button', class: 'button secondary small', 'data-testid': 'invite-revoke' },
      'Revoke', el('span', { class: 'visually-hidden' }, ` the invitation of ${invitation.email}`));
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      try {
        await revokeInvitation(meeting.id, invitation.id);
        await refresh();
      } catch (error) {
        revoke.disabled = false;
        done.textContent = `Could not revoke it. ${error.message}`;
      }
    });
    return el('li', { class: 'invitation-item', 'data-testid': 'invitation' },
      el('span', { class: 'invitation-email' }, invitation.email),
      el('span', { class: `badge invitation-${invitation.status}`, 'data-status': invitation.status },
        STATUS_LABELS[invitation.status] ?? invitation.status),
      revoke);
  }));
  let again = 0;
  const refresh = async () => {
    clearTimeout(again);
    try {
      const items = (await listInvitations(meeting.id)).items ?? [];
      show(items);
      // Mails go out in the background: look again while some are on their way and the page is open.
      if (items.some((invitation) => invitation.status === 'pending')) {
        again = setTimeout(() => {
          if (list.isConnected) refresh();
        }, PENDING_REFRESH_MS);
      }
    } catch (error) {
      list.replaceChildren(el('li', { class: 'hint' }, `Could not load the invitations. ${error.message}`));
    }
  };

  handleSubmit({
    form, fields, submit, alert,
    validate: () => {
      done.textContent = '';
      const count = addresses(fields.emails.input.value).length;
      if (!count) return { emails: 'Enter at least one email address.' };
      if (count > MAX_ADDRESSES) return { emails: `Invite at most ${MAX_ADDRESSES} addresses at a time.` };
      return {};
    },
    action: async () => {
      try {
        const { items } = await inviteToMeeting(meeting.id, {
          emails: addresses(fields.emails.input.value),
          message: fields.message.input.value.trim() || null,
        });
        form.reset();
        done.textContent = `Invited ${items.length} ${items.length === 1 ? 'person' : 'people'}.`;
        await refresh();
      } catch (error) {
        // emails[3] names one address: show it under the addresses.
        if (error instanceof ApiError && error.field?.startsWith('emails')) {
          fields.emails.setError(error.detail);
          fields.emails.input.focus();
          return;
        }
        throw error;
      }
    },
  });
  refresh();
  return el('section', { class: 'surface', 'aria-labelledby': 'invite-heading', 'data-testid': 'invitations' },
    el('h2', { id: 'invite-heading' }, 'Invite by email'),
    el('p', { class: 'hint' }, 'Each person gets the join link by mail, with a calendar invitation when the meeting has a start time.'),
    form,
    el('h3', {}, 'Invited'),
    list);
}

/** @returns {string[]} the addresses typed, split at commas, semicolons and line breaks */
function addresses(text) {
  return text.split(/[\s,;]+/).map((address) => address.trim()).filter(Boolean);
}
