/**
 * The matrix view's arithmetic, free of the DOM (pure: browser and Node): the visible window of a
 * long axis (zoom about a point, pan, clamp), pointer → cell through a window, painting a reply's
 * values (probabilities from 0, scores from their finite minimum, masked cells apart), and the
 * causal mask's cells for a decoder.
 */
import type { Cell } from './heatmapMath';
import type { Combine, MatrixReply } from '../../src/protocol/views';

/** A square window of the query × key matrix: rows [row0, row0+size), columns [col0, col0+size). */
export interface MatrixWindow {
  readonly row0: number;
  readonly col0: number;
  readonly size: number;
}

/** The smallest window zooming in reaches (cells per side). */
export const MIN_WINDOW = 8;

export function fullWindow(axis: number): MatrixWindow {
  return { row0: 0, col0: 0, size: Math.max(0, axis) };
}

/** Keeps a window inside an axis of `axis` cells (and at least MIN_WINDOW, or the axis, wide). */
export function clampWindow(w: MatrixWindow, axis: number): MatrixWindow {
  const size = Math.max(Math.min(axis, MIN_WINDOW), Math.min(axis, Math.round(w.size)));
  const clamp = (start: number): number => Math.max(0, Math.min(axis - size, Math.round(start)));
  return { row0: clamp(w.row0), col0: clamp(w.col0), size };
}

/**
 * Zooms by `factor` (< 1 zooms in) keeping the cell at fraction (fx, fy) of the window where it
 * is on screen (the pointer's place, or the centre).
 */
export function zoomWindow(w: MatrixWindow, factor: number, axis: number, fx = 0.5, fy = 0.5): MatrixWindow {
  const size = Math.max(Math.min(axis, MIN_WINDOW), Math.min(axis, Math.round(w.size * factor)));
  return clampWindow({ row0: w.row0 + fy * (w.size - size), col0: w.col0 + fx * (w.size - size), size }, axis);
}

export function panWindow(w: MatrixWindow, rows: number, cols: number, axis: number): MatrixWindow {
  return clampWindow({ row0: w.row0 + rows, col0: w.col0 + cols, size: w.size }, axis);
}

/** The smallest move of the window that shows `cell`. */
export function revealCell(w: MatrixWindow, cell: Cell, axis: number): MatrixWindow {
  const shift = (start: number, i: number): number => (i < start ? i : i >= start + w.size ? i - w.size + 1 : start);
  return clampWindow({ row0: shift(w.row0, cell.query), col0: shift(w.col0, cell.key), size: w.size }, axis);
}

/** The source cell under (x, y), CSS px from the plot's corner, for a plot `side` px wide showing `w`. */
export function windowHit(x: number, y: number, side: number, w: MatrixWindow): Cell | null {
  if (!(side > 0) || w.size <= 0 || x < 0 || y < 0 || x >= side || y >= side) return null;
  const at = (p: number): number => Math.min(w.size - 1, Math.floor((p / side) * w.size));
  return { query: w.row0 + at(y), key: w.col0 + at(x) };
}

/** Values at or below this are the mask (−∞ or float32's lowest, as the engine writes them). */
export const MASKED = -1e30;

/**
 * The colour range of a reply: probabilities from 0, scores from their finite minimum. The worker
 * sends the window's finite min and max with it, so no pass over the cells is needed (at 512 tokens
 * that pass cost ~5 ms in a page whose code is not yet optimised); rounded to float32 as the cells are.
 */
export function replyRange(reply: { readonly min: number; readonly max: number }, stage: 'probs' | 'scores'): { lo: number; hi: number } {
  const lo = Math.fround(reply.min);
  const hi = Math.fround(reply.max);
  if (!(hi >= lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return { lo: 0, hi: 0 };
  return stage === 'probs' ? { lo: 0, hi } : { lo, hi };
}

/** Paints values through a packed colour table on [lo, hi]; masked cells get `masked`. */
export function paintRange(values: ArrayLike<number>, lo: number, hi: number, lut32: Uint32Array, masked: number, pixels: Uint32Array): void {
  const n = Math.min(values.length, pixels.length);
  const top = lut32.length - 1;
  const scale = hi > lo ? top / (hi - lo) : 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v > MASKED)) {
      pixels[i] = masked;
      continue;
    }
    // Rounded to the nearest entry (v ≥ lo here, so adding a half and truncating rounds).
    let c = v > lo ? ((v - lo) * scale + 0.5) | 0 : 0;
    if (c > top) c = top;
    pixels[i] = lut32[c];
  }
}

/** Dequantised value of a reply cell (u8 maps linearly onto [min, max]). */
export function replyValue(data: Float32Array | Uint8Array, index: number, min: number, max: number): number {
  const v = data[index];
  return data instanceof Uint8Array ? min + (v / 255) * (max - min) : v;
}

/**
 * The causal mask inside a window, row by row: for each visible query, the first masked key
 * column (key > query) as a fraction of the window's width, 1 when the row has none.
 */
export function causalRows(w: MatrixWindow): Float64Array {
  const out = new Float64Array(w.size);
  for (let r = 0; r < w.size; r++) {
    const firstMasked = w.row0 + r + 1 - w.col0;
    out[r] = Math.max(0, Math.min(1, firstMasked / w.size));
  }
  return out;
}

/** A combination of heads in a file name: "head3", "heads0+2", "mean". */
export function combineName(c: Combine): string {
  switch (c.kind) {
    case 'head':
      return `head${c.head}`;
    case 'set':
      return `heads${c.heads.join('+')}`;
    default:
      return c.kind;
  }
}

/** A cell's value in a reply (null outside it): exact at block 1, the block's mean otherwise. */
export function cellValue(r: MatrixReply, cell: Cell): { value: number; exact: boolean } | null {
  const q = cell.query - r.rows.start;
  const k = cell.key - r.cols.start;
  if (q < 0 || k < 0 || q >= r.rows.count || k >= r.cols.count) return null;
  const index = Math.floor(q / r.block) * r.width + Math.floor(k / r.block);
  return { value: replyValue(r.data, index, r.min, r.max), exact: r.block === 1 };
}

/**
 * A pane's side, CSS px, from the width each pane has (`available`), the height left for the plots
 * (`room`) and the cells along an axis: at most `max` and 28 px a cell (a short input stays a compact
 * table), at least 120, and within the height, so that the view fits one screen. Except that when
 * every row can have its label (`spacing` px apart) within the width but not within the height, the
 * side is the one that labels every row and the tab scrolls a little: a reader of a sentence must see
 * which token each row is, and the one-screen rule is "about" one screen.
 */
export function paneSide(available: number, room: number, cells: number, max: number, spacing: number): number {
  const wide = Math.min(max, available, cells * 28);
  const fitted = Math.max(120, Math.min(wide, room));
  const labelled = cells * spacing;
  return labelled > fitted && labelled <= wide ? labelled : fitted;
}
