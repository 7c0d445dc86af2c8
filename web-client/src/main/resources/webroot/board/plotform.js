/**
 * The plot tool's form: one function of x per line (`y = sin(x)/x`, `x^2 - 3x + 1`,
 * `x < 0 ? -x : x`), a domain and a range. An invalid expression is named beside the field with the
 * position of the mistake, and nothing is placed.
 */
import { el } from '../dom.js';
import { buildPlot, loadMath } from './plot.js';

const LINE_COLORS = ['#1971c2', '#e03131', '#2f9e44', '#f08c00', '#9c36b5', '#0c8599'];

/**
 * @param {{color: () => string, place: (fields: object) => Promise<unknown>}} options
 * @returns {{element: HTMLElement, toggle: () => void}}
 */
export function plotForm({ place }) {
  const functions = el('textarea', {
    rows: 3, 'aria-label': 'Functions of x, one per line', placeholder: 'y = sin(x)/x', 'data-testid': 'plot-functions',
  });
  const number = (label, value, testId) => el('input', { type: 'number', step: 'any', value, 'aria-label': label, 'data-testid': testId, class: 'plot-bound' });
  const xmin = number('x from', -10, 'plot-xmin');
  const xmax = number('x to', 10, 'plot-xmax');
  const ymin = number('y from', -5, 'plot-ymin');
  const ymax = number('y to', 5, 'plot-ymax');
  const error = el('p', { class: 'plot-error', role: 'alert', 'data-testid': 'plot-error' });
  const submit = el('button', { type: 'submit', 'data-testid': 'plot-place' }, 'Place plot');
  const form = el('form', {
    class: 'plot-form', hidden: true, 'aria-label': 'Plot functions',
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      functions.removeAttribute('aria-invalid');
      const lines = functions.value.split('\n').map((line) => line.trim()).filter(Boolean);
      if (!lines.length) { error.textContent = 'Type a function of x, e.g. y = sin(x)/x.'; return; }
      if (lines.length > LINE_COLORS.length) { error.textContent = `At most ${LINE_COLORS.length} functions in one plot.`; return; }
      submit.disabled = true;
      try {
        const math = await loadMath();
        const fields = buildPlot(math, {
          functions: lines.map((expr, i) => ({ expr, color: LINE_COLORS[i] })),
          domain: [Number(xmin.value), Number(xmax.value)],
          range: [Number(ymin.value), Number(ymax.value)],
        });
        await place(fields);
        form.hidden = true;
      } catch (failure) {
        functions.setAttribute('aria-invalid', 'true');
        error.textContent = failure.index >= 0 && lines.length > 1 ? `Function ${failure.index + 1}: ${failure.message}` : failure.message;
      } finally {
        submit.disabled = false;
      }
    },
  },
  el('label', {}, 'Functions of x', functions),
  el('span', { class: 'plot-bounds' }, 'x from ', xmin, ' to ', xmax, ', y from ', ymin, ' to ', ymax),
  error, submit);
  return {
    element: form,
    toggle() {
      form.hidden = !form.hidden;
      if (!form.hidden) { loadMath().catch(() => {}); functions.focus(); }
    },
  };
}
