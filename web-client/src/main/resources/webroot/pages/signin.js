import { el } from '../dom.js';
import { login } from '../api.js';
import { guestPage } from '../layout.js';
import { checkEmail, errorsOf, formAlert, handleSubmit, submitButton, textField } from '../forms.js';
import { safeNext, withNext } from '../nav.js';

/**
 * The sign-in page: email and password, with links to sign up and to reset a password.
 * `?next=#/…` names the page to return to once signed in (sign-up carries it along too).
 * @param {{params: URLSearchParams, notice?: {kind: string, text: string}|null,
 *          signedIn: (user: object, next?: string|null) => void}} context
 * @returns {HTMLElement}
 */
export function renderSignIn({ params, notice, signedIn }) {
  const next = safeNext(params.get('next'));
  const fields = {
    email: textField({ id: 'email', label: 'Email', type: 'email', autocomplete: 'username' }),
    password: textField({ id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' }),
  };
  const submit = submitButton({ label: 'Sign in', busyLabel: 'Signing in…', testId: 'signin-submit' });
  const alert = formAlert();
  const form = el('form', { class: 'form', novalidate: true },
    alert,
    fields.email.element,
    fields.password.element,
    el('p', { class: 'aside' }, el('a', { href: '#/reset' }, 'Forgot password?')),
    submit.element);

  handleSubmit({
    form, fields, submit, alert,
    validate: () => errorsOf({
      email: checkEmail(fields.email.input),
      password: fields.password.input.value ? null : 'Enter your password.',
    }),
    action: async () => {
      const user = await login({
        email: fields.email.input.value.trim(),
        password: fields.password.input.value,
      });
      signedIn(user, next);
    },
  });

  return guestPage({ title: 'Sign in to Parley', intro: introFor(next), notice },
    form,
    el('p', { class: 'switch' }, 'New to Parley? ', el('a', { href: withNext('/signup', next) }, 'Create an account')));
}

/** @returns {string|undefined} a line saying where signing in leads, when it is not home */
function introFor(next) {
  return next?.startsWith('#/join/') ? "Sign in and you'll be taken back to the meeting you're joining." : undefined;
}
