/**
 * What the webview tests show, in one place (plain data, shared by the test files): analyses as
 * compact descriptions that pageHarness.ts turns into real ShownAnalysis messages inside the page,
 * and the host's other messages (summary, preview, BERT tab, scale, word order), typed by the
 * protocol where they cross the wire as they are, so that a changed message shape fails to compile
 * here rather than being refused silently by the page's guard.
 */
import type { BertMessage, FineTuneShown, NspShown, PositionsShown, ScaleShown } from '../../../src/protocol/bert';
import type { PairToken } from '../../../src/protocol/representations';
import type { WordOrderResult, WordOrderSide } from '../../../src/protocol/reprViews';
import type { AnalysisSummary, ComparisonGuess, PreviewMessage } from '../../../src/protocol/webviewApi';
import type { AnalysisSpec } from './analysisSpec';
import type { ViewPage } from './browser';

/** Layer 0, head 0 of RIVER: rows sum to 1, every value exact in float16. */
export const RIVER_L0H0 = [
  1, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 0.25, 0.25, 0.5, 0, 0, 0, 0.125, 0.125, 0.25, 0.5, 0, 0, 0, 0.0625, 0.0625, 0.375, 0.5, 0, 0.25, 0.25, 0, 0, 0.25,
  0.25,
];

const identity = (t: number): number[] => Array.from({ length: t * t }, (_, i) => (Math.floor(i / t) === i % t ? 1 : 0));

/** The lecture's "On the river bank", as an encoder with "bank" masked. */
export const RIVER: AnalysisSpec = {
  id: 7,
  documentName: 'river.txt',
  modelId: 'tiny-bert-es-en',
  kind: 'encoder',
  tokens: [{ text: '[CLS]', special: true, id: 3 }, 'On', 'Ġthe', 'Ġriver', { text: 'Ġbank', masked: true }, { text: '[SEP]', special: true, id: 4 }],
  layers: 2,
  heads: 2,
  matrices: { '0/0': RIVER_L0H0, '0/1': identity(6) },
  fill: 'uniform',
  layer: 0,
  combine: { kind: 'head', head: 0 },
  masked: [
    {
      position: 4,
      top: [
        ['Ġbank', 0.412],
        ['Ġside', 0.2],
        ['Ġedge', 0.0004],
        ['Ġshore', 0.00001],
      ],
    },
  ],
  notices: ['The selection was longer than the model allows; showing 6 tokens around the cursor.'],
};

/** A decoder over a line of code, for next-token and per-token predictions. */
export const CODE: AnalysisSpec = {
  id: 12,
  documentName: 'main.ts',
  modelId: 'tiny-gpt-es-en',
  kind: 'decoder',
  tokens: ['const', 'Ġx', 'Ġ=', 'Ġ1', ';', 'ĊĠĠ'],
  layers: 2,
  heads: 2,
  fill: 'causal',
  layer: 1,
  next: [
    ['return', 0.5],
    ['const', 0.25],
    ['Ġ//', 0.125],
  ],
  perToken: [
    {
      position: 1,
      p: 0.25,
      rank: 2,
      top: [
        ['Ġi', 0.5],
        ['Ġx', 0.25],
      ],
    },
    {
      position: 3,
      p: 0.03125,
      rank: 7,
      top: [
        ['Ġ0', 0.5],
        ['Ġ"', 0.1],
      ],
    },
  ],
};

/** BERT-base sized: 12 layers × 12 heads over 512 tokens. */
export function large(layers: number, heads: number, t: number, precision: 'float32' | 'float16'): AnalysisSpec {
  return {
    id: 99,
    documentName: 'long.ts',
    modelId: `synthetic-${layers}x${heads}`,
    kind: 'encoder',
    tokens: Array.from({ length: t }, (_, i) => (i === 0 ? { text: '[CLS]', special: true } : `Ġw${i}`)),
    layers,
    heads,
    precision,
    fill: 'pattern',
    layer: 0,
    combine: { kind: 'head', head: 0 },
  };
}

