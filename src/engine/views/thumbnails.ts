/**
 * Overview thumbnails of the attention views (pure TypeScript, all runtimes; served by the engine
 * worker through `serveView`): each head summed into size × size cells, as it is or cleaned onto the
 * axis (the order of operations is in viewMath.ts), then scaled into bytes and coloured into one
 * image (`thumbnailImage`), so that the page draws it with no work per pixel. For float16 the same
 * pass sums the head's entropy for `headStats`.
 */
import { HALF_TABLE, type AttentionLayer, type AttentionPrecision } from '../../protocol/analysis';
import { buildLut, packLut } from '../../protocol/colorScale';
import type { ViewAxis } from '../../protocol/viewAxis';
import { NEG_PLOGP_HALF } from './headStats';

/**
 * Cell sums (as `sumCellsOfHead`) of a head cleaned onto the axis, in one pass over its token rows
 * read straight from `layer` at `base`: cleaning is linear per query row (keep, renormalise by the
 * kept sum, average a word's rows), so each row's kept keys are summed per thumbnail column and
 * added to its cell with weight 1 / (kept sum · pieces of its word). For float16 it returns the
 * head's (uncleaned) sum of −p·log2 p on the way, for `headStats`; otherwise undefined.
 */
export function sumCleanedCellsOfHead(
  layer: AttentionLayer,
  precision: AttentionPrecision,
  base: number,
  t: number,
  axis: ViewAxis,
  bounds: Int32Array,
  acc: Float64Array,
): number | undefined {
  const size = bounds.length - 1;
  const cellOfEntry = new Int32Array(axis.length);
  for (let y = 0; y < size; y++) cellOfEntry.fill(y, bounds[y], bounds[y + 1]);
  const keyCell = Int32Array.from(axis.entryOf, (e) => (e >= 0 ? cellOfEntry[e] : -1));
  const rowWeight = new Float64Array(t);
  for (let q = 0; q < t; q++) {
    const e = axis.entryOf[q];
    rowWeight[q] = e >= 0 ? 1 / axis.groups[e].length : 0;
  }
  acc.fill(0, 0, size * size);
  const cells = new Float64Array(size);
  if (precision === 'float16') return cleanedCellsHalf(layer as Uint16Array, base, t, keyCell, rowWeight, axis.hides, size, cells, acc);
  cleanedCellsFloat(layer as Float32Array, base, t, keyCell, rowWeight, axis.hides, size, cells, acc);
  return undefined;
}

function cleanedCellsHalf(
  bits: Uint16Array,
  base: number,
  t: number,
  keyCell: Int32Array,
  rowWeight: Float64Array,
  hides: boolean,
  size: number,
  cells: Float64Array,
  acc: Float64Array,
): number {
  const half = HALF_TABLE;
  const table = NEG_PLOGP_HALF;
  let entropy = 0;
  for (let q = 0; q < t; q++) {
    const y = keyCell[q];
    const row = base + q * t;
    let e = 0;
    if (y < 0) {
      for (let k = 0; k < t; k++) e += table[bits[row + k]];
      entropy += e;
      continue;
    }
    cells.fill(0);
    let kept = 0;
    for (let k = 0; k < t; k++) {
      const b = bits[row + k];
      e += table[b];
      const c = keyCell[k];
      if (c >= 0) {
        const v = half[b];
        cells[c] += v;
        kept += v;
      }
    }
    entropy += e;
    const scale = hides ? (kept > 0 ? rowWeight[q] / kept : 0) : rowWeight[q];
    for (let x = 0; x < size; x++) acc[y * size + x] += cells[x] * scale;
  }
  return entropy;
}

function cleanedCellsFloat(
  values: Float32Array,
  base: number,
  t: number,
  keyCell: Int32Array,
  rowWeight: Float64Array,
  hides: boolean,
  size: number,
  cells: Float64Array,
  acc: Float64Array,
): void {
  for (let q = 0; q < t; q++) {
    const y = keyCell[q];
    if (y < 0) continue;
    cells.fill(0);
    let kept = 0;
    const row = base + q * t;
    for (let k = 0; k < t; k++) {
      const c = keyCell[k];
      if (c >= 0) {
        const v = values[row + k];
        cells[c] += v;
        kept += v;
      }
    }
    const scale = hides ? (kept > 0 ? rowWeight[q] / kept : 0) : rowWeight[q];
    for (let x = 0; x < size; x++) acc[y * size + x] += cells[x] * scale;
  }
}

