/**
 * A table that may be wider than its tab (browser): put in a box that scrolls it sideways on its
 * own, so that the tab around it never does (WCAG 1.4.10), and that, while the table is wider than
 * it, is a named region in the Tab order, so that a keyboard reader can scroll it with the arrow keys.
 *
 *   section.append(tableScroll(table, t('Figures per label')));
 */
import { el } from './dom';

export function tableScroll(table: HTMLTableElement, label: string): HTMLElement {
  const box = el('div', { className: 'table-scroll' }, table);
  // Focusable only while there is more to see: a table that fits is no extra Tab stop.
  new ResizeObserver(() => {
    const wide = box.scrollWidth > box.clientWidth + 1;
    if (wide === (box.tabIndex === 0)) return;
    if (wide) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', label);
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }).observe(box);
  return box;
}
