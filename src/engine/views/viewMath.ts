/**
 * The numeric kernels of the attention views (pure TypeScript, all runtimes; served by the engine
 * worker through `serveView`). Written for T = 512 and 12 × 12 heads: flat typed arrays, float16
 * read through `HALF_TABLE` in the loops (no call per element), scratch buffers reused.
 *
 * Order of operations for probabilities (a matrix, a row, links, a thumbnail):
 * 1. Each head's T × T probabilities (all tokens, specials included) are cleaned on their own:
 *    hidden queries and keys are dropped and each kept query row is renormalised to sum over the
 *    kept keys (a row whose kept keys hold nothing stays 0); then merged keys are summed and merged
 *    queries averaged (a word attends with the mean of its pieces, to the sum of a word's pieces).
 *    Rows of a cleaned head still sum to 1.
 * 2. Cleaned heads are combined: one head, the mean (over all heads or a set), or the maximum.
 * 3. Rollout (Abnar & Zuidema 2020) is computed over all tokens first — the model's information
 *    flow includes the special tokens — and the rollout matrix is then cleaned like a head (1).
 * 4. Window (rows, cols), then block-mean downsampling, then encoding (f32 or u8).
 *
 * Scores before softmax (one head) are cleaned without renormalising: hidden rows and columns are
 * dropped and merged cells take the mean of their unmasked cells. A score at or below
 * `MASKED_SCORE_LIMIT` (the causal mask of a decoder: −10⁴ in older exports, the float minimum or
 * −∞ in newer ones) is masked: it reads −∞ in f32 replies and byte 0 in u8 replies.
 */
import { HALF_TABLE, type AttentionData, type AttentionLayer, type AttentionPrecision } from '../../protocol/analysis';
import type { ViewAxis } from '../../protocol/viewAxis';

/** Scores at or below this are the attention mask, not a score. */
export const MASKED_SCORE_LIMIT = -1e4;

/** −p·log2 p for every float16 bit pattern (0 for p ≤ 0), so entropy needs no log per element. */
const NEG_PLOGP_HALF = (() => {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const p = HALF_TABLE[h];
    table[h] = p > 0 && Number.isFinite(p) ? -p * Math.log2(p) : 0;
  }
  return table;
})();

/**
 * One head's T × T matrix as float32: a view into a float32 layer (no copy), or query rows
 * [q0, q1) of a float16 layer decoded into `scratch` (length ≥ T²; other rows are left as they are).
 */
export function headMatrix(
  layer: AttentionLayer,
  precision: AttentionPrecision,
  head: number,
  t: number,
  q0: number,
  q1: number,
  scratch: Float32Array,
): Float32Array {
  const size = t * t;
  if (precision === 'float32') return (layer as Float32Array).subarray(head * size, (head + 1) * size);
  const bits = layer as Uint16Array;
  const base = head * size;
  const half = HALF_TABLE;
  for (let i = q0 * t, end = q1 * t; i < end; i++) scratch[i] = half[bits[base + i]];
  return scratch;
}

/** Token rows [first, last + 1) that entries [start, start + count) of the axis read. */
export function tokenRange(axis: ViewAxis, start: number, count: number): [number, number] {
  if (count <= 0) return [0, 0];
  const first = axis.groups[start][0];
  const lastGroup = axis.groups[start + count - 1];
  return [first, lastGroup[lastGroup.length - 1] + 1];
}

/**
 * Cleans entries [rowStart, rowStart + rowCount) of a T × T probability matrix onto the axis and
 * folds them into `out` (rowCount × axis.length): `out += weight · cleaned`, or with `max`,
 * `out = max(out, cleaned)`. `row` is scratch of length ≥ axis.length.
 */
export function foldCleanRows(
  src: Float32Array | Float64Array,
  t: number,
  axis: ViewAxis,
  rowStart: number,
  rowCount: number,
  out: Float64Array,
  weight: number,
  max: boolean,
  row: Float64Array,
): void {
  const c = axis.length;
  if (axis.identity && !max) {
    // No token hidden or merged: entry r is token rowStart + r, added straight into `out`.
    for (let r = 0; r < rowCount; r++) {
      const base = (rowStart + r) * t;
      const o = r * c;
      for (let k = 0; k < t; k++) out[o + k] += src[base + k] * weight;
    }
    return;
  }
  for (let r = 0; r < rowCount; r++) {
    cleanRow(src, t, axis, rowStart + r, row);
    const o = r * c;
    if (max) for (let e = 0; e < c; e++) out[o + e] = Math.max(out[o + e], row[e]);
    else for (let e = 0; e < c; e++) out[o + e] += row[e] * weight;
  }
}

