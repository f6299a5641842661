/**
 * The attention heatmap (browser): one layer/head as a query × key canvas, one canvas pixel per
 * cell painted through the colour table and scaled up without smoothing to whole device pixels.
 * Labels, the focused row, the cell cursor and the readout are a thin DOM overlay; the canvas is
 * repainted in requestAnimationFrame only when the matrix changed, and pointer positions map to
 * cells by arithmetic (heatmapMath).
 */
import { buildLut, packLut } from './colorScale';
import type { AttentionMatrices } from './attentionMatrices';
import { el, replaceChildren } from './dom';
import { formatWeight } from './format';
import { cellSize, hitTest, labelPositions, labelStride, matrixMax, paintMatrix, type Cell } from './heatmapMath';
import { moveInGrid } from './navigation';

export interface HeatmapEvents {
  /** A cell was picked (click or Enter): the panel focuses its query token. */
  onPick(cell: Cell): void;
}

const LUT = buildLut();
const LUT32 = packLut(LUT);
/** Room for the query labels left of the matrix, CSS px. */
const AXIS = 88;
const LABEL_SPACING = 14;

export class Heatmap {
  readonly element: HTMLElement;
  private readonly canvas = el('canvas', { className: 'heatmap-canvas', attrs: { 'aria-hidden': 'true' } });
  private readonly context: CanvasRenderingContext2D;
  private readonly plot: HTMLElement;
  private readonly frame: HTMLElement;
  private readonly queryAxis = el('div', { className: 'axis axis-query', attrs: { 'aria-hidden': 'true' } });
  private readonly keyAxis = el('div', { className: 'axis axis-key', attrs: { 'aria-hidden': 'true' } });
  private readonly row = el('div', { className: 'heatmap-row' });
  private readonly cursor = el('div', { className: 'heatmap-cursor' });
  private readonly readout = el('div', { className: 'readout', attrs: { 'aria-live': 'polite', 'data-testid': 'heatmap-readout' } });
  private readonly legendMax = el('span', { className: 'legend-max' });
  private matrices: AttentionMatrices | null = null;
  private labels: readonly string[] = [];
  private layer = 0;
  private head: number | null = null;
  private focusedRow: number | null = null;
  private cell: Cell | null = null;
  private current: Float32Array | null = null;
  private image: ImageData | null = null;
  private cellCss = 1;
  private dirty = false;
  private frameRequest = 0;
  /** How many times the canvas was painted (tests wait on it). */
  private paints = 0;

