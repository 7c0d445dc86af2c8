/**
 * The "come back here afterwards" target that sign-in and sign-up carry in `?next=`,
 * e.g. `#/signin?next=%23%2Fjoin%2Fabcd-efgh-jkmn-pqrs`.
 */

/** Longer targets are not ours: no route of this app needs them. */
const MAX_NEXT_LENGTH = 300;

/**
 * Accepts only a route of this app: a hash starting with `#/`. Anything else (a full URL,
 * `//host`, `javascript:`) could send the user somewhere else, so it is dropped.
 * @param {string|null|undefined} value the raw `next` parameter
 * @returns {string|null} the target, e.g. `"#/join/abcd-efgh-jkmn-pqrs"`, or null
 */
export function safeNext(value) {
  if (typeof value !== 'string' || value.length > MAX_NEXT_LENGTH) return null;
  if (!value.startsWith('#/') || value.startsWith('#//')) return null;
  return /[\u0000-\u001f\u007f\\]/.test(value) ? null : value;
}

/**
 * Builds a link to a route that carries a `next` target along.
 * @param {string} path e.g. `"/signin"`
 * @param {string|null} next a target accepted by {@link safeNext}, or null for none
 * @returns {string} e.g. `"#/signin?next=%23%2Fjoin%2F…"`
 */
export function withNext(path, next) {
  return next ? `#${path}?next=${encodeURIComponent(next)}` : `#${path}`;
}
