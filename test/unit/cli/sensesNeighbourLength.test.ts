// The senses summary's nearest vocabulary entries (hostile vocabularies, round 14): each was cut at
// 200 characters after it was escaped, so an entry of escapes (ESC, bidi) was cut inside one
// ("\u00…"), and five such entries made a line of 1,000 characters. Now an entry is cut as a
// candidate's name is (show.ts CANDIDATE_MAX), between whole escapes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SensesResult } from '../../../src/protocol/reprViews';
import { CANDIDATE_MAX } from '../../../src/cli/show';
import { sensesText } from '../../../src/cli/senses';

function senses(neighbours: readonly string[]): SensesResult {
  return {
    model: 'tiny',
    word: 'banco',
    occurrences: [
      { source: 0, start: 0, end: 5, ids: [1], window: { start: 0, end: 15 } },
      { source: 0, start: 10, end: 15, ids: [1], window: { start: 0, end: 15 } },
    ],
    found: 2,
    layers: [
      {
        layer: 0,
        cosine: new Float32Array([1, 0.5, 0.5, 1]),
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
        neighbours: neighbours.map((token, i) => ({ id: i + 2, token, cosine: 0.5 })),
      },
    ],
    runs: 1,
    runMs: 1,
  } as unknown as SensesResult;
}

describe('senses: a vocabulary neighbour of thousands of characters', () => {
  it('is cut between whole escapes, to a candidate name’s length', () => {
    const out = sensesText(senses(['\u001b'.repeat(3000), 'x'.repeat(3000)]), ['banco más banco'], ['a.txt']);
    const line = out.find((l) => l.startsWith('  banco: ')) ?? '';
    const [, list] = line.split('banco: ');
    const [escapes, letters] = list.split(', ');
    const entry = (s: string): string => s.replace(/ [0-9.]+$/, '');
    assert.match(entry(escapes), /^(\\u001b)+…$/, entry(escapes).slice(-20));
    assert.ok([...entry(letters)].length <= CANDIDATE_MAX, `${[...entry(letters)].length}`);
  });
});
