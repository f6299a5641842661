/**
 * Where the host reads attention from (extension host). Hovers, the spotlight and anything else
 * on the host side ask through this interface, never by indexing tensors: the engine worker keeps
 * the tensors and serves rows of them (views.ts `row`). A row of an analysis the worker no longer
 * holds fails with EngineError 'analysis-gone'.
 */
import type { HeadChoice } from '../../protocol/attentionMath';
import { NO_CLEANING, type Combine, type RowReply, type RowRequest } from '../../protocol/views';
import type { StoredAnalysis } from './analyses';

export interface AttentionSource {
  /** Attention of token `query` over all keys of `layer` (0-based), reduced over heads by `heads`. */
  row(entry: StoredAnalysis, layer: number, heads: HeadChoice, query: number, signal?: AbortSignal): Promise<Float64Array>;
}

/** Who answers row requests: the EngineService (its `view`), or a test double over serveView. */
export interface RowServer {
  view(method: 'row', params: RowRequest, signal?: AbortSignal): Promise<RowReply>;
}

export function combineOf(heads: HeadChoice): Combine {
  return heads === 'mean' ? { kind: 'mean' } : heads === 'max' ? { kind: 'max' } : { kind: 'head', head: heads };
}

/** Rows of uncleaned tokens, read from the worker by the analysis's key. */
export function workerAttentionSource(server: RowServer): AttentionSource {
  return {
    row: async (entry, layer, heads, query, signal) => {
      const reply = await server.view('row', { key: entry.shown.result.attention.key, layer, combine: combineOf(heads), cleaning: NO_CLEANING, query }, signal);
      return Float64Array.from(reply.weights);
    },
  };
}
