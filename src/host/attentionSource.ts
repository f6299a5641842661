/**
 * Where the host reads attention from (extension host). Hovers, the spotlight and anything else
 * on the host side ask through this interface, never by indexing tensors, because the tensors are
 * moving into the engine worker (issue 5: the worker keeps them and serves windows). Until then
 * `localAttentionSource` answers from the analysis the host holds.
 */
import { aggregateRow, type HeadChoice } from '../protocol/attentionMath';
import type { StoredAnalysis } from './analyses';

export interface AttentionSource {
  /** Attention of token `query` over all keys of `layer` (0-based), reduced over heads by `heads`. */
  row(entry: StoredAnalysis, layer: number, heads: HeadChoice, query: number): Promise<Float64Array>;
}

export const localAttentionSource: AttentionSource = {
  row: async (entry, layer, heads, query) => aggregateRow(entry.shown.result.attention, layer, heads, query),
};
