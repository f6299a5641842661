// The hover's text over an analyzed word (hoverText.ts), from rows served as the worker serves
// them, under the view choice the panel shows: one head, mean, max, cleaning, merged words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown, hoverMarkdown } from '../../../../src/host/editor/hoverText';
import { workerAttentionSource } from '../../../../src/host/analyses/attentionSource';
import { serveView } from '../../../../src/engine/views/viewServer';
import { showWhitespace } from '../../../../src/protocol/tokenText';
import type { ViewChoice } from '../../../../src/protocol/viewChoice';
import { NO_CLEANING, type Combine } from '../../../../src/protocol/views';
import { rowsOf, sample, sampleWithData, text } from '../../../support/sampleAnalysis';

const choice = (layer: number, combine: Combine, cleaning = NO_CLEANING): ViewChoice => ({ layer, combine, cleaning });

describe('hover text', () => {
  it('lists the attended tokens of the chosen layer/head, the prediction facts and the panel link', async () => {
    const { entry, row } = rowsOf('decoder');
    const head0 = choice(1, { kind: 'head', head: 0 });
    const md = hoverMarkdown({ entry, token: 2, choice: head0, row: (await row(head0, 2))! }, text);
    assert.match(md, /layer 1 \(of 0–1\), head 0/);
    assert.match(md, /Token \*\*␣river\*\* — id 11, position 2/);
    assert.match(md, /Attends most to: ␣bank 0\.700 · ␣river \(itself\) 0\.300/);
    assert.match(md, /command:attentionLens\.openToken\?/);
    assert.ok(md.includes(encodeURIComponent(JSON.stringify([{ analysisId: 7, token: 2 }]))));
    const mean = choice(1, { kind: 'mean' });
    const bank = hoverMarkdown({ entry, token: 3, choice: mean, row: (await row(mean, 3))! }, text);
    assert.match(bank, /layer 1 \(of 0–1\), mean of heads\n/);
    assert.match(bank, /Probability 12\.5% · rank 2 · 3\.00 bits; expected: ␣shore 40\.0%/);
    assert.match(bank, /Attends most to: \\\[CLS\\\] 0\.500 · \\\[SEP\\\] 0\.350 · ␣bank \(itself\) 0\.150/);
  });

  it('shows the fillers of a masked token for an encoder, and max over heads', async () => {
    const { entry, row } = rowsOf('encoder');
    const max = choice(1, { kind: 'max' });
    const md = hoverMarkdown({ entry, token: 2, choice: max, row: (await row(max, 2))! }, text);
    assert.match(md, /Masked; the model fills in: river 50\.0% · lake 25\.0%/);
    assert.match(md, /max over heads/);
    assert.match(md, /Attends most to: \\\[CLS\\\] 1\.000 · ␣bank 0\.700/);
  });

  // A model whose softmax broke: before, a NaN sorted anywhere and an infinite weight came first
  // ("Infinity"); a row of NaN said "Attends most to: " and nothing else.
  it('leaves out weights that are not numbers, and says so when a whole row is', async () => {
    const { entry, row } = rowsOf('decoder');
    const head0 = choice(1, { kind: 'head', head: 0 });
    const served = (await row(head0, 2))!;
    const weights = Float64Array.from(served.weights);
    weights[0] = Number.NaN;
    weights[1] = Number.POSITIVE_INFINITY;
    const some = hoverMarkdown({ entry, token: 2, choice: head0, row: { ...served, weights } }, text);
    assert.match(some, /Attends most to: ␣bank 0\.700 · ␣river \(itself\) 0\.300\n/);
    const none = hoverMarkdown({ entry, token: 2, choice: head0, row: { ...served, weights: weights.fill(Number.NaN) } }, text);
    assert.match(none, /Attends most to: nothing to say, its weights are not numbers \(NaN or infinite\)\n/);
  });

  it('follows the panel’s cleaning: hidden tokens are not attended to, and a hidden token says so', async () => {
    const { entry, row } = rowsOf('decoder');
    // Layer 1, head 0: "river" gives 0.7 to "bank" and 0.3 to itself; nothing is special there.
    const cleaned = choice(1, { kind: 'head', head: 0 }, { ...NO_CLEANING, hideSpecial: true });
    const md = hoverMarkdown({ entry, token: 2, choice: cleaned, row: (await row(cleaned, 2))! }, text);
    assert.match(md, /layer 1 \(of 0–1\), head 0 · special tokens hidden/);
    assert.match(md, /Attends most to: ␣bank 0\.700 · ␣river \(itself\) 0\.300\n/);
    // "bank" gives 0.7 to [SEP]: hidden, its row is renormalised over the tokens left (itself).
    const bank = hoverMarkdown({ entry, token: 3, choice: cleaned, row: (await row(cleaned, 3))! }, text);
    assert.match(bank, /Attends most to: ␣bank \(itself\) 1\.000\n/);
    assert.equal(await row(cleaned, 0), null, '[CLS] is hidden');
    const hidden = hoverMarkdown({ entry, token: 0, choice: cleaned, row: 'hidden' }, text);
    assert.match(hidden, /Attention: the panel hides this token \(special tokens hidden\)/);
  });

  it('names a merged word by its tokens, and finds the hovered token in it', async () => {
    // "river" and "bank" as two pieces of one word.
    const { entry: plain, data } = sampleWithData('decoder', 1, 1);
    const tokens = plain.shown.result.tokens.map((t, i) => (i === 3 ? { ...t, word: 1 } : t));
    const entry = { ...plain, shown: { ...plain.shown, result: { ...plain.shown.result, tokens } } };
    const source = workerAttentionSource({ view: async (_method, params) => serveView({ data, tokens }, 'row', params) });
    const merged = choice(0, { kind: 'head', head: 0 }, { ...NO_CLEANING, mergeSubwords: true });
    const row = (await source.row(entry, merged, 3))!;
    assert.deepEqual(row.axis.groups, [[0], [1], [2, 3], [4]]);
    assert.equal(row.query, 2);
    const md = hoverMarkdown({ entry, token: 3, choice: merged, row }, text);
    assert.match(md, /subwords merged/);
    // Layer 0, head 0 is the identity: the merged word attends to itself (its rows' mean, summed over its keys).
    assert.match(md, /Attends most to: ␣river␣bank \(itself\) 1\.000\n/);
  });

  it('names the byte pieces of one character by their part, as the panel does, not as the character again', () => {
    // "ró" at offset 100 from a byte-level tokenizer: "r", then "ó" as its two UTF-8 bytes (Ã = 0xC3, ³ = 0xB3), both mapped to "ó".
    const plain = sample('decoder');
    const piece = (text: string, start: number, end: number, id: number) => ({ text, id, special: false, masked: false, start, end, word: 0 });
    const [cls, , , , sep] = plain.shown.result.tokens;
    const tokens = [cls, piece('r', 0, 1, 20), piece('Ã', 1, 2, 21), piece('³', 1, 2, 22), sep];
    const entry = { ...plain, shown: { ...plain.shown, result: { ...plain.shown.result, tokens } } };
    const md = hoverMarkdown({ entry, token: 2, choice: choice(1, { kind: 'mean' }), row: 'gone' }, (s, e) => 'ró'.slice(s - 100, e - 100));
    assert.match(md, /Tokens r · \*\*ó\\\[1\/2\\\]\*\* · ó\\\[2\/2\\\] — id 21, position 2/);
  });

  it('offers "Mask this word" only where the document takes edits', () => {
    const entry = { ...sample('encoder'), span: { start: 100, end: 114 } };
    const head0 = choice(1, { kind: 'head', head: 0 });
    assert.match(hoverMarkdown({ entry, token: 2, choice: head0, row: 'gone' }, text), /command:attentionLens\.maskWord\?/);
    const readOnly = hoverMarkdown({ entry, token: 2, choice: head0, row: 'gone', editable: false }, text);
    assert.doesNotMatch(readOnly, /maskWord/, 'a read-only document would refuse the edit');
    assert.match(readOnly, /command:attentionLens\.openToken\?/);
  });

  it('says so when the worker no longer holds the analysis', () => {
    const md = hoverMarkdown({ entry: sample(), token: 2, choice: choice(1, { kind: 'head', head: 0 }), row: 'gone' }, text);
    assert.match(md, /no longer in memory; analyze again/);
    assert.doesNotMatch(md, /Attends most to/);
  });

  it('escapes Markdown and makes whitespace visible', () => {
    assert.equal(escapeMarkdown('[x](command:evil) <img>'), '\\[x\\]\\(command\\:evil\\) \\<img\\>');
    assert.equal(escapeMarkdown('a\x1b[2J\u202Eb\u200B'), 'a\\\\x1B\\[2J\\\\u202Eb\\\\u200B', 'control, bidi and zero-width characters are escaped (issue 14)');
    assert.equal(showWhitespace(' a b\r\n\t'), '␣a␣b␍↵⇥');
    assert.equal(showWhitespace(''), '∅');
  });

  it('shows a web address or an e-mail address of the document as text: no bare URL is left for the hover to make a link', () => {
    // The hover's Markdown renderer (GFM) turns a bare "https://…", "www.…" or "name@host.tld" in the source into a link.
    const autolink = /(?:https?|ftp):\/\/|www\.|[\w.+-]+@[\w-]+(?:\.[\w-]*\w)+/i;
    const address = (): string => 'https://evil.example/x?a=1 www.evil.example HTTP://EVIL.EXAMPLE ana@evil.example';
    const md = hoverMarkdown({ entry: sample(), token: 2, choice: choice(1, { kind: 'head', head: 0 }), row: 'gone' }, address);
    assert.ok(md.includes('https\\://evil\\.example/x?a=1'), md);
    assert.doesNotMatch(md, autolink);
    assert.doesNotMatch(escapeMarkdown('ftp://x.y https://x.y'), autolink);
  });
});

