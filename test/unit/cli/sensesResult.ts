/**
 * A Word Senses result for the CLI's summary tests, as the engine returns it: two occurrences of
 * "banco" at layer 0, `cosine` between them, the static row's vocabulary `neighbours`, each
 * occurrence in the file `sources` names (the same file: at 0–5 and 10–15; two files: each at 0–5).
 *
 *   sensesText(bancoSenses({ neighbours: [{ token: 'banca', cosine: 0.8 }] }), ['banco y banco'], ['a.txt'])
 */
import type { SensesResult } from '../../../src/protocol/reprViews';

export interface BancoSenses {
  readonly cosine?: number;
  readonly neighbours?: readonly { readonly token: string; readonly cosine: number }[];
  readonly sources?: readonly [number, number];
}

export function bancoSenses({ cosine = 0.5, neighbours = [], sources = [0, 0] }: BancoSenses = {}): SensesResult {
  const oneFile = sources[0] === sources[1];
  const window = { start: 0, end: oneFile ? 15 : 5 };
  return {
    model: 'tiny',
    word: 'banco',
    occurrences: [
      // Both the one token of the static row (the contract's ids: the summary groups occurrences by them).
      { source: sources[0], start: 0, end: 5, ids: [1], window },
      { source: sources[1], start: oneFile ? 10 : 0, end: oneFile ? 15 : 5, ids: [1], window },
    ],
    found: 2,
    layers: [
      {
        layer: 0,
        cosine: new Float32Array([1, cosine, cosine, 1]),
        projection: { points: new Float32Array(4), explained: [1, 0] },
        clusters: [0, 1],
        nearest: [[], []],
      },
    ],
    static: [
      {
        id: 1,
        token: 'banco',
        table: { name: 'wte', rows: 2, width: 2 },
        row: new Float32Array(2),
        neighbours: neighbours.map((n, i) => ({ id: i + 2, ...n })),
      },
    ],
    runs: 1,
    runMs: 1,
  } as unknown as SensesResult;
}