/** The side view's summary of a CODE-like decoder analysis: three candidates, one a newline and spaces, and a notice. */
export const SUMMARY: AnalysisSummary = {
  id: 3,
  document: 'main.ts',
  model: 'tiny-gpt-es-en',
  kind: 'decoder',
  tokens: 42,
  analyzed: { start: 0, end: 120 },
  predictions: [
    { label: 'Ġreturn', p: 0.625 },
    { label: 'Ġconst', p: 0.25 },
    { label: 'ĊĠĠ', p: 0.004 },
  ],
  notices: ['Analyzed the first 512 tokens of the selection.'],
};

/** A finished two-step continuation of CODE (" return x"), each step with its own analysis. */
export const PREVIEW: PreviewMessage = {
  previewId: 4,
  originId: CODE.id,
  text: ' return x',
  steps: [
    { analysisId: 20, token: ' return', p: 0.6 },
    { analysisId: 21, token: ' x', p: 0.3 },
  ],
  done: true,
};

/** What the encoder and the decoder make of "bank" (RIVER beside CODE): two fillers, and the decoder's rank 4 with " shore" expected. */
export const BANK_GUESS: ComparisonGuess = {
  word: 'bank',
  encoderFillers: [
    { token: 'Ġbank', id: 1, p: 0.4 },
    { token: 'Ġside', id: 2, p: 0.2 },
  ],
  encoderWhole: false,
  encoderPieces: 1,
  decoder: { p: 0.05, rank: 4, surprisal: 4.32, expected: [{ token: 'Ġshore', id: 3, p: 0.3 }], pieces: 1 },
};

const pairToken = (text: string, segment: 'a' | 'b' | null, i: number): PairToken => ({
  text,
  id: i,
  segment,
  start: segment ? 0 : null,
  end: segment ? 1 : null,
});

/** The lecture's first pair, predicted NotNext (P(IsNext) 6 %), two layers of cross-attention; A holds markup that must stay text. */
export const NSP: NspShown = {
  a: 'I am going outside. <img src=x>',
  b: 'I will be back after 6.',
  result: {
    model: 'tiny-bert-es-en',
    isNext: 0.06,
    logits: [-1.4, 1.35],
    tokens: [
      pairToken('[CLS]', null, 0),
      pairToken('I', 'a', 1),
      pairToken('am', 'a', 2),
      pairToken('[SEP]', null, 3),
      pairToken('I', 'b', 4),
      pairToken('Ġwill', 'b', 5),
      pairToken('[SEP]', null, 6),
    ],
    segments: { a: { start: 1, end: 3 }, b: { start: 4, end: 6 } },
    crossAttention: [
      { layer: 0, aToB: 0.1, bToA: 0.2 },
      { layer: 1, aToB: 0.3, bToA: 0.4 },
    ],
  },
};

/** Four-fold fine-tuning on 8 lines of two labels (one holds markup): 87.5 %, confusion [[3, 1], [0, 4]]. */
export const TUNE: FineTuneShown = {
  document: 'lines.txt',
  predicted: 7,
  result: {
    model: 'tiny-bert-es-en',
    labels: ['code', 'prose <b>'],
    examples: 8,
    width: 128,
    folds: 4,
    accuracy: 0.875,
    foldAccuracy: [1, 1, 0.5, 1],
    perClass: [
      { label: 'code', support: 4, precision: 1, recall: 0.75, f1: 6 / 7 },
      { label: 'prose <b>', support: 4, precision: 0.8, recall: 1, f1: 8 / 9 },
    ],
    confusion: [
      [3, 1],
      [0, 4],
    ],
    featureMs: 5,
    trainMs: 9,
  },
};

/** A rotary model's positions: no table to draw, three frequencies to list. */
export const ROTARY: PositionsShown = {
  model: 'tiny-qwen2',
  partial: false,
  positions: { model: 'tiny-qwen2', kind: 'rotary', count: 128, frequencies: [1, 0.1, 0.01], source: 'graph', message: 'rotary positions' },
};

