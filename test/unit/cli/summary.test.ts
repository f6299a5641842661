// The analyze command's readable summary (summary.ts), from a hand-made analysis: what each token
// row and each offset says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisResult, TokenInfo } from '../../../src/protocol/analysis';
import { lineColumns, spanText, summary } from '../../../src/cli/summary';

/** A decoder's analysis of `text` cut into `pieces` (one head, one layer, each token attending to itself). */
function analysis(text: string, pieces: readonly string[], analyzed = { start: 0, end: text.length }): AnalysisResult {
  let at = analyzed.start;
  const tokens = pieces.map((piece, i): TokenInfo => {
    const start = text.indexOf(piece, at);
    at = start + piece.length;
    return { text: piece, id: i, special: false, masked: false, start, end: at, word: i };
  });
  const t = tokens.length;
  const probs = new Float32Array(t * t);
  for (let q = 0; q < t; q++) probs[q * t + q] = 1;
  return {
    model: { id: 'tiny', kind: 'decoder', modelType: 'gpt2', layers: 1, heads: 1, maxPositions: 64, vocabSize: 100, maskToken: null },
    tokens,
    attention: { layers: 1, heads: 1, length: t, precision: 'float32', probs: [probs], scores: null },
    predictions: { masked: [], next: [{ token: ' ', id: 0, p: 0.5 }], perToken: [] },
    analyzed,
    notices: [],
    timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
  };
}

/** The summary's row for token `q`. */
const row = (out: string, q: number): string => out.split('\n').find((line) => line.startsWith(`${String(q).padStart(4)}  `)) ?? '';

describe('the analyze summary', () => {
  it('shows a token made only of whitespace as the panel does (␣ ⇥ ↵), never as a blank column', () => {
    const out = summary(analysis('a b\tc\n', ['a', ' ', 'b', '\t', 'c', '\n']), 0, undefined);
    assert.match(row(out, 1), /^ {3}1 {2}␣ /u, 'a space');
    assert.match(row(out, 3), /^ {3}3 {2}⇥ /u, 'a tab');
    assert.match(row(out, 5), /^ {3}5 {2}↵ /u, 'a newline');
    assert.match(row(out, 0), /→ a\(0\)/u, 'a token with text keeps its text');
    assert.match(out, /next token: ␣ 50/u, 'a candidate made only of a space');
  });

  it('gives each offset with its line:column, as an editor goes to it', () => {
    const text = 'one\ntwo three\r\nfour';
    const out = summary(analysis(text, ['one', 'two', 'three', 'four'], { start: 0, end: text.length }), 0, undefined, text);
    // The last character included: "0–19 (1:1–3:5)" named a character past the text's end.
    assert.match(out, /^text {5}characters 0–18 \(1:1–3:4\), 4 tokens$/mu);
    assert.match(row(out, 0), / 0–2 1:1 +→/u);
    assert.match(row(out, 2), / 8–12 2:5 +→/u);
    assert.match(row(out, 3), / 15–18 3:1 +→/u, 'a CRLF ends a line as a LF does');
    assert.equal(row(out, 0).indexOf('→'), row(out, 3).indexOf('→'), 'the arrows stay in one column');
    assert.deepEqual([0, 3, 4, 19].map(lineColumns(text)), ['1:1', '1:4', '2:1', '3:5']);
  });

  it('gives a range as its first and last character, both included, a CRLF and a surrogate pair each one', () => {
    // A three-line file ending in a newline read "1:1–4:1": a fourth line the file does not have.
    const three = 'aaa\nbbb\nccc\n';
    assert.equal(spanText(three, 0, three.length), '0–11 (1:1–3:4)', 'the last character is the newline ending line 3');
    assert.equal(spanText('a\r\nb\r\n', 0, 6), '0–4 (1:1–2:2)', 'a CRLF is one character: the range ends where it starts');
    assert.equal(spanText('ab😀', 0, 4), '0–2 (1:1–1:3)', 'an emoji ends the range at its first unit, where the editor puts the cursor before it');
    assert.equal(spanText('xyz', 1, 2), '1–1 (1:2–1:2)', 'one character');
    assert.equal(spanText(undefined, 3, 9), '3–8', 'without the text, offsets only');
    const out = summary(analysis('a😀\n', ['a', '😀', '\n'], { start: 0, end: 4 }), 0, undefined, 'a😀\n');
    assert.match(out, /^text {5}characters 0–3 \(1:1–1:4\), 3 tokens$/mu);
    assert.match(row(out, 0), / 0–0 1:1 +→/u, 'a one-character token');
    assert.match(row(out, 1), / 1–1 1:2 +→/u, 'an emoji is one character');
    const windowed = summary({ ...analysis(three, ['bbb'], { start: 4, end: 7 }), window: { tokens: 1, total: 3, limit: 1 } }, 0, undefined, three);
    assert.match(windowed, /analyzed characters 4–6 \(2:1–2:3\) \(1 tokens\)/u);
  });

  it('names the top tokens of the layer lens as every other token: whitespace in glyphs, no quotes or escapes', () => {
    const base = analysis('a b', ['a', ' b']);
    const lens = {
      kind: 'logit' as const,
      positions: [{ position: 1, layers: [0, 1].map((layer) => ({ layer, top: [{ token: layer ? 'x"y' : '\n', id: layer, p: 0.25 }] })) }],
    };
    const line =
      summary({ ...base, lens }, 0, undefined)
        .split('\n')
        .find((l) => l.includes('L0 ')) ?? '';
    assert.match(line, /L0 ↵ 25/u, 'a newline in the strip glyph');
    assert.match(line, /L1 x\\"y 25/u, 'a quote as show writes it, with no quotes around the token');
  });

  it("lists only the keys a token attends to, never a decoder's later (masked) keys at 0.000", () => {
    // The first token of a decoder read "→ a(0) 1.000, b(1) 0.000, c(2) 0.000": the tokens after it,
    // which it cannot see, as if they were its next strongest keys (the hover already left them out).
    const out = summary(analysis('a b c', ['a', ' b', ' c']), 0, undefined);
    assert.match(row(out, 0), /→ a\(0\) 1\.000$/u);
    assert.match(row(out, 2), /→ ␣c\(2\) 1\.000$/u);
    assert.doesNotMatch(out, /0\.000/u);
  });

  it('marks a token cut to fit its column with "…", so two long indentation tokens are told apart', () => {
    // A newline with 15 spaces and one with 31 both read "↵␣␣␣␣␣␣␣␣␣␣␣␣␣␣␣" in the 16-column token column.
    const text = `{\n${' '.repeat(15)}a\n${' '.repeat(31)}b`;
    const out = summary(analysis(text, ['{', `\n${' '.repeat(15)}`, 'a', `\n${' '.repeat(31)}`, 'b']), 0, undefined);
    assert.match(row(out, 1), /^ {3}1 {2}↵␣{15} {2}/u, 'one that fits stays whole');
    assert.match(row(out, 3), /^ {3}3 {2}↵␣{14}… {2}/u, 'one that does not ends in "…" at the column edge');
    assert.equal(row(out, 1).indexOf('→'), row(out, 3).indexOf('→'), 'the arrows stay in one column');
    // In the list of keys too: the 31 spaces ran the line on, and the index already tells the tokens apart.
    const key = summary({ ...analysis(text, ['{', `\n${' '.repeat(15)}`, 'a', `\n${' '.repeat(31)}`, 'b']) }, 0, undefined);
    assert.doesNotMatch(key, /␣{16}/u, 'no name longer than the column');
  });
});
