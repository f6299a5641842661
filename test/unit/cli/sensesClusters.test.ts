// `senses` prints each layer's clusters as one digit per occurrence (0 or 1). With 200 occurrences
// the row ran to 200 digits and wrapped a terminal's line several times; now it keeps the first
// ones, as the occurrences line keeps the first places, and says how many in all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SensesResult } from '../../../src/protocol/reprViews';
import { sensesText } from '../../../src/cli/senses';

function withOccurrences(n: number): SensesResult {
  return {
    model: 'tiny',
    word: 'banco',
    occurrences: Array.from({ length: n }, (_, i) => ({ source: 0, start: i * 10, end: i * 10 + 5, ids: [1], window: { start: 0, end: 200 } })),
    found: n,
    layers: [
      {
        layer: 0,
        cosine: new Float32Array(n * n).fill(1),
        projection: { points: new Float32Array(2 * n), explained: [1, 0] },
        clusters: Array.from({ length: n }, (_, i) => i % 2),
        nearest: Array.from({ length: n }, () => []),
      },
    ],
    static: [{ id: 1, token: 'banco', table: { name: 'wte', rows: 2, width: 2 }, row: new Float32Array(2), neighbours: [] }],
    runs: 1,
    runMs: 1,
  } as unknown as SensesResult;
}

const layerRow = (n: number): string => sensesText(withOccurrences(n), ['banco....\n'.repeat(n)], ['/tmp/many.txt']).find((l) => /^ {4}0 {2}/.test(l)) ?? '';

describe('senses: the clusters column', () => {
  it('of 200 occurrences keeps the first 40 and says how many in all', () => {
    const row = layerRow(200);
    assert.match(row, / {2}(?:01){20}… \(200 in all\)$/, row);
    assert.ok(row.length < 80, `${row.length} characters: ${row}`);
  });

  it('of a few occurrences is every one of them', () => {
    assert.match(layerRow(6), / {2}010101$/);
    assert.match(layerRow(40), / {2}(?:01){20}$/);
  });
});
