// A small stored analysis for the host's pure tests: "the river bank" analyzed at document offset
// 100 (2 layers × 2 heads, known weights), its tensors, and rows served from them as the worker would.
import { toOverview, type AnalysisResult, type AttentionData, type TokenInfo } from '../../src/protocol/analysis';
import { serveView } from '../../src/engine/views/viewServer';
import { workerAttentionSource } from '../../src/host/analyses/attentionSource';
import type { StoredAnalysis } from '../../src/host/analyses/analyses';
import type { ViewChoice } from '../../src/protocol/viewChoice';
import { NO_CLEANING } from '../../src/protocol/views';

/** "the river bank" analyzed at document offset 100: [CLS] the river bank [SEP], 2 layers × 2 heads. */
export function sample(kind: 'encoder' | 'decoder' = 'decoder', version = 1, key = 1): StoredAnalysis {
  return sampleWithData(kind, version, key).entry;
}

/** The stored analysis (an overview whose tensors a worker would keep under `key`) and its tensors. */
export function sampleWithData(kind: 'encoder' | 'decoder', version: number, key: number): { entry: StoredAnalysis; data: AttentionData } {
  const words: [string, number, number][] = [
    ['the', 0, 3],
    ['Ġriver', 3, 9],
    ['Ġbank', 9, 14],
  ];
  const tokens: TokenInfo[] = [
    { text: '[CLS]', id: 3, special: true, masked: false, start: null, end: null, word: null },
    ...words.map(([text, start, end], i): TokenInfo => ({ text, id: 10 + i, special: false, masked: false, start, end, word: i })),
    { text: '[SEP]', id: 4, special: true, masked: false, start: null, end: null, word: null },
  ];
  const t = tokens.length;
  // Layer 1, head 0: every query attends to key (q + 1) % t with 0.7 and to itself with 0.3; head 1: all to [CLS].
  const probs = [0, 1].map((layer) => {
    const a = new Float32Array(2 * t * t);
    for (let q = 0; q < t; q++) {
      if (layer === 1) {
        a[q * t + ((q + 1) % t)] = 0.7;
        a[q * t + q] += 0.3;
      } else a[q * t + q] = 1;
      a[(t + q) * t + 0] = 1;
    }
    return a;
  });
  const result: AnalysisResult = {
    model: { id: 'tiny', kind, modelType: kind === 'encoder' ? 'bert' : 'gpt2', layers: 2, heads: 2, maxPositions: 64, vocabSize: 100, maskToken: '[MASK]' },
    tokens,
    attention: { layers: 2, heads: 2, length: t, precision: 'float32', probs, scores: null },
    predictions: {
      masked:
        kind === 'encoder'
          ? [
              {
                position: 2,
                top: [
                  { token: 'river', id: 11, p: 0.5 },
                  { token: 'lake', id: 12, p: 0.25 },
                ],
              },
            ]
          : [],
      next: kind === 'decoder' ? [{ token: ' <b>', id: 40, p: 0.6 }] : [],
      perToken: kind === 'decoder' ? [{ position: 3, p: 0.125, rank: 2, surprisal: 3, top: [{ token: ' shore', id: 50, p: 0.4 }] }] : [],
    },
    analyzed: { start: 0, end: 14 },
    notices: [],
    timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
  };
  const entry: StoredAnalysis = {
    uri: 'file:///doc.md',
    version,
    base: 100,
    shown: {
      id: 7,
      document: { uri: 'file:///doc.md', name: 'doc.md', languageId: 'markdown', version },
      result: toOverview(result, key),
      ranges: tokens.map(() => null),
      choice: { layer: 1, combine: { kind: 'mean' }, cleaning: NO_CLEANING },
    },
  };
  return { entry, data: result.attention };
}

/** An AttentionSource over serveView, as the worker answers rows, for one sample's tensors. */
export function rowsOf(kind: 'encoder' | 'decoder') {
  const { entry, data } = sampleWithData(kind, 1, 1);
  const source = workerAttentionSource({
    view: async (_method, params) => {
      if (params.key !== 1) throw new Error(`unexpected key ${params.key}`);
      return serveView({ data, tokens: entry.shown.result.tokens }, 'row', params);
    },
  });
  return { entry, row: (choice: ViewChoice, token: number) => source.row(entry, choice, token) };
}
export const DOC = ' '.repeat(100) + 'the river bank';
export const text = (s: number, e: number): string => DOC.slice(s, e);
