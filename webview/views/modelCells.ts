/**
 * The model grid for a screen reader (browser): the ARIA grid pattern over the one canvas. A row a
 * layer, a cell a head, each cell an empty box over its thumbnail named by its layer, head and
 * summary numbers; the keyboard's cursor is the grid's aria-activedescendant (the focus stays on
 * the grid, its one Tab stop), so that a screen reader says the cell the arrows land on and can
 * walk the rows and cells itself. The boxes let the pointer through to the grid (modelView.ts).
 *
 * A box is placed by CSS from its row and column and three sizes set on the rows' container, and
 * named again only when what it shows changes: a resize (a drag of the panel's edge, a frame at a
 * time) writes three properties, not four styles and a name for each of the 144 heads. Names are
 * written once the page is idle after a new analysis is drawn (within half a second).
 */
import { el, replaceChildren } from '../common/dom';
import { cellOf, LABEL, type GridGeometry } from './modelPaint';

/** The DOM id of the cell at a grid place. */
const cellId = (layer: number, column: number): string => `model-cell-${layer}-${column}`;

export class GridCells {
  /** The rows' container: the grid's rows are its children (it has no role of its own). */
  readonly element = el('div', { className: 'model-cells', attrs: { role: 'presentation' } });
  private shape = '';
  /** What the names were written for (the reply and the order of the heads), by identity. */
  private named: readonly object[] = [];
  /** Names waiting for an idle moment, and how to write them now. */
  private naming: { handle: number; names: () => void } | null = null;

  constructor(private readonly grid: HTMLElement) {
    this.element.style.setProperty('--label', `${LABEL}px`);
  }

  /**
   * Cells for `g`'s layers × heads (kept while the shape stays), over their thumbnails; named by
   * `name` when `shows` (the objects the names are made from) differs from the last call's.
   */
  update(g: GridGeometry, name: (layer: number, column: number) => string, shows: readonly object[]): void {
    const shape = `${g.layers}×${g.heads}`;
    if (shape !== this.shape) {
      this.shape = shape;
      this.named = [];
      // Custom properties through the CSSOM: the page's CSP refuses style attributes.
      const placed = (node: HTMLElement, name: string, value: number): HTMLElement => (node.style.setProperty(name, String(value)), node);
      const row = (l: number): HTMLElement =>
        el(
          'div',
          { className: 'model-row', attrs: { role: 'row', 'aria-rowindex': String(l + 1) } },
          ...Array.from({ length: g.heads }, (_, c) =>
            placed(el('div', { className: 'model-cell', attrs: { role: 'gridcell', id: cellId(l, c), 'aria-colindex': String(c + 1) } }), '--column', c),
          ),
        );
      replaceChildren(this.element, ...Array.from({ length: g.layers }, (_, l) => placed(row(l), '--row', l)));
    }
    this.element.style.setProperty('--cell', `${cellOf(g)}px`);
    this.element.style.setProperty('--side', `${g.side}px`);
    if (shows.length === this.named.length && shows.every((x, i) => x === this.named[i])) return;
    this.named = shows;
    // Named when the page is idle, after the grid is painted (144 sentences of four numbers each
    // delayed the first paint); a cell the cursor reaches first names them all at once.
    if (this.naming) cancelIdleCallback(this.naming.handle);
    const names = (): void => {
      this.naming = null;
      this.element
        .querySelectorAll<HTMLElement>('.model-row')
        .forEach((row, l) => row.querySelectorAll<HTMLElement>('.model-cell').forEach((box, c) => box.setAttribute('aria-label', name(l, c))));
    };
    this.naming = { handle: requestIdleCallback(names, { timeout: 500 }), names };
  }

  /** The cell at `at` becomes the grid's active descendant (null: none, or no cells yet). */
  activate(at: { layer: number; column: number } | null): void {
    if (at) this.naming?.names();
    const id = at && cellId(at.layer, at.column);
    if (id && this.element.querySelector(`#${id}`)) this.grid.setAttribute('aria-activedescendant', id);
    else this.grid.removeAttribute('aria-activedescendant');
  }
}
