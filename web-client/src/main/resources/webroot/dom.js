/**
 * Tiny DOM builder. Text always goes in as text nodes, never as HTML.
 */

/**
 * Creates an element with attributes, listeners and children.
 *
 * Props: `class` sets the class name; `on<event>` (a function) adds a listener;
 * `true` sets an empty boolean attribute; `null`, `undefined` and `false` are skipped;
 * anything else is set as an attribute. Children may be nodes, strings (added as text),
 * arrays of those, or null/false (skipped).
 *
 * @param {string} tag element name, e.g. `"button"`
 * @param {Record<string, unknown>} [props]
 * @param {...(Node|string|null|false|Array<Node|string|null|false>)} children
 * @returns {HTMLElement}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') {
      node.className = String(value);
    } else if (key.startsWith('on')) {
      if (typeof value === 'function') node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  node.append(...children.flat().filter((child) => child != null && child !== false));
  return node;
}