/** Cell boundaries of a thumbnail axis: cell y covers [⌊y·n/size⌋, ⌊(y+1)·n/size⌋) (size ≤ n). */
export function cellBounds(n: number, size: number): Int32Array {
  return Int32Array.from({ length: size + 1 }, (_, y) => Math.floor((y * n) / size));
}

/**
 * Sums an n × n head into size × size cells `acc`, reading it straight from `layer` at `base`
 * (float16 bits through the table, or float32): one pass, no per-element lookups. For float16 it
 * returns the head's sum of −p·log2 p on the way (for `headStats`), otherwise undefined.
 */
export function sumCellsOfHead(
  layer: AttentionLayer,
  precision: AttentionPrecision,
  base: number,
  n: number,
  bounds: Int32Array,
  acc: Float64Array,
): number | undefined {
  if (precision === 'float16') return sumCellsHalf(layer as Uint16Array, base, n, bounds, acc);
  sumCellsFloat32(layer as Float32Array, base, n, bounds, acc);
  return undefined;
}

function sumCellsHalf(bits: Uint16Array, base: number, n: number, bounds: Int32Array, acc: Float64Array): number {
  const size = bounds.length - 1;
  const half = HALF_TABLE;
  const table = NEG_PLOGP_HALF;
  let entropy = 0;
  acc.fill(0, 0, size * size);
  for (let y = 0; y < size; y++)
    for (let q = bounds[y]; q < bounds[y + 1]; q++) {
      const row = base + q * n;
      for (let x = 0; x < size; x++) {
        let s = 0;
        let e = 0;
        for (let i = row + bounds[x], to = row + bounds[x + 1]; i < to; i++) {
          const b = bits[i];
          s += half[b];
          e += table[b];
        }
        acc[y * size + x] += s;
        entropy += e;
      }
    }
  return entropy;
}

function sumCellsFloat32(values: Float32Array, base: number, n: number, bounds: Int32Array, acc: Float64Array): void {
  const size = bounds.length - 1;
  acc.fill(0, 0, size * size);
  for (let y = 0; y < size; y++)
    for (let q = bounds[y]; q < bounds[y + 1]; q++) {
      const row = base + q * n;
      for (let x = 0; x < size; x++) {
        let s = 0;
        for (let i = row + bounds[x], to = row + bounds[x + 1]; i < to; i++) s += values[i];
        acc[y * size + x] += s;
      }
    }
}

/**
 * Cell sums to a thumbnail: each cell's mean, scaled by the largest mean into bytes (255 = the
 * largest cell, all 0 when the matrix is 0), written at `out[offset..)`.
 */
export function thumbnailBytes(acc: Float64Array, bounds: Int32Array, out: Uint8Array, offset: number): void {
  const size = bounds.length - 1;
  let max = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const v = acc[y * size + x] / ((bounds[y + 1] - bounds[y]) * (bounds[x + 1] - bounds[x]));
      acc[y * size + x] = v;
      if (v > max) max = v;
    }
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < size * size; i++) out[offset + i] = Math.round(acc[i] * scale);
}

/** The colour scale, one packed RGBA pixel an entry (the matrix view's, colorScale.ts). */
const LUT32 = packLut(buildLut());

/**
 * The thumbnails' bytes ([layer][head][y][x], `size` a side) as one RGBA image `heads × size`
 * pixels wide and `layers × size` tall, head h of layer l at (h·size, l·size), each byte coloured by
 * the colour scale. The page puts it in a canvas as it is and copies each thumbnail to its place.
 */
export function thumbnailImage(bytes: Uint8Array, layers: number, heads: number, size: number): Uint8Array {
  const pixels = new Uint32Array(layers * heads * size * size);
  const width = heads * size;
  for (let l = 0; l < layers; l++)
    for (let h = 0; h < heads; h++)
      for (let y = 0; y < size; y++) {
        const from = ((l * heads + h) * size + y) * size;
        const to = (l * size + y) * width + h * size;
        for (let x = 0; x < size; x++) pixels[to + x] = LUT32[bytes[from + x]];
      }
  return new Uint8Array(pixels.buffer);
}
