/**
 * The one way the webviews build DOM (browser). Text — including everything that comes from a
 * document or a model — only ever becomes a Text node, and attributes are set one by one, so no
 * string is ever parsed as HTML and no inline event handler can be created.
 */

export type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  readonly className?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  for (const [name, value] of Object.entries(options.attrs ?? {})) setAttr(node, name, value);
  append(node, ...children);
  return node;
}

/** setAttribute, refusing event-handler attributes (listeners are added with addEventListener). */
export function setAttr(node: Element, name: string, value: string): void {
  if (/^on/i.test(name)) throw new Error(`refusing inline handler attribute ${name}`);
  node.setAttribute(name, value);
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A control and its label (`for` its id) as one piece: when a row of controls wraps, the two stay on one line. */
export function field(label: string, control: HTMLElement): HTMLElement {
  return el('span', { className: 'field' }, el('label', { attrs: { for: control.id } }, label), control);
}

export function button(label: string, onClick: () => void, className = 'button'): HTMLButtonElement {
  const b = el('button', { className, attrs: { type: 'button' } }, label);
  b.addEventListener('click', onClick);
  return b;
}

/**
 * A view's help, folded under `summary` (closed at first, so the view keeps the panel's height for
 * itself); the text stays in the page with `id`, so `aria-describedby` still reads it.
 */
export function foldedHelp(summary: string, id: string, text: string): HTMLDetailsElement {
  return el('details', { className: 'help folded-help' }, el('summary', {}, summary), el('p', { attrs: { id } }, text));
}
