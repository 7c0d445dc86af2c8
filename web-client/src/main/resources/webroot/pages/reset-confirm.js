import { el } from '../dom.js';
import { confirmPasswordReset } from '../api.js';
import { guestPage } from '../layout.js';
import {
  PASSWORD_HINT, MIN_PASSWORD_LENGTH, checkNewPassword, errorsOf, formAlert, handleSubmit, submitButton, textField,
} from '../forms.js';

/**
 * The page a reset email links to (`#/reset/confirm?token=…`): choose a new password.
 * @param {{params: URLSearchParams, notice?: {kind: string, text: string}|null}} context
 * @returns {HTMLElement}
 */
export function renderResetConfirm({ params, notice }) {
  const token = params.get('token');
  const requestAgain = el('p', { class: 'switch' },
    'Link not working? ', el('a', { href: '#/reset' }, 'Request a new one'));
  if (!token) {
    return guestPage({ title: 'Choose a new password', notice },
      el('div', { class: 'alert', role: 'alert' }, 'This reset link is incomplete. Open the link from your email again, or request a new one.'),
      requestAgain);
  }

  const fields = {
    password: textField({ id: 'password', label: 'New password', type: 'password', autocomplete: 'new-password',
      minLength: MIN_PASSWORD_LENGTH, hint: PASSWORD_HINT }),
  };
  const submit = submitButton({ label: 'Set new password', busyLabel: 'Saving…', testId: 'reset-confirm-submit' });
  const alert = formAlert();
  const form = el('form', { class: 'form', novalidate: true }, alert, fields.password.element, submit.element);
  const page = guestPage({ title: 'Choose a new password', notice }, form, requestAgain);

  handleSubmit({
    form, fields, submit, alert,
    validate: () => errorsOf({ password: checkNewPassword(fields.password.input.value) }),
    action: async () => {
      await confirmPasswordReset({ token, password: fields.password.input.value });
      const done = el('div', { class: 'notice', role: 'status', 'data-testid': 'reset-done', tabindex: -1 },
        'Your password has been changed. ', el('a', { href: '#/signin' }, 'Sign in'), ' with your new password.');
      form.replaceWith(done);
      requestAgain.remove();
      done.focus();
    },
  });
  return page;
}