describe('hover text in words and readable percentages', () => {
  it('reads whitespace candidates in words and prints small probabilities without an exponent', async () => {
    const { entry, row } = rowsOf('decoder');
    const perToken = [
      {
        position: 3,
        p: 0.00024,
        rank: 40,
        surprisal: 12,
        top: [
          { token: '\n', id: 51, p: 0.5 },
          { token: '\n    ', id: 52, p: 0.2 },
          { token: ' shore', id: 50, p: 0.1 },
        ],
      },
    ];
    const shown = { ...entry.shown, result: { ...entry.shown.result, predictions: { ...entry.shown.result.predictions, perToken } } };
    const mean = choice(1, { kind: 'mean' });
    const md = hoverMarkdown({ entry: { ...entry, shown }, token: 3, choice: mean, row: (await row(mean, 3))! }, text);
    assert.match(md, /Probability 0\.024% · rank 40 · 12\.00 bits; expected: newline 50\.0% · newline \\\+ 4 spaces 20\.0% · ␣shore 10\.0%/);
    assert.doesNotMatch(md, /e-\d/);
  });
});

describe('hover text for a word of several tokens', () => {
  // The hover gave the hovered piece's probability under the word's tokens, read as the word's; the
  // heatmap colours a character of several byte pieces by their bits together.
  const split = (sameSpan: boolean) => {
    const { entry, row } = rowsOf('decoder');
    const r = entry.shown.result;
    const tokens = r.tokens.map((tok, i) => (i === 3 ? { ...tok, word: 1, ...(sameSpan ? { start: 3, end: 9 } : {}) } : tok));
    const perToken = [
      { position: 2, p: 0.5, rank: 1, surprisal: 1, top: [{ token: ' river', id: 11, p: 0.5 }] },
      { position: 3, p: 0.125, rank: 2, surprisal: 3, top: [{ token: ' shore', id: 50, p: 0.4 }] },
    ];
    const shown = { ...entry.shown, result: { ...r, tokens, predictions: { ...r.predictions, perToken } } };
    return { entry: { ...entry, shown }, row };
  };

  it('says the numbers are the token’s, and gives the word’s: the product of its tokens’ probabilities, the sum of their bits', async () => {
    const { entry, row } = split(false);
    const mean = choice(1, { kind: 'mean' });
    const md = hoverMarkdown({ entry, token: 3, choice: mean, row: (await row(mean, 3))! }, text);
    assert.match(md, /This token: probability 12\.5% · rank 2 · 3\.00 bits; expected: ␣shore 40\.0%/);
    assert.match(
      md,
      /The whole word .*river.*bank.*: probability 6\.3% · 4\.00 bits \(its 2 tokens in turn: their probabilities multiplied, their bits added\)/,
    );
    assert.doesNotMatch(md, /heatmap/, 'the heatmap colours these tokens one by one, as the hover gives them');
  });

  it('a character of several pieces: says the heatmap colours it by their bits together', async () => {
    const { entry, row } = split(true);
    const mean = choice(1, { kind: 'mean' });
    const md = hoverMarkdown({ entry, token: 3, choice: mean, row: (await row(mean, 3))! }, text);
    assert.match(md, /The surprisal heatmap colours its 2 pieces as one: 4\.00 bits together/);
  });
});
