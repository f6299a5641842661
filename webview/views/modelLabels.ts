/**
 * The model grid's labels (browser): the layers' numbers down the left and, in model order, the
 * heads' along the top, as spans placed over the grid beside its one canvas (modelView.ts).
 */
import { el, replaceChildren } from '../common/dom';
import { cellOf, LABEL, type GridGeometry } from './modelPaint';

/**
 * Places the labels in `labels` for `g` (`heads`: whether the heads' row shows, model order).
 * `labelled` is the shape the spans were made for; returns the shape they are made for now.
 */
export function placeLabels(labels: HTMLElement, g: GridGeometry, heads: boolean, labelled: string): string {
  const key = `${g.layers}×${g.heads}:${heads}`;
  if (key !== labelled) {
    const label = (i: number, className: string): HTMLElement => el('span', { className, attrs: { 'data-i': String(i) } }, String(i));
    replaceChildren(
      labels,
      ...(heads ? Array.from({ length: g.heads }, (_, h) => label(h, 'model-label model-head')) : []),
      ...Array.from({ length: g.layers }, (_, l) => label(l, 'model-label model-layer')),
    );
  }
  const cell = cellOf(g);
  for (const node of labels.children) {
    const span = node as HTMLElement;
    const i = Number(span.dataset.i);
    const along = `${LABEL + i * cell}px`;
    if (span.classList.contains('model-head')) Object.assign(span.style, { left: along, width: `${g.side}px` });
    else Object.assign(span.style, { top: along, height: `${g.side}px`, lineHeight: `${g.side}px` });
  }
  return key;
}
