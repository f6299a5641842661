/**
 * The model grid for a screen reader (browser): the ARIA grid pattern over the one canvas. A row a
 * layer, a cell a head, each cell an empty box over its thumbnail named by its layer, head and
 * summary numbers; the keyboard's cursor is the grid's aria-activedescendant (the focus stays on
 * the grid, its one Tab stop), so that a screen reader says the cell the arrows land on and can
 * walk the rows and cells itself. The boxes let the pointer through to the grid (modelView.ts).
 */
import { el, replaceChildren } from '../common/dom';
import { cellOf, LABEL, type GridGeometry } from './modelPaint';

/** The DOM id of the cell at a grid place. */
const cellId = (layer: number, column: number): string => `model-cell-${layer}-${column}`;

export class GridCells {
  /** The rows' container: the grid's rows are its children (it has no role of its own). */
  readonly element = el('div', { className: 'model-cells', attrs: { role: 'presentation' } });
  private shape = '';

  constructor(private readonly grid: HTMLElement) {}

  /** Cells for `g`'s layers × heads (kept while the shape stays), over their thumbnails, named by `name`. */
  update(g: GridGeometry, name: (layer: number, column: number) => string): void {
    const shape = `${g.layers}×${g.heads}`;
    if (shape !== this.shape) {
      this.shape = shape;
      const row = (l: number): HTMLElement =>
        el(
          'div',
          { className: 'model-row', attrs: { role: 'row', 'aria-rowindex': String(l + 1) } },
          ...Array.from({ length: g.heads }, (_, c) =>
            el('div', { className: 'model-cell', attrs: { role: 'gridcell', id: cellId(l, c), 'aria-colindex': String(c + 1) } }),
          ),
        );
      replaceChildren(this.element, ...Array.from({ length: g.layers }, (_, l) => row(l)));
    }
    const cell = cellOf(g);
    this.element.querySelectorAll<HTMLElement>('.model-row').forEach((row, l) =>
      row.querySelectorAll<HTMLElement>('.model-cell').forEach((box, c) => {
        box.setAttribute('aria-label', name(l, c));
        Object.assign(box.style, { left: `${LABEL + c * cell}px`, top: `${LABEL + l * cell}px`, width: `${g.side}px`, height: `${g.side}px` });
      }),
    );
  }

  /** The cell at `at` becomes the grid's active descendant (null: none, or no cells yet). */
  activate(at: { layer: number; column: number } | null): void {
    const id = at && cellId(at.layer, at.column);
    if (id && this.element.querySelector(`#${id}`)) this.grid.setAttribute('aria-activedescendant', id);
    else this.grid.removeAttribute('aria-activedescendant');
  }
}
