/**
 * Where the host reads attention from (extension host). Hovers, the spotlight and anything else
 * on the host side ask through this interface, never by indexing tensors: the engine worker keeps
 * the tensors and serves rows of them (views.ts `row`) for a ViewChoice — the same combination of
 * heads (rollout included) and the same cleaning as the panel's views, so a hover shows what the
 * panel shows. The hovered token maps to its entry of the cleaned axis (`viewAxis`), and the row's
 * weights run over that axis. A row of an analysis the worker no longer holds fails with
 * EngineError 'analysis-gone'.
 */
import type { ViewChoice } from '../../protocol/viewChoice';
import { viewAxis, type ViewAxis } from '../../protocol/viewAxis';
import type { RowReply, RowRequest } from '../../protocol/views';
import type { StoredAnalysis } from './analyses';

/** One token's attention under a choice. */
export interface AttentionRow {
  /** The cleaned axis the weights run over (its groups are token positions). */
  readonly axis: ViewAxis;
  /** The token's entry in the axis. */
  readonly query: number;
  /** One weight per entry of the axis. */
  readonly weights: Float64Array;
}

export interface AttentionSource {
  /** Token `token`'s row under `choice`; null when the choice's cleaning hides the token. */
  row(entry: StoredAnalysis, choice: ViewChoice, token: number, signal?: AbortSignal): Promise<AttentionRow | null>;
}

/** What the views show for an analysis (the panel's content: its choice for it, else the settings'). */
export interface ChoiceSource {
  choiceFor(entry: StoredAnalysis): ViewChoice;
}

/** Who answers row requests: the EngineService (its `view`), or a test double over serveView. */
export interface RowServer {
  view(method: 'row', params: RowRequest, signal?: AbortSignal): Promise<RowReply>;
}

/** Rows read from the worker by the analysis's key. */
export function workerAttentionSource(server: RowServer): AttentionSource {
  return {
    row: async (entry, choice, token, signal) => {
      const axis = viewAxis(entry.shown.result.tokens, choice.cleaning);
      const query = axis.entryOf[token] ?? -1;
      if (query < 0) return null;
      const { layer, combine, cleaning } = choice;
      const reply = await server.view('row', { key: entry.shown.result.attention.key, layer, combine, cleaning, query }, signal);
      return { axis, query, weights: Float64Array.from(reply.weights) };
    },
  };
}
