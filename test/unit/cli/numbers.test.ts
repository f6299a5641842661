// The numbers the command line prints for a person are the panel's: the same formatter
// (numberFormat.ts), the same decimals (a weight three, as formatWeight; a cosine three, as formatCosine; a logit three,
// never a weight's significant digits; a surprisal two,
// as formatBits; a share of attention a percentage, as the BERT tab's bars) and the minus sign U+2212.
// Its JSON keeps JavaScript's "-" (programs read it). Hand-made results: no model runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisResult, TokenInfo } from '../../../src/protocol/analysis';
import type { NextSentenceResult } from '../../../src/protocol/representations';
import { bancoSenses } from './sensesResult';
import { localeDecimal, localePercent, MINUS } from '../../../src/protocol/numberFormat';
import { summary } from '../../../src/cli/summary';
import { nspText } from '../../../src/cli/repr';
import { sensesText, sensesJson } from '../../../src/cli/senses';
import { weight } from '../../../src/cli/show';

const panelWeight = (x: number): string => localeDecimal(x, 3, 'en');

function analysis(): AnalysisResult {
  const pieces = ['Un', ' gato', ' negro'];
  let at = 0;
  const tokens = pieces.map((piece, i): TokenInfo => {
    const start = at;
    at += piece.length;
    return { text: piece, id: i, special: false, masked: false, start, end: at, word: i };
  });
  // Row 2 attends 0.6789 to token 1: the panel's readout writes 0.679.
  const probs = new Float32Array([1, 0, 0, 0.25, 0.75, 0, 0.1211, 0.6789, 0.2]);
  return {
    model: { id: 'tiny', kind: 'decoder', modelType: 'gpt2', layers: 1, heads: 1, maxPositions: 64, vocabSize: 100, maskToken: null },
    tokens,
    attention: { layers: 1, heads: 1, length: 3, precision: 'float32', probs: [probs], scores: null },
    predictions: { masked: [], next: [], perToken: [{ position: 1, p: 0.125, surprisal: 3.0456, rank: 2, top: [] }] },
    analyzed: { start: 0, end: at },
    notices: [],
    timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
  } as unknown as AnalysisResult;
}

describe('the command line’s numbers, as the panel writes them', () => {
  it('analyze: an attention weight with three decimals, a surprisal with two', () => {
    const out = summary(analysis(), 0, 0);
    assert.match(out, new RegExp(`gato\\(1\\) ${panelWeight(0.6789).replace('.', '\\.')}`));
    assert.match(out, /3\.05 bits/);
  });

  it('a weight above zero that three decimals would write as 0.000 has two significant digits, as in the hover and the course', () => {
    assert.deepEqual([weight(0.00012), weight(0.0004), weight(0.0005), weight(0)], ['0.00012', '0.00040', '0.001', '0.000']);
  });

  it('nsp: logits with the minus sign U+2212, attention across the sentences as percentages', () => {
    const r: NextSentenceResult = {
      model: 'tiny',
      isNext: 0.018,
      logits: [-2.028, 1.993],
      tokens: ['[CLS]', 'A', '[SEP]', 'B', '[SEP]'].map((text, id) => ({
        text,
        id,
        segment: text === 'A' ? 'a' : text === 'B' ? 'b' : null,
        start: null,
        end: null,
      })),
      segments: { a: { start: 1, end: 2 }, b: { start: 3, end: 4 } },
      crossAttention: [{ layer: 0, aToB: 0.037, bToA: 0.17 }],
      runMs: 0,
    };
    const out = nspText(r).join('\n');
    assert.match(out, new RegExp(`IsNext ${MINUS}2\\.028, NotNext 1\\.993`));
    assert.ok(!out.includes('-2.028'), 'no hyphen-minus where a person reads the logit');
    // A logit is no weight: a tiny one either side of zero is 0.000, not "<0.00000001" on one side only.
    assert.match(nspText({ ...r, logits: [2e-9, -2e-9] }).join('\n'), /IsNext 0\.000, NotNext 0\.000\)/);
    assert.match(nspText({ ...r, logits: [0.0002, 12.5] }).join('\n'), /IsNext 0\.000, NotNext 12\.500\)/);
    const row = out.split('\n').find((line) => /^\s+0\s/.test(line)) ?? '';
    assert.ok(row.includes(localePercent(0.037, 'en')) && row.includes(localePercent(0.17, 'en')), row);
    assert.ok(out.includes(localePercent(0.2, 'en')), 'the even share, as the panel says it');
    // How far to trust P(IsNext), as the BERT tab says it: the model card's figures, or none.
    assert.match(out, /^accuracy {3}not measured for this model/m);
    assert.match(
      nspText({ ...r, model: '/ext/models/tiny-bert-es-en' }).join('\n'),
      /^accuracy {3}right 63\.6% \(Spanish\) and 59\.4% \(English\).*guessing 50\.0%/m,
    );
  });

  it('senses: a negative cosine with U+2212 and three decimals; its JSON keeps "-"', () => {
    const r = bancoSenses({ cosine: -0.1234, neighbours: [{ token: 'mesa', cosine: -0.4567 }] });
    const out = sensesText(r, ['banco más banco'], ['a.txt']).join('\n');
    assert.match(out, new RegExp(`^\\s+0\\s+${MINUS}0\\.123\\s+01$`, 'm'));
    assert.ok(out.includes(`mesa ${MINUS}0.457`), out);
    assert.match(JSON.stringify(sensesJson(r, ['a.txt'])), /-0\.1234/);
  });

  it('senses: a cosine near zero reads 0.000 either side of it, as the panel’s formatCosine writes it (no weight’s significant digits)', () => {
    const r = bancoSenses({
      cosine: 0.00021,
      neighbours: [
        { token: 'mesa', cosine: 0.00021 },
        { token: 'silla', cosine: -0.00021 },
      ],
    });
    const out = sensesText(r, ['banco más banco'], ['a.txt']).join('\n');
    assert.match(out, /^\s+0\s+0\.000\s+01$/m, out);
    assert.ok(out.includes('mesa 0.000, silla 0.000'), out);
  });
});
