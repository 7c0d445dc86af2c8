import { el } from '../dom.js';
import { requestPasswordReset } from '../api.js';
import { guestPage } from '../layout.js';
import { checkEmail, errorsOf, formAlert, handleSubmit, submitButton, textField } from '../forms.js';

/**
 * The "forgot password" page: asks for an email and sends a reset link. The answer
 * is the same whether or not an account exists, so nobody can probe for accounts.
 * @param {{notice?: {kind: string, text: string}|null}} context
 * @returns {HTMLElement}
 */
export function renderResetRequest({ notice }) {
  const fields = {
    email: textField({ id: 'email', label: 'Email', type: 'email', autocomplete: 'username' }),
  };
  const submit = submitButton({ label: 'Send reset link', busyLabel: 'Sending…', testId: 'reset-submit' });
  const alert = formAlert();
  const form = el('form', { class: 'form', novalidate: true }, alert, fields.email.element, submit.element);
  const page = guestPage({
    title: 'Reset your password',
    intro: "Enter the email you signed up with and we'll send you a link to choose a new password.",
    notice,
  }, form, el('p', { class: 'switch' }, el('a', { href: '#/signin' }, 'Back to sign in')));

  handleSubmit({
    form, fields, submit, alert,
    validate: () => errorsOf({ email: checkEmail(fields.email.input) }),
    action: async () => {
      await requestPasswordReset(fields.email.input.value.trim());
      const sent = el('div', { class: 'notice', role: 'status', 'data-testid': 'reset-sent', tabindex: -1 },
        'If an account exists for that address, we sent a link. It may take a minute to arrive; check your spam folder too.');
      form.replaceWith(sent);
      sent.focus();
    },
  });
  return page;
}
