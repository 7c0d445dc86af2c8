import { el } from '../dom.js';
import { signup } from '../api.js';
import { guestPage } from '../layout.js';
import {
  PASSWORD_HINT, MIN_PASSWORD_LENGTH, checkEmail, checkNewPassword, errorsOf, formAlert, handleSubmit,
  submitButton, textField,
} from '../forms.js';
import { safeNext, withNext } from '../nav.js';

/**
 * The sign-up page: display name, email and password, with a link to sign in.
 * `?next=#/…` names the page to go to once the account exists; `?email=` fills in the address (an
 * invitation's sign-up link: signing up with the invited address makes the account a member).
 * @param {{params: URLSearchParams, notice?: {kind: string, text: string}|null,
 *          signedIn: (user: object, next?: string|null) => void}} context
 * @returns {HTMLElement}
 */
export function renderSignUp({ params, notice, signedIn }) {
  const next = safeNext(params.get('next'));
  const fields = {
    displayName: textField({ id: 'displayName', label: 'Display name', autocomplete: 'name',
      hint: 'Shown to other people in meetings and chat.' }),
    email: textField({ id: 'email', label: 'Email', type: 'email', autocomplete: 'username',
      value: params.get('email') ?? undefined }),
    password: textField({ id: 'password', label: 'Password', type: 'password', autocomplete: 'new-password',
      minLength: MIN_PASSWORD_LENGTH, hint: PASSWORD_HINT }),
  };
  const submit = submitButton({ label: 'Create account', busyLabel: 'Creating account…', testId: 'signup-submit' });
  const alert = formAlert();
  const form = el('form', { class: 'form', novalidate: true },
    alert, fields.displayName.element, fields.email.element, fields.password.element, submit.element);

  handleSubmit({
    form, fields, submit, alert,
    validate: () => errorsOf({
      displayName: fields.displayName.input.value.trim() ? null : 'Enter a display name.',
      email: checkEmail(fields.email.input),
      password: checkNewPassword(fields.password.input.value),
    }),
    action: async () => {
      const user = await signup({
        displayName: fields.displayName.input.value.trim(),
        email: fields.email.input.value.trim(),
        password: fields.password.input.value,
      });
      signedIn(user, next);
    },
  });

  return guestPage({ title: 'Create your Parley account', notice },
    form,
    el('p', { class: 'switch' }, 'Already have an account? ', el('a', { href: withNext('/signin', next) }, 'Sign in')));
}
