/**
 * Per-head summary numbers of the attention views (pure TypeScript, all runtimes; served by the
 * engine worker through `serveView`): entropy, attention to the previous token, to special tokens
 * and to itself, read straight from float16 bits or float32 without a call per element.
 */
import { HALF_TABLE, type AttentionLayer, type AttentionPrecision } from '../../protocol/analysis';

/**
 * −p·log2 p for every float16 bit pattern (0 for p ≤ 0), so entropy needs no log per element; NaN
 * for NaN and ∞, so that a head whose attention is not a number has no entropy (not 0, which read
 * as the most focused head of all).
 */
export const NEG_PLOGP_HALF = (() => {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const p = HALF_TABLE[h];
    table[h] = !Number.isFinite(p) ? Number.NaN : p > 0 ? -p * Math.log2(p) : 0;
  }
  return table;
})();

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
      if (!(p > 0)) {
        if (p !== p) e = Number.NaN; // NaN attention: no entropy
        continue;
      }
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