/** Entry `entry` of the cleaned axis as one row over the axis, written into `row` (length ≥ axis.length). */
export function cleanRow(src: Float32Array | Float64Array, t: number, axis: ViewAxis, entry: number, row: Float64Array): void {
  const entryOf = axis.entryOf;
  const members = axis.groups[entry];
  row.fill(0, 0, axis.length);
  if (members.length === 1 && !axis.identity) {
    // One token: sum the kept keys while folding them, then renormalise the row once.
    const base = members[0] * t;
    let kept = 0;
    for (let k = 0; k < t; k++) {
      const e = entryOf[k];
      if (e >= 0) {
        const v = src[base + k];
        row[e] += v;
        kept += v;
      }
    }
    if (axis.hides) {
      const scale = kept > 0 ? 1 / kept : 0;
      for (let e = 0; e < axis.length; e++) row[e] *= scale;
    }
    return;
  }
  const share = 1 / members.length;
  for (const q of members) {
    const base = q * t;
    let scale = share;
    if (axis.hides) {
      let kept = 0;
      for (let k = 0; k < t; k++) if (entryOf[k] >= 0) kept += src[base + k];
      scale = kept > 0 ? share / kept : 0;
    }
    if (scale === 0) continue;
    if (axis.identity) for (let k = 0; k < t; k++) row[k] += src[base + k] * scale;
    else
      for (let k = 0; k < t; k++) {
        const e = entryOf[k];
        if (e >= 0) row[e] += src[base + k] * scale;
      }
  }
}

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

/** Cleans entries of a T × T score matrix into `out` (rowCount × axis.length): means of unmasked cells, −∞ where none. */
export function cleanScoreRows(src: Float32Array, t: number, axis: ViewAxis, rowStart: number, rowCount: number, out: Float64Array): void {
  const c = axis.length;
  const entryOf = axis.entryOf;
  const sum = new Float64Array(c);
  const count = new Int32Array(c);
  for (let r = 0; r < rowCount; r++) {
    sum.fill(0);
    count.fill(0);
    for (const q of axis.groups[rowStart + r]) {
      const base = q * t;
      for (let k = 0; k < t; k++) {
        const e = entryOf[k];
        const v = src[base + k];
        if (e >= 0 && v > MASKED_SCORE_LIMIT) {
          sum[e] += v;
          count[e]++;
        }
      }
    }
    const o = r * c;
    for (let e = 0; e < c; e++) out[o + e] = count[e] > 0 ? sum[e] / count[e] : Number.NEGATIVE_INFINITY;
  }
}

/** Where `serveView` keeps what is costly to recompute for one analysis (pass the same object again). */
export interface ViewCache {
  /** Rollout matrices through layer 0, 1, … (T × T each), computed on demand. */
  rollout?: Float32Array[];
  /** True while every rollout matrix so far is lower triangular (a decoder), which skips zeros. */
  rolloutLower?: boolean;
}

/** Bytes a cache may grow to for this data (the rollout of every layer). */
export function viewCacheBytes(data: Pick<AttentionData, 'layers' | 'length'>): number {
  return data.layers * data.length * data.length * 4;
}

/** Âₗ = 0.5·(mean over heads) + 0.5·I of one layer, rows renormalised (the factors of rollout). */
export function residualMean(data: AttentionData, layer: number, scratch: Float32Array): Float64Array {
  const t = data.length;
  const a = new Float64Array(t * t);
  const w = 0.5 / data.heads;
  const size = t * t;
  if (data.precision === 'float16') {
    // Read the bits through the table while adding (no decoded copy of each head).
    const bits = data.probs[layer] as Uint16Array;
    const half = HALF_TABLE;
    for (let h = 0; h < data.heads; h++) for (let i = 0, b = h * size; i < size; i++) a[i] += half[bits[b + i]] * w;
  } else {
    for (let h = 0; h < data.heads; h++) {
      const m = headMatrix(data.probs[layer], data.precision, h, t, 0, t, scratch);
      for (let i = 0; i < size; i++) a[i] += m[i] * w;
    }
  }
  for (let q = 0; q < t; q++) {
    const base = q * t;
    a[base + q] += 0.5;
    let sum = 0;
    for (let k = 0; k < t; k++) sum += a[base + k];
    if (sum > 0) for (let k = 0; k < t; k++) a[base + k] /= sum;
  }
  return a;
}

