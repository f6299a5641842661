// The senses summary's nearest vocabulary entries (hostile vocabularies, round 14): each was cut at
// 200 characters after it was escaped, so an entry of escapes (ESC, bidi) was cut inside one
// ("\u00…"), and five such entries made a line of 1,000 characters. Now an entry is cut as a
// candidate's name is (show.ts CANDIDATE_MAX), between whole escapes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CANDIDATE_MAX } from '../../../src/cli/show';
import { sensesText } from '../../../src/cli/senses';
import { bancoSenses } from './sensesResult';

describe('senses: a vocabulary neighbour of thousands of characters', () => {
  it('is cut between whole escapes, to a candidate name’s length', () => {
    const out = sensesText(
      bancoSenses({ neighbours: ['\u001b'.repeat(3000), 'x'.repeat(3000)].map((token) => ({ token, cosine: 0.5 })) }),
      ['banco más banco'],
      ['a.txt'],
    );
    const line = out.find((l) => l.startsWith('  banco: ')) ?? '';
    const [, list] = line.split('banco: ');
    const [escapes, letters] = list.split(', ');
    const entry = (s: string): string => s.replace(/ [0-9.]+$/, '');
    assert.match(entry(escapes), /^(\\u001b)+…$/, entry(escapes).slice(-20));
    assert.ok([...entry(letters)].length <= CANDIDATE_MAX, `${[...entry(letters)].length}`);
  });
});
