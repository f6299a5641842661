// A candidate's name in the CLI's lines (hostile vocabularies, round 14): a vocabulary entry of 5,000
// characters, or of thousands of escapes (ESC, bidi), was written whole into "next token:" and the
// lens's per-layer line, a screenful of one word; the editor's lists cut theirs. Now a name longer
// than CANDIDATE_MAX ends in "…", never inside an escape, a surrogate pair or a letter's accents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CANDIDATE_MAX, candidateName } from '../../../src/cli/show';

const length = (s: string): number => [...s].length;

describe('a candidate name in a CLI line', () => {
  it('5,000 letters: cut to CANDIDATE_MAX, ending in an ellipsis', () => {
    const name = candidateName('x'.repeat(5000));
    assert.equal(length(name), CANDIDATE_MAX);
    assert.ok(name.endsWith('x…'), name);
  });

  it('thousands of escapes, newlines or emoji: cut between two of them, never inside one', () => {
    for (const [raw, unit] of [
      ['\u001b'.repeat(3000), '\\u001b'],
      ['\u202e'.repeat(3000), '\\u202e'],
      ['"'.repeat(3000), '\\"'],
      ['\n'.repeat(3000), '↵'],
      ['😀'.repeat(3000), '😀'],
      ['e\u0301'.repeat(3000), 'e\u0301'],
    ] as const) {
      const name = candidateName(raw);
      assert.ok(length(name) <= CANDIDATE_MAX, `${JSON.stringify(raw.slice(0, 4))}: ${length(name)}`);
      assert.ok(name.endsWith('…'), name);
      const body = name.slice(0, -1);
      assert.equal(body.split(unit).join(''), '', `${JSON.stringify(unit)}: whole units only: ${JSON.stringify(body.slice(-12))}`);
    }
  });

  it('a name within the limit is as before', () => {
    assert.equal(candidateName('x'.repeat(CANDIDATE_MAX)), 'x'.repeat(CANDIDATE_MAX));
    assert.equal(candidateName(' orilla'), '␣orilla');
  });
});
