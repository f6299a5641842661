// The hover over a token of a long run without a break in code (a base64 blob, a data URI, a long
// hex digest): the engine groups the whole run into one word, and the hover listed every one of its
// tokens — hundreds, "Tokens QU · JD · RA · …" over a screen — and then the whole run again in the
// word's line. Now it lists the tokens around the hovered one, says how many the word has, and cuts
// the word's text short.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverMarkdown } from '../../../../src/host/editor/hoverText';
import type { ViewChoice } from '../../../../src/protocol/viewChoice';
import { NO_CLEANING } from '../../../../src/protocol/views';
import { sample } from '../../../support/sampleAnalysis';

const MEAN: ViewChoice = { layer: 1, combine: { kind: 'mean' }, cleaning: NO_CLEANING };

/** "QUJDRA" × 100 at document offset 100, one token per two characters, all one word; each token predicted. */
function blob() {
  const plain = sample('decoder');
  const run = 'QUJDRA'.repeat(100);
  const count = run.length / 2;
  const tokens = Array.from({ length: count }, (_, i) => ({
    text: run.slice(2 * i, 2 * i + 2),
    id: 20 + (i % 3),
    special: false,
    masked: false,
    start: 2 * i,
    end: 2 * i + 2,
    word: 0,
  }));
  const perToken = tokens.map((_, position) => ({ position, p: 0.5, rank: 1, surprisal: 1, top: [{ token: 'QU', id: 20, p: 0.5 }] }));
  const result = { ...plain.shown.result, tokens, predictions: { ...plain.shown.result.predictions, perToken } };
  const entry = { ...plain, shown: { ...plain.shown, result } };
  const text = (s: number, e: number): string => run.slice(s - 100, e - 100);
  return { entry, text, count };
}

describe('the hover over a token of a long word', () => {
  it('lists the tokens around the hovered one and says how many the word has, in a hover of a few lines', () => {
    const { entry, text, count } = blob();
    const md = hoverMarkdown({ entry, token: 152, choice: MEAN, row: 'gone' }, text);
    const line = md.split('\n\n').find((l) => l.startsWith('Tokens'))!;
    assert.ok(line, md.slice(0, 500));
    assert.ok(line.length < 200, `the tokens line is ${line.length} characters: ${line.slice(0, 300)}`);
    assert.match(line, /^Tokens … · RA · QU · JD · \*\*RA\*\* · QU · JD · RA · … \(of 300\)/u, line);
    assert.match(line, new RegExp(`${count}`, 'u'), 'how many tokens the word has');
    assert.match(line, /position 152/u);
    assert.ok(md.length < 1200, `the whole hover is ${md.length} characters`);
  });

  it('at the start of the word too, and lists a short word whole as before', () => {
    const { entry, text } = blob();
    const first = hoverMarkdown({ entry, token: 0, choice: MEAN, row: 'gone' }, text);
    assert.match(first, /Tokens \*\*QU\*\* · JD · /u);
    const short = hoverMarkdown({ entry: sample('decoder'), token: 2, choice: MEAN, row: 'gone' }, (s, e) => 'the river bank'.slice(s - 100, e - 100));
    assert.match(short, /Token \*\*␣river\*\* — id 11, position 2/u);
  });
});
