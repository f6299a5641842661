/**
 * The webview benchmarks' analysis (tests; plain Node): `t` synthetic tokens ([CLS] w1 … [SEP]) shown
 * as 12 layers × 12 heads on head 0, with the tensors and tokens serveView answers from. One
 * definition for the bench (webviewBench.ts), its A/B runner (abBench.ts) and its tracer (pageTrace.ts).
 */
import type { TokenInfo } from '../../../src/protocol/analysis';
import { buildAnalysis } from './analysisSpec';
import { HEADS, LAYERS, syntheticAttention } from './syntheticViews';

export function benchAnalysis(t: number) {
  const built = buildAnalysis({
    id: t,
    documentName: `synthetic-${t}.txt`,
    modelId: 'synthetic-bert-base',
    kind: 'encoder',
    tokens: Array.from({ length: t }, (_, i) => (i === 0 ? { text: '[CLS]', special: true } : i === t - 1 ? { text: '[SEP]', special: true } : `w${i}`)),
    layers: 1,
    heads: 1,
    precision: 'float16',
    layer: 0,
    combine: { kind: 'head', head: 0 },
  });
  const tokens: readonly TokenInfo[] = built.tokens;
  const shown = {
    ...built.shown,
    result: {
      ...built.shown.result,
      model: { ...built.shown.result.model, layers: LAYERS, heads: HEADS },
      attention: { layers: LAYERS, heads: HEADS, length: t, precision: 'float16' as const, hasScores: false, key: t },
    },
  };
  return { shown, data: syntheticAttention(t), tokens };
}
