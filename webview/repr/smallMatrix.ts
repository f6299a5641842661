/**
 * A small square matrix on a canvas (browser): one pixel per cell through the panel's colour
 * table, scaled up by CSS without smoothing; the row and column under the pointer are read out by
 * arithmetic. Used for the occurrences' cosine matrix and the word-order experiment's attention.
 * With a reader (`onHover`) it is also one Tab stop whose arrow keys move a cell cursor, each cell
 * reached read out as under the pointer.
 *
 *   const m = new SmallMatrix(label, 180);
 *   m.paint(values, n, cosineIndex);
 */
import { buildLut, packLut } from '../../src/protocol/colorScale';
import { el } from '../common/dom';

const PIXELS = packLut(buildLut());

export class SmallMatrix {
  readonly canvas: HTMLCanvasElement;
  private n = 0;
  private values: Float32Array = new Float32Array(0);
  /** The keyboard's cell. */
  private cursor = { row: 0, column: 0 };

  constructor(
    label: string,
    private readonly size: number,
    private readonly onHover?: (row: number, column: number, value: number) => void,
  ) {
    this.canvas = el('canvas', { className: 'repr-matrix', attrs: { role: 'img', 'aria-label': label } });
    this.canvas.addEventListener('pointermove', (e) => {
      const cell = this.cellAt(e.offsetX, e.offsetY);
      if (cell) this.read(cell.row, cell.column);
    });
    if (!onHover) return;
    this.canvas.tabIndex = 0;
    this.canvas.addEventListener('focus', () => this.read(this.cursor.row, this.cursor.column));
    this.canvas.addEventListener('keydown', (e) => {
      const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      const m = moves[e.key];
      if (!m || this.n === 0) return;
      e.preventDefault();
      const clamp = (i: number): number => Math.max(0, Math.min(this.n - 1, i));
      this.cursor = { row: clamp(this.cursor.row + m[0]), column: clamp(this.cursor.column + m[1]) };
      this.read(this.cursor.row, this.cursor.column);
    });
  }

  private read(row: number, column: number): void {
    if (row < this.n && column < this.n) this.onHover?.(row, column, this.values[row * this.n + column]);
  }

  /** Paints `values` (n × n) with each cell's colour-table index from `index`. */
  paint(values: Float32Array, n: number, index: (v: number) => number): void {
    if (n !== this.n) this.cursor = { row: 0, column: 0 };
    this.n = n;
    this.values = values;
    this.canvas.width = Math.max(1, n);
    this.canvas.height = Math.max(1, n);
    this.canvas.style.width = `${this.size}px`;
    this.canvas.style.height = `${this.size}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx || n === 0) return;
    const image = ctx.createImageData(n, n);
    const out = new Uint32Array(image.data.buffer);
    for (let i = 0; i < n * n; i++) out[i] = PIXELS[index(values[i])];
    ctx.putImageData(image, 0, 0);
  }

  /** The cell under a point of the canvas (CSS pixels), or null. */
  cellAt(x: number, y: number): { row: number; column: number } | null {
    if (this.n === 0) return null;
    const column = Math.floor((x / this.size) * this.n);
    const row = Math.floor((y / this.size) * this.n);
    return row >= 0 && row < this.n && column >= 0 && column < this.n ? { row, column } : null;
  }
}