function upperIsZero(a: Float32Array | Float64Array, t: number): boolean {
  for (let q = 0; q < t; q++) for (let k = q + 1; k < t; k++) if (a[q * t + k] !== 0) return false;
  return true;
}

/** Attention rollout through `through` (inclusive): R₀ = Â₀, Rₗ = Âₗ · Rₗ₋₁, Âₗ = rows of 0.5·mean + 0.5·I. */
export function rolloutMatrix(data: AttentionData, through: number, cache: ViewCache = {}): Float32Array {
  const t = data.length;
  const list = (cache.rollout ??= []);
  const scratch = new Float32Array(t * t);
  const row = new Float64Array(t);
  for (let l = list.length; l <= through; l++) {
    const a = residualMean(data, l, scratch);
    const lower = (l === 0 || cache.rolloutLower === true) && upperIsZero(a, t);
    if (l === 0) {
      list.push(Float32Array.from(a));
      cache.rolloutLower = lower;
      continue;
    }
    const b = list[l - 1];
    const out = new Float32Array(t * t);
    for (let i = 0; i < t; i++) {
      row.fill(0);
      const aBase = i * t;
      const kEnd = lower ? i + 1 : t;
      let k = 0;
      // Four rows of b per pass over `row` (a quarter of the loads and stores of row).
      for (; k + 3 < kEnd; k += 4) {
        const a0 = a[aBase + k];
        const a1 = a[aBase + k + 1];
        const a2 = a[aBase + k + 2];
        const a3 = a[aBase + k + 3];
        const b0 = k * t;
        const b1 = b0 + t;
        const b2 = b1 + t;
        const b3 = b2 + t;
        const jEnd = lower ? k + 4 : t;
        for (let j = 0; j < jEnd; j++) row[j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
      for (; k < kEnd; k++) {
        const aik = a[aBase + k];
        const bBase = k * t;
        const jEnd = lower ? k + 1 : t;
        for (let j = 0; j < jEnd; j++) row[j] += aik * b[bBase + j];
      }
      out.set(row, aBase);
    }
    list.push(out);
    cache.rolloutLower = lower;
  }
  return list[through];
}

/** Block-mean of an h × w matrix over `block` × `block` cells (edge blocks average what they hold); −∞ cells are skipped, a block of only −∞ stays −∞. */
export function downsample(values: Float64Array, h: number, w: number, block: number): { data: Float64Array; height: number; width: number } {
  if (block <= 1) return { data: values, height: h, width: w };
  const height = Math.ceil(h / block);
  const width = Math.ceil(w / block);
  const sum = new Float64Array(height * width);
  const count = new Int32Array(height * width);
  for (let y = 0; y < h; y++) {
    const cellRow = Math.floor(y / block) * width;
    const base = y * w;
    for (let x = 0; x < w; x++) {
      const v = values[base + x];
      if (v === Number.NEGATIVE_INFINITY) continue;
      const cell = cellRow + Math.floor(x / block);
      sum[cell] += v;
      count[cell]++;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : Number.NEGATIVE_INFINITY;
  return { data: sum, height, width };
}

/** Smallest and largest finite value (0, 0 when there is none), and whether a −∞ (masked) cell occurs. */
export function valueRange(values: ArrayLike<number>): { min: number; max: number; masked: boolean } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let masked = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Number.NEGATIVE_INFINITY) masked = true;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max, masked } : { min: 0, max: 0, masked };
}

/**
 * Bytes for values on [min, max]: without masked cells 0..255 map linearly onto [min, max]; with
 * them, 0 is masked (−∞) and 1..255 map onto [min, max]. When min = max every finite value is the
 * lowest byte of its scale.
 */
export function quantise(values: ArrayLike<number>, min: number, max: number, masked: boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  const low = masked ? 1 : 0;
  const scale = max > min ? (255 - low) / (max - min) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === Number.NEGATIVE_INFINITY ? 0 : low + Math.round((v - min) * scale);
  }
  return out;
}

/** log2 on a table of the mantissa's top 12 bits with linear interpolation (error < 1e-7 bits). */
const LOG2_STEPS = 4096;
const LOG2_TABLE = Float64Array.from({ length: LOG2_STEPS + 1 }, (_, i) => Math.log2(1 + i / LOG2_STEPS));
const FLOAT_VIEW = new Float32Array(1);
const INT_VIEW = new Int32Array(FLOAT_VIEW.buffer);

