// Builds DOM from data. Strings always become text nodes: document text
// comes from the open web and must never be parsed as markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

function fill(el: Element, attrs: Attrs, children: Child[]): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  fill(el, attrs, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

export function s(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  fill(el, attrs, children);
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

let currentView = 0;

/** Starts drawing a new view; the function tells whether it is still the
 * one on screen, so that a slow answer never draws over a newer view. */
export function beginView(): () => boolean {
  const mine = ++currentView;
  return () => mine === currentView;
}
