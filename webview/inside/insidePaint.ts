/**
 * Painting the Inside views' canvases (browser): vector strips on the diverging scale (one block
 * of `cell` × `row` px per component, a 2 px gap under each row), masked rows hatched instead,
 * and the layer lens grid's cells on the heatmap's sequential scale with their top token written
 * in. Canvases are sized in CSS px one to one (blocks stay crisp without smoothing).
 */
import type { Rgb } from '../../src/protocol/colorScale';
import { colorOf, luminance } from '../../src/protocol/colorScale';
import { cssColor } from '../common/theme';
import { hatch, LUT } from '../views/matrixPaint';
import { divergingColor } from './qkvMath';

/** Height of one key's row in the inspector, CSS px (the DOM cells beside the strips use the same). */
export const ROW = 18;

export interface Strip {
  /** [rows][d] row-major */
  readonly values: Float32Array;
  readonly rows: number;
  readonly d: number;
  readonly range: number;
  /** Rows drawn hatched (a decoder's keys after the query), when given. */
  readonly masked?: readonly boolean[];
}

export function paintStrip(canvas: HTMLCanvasElement, strip: Strip, cell: number, row = ROW): void {
  const width = Math.max(1, strip.d * cell);
  const height = Math.max(1, strip.rows * row);
  canvas.width = width;
  canvas.height = height;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.dataset.range = String(strip.range);
  canvas.dataset.cell = String(cell);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, width, height);
  const image = context.createImageData(width, height);
  const gap = row > 4 ? 2 : 0;
  for (let r = 0; r < strip.rows; r++) {
    if (strip.masked?.[r]) continue;
    for (let e = 0; e < strip.d; e++) {
      const [red, green, blue] = divergingColor(strip.values[r * strip.d + e], strip.range);
      for (let y = r * row; y < (r + 1) * row - gap; y++) {
        for (let x = e * cell; x < (e + 1) * cell; x++) {
          const i = (y * width + x) * 4;
          image.data[i] = red;
          image.data[i + 1] = green;
          image.data[i + 2] = blue;
          image.data[i + 3] = 255;
        }
      }
    }
  }
  context.putImageData(image, 0, 0);
  const masked = strip.masked?.flatMap((m, r) => (m ? [r] : [])) ?? [];
  canvas.dataset.masked = masked.join(' ');
  for (const style of masked.length ? [cssColor('--masked', '#808080'), hatch(context)] : []) {
    context.fillStyle = style;
    for (const r of masked) context.fillRect(0, r * row, width, row - gap);
  }
}

/** The diverging scale as a strip for a key (−1 at the left, +1 at the right), as the heatmap's legend shows its ramp. */
export function divergingRamp(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.className = 'legend-ramp';
  canvas.width = 64;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const image = context.createImageData(canvas.width, 1);
  for (let x = 0; x < canvas.width; x++) image.data.set([...divergingColor((2 * x) / (canvas.width - 1) - 1, 1), 255], x * 4);
  context.putImageData(image, 0, 0);
  return canvas;
}

/** The lens grid's geometry, CSS px. */
export const LENS_CELL = { width: 64, height: 22, label: 28 } as const;

export interface LensCell {
  readonly text: string;
  readonly p: number;
}

/** Paints rows × columns cells, each coloured by its probability (0..1) with its top token in the contrasting ink. */
export function paintLensGrid(canvas: HTMLCanvasElement, cells: readonly (readonly (LensCell | null)[])[], columns: number): void {
  const { width: w, height: h } = LENS_CELL;
  canvas.width = Math.max(1, columns * w);
  canvas.height = Math.max(1, cells.length * h);
  canvas.style.width = `${canvas.width}px`;
  canvas.style.height = `${canvas.height}px`;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.font = '11px monospace';
  context.textBaseline = 'middle';
  cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell) return;
      const rgb: Rgb = colorOf(LUT, cell.p, 1);
      context.fillStyle = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
      context.fillRect(c * w, r * h, w - 1, h - 1);
      context.fillStyle = luminance(rgb) > 0.35 ? '#000000' : '#ffffff';
      context.save();
      context.beginPath();
      context.rect(c * w + 3, r * h, w - 7, h - 1);
      context.clip();
      // The text is drawn, not parsed: a model's token cannot become markup here.
      context.fillText(cell.text, c * w + 4, r * h + h / 2);
      context.restore();
    }),
  );
}
