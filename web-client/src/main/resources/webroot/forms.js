/**
 * Form building blocks shared by the pages: labelled fields with hint and error
 * slots, a submit button with a busy state, a form-level alert, and the submit
 * flow that maps problem+json errors onto them.
 */
import { el } from './dom.js';
import { ApiError } from './api.js';

/**
 * @typedef {object} Field
 * @property {HTMLElement} element the wrapper to insert into the form
 * @property {HTMLInputElement|HTMLTextAreaElement} input
 * @property {(message: string|null) => void} setError shows (or clears) a message under the label
 */

/**
 * Builds a labelled input (or, with `multiline`, a textarea). The error and hint are linked
 * through aria-describedby, and an error sets aria-invalid.
 * @param {{id: string, label: string, type?: string, autocomplete?: string, hint?: string,
 *          minLength?: number, min?: number, max?: number, value?: string,
 *          required?: boolean, multiline?: boolean, testId?: string}} options
 *   `id` is also the input's `name`; `required` defaults to true
 * @returns {Field}
 */
export function textField({
  id, label, type = 'text', autocomplete, hint, minLength, min, max, value, required = true,
  multiline = false, testId,
}) {
  const props = {
    id, name: id, autocomplete, minlength: minLength, required, 'data-testid': testId,
  };
  const input = multiline
    ? el('textarea', { ...props, rows: 3 })
    : el('input', { ...props, type, min, max, inputmode: type === 'number' ? 'numeric' : null });
  // The default value is what form.reset() returns to.
  if (value != null) input.defaultValue = value;
  return describedField({ id, label, hint, input });
}

/**
 * Builds a checkbox with its label beside it, plus the same hint and error slots as {@link textField}.
 * @param {{id: string, label: string, hint?: string, checked?: boolean}} options `id` is also the name
 * @returns {Field}
 */
export function checkboxField({ id, label, hint, checked = false }) {
  const input = el('input', { id, name: id, type: 'checkbox' });
  input.defaultChecked = checked;
  const field = describedField({ id, label, hint, input });
  return field;
}

function describedField({ id, label, hint, input }) {
  const hintEl = hint ? el('p', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  const errorEl = el('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const describe = () => {
    const ids = [errorEl.hidden ? null : errorEl.id, hintEl?.id].filter(Boolean);
    if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
    else input.removeAttribute('aria-describedby');
  };
  describe();
  const labelEl = el('label', { for: id }, label);
  return {
    element: input.type === 'checkbox'
      ? el('div', { class: 'field' }, el('div', { class: 'check' }, input, labelEl), hintEl, errorEl)
      : el('div', { class: 'field' }, labelEl, hintEl, errorEl, input),
    input,
    setError(message) {
      errorEl.textContent = message ?? '';
      errorEl.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      describe();
    },
  };
}

/**
 * Builds a submit button that swaps to a spinner and a busy label while a request runs.
 * @param {{label: string, busyLabel: string, testId: string}} options
 * @returns {{element: HTMLButtonElement, setBusy: (busy: boolean) => void}}
 */
export function submitButton({ label, busyLabel, testId }) {
  const text = el('span', {}, label);
  const element = el('button', { type: 'submit', class: 'button primary', 'data-testid': testId },
    el('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
  return {
    element,
    setBusy(busy) {
      element.disabled = busy;
      element.classList.toggle('busy', busy);
      text.textContent = busy ? busyLabel : label;
    },
  };
}

/**
 * An always-present, initially empty alert region for errors that belong to no field.
 * Setting its text makes screen readers announce it.
 * @returns {HTMLElement}
 */
export function formAlert() {
  return el('div', { class: 'alert', role: 'alert', 'data-testid': 'form-error' });
}

/**
 * Wires a form's submit: clears old errors, runs client-side checks, shows the busy
 * state while `action` runs, and puts a failure next to its field (when the problem
 * names one this form has) or in the alert.
 * @param {{form: HTMLFormElement, fields: Record<string, Field>, submit: ReturnType<typeof submitButton>,
 *          alert: HTMLElement, validate?: () => Record<string, string>, action: () => Promise<void>}} options
 *   `validate` returns messages keyed by field name; empty means valid.
 */
export function handleSubmit({ form, fields, submit, alert, validate, action }) {
  let inFlight = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) return;
    alert.textContent = '';
    // A one-off notice from the previous page ("You have signed out.") no longer applies.
    form.closest('.card')?.querySelectorAll('.notice').forEach((notice) => notice.remove());
    Object.values(fields).forEach((field) => field.setError(null));
    if (showFieldErrors(fields, validate?.() ?? {})) return;

    inFlight = true;
    submit.setBusy(true);
    let failure = null;
    try {
      await action();
    } catch (error) {
      failure = error;
    }
    inFlight = false;
    submit.setBusy(false);
    if (failure) showFailure(failure, fields, alert, submit.element);
  });
}

function showFieldErrors(fields, errors) {
  const invalid = Object.entries(errors).filter(([name]) => fields[name]);
  invalid.forEach(([name, message]) => fields[name].setError(message));
  if (invalid.length) fields[invalid[0][0]].input.focus();
  return invalid.length > 0;
}

function showFailure(error, fields, alert, submitElement) {
  if (!(error instanceof ApiError)) console.error(error);
  const message = error instanceof ApiError ? error.detail : 'Something went wrong. Please try again.';
  const field = error instanceof ApiError && error.field ? fields[error.field] : null;
  if (field) {
    field.setError(message);
    field.input.focus();
  } else {
    alert.textContent = message;
    submitElement.focus();
  }
}

/**
 * Client-side checks for an email input (a hint only; the server decides).
 * @param {HTMLInputElement} input
 * @returns {string|null} a message, or null when it looks fine
 */
export function checkEmail(input) {
  if (!input.value.trim()) return 'Enter your email address.';
  if (input.validity.typeMismatch) return 'Enter an email address like name@example.com.';
  return null;
}

/** Mirrors the server's minimum length; the server also rejects common passwords. */
export const MIN_PASSWORD_LENGTH = 10;
export const PASSWORD_HINT = 'At least 10 characters; avoid common passwords.';

/**
 * Client-side check for a new password (length only; the server checks the rest).
 * @param {string} password
 * @returns {string|null} a message, or null when it may be acceptable
 */
export function checkNewPassword(password) {
  if (!password) return 'Enter a password.';
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return null;
}

/**
 * Drops the entries whose message is null.
 * @param {Record<string, string|null>} checks
 * @returns {Record<string, string>}
 */
export function errorsOf(checks) {
  return Object.fromEntries(Object.entries(checks).filter(([, message]) => message));
}
