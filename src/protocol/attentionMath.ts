/**
 * Small, pure reductions over attention (all runtimes): one row of a head or of the mean over
 * heads from full tensors (the CLI summary), and the keys a query attends to most (the CLI,
 * hovers, the spotlight). Views read rows through the worker's `row` request instead. A weight
 * that is not a number (NaN or infinite, from a model whose softmax broke) is never attended to:
 * every comparison with NaN is false, so it would otherwise sort anywhere; the analysis counts the
 * rows that hold one (`rowsWithoutNumbers`) in one notice.
 */
import { attentionAt, type AttentionData, type AttentionLayer } from './analysis';

/** Attention of `query` over all keys in `layer`, for one head or (head null) the mean over heads. */
export function attentionRow(data: AttentionData, layer: number, head: number | null, query: number): Float64Array {
  const row = new Float64Array(data.length);
  const heads = head === null ? Array.from({ length: data.heads }, (_, h) => h) : [head];
  for (const h of heads) for (let k = 0; k < data.length; k++) row[k] += attentionAt(data, layer, h, query, k);
  if (heads.length > 1) for (let k = 0; k < data.length; k++) row[k] /= heads.length;
  return row;
}

export interface Attended {
  readonly key: number;
  readonly weight: number;
}

/** The `n` keys with the largest weight in a row, largest first (ties: earlier key first); weights that are not numbers are left out. */
export function topAttended(row: ArrayLike<number>, n: number): Attended[] {
  const keys = Array.from({ length: row.length }, (_, k) => k).filter((k) => Number.isFinite(row[k]));
  return keys
    .sort((a, b) => row[b] - row[a] || a - b)
    .slice(0, n)
    .map((key) => ({ key, weight: row[key] }));
}

/** True when a row holds a weight that is not a number (NaN or infinite). */
export function rowHasNonNumber(row: ArrayLike<number>): boolean {
  for (let k = 0; k < row.length; k++) if (!Number.isFinite(row[k])) return true;
  return false;
}

/**
 * How many query rows (over layers, heads and queries) hold a weight that is not a number, of how
 * many: float32 read as is, float16 by its exponent bits (all ones: NaN or infinite).
 */
export function rowsWithoutNumbers(layers: readonly AttentionLayer[], length: number, precision: AttentionData['precision']): { rows: number; of: number } {
  let rows = 0;
  let of = 0;
  for (const layer of layers) {
    const count = length > 0 ? layer.length / length : 0;
    of += count;
    for (let r = 0; r < count; r++) {
      const start = r * length;
      for (let k = start; k < start + length; k++) {
        const v = layer[k];
        if (precision === 'float16' ? (v & 0x7c00) === 0x7c00 : !Number.isFinite(v)) {
          rows++;
          break;
        }
      }
    }
  }
  return { rows, of };
}
