/**
 * Small, pure reductions over attention (all runtimes): one row of a head or of the mean over
 * heads from full tensors (the CLI summary), and the keys a query attends to most (the CLI,
 * hovers, the spotlight). Views read rows through the worker's `row` request instead.
 */
import { attentionAt, type AttentionData } from './analysis';

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

/** The `n` keys with the largest weight in a row, largest first (ties: earlier key first). */
export function topAttended(row: ArrayLike<number>, n: number): Attended[] {
  const order = Array.from({ length: row.length }, (_, k) => k).sort((a, b) => row[b] - row[a] || a - b);
  return order.slice(0, n).map((key) => ({ key, weight: row[key] }));
}
