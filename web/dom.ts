// Small DOM helpers: elements by id that must exist, and elements built from a tag.

/** The element with this id; a missing one is a bug in the page's HTML, said as such. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`internal: ${location.pathname} has no element #${id}`);
  return found as T;
}

/** A new element with text, or children, and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K,
  attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Shows a status line; `state` is also a data attribute, for styles and tests. */
export function setStatus(id: string, state: string, text: string): void {
  const node = byId(id);
  node.dataset.state = state;
  node.textContent = text;
}

/** A number as people read it in a table: 4 significant digits, exponent when tiny. */
export function fmt(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(4)))
    : v.toExponential(2);
}