  constructor(private readonly events: HeatmapEvents) {
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas context');
    this.context = context;
    this.row.hidden = true;
    this.cursor.hidden = true;
    this.plot = el('div', { className: 'heatmap-plot', attrs: { tabindex: '0', role: 'group', 'aria-roledescription': 'heatmap', 'aria-describedby': 'heatmap-help' } }, this.canvas, this.row, this.cursor);
    this.frame = el(
      'div',
      { className: 'heatmap-frame' },
      el('div', { className: 'heatmap-corner' }, el('span', {}, 'query ↓ key →')),
      this.keyAxis,
      this.queryAxis,
      this.plot,
    );
    const legend = el('div', { className: 'legend', attrs: { 'aria-hidden': 'true' } }, el('span', {}, '0'), legendCanvas(), this.legendMax);
    const help = el('p', { className: 'help', attrs: { id: 'heatmap-help' } }, 'Rows are queries, columns are keys. Arrow keys move the cell cursor; Enter selects the row’s token.');
    this.element = el('div', { className: 'heatmap' }, this.frame, legend, this.readout, help);
    this.plot.addEventListener('pointermove', (e) => this.setCell(this.cellAt(e), false));
    this.plot.addEventListener('pointerleave', () => this.setCell(null, false));
    this.plot.addEventListener('click', (e) => {
      const cell = this.cellAt(e);
      if (cell) this.events.onPick(cell);
    });
    this.plot.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.layout()).observe(this.element);
    this.watchPixelRatio();
  }

  setData(matrices: AttentionMatrices, labels: readonly string[], layer: number, head: number | null): void {
    this.matrices = matrices;
    this.labels = labels;
    this.cell = null;
    this.setSelection(layer, head, true);
    this.layout();
  }

  setSelection(layer: number, head: number | null, force = false): void {
    if (!force && layer === this.layer && head === this.head) return;
    this.layer = layer;
    this.head = head;
    this.plot.setAttribute('aria-label', `Attention, layer ${layer}, ${head === null ? 'mean of heads' : `head ${head}`}`);
    this.invalidate();
  }

  setFocusedRow(query: number | null): void {
    this.focusedRow = query;
    this.layout();
  }

  /** Value of the shown matrix at a cell (tests and the readout). */
  valueAt(cell: Cell): number {
    const t = this.matrices?.length ?? 0;
    return this.current && cell.query < t && cell.key < t ? this.current[cell.query * t + cell.key] : Number.NaN;
  }

  private invalidate(): void {
    this.dirty = true;
    if (!this.frameRequest) this.frameRequest = requestAnimationFrame(() => this.paint());
  }

  private paint(): void {
    this.frameRequest = 0;
    if (!this.dirty || !this.matrices) return;
    this.dirty = false;
    const t = this.matrices.length;
    this.current = this.matrices.matrix(this.layer, this.head);
    if (!this.image || this.image.width !== t) {
      this.canvas.width = t;
      this.canvas.height = t;
      this.image = t > 0 ? this.context.createImageData(t, t) : null;
    }
    const max = matrixMax(this.current);
    if (this.image) {
      paintMatrix(this.current, max, LUT32, new Uint32Array(this.image.data.buffer));
      this.context.putImageData(this.image, 0, 0);
    }
    this.legendMax.textContent = formatWeight(max);
    this.canvas.dataset.max = String(max);
    this.canvas.dataset.paints = String(++this.paints);
    this.showReadout();
  }

  /** Sizes the canvas and places labels and overlays; cheap, no repaint of the pixels. */
  private layout(): void {
    const t = this.matrices?.length ?? 0;
    const available = Math.max(40, this.element.clientWidth - AXIS - 8);
    this.cellCss = cellSize(available, t, window.devicePixelRatio || 1);
    const side = `${t * this.cellCss}px`;
    for (const node of [this.canvas, this.plot]) {
      node.style.width = side;
      node.style.height = side;
    }
    this.keyAxis.style.width = side;
    this.queryAxis.style.height = side;
    const stride = labelStride(this.cellCss, LABEL_SPACING);
    const axisLabel = (i: number, vertical: boolean): HTMLElement => {
      const label = el('span', { className: i === this.focusedRow ? 'axis-label focused' : 'axis-label' }, this.labels[i] ?? '');
      const offset = `${(i + 0.5) * this.cellCss}px`;
      if (vertical) label.style.left = offset;
      else label.style.top = offset;
      return label;
    };
    replaceChildren(this.queryAxis, ...labelPositions(t, stride, this.focusedRow).map((i) => axisLabel(i, false)));
    replaceChildren(this.keyAxis, ...labelPositions(t, stride, null).map((i) => axisLabel(i, true)));
    this.placeBox(this.row, this.focusedRow === null ? null : { top: this.focusedRow, left: 0, rows: 1, cols: t });
    this.placeBox(this.cursor, this.cell === null ? null : { top: this.cell.query, left: this.cell.key, rows: 1, cols: 1 });
  }

  private placeBox(box: HTMLElement, at: { top: number; left: number; rows: number; cols: number } | null): void {
    box.hidden = at === null;
    if (!at) return;
    box.style.top = `${at.top * this.cellCss}px`;
    box.style.left = `${at.left * this.cellCss}px`;
    box.style.height = `${at.rows * this.cellCss}px`;
    box.style.width = `${at.cols * this.cellCss}px`;
  }

  private cellAt(e: PointerEvent | MouseEvent): Cell | null {
    const r = this.canvas.getBoundingClientRect();
    return hitTest(e.clientX - r.left, e.clientY - r.top, r.width, r.height, this.matrices?.length ?? 0);
  }

  private setCell(cell: Cell | null, keyboard: boolean): void {
    this.cell = cell;
    this.placeBox(this.cursor, cell === null ? null : { top: cell.query, left: cell.key, rows: 1, cols: 1 });
    this.cursor.classList.toggle('keyboard', keyboard);
    this.showReadout();
  }

  private showReadout(): void {
    const cell = this.cell;
    if (!cell) {
      replaceChildren(this.readout, 'Point at a cell (or focus the heatmap and use the arrow keys) to read its weight.');
      return;
    }
    const name = (i: number): string => `${this.labels[i] ?? ''} (#${i})`;
    replaceChildren(this.readout, `${name(cell.query)} → ${name(cell.key)}: ${formatWeight(this.valueAt(cell))}`);
  }

  private onKey(e: KeyboardEvent): void {
    const t = this.matrices?.length ?? 0;
    if (t === 0) return;
    const from = this.cell ?? { query: this.focusedRow ?? 0, key: 0 };
    if (e.key === 'Enter') {
      e.preventDefault();
      this.events.onPick(from);
      return;
    }
    const next = this.cell ? moveInGrid(from, e.key, t) : e.key.startsWith('Arrow') ? from : null;
    if (!next) return;
    e.preventDefault();
    this.setCell(next, true);
  }

  private watchPixelRatio(): void {
    // A media query that matches only the current ratio; it fires once when the ratio changes.
    const query = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', () => {
      this.layout();
      this.watchPixelRatio();
    }, { once: true });
  }
}

function legendCanvas(): HTMLCanvasElement {
  const canvas = el('canvas', { className: 'legend-ramp' });
  canvas.width = LUT.length / 4;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  if (context) {
    const image = context.createImageData(canvas.width, 1);
    image.data.set(LUT);
    context.putImageData(image, 0, 0);
  }
  return canvas;
}