/**
 * Per-head summary numbers of one head's T × T probabilities (uncleaned), written at
 * `out[offset..+4)` in HEAD_STATS order: mean row entropy (bits), mean attention to the previous
 * token (queries 1…), mean total attention to special tokens, mean attention to itself. The head is
 * read from `layer` at `base` (float16 bits or float32), `specials` are the special positions.
 * `entropySum` is the sum of −p·log2 p when the caller has it already (`sumCellsOfHead` for float16).
 * (Each element type has its own loop: V8 keeps a loop fast only while it sees one array type.)
 */
export function headStats(
  layer: AttentionLayer,
  precision: AttentionPrecision,
  base: number,
  t: number,
  specials: Int32Array,
  out: Float32Array,
  offset: number,
  entropySum?: number,
): void {
  const sums =
    precision === 'float16'
      ? statSumsHalf(layer as Uint16Array, base, t, specials, entropySum === undefined)
      : statSumsFloat(layer as Float32Array, base, t, specials);
  if (entropySum !== undefined) sums[0] = entropySum;
  out[offset] = t > 0 ? sums[0] / t : 0;
  out[offset + 1] = t > 1 ? sums[1] / (t - 1) : 0;
  out[offset + 2] = t > 0 ? sums[2] / t : 0;
  out[offset + 3] = t > 0 ? sums[3] / t : 0;
}

function statSumsHalf(bits: Uint16Array, base: number, t: number, specials: Int32Array, withEntropy: boolean): [number, number, number, number] {
  const table = NEG_PLOGP_HALF;
  const half = HALF_TABLE;
  let entropy = 0;
  let previous = 0;
  let toSpecial = 0;
  let self = 0;
  for (let q = 0; q < t; q++) {
    const row = base + q * t;
    if (withEntropy) {
      let e = 0;
      for (let k = 0; k < t; k++) e += table[bits[row + k]];
      entropy += e;
    }
    for (let s = 0; s < specials.length; s++) toSpecial += half[bits[row + specials[s]]];
    if (q > 0) previous += half[bits[row + q - 1]];
    self += half[bits[row + q]];
  }
  return [entropy, previous, toSpecial, self];
}

function statSumsFloat(values: Float32Array, base: number, t: number, specials: Int32Array): [number, number, number, number] {
  const logs = LOG2_TABLE;
  const asFloat = FLOAT_VIEW;
  const asInt = INT_VIEW;
  let entropy = 0;
  let previous = 0;
  let toSpecial = 0;
  let self = 0;
  for (let q = 0; q < t; q++) {
    const row = base + q * t;
    let e = 0;
    for (let k = 0; k < t; k++) {
      const p = values[row + k];
      if (!(p > 0)) continue;
      // −p·log2 p with log2 from the exponent and a table of the mantissa (no call per element).
      asFloat[0] = p;
      const b = asInt[0];
      const m = b & 0x7fffff;
      const i = m >> 11;
      const log = ((b >> 23) & 0xff) - 127 + logs[i] + (logs[i + 1] - logs[i]) * ((m & 0x7ff) / 2048);
      e -= p * log;
    }
    entropy += e;
    for (let s = 0; s < specials.length; s++) toSpecial += values[row + specials[s]];
    if (q > 0) previous += values[row + q - 1];
    self += values[row + q];
  }
  return [entropy, previous, toSpecial, self];
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

/**
 * The strongest links of rows × n weights: per query at most `topK` keys with weight ≥ threshold,
 * sorted by query, then weight (largest first), then key.
 */
export function topLinks(
  m: Float64Array,
  rows: number,
  n: number,
  topK: number,
  threshold: number,
): { query: Uint16Array; keyIndex: Uint16Array; weight: Float32Array } {
  const query: number[] = [];
  const keyIndex: number[] = [];
  const weight: number[] = [];
  const bestKey = new Int32Array(topK);
  const bestWeight = new Float64Array(topK);
  for (let q = 0; q < rows; q++) {
    let kept = 0;
    const base = q * n;
    for (let k = 0; k < n; k++) {
      const w = m[base + k];
      if (!(w >= threshold)) continue;
      if (kept === topK && w <= bestWeight[kept - 1]) continue;
      let at = kept < topK ? kept++ : kept - 1;
      while (at > 0 && bestWeight[at - 1] < w) {
        bestWeight[at] = bestWeight[at - 1];
        bestKey[at] = bestKey[at - 1];
        at--;
      }
      bestWeight[at] = w;
      bestKey[at] = k;
    }
    for (let i = 0; i < kept; i++) {
      query.push(q);
      keyIndex.push(bestKey[i]);
      weight.push(bestWeight[i]);
    }
  }
  return { query: Uint16Array.from(query), keyIndex: Uint16Array.from(keyIndex), weight: Float32Array.from(weight) };
}
