/**
 * The graph plotter: parses functions of x with math.js (the WebJar's browser bundle; never `eval`
 * or `Function`) and samples them adaptively — finer where the curve bends, broken where it jumps
 * (a pole, a step) or is undefined, and joined through removable holes such as sin(x)/x at 0.
 * The result is the `curves` of a `plot` element: polylines in the plot's own coordinates.
 */
import { el } from '../dom.js';

const MATHJS_SRC = '/webjars/mathjs/9.4.4/lib/browser/math.js';
/** Most points in one plot (the server's limit). */
export const MAX_POINTS = 10_000;
const INITIAL_SAMPLES = 241;
const MAX_DEPTH = 7;

let library = null;

/** @returns {Promise<object>} the math.js global, loading its script once */
export function loadMath() {
  library ??= new Promise((resolve, reject) => {
    if (window.math) { resolve(window.math); return; }
    const script = el('script', { src: MATHJS_SRC });
    script.addEventListener('load', () => resolve(window.math));
    script.addEventListener('error', () => {
      library = null;
      reject(new Error('The plotter could not be loaded. Reload the page to try again.'));
    });
    document.head.append(script);
  });
  return library;
}

/**
 * Parses one function of x; `y = …` and `f(x) = …` prefixes are allowed.
 * @returns {{expr: string, evaluate: (x: number) => number}}
 * @throws {Error} with `position` (1-based character in what was typed) for a syntax error
 */
export function parseFunction(math, typed) {
  const prefix = /^\s*(?:y|f\s*\(\s*x\s*\))\s*=\s*/.exec(typed);
  const expr = prefix ? typed.slice(prefix[0].length) : typed;
  if (!expr.trim()) throw Object.assign(new Error('Type a function of x after "y =".'), { position: typed.length + 1 });
  let compiled;
  try {
    const node = math.parse(expr);
    const unknown = node.filter((n) => n.isSymbolNode && !(n.name in math) && n.name !== 'x');
    if (unknown.length) throw Object.assign(new Error(`Unknown name "${unknown[0].name}": use x as the variable.`), { char: expr.indexOf(unknown[0].name) });
    compiled = node.compile();
  } catch (error) {
    const at = Number.isInteger(error.char) ? error.char + (prefix ? prefix[0].length : 0) + 1 : null;
    const message = error.message.replace(/\s*\(char \d+\)\s*$/, '');
    throw Object.assign(new Error(at ? `${message} (at character ${at})` : message), { position: at });
  }
  return {
    expr: typed.trim(),
    evaluate(x) {
      try {
        const y = compiled.evaluate({ x });
        return typeof y === 'number' ? y : (typeof y === 'boolean' ? Number(y) : NaN);
      } catch {
        return NaN;
      }
    },
  };
}

/**
 * Samples `f` over `domain`, returning polylines (flat `[x, y, …]`) that break at discontinuities.
 * @param {(x: number) => number} f
 * @param {[number, number]} domain
 * @param {[number, number]} range the visible y range: sets the tolerance and what counts as a jump
 * @param {number} budget most points to return
 * @returns {number[][]}
 */
export function sample(f, [x0, x1], [y0, y1], budget = MAX_POINTS) {
  const height = y1 - y0;
  const tolerance = height / 800;
  const jump = height * 0.75;
  const far = height * 3;
  const value = (x) => {
    const y = f(x);
    if (Number.isFinite(y)) return y;
    // A hole (0/0 at one point) is removable when both sides agree: take their mean.
    const h = Math.max(Math.abs(x), 1) * 1e-7;
    const left = f(x - h);
    const right = f(x + h);
    return Number.isFinite(left) && Number.isFinite(right) && Math.abs(left - right) < tolerance ? (left + right) / 2 : NaN;
  };
  const points = [];
  let count = 0;
  const refine = (a, fa, b, fb, depth) => {
    const m = (a + b) / 2;
    const fm = value(m);
    const bends = !Number.isFinite(fa) || !Number.isFinite(fb) || !Number.isFinite(fm)
      || Math.abs(fm - (fa + fb) / 2) > tolerance;
    if (depth < MAX_DEPTH && bends && count < budget) {
      refine(a, fa, m, fm, depth + 1);
      refine(m, fm, b, fb, depth + 1);
      return;
    }
    push(m, fm, fa);
    push(b, fb, fm);
  };
  const push = (x, y, previous) => {
    const broken = !Number.isFinite(y) || !Number.isFinite(previous) || Math.abs(y - previous) > jump
      || Math.abs(y - (y0 + y1) / 2) > far;
    if (broken || points.length === 0) points.push([]);
    if (Number.isFinite(y) && Math.abs(y - (y0 + y1) / 2) <= far) {
      points[points.length - 1].push(round(x), round(y));
      count++;
    }
  };
  const step = (x1 - x0) / (INITIAL_SAMPLES - 1);
  let a = x0;
  let fa = value(a);
  push(a, fa, NaN);
  for (let i = 1; i < INITIAL_SAMPLES; i++) {
    const b = i === INITIAL_SAMPLES - 1 ? x1 : x0 + i * step;
    const fb = value(b);
    refine(a, fa, b, fb, 0);
    a = b;
    fa = fb;
  }
  return points.filter((line) => line.length >= 4 || (line.length === 2 && points.length === 1));
}

/** Keeps 6 significant digits: plenty for drawing, and small on the wire. */
function round(n) {
  return Number(n.toPrecision(6));
}

/**
 * Builds the fields of a plot element from what the person typed.
 * @param {object} math the math.js global
 * @param {{functions: {expr: string, color: string}[], domain: [number, number], range: [number, number]}} input
 * @returns {{functions, domain, range, curves}}
 * @throws {Error} with `index` (which function) and `position` for the first invalid expression
 */
export function buildPlot(math, { functions, domain, range }) {
  if (!(domain[0] < domain[1]) || !(range[0] < range[1])) throw Object.assign(new Error('The minimum must be below the maximum.'), { index: -1 });
  const parsed = functions.map((fn, index) => {
    try {
      return parseFunction(math, fn.expr);
    } catch (error) {
      throw Object.assign(error, { index });
    }
  });
  const budget = Math.floor(MAX_POINTS / parsed.length) - 50;
  const curves = [];
  parsed.forEach((fn, index) => {
    for (const points of sample(fn.evaluate, domain, range, budget)) curves.push({ fn: index, points });
  });
  return { functions: functions.map((fn, i) => ({ expr: parsed[i].expr, color: fn.color })), domain, range, curves };
}