/**
 * A learned-position model's first `count` positions: cosine 1 on the diagonal, −1 off it, the
 * projection's points along a sine (typed arrays: Playwright carries them into the page as they are).
 */
export function learnedPositions(model: string, count: number, partial: boolean): PositionsShown {
  const similarity = new Float32Array(count * count).map((_, i) => (i % (count + 1) === 0 ? 1 : -1));
  const points = Float32Array.from({ length: count * 2 }, (_, i) => (i % 2 === 0 ? i : Math.sin(i)));
  return {
    model,
    partial,
    positions: {
      model,
      kind: 'learned',
      table: { name: 'embeddings.position_embeddings.weight', rows: 512, width: 128 },
      offset: 0,
      count,
      similarity,
      pca: { points, explained: [0.4, 0.2] },
      sinusoid: { width: 128, similarity: similarity.slice(), pca: { points: points.slice(), explained: [0.3, 0.3] } },
    },
  };
}

/** The panel's `bert` message: the parts given, the others null. */
export function bertMessage(id: number, parts: Partial<Omit<BertMessage, 'id'>>): BertMessage {
  return { id, nsp: null, fineTune: null, positions: null, ...parts };
}

/** tiny-bert-es-en's scale, its attention memory (4 layers × 4 heads, 2 bytes a value) at `tokens` tokens. */
export function scaleMessage(tokens: number): ScaleShown {
  const attention = { tokens, layers: 4, heads: 4, bytesPerValue: 2 };
  return {
    kind: 'encoder',
    scale: {
      model: 'tiny-bert-es-en',
      parameters: 1421058,
      stored: 1421058,
      weightBytes: 5684232,
      copies: [],
      attention: { ...attention, bytes: attention.layers * attention.heads * tokens * tokens * attention.bytesPerValue },
    },
  };
}

/** The word-order experiment as the tests write it: attention as plain numbers, made Float32Array in the page (postWordOrder). */
type WordOrderWire = Omit<WordOrderResult, 'original' | 'shuffled'> & {
  readonly original: Omit<WordOrderSide, 'attention'> & { readonly attention: readonly number[] };
  readonly shuffled: Omit<WordOrderSide, 'attention'> & { readonly attention: readonly number[] };
};

const orderSide = (text: string): WordOrderWire['original'] => ({
  text,
  tokens: text.split(' '),
  attention: [1, 0, 0.5, 0.5],
  predictions: [{ token: 'agua', id: 3, p: 0.25 }],
});

/** "el río" against "río el", "río" masked: the bag of words cannot tell them apart (cosine 1), the last layer can (0.93). */
export const WORD_ORDER: WordOrderWire = {
  model: 'tiny-bert-es-en',
  kind: 'encoder',
  seed: 1,
  original: orderSide('el río'),
  shuffled: orderSide('río el'),
  bagOfWords: 1,
  words: 2,
  representation: [
    { layer: 0, cosine: 1 },
    { layer: 1, cosine: 0.93 },
  ],
  masked: 'río',
};

/** Posts a `wordOrder` message (its attention made Float32Array in the page, as the host's would arrive) and settles. */
export async function postWordOrder(v: ViewPage, id: number, options: { result?: WordOrderWire; background?: boolean } = {}): Promise<void> {
  const { result = WORD_ORDER, background } = options;
  await v.page.evaluate(
    ([r, id, background]) => {
      const copy = structuredClone(r) as { original: { attention: unknown }; shuffled: { attention: unknown } };
      for (const x of [copy.original, copy.shuffled]) x.attention = Float32Array.from(x.attention as number[]);
      window.postMessage({ rpc: 'notify', method: 'wordOrder', params: { id, result: copy, ...(background ? { background } : {}) } }, '*');
    },
    [result, id, background] as const,
  );
  await v.settle();
}
