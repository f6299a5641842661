/**
 * Analyses the webview tests show, as compact descriptions that pageHarness.ts turns into real
 * ShownAnalysis messages inside the page (plain data, shared by the test files).
 */
import type { AnalysisSpec } from './analysisSpec';

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
  modelId: 'tiny-code-bert',
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
  modelId: 'tiny-code-gpt',
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
