/**
 * How much memory one analysis needs, estimated before it runs (pure; extension host and unit
 * tests), so that the host can offer fewer layers or a shorter window instead of freezing the machine.
 *
 * For T tokens, L layers analysed out of the model's, H heads and a vocabulary of V:
 *   attention  = L·H·T²·b (b = 2 bytes in float16, 4 in float32), twice when the request asks for the
 *                scores before softmax up front; once only: the worker keeps the one copy and the
 *                views receive windows of it, never the tensors;
 *   runtime    = one layer of H·T² float32 inside onnxruntime while the softmax runs (×2 with scores);
 *   logits     = T·V·4 (the language-model head's float32 output, before the in-graph top-k).
 * The weights are not counted: they are loaded already, whatever the text.
 */
import type { AttentionPrecision } from '../../protocol/analysis';

export interface MemoryShape {
  readonly tokens: number;
  readonly layers: number;
  readonly heads: number;
  readonly vocabSize: number;
  readonly precision: AttentionPrecision;
  readonly scores: boolean;
}

export function estimateAnalysisBytes(shape: MemoryShape, layersAnalyzed = shape.layers): number {
  const { tokens: t, heads: h, vocabSize: v } = shape;
  const per = shape.precision === 'float16' ? 2 : 4;
  const copies = shape.scores ? 2 : 1;
  const attention = layersAnalyzed * h * t * t * per * copies;
  const runtime = h * t * t * 4 * copies;
  const logits = t * v * 4;
  return attention + runtime + logits;
}

export interface BudgetFit {
  readonly bytes: number;
  readonly over: boolean;
  /** The most layers that fit at this length (0: not even one). */
  readonly layers: number;
  /** The longest window (tokens) that fits with every layer (0: not even 8 tokens). */
  readonly tokens: number;
}

export function fitBudget(shape: MemoryShape, budgetBytes: number): BudgetFit {
  const bytes = estimateAnalysisBytes(shape);
  if (bytes <= budgetBytes) return { bytes, over: false, layers: shape.layers, tokens: shape.tokens };
  let layers = 0;
  while (layers < shape.layers && estimateAnalysisBytes(shape, layers + 1) <= budgetBytes) layers++;
  let lo = 0;
  let hi = shape.tokens;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateAnalysisBytes({ ...shape, tokens: mid }) <= budgetBytes) lo = mid;
    else hi = mid - 1;
  }
  return { bytes, over: true, layers, tokens: lo >= 8 ? lo : 0 };
}

export function formatMegabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
