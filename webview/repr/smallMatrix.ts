/**
 * A small square matrix on a canvas (browser): one pixel per cell through the panel's colour
 * table, scaled up by CSS without smoothing; the row and column under the pointer are read out by
 * arithmetic. Used for the occurrences' cosine matrix and the word-order experiment's attention.
 *
 *   const m = new SmallMatrix(label, 180);
 *   m.paint(values, n, cosineIndex);
 */
import { buildLut, packLut } from '../common/colorScale';
import { el } from '../common/dom';

const PIXELS = packLut(buildLut());

export class SmallMatrix {
  readonly canvas: HTMLCanvasElement;
  private n = 0;
  private values: Float32Array = new Float32Array(0);

  constructor(
    label: string,
    private readonly size: number,
    private readonly onHover: (row: number, column: number, value: number) => void = () => undefined,
  ) {
    this.canvas = el('canvas', { className: 'repr-matrix', attrs: { role: 'img', 'aria-label': label } });
    this.canvas.addEventListener('pointermove', (e) => {
      const cell = this.cellAt(e.offsetX, e.offsetY);
      if (cell) this.onHover(cell.row, cell.column, this.values[cell.row * this.n + cell.column]);
    });
  }

  /** Paints `values` (n × n) with each cell's colour-table index from `index`. */
  paint(values: Float32Array, n: number, index: (v: number) => number): void {
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
