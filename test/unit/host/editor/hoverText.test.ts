// The hover's text over an analyzed word (hoverText.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown, hoverMarkdown, resolveLayer } from '../../../../src/host/editor/hoverText';
import { showWhitespace } from '../../../../src/protocol/tokenText';
import { rowsOf, sample, text } from '../../../support/sampleAnalysis';

describe('hover text', () => {
  it('lists the attended tokens of the chosen layer/head, the prediction facts and the panel link', async () => {
    const { entry, row } = rowsOf('decoder');
    const md = hoverMarkdown({ entry, token: 2, layer: -1, heads: 0, row: await row(1, 0, 2) }, text);
    assert.match(md, /layer 1 \(of 0–1\), head 0/);
    assert.match(md, /Token \*\*␣river\*\* — id 11, position 2/);
    assert.match(md, /Attends most to: ␣bank 70\.0% · ␣river \(itself\) 30\.0%/);
    assert.match(md, /command:attentionLens\.openToken\?/);
    assert.ok(md.includes(encodeURIComponent(JSON.stringify([{ analysisId: 7, token: 2 }]))));
    const bank = hoverMarkdown({ entry, token: 3, layer: 1, heads: 'mean', row: await row(1, 'mean', 3) }, text);
    assert.match(bank, /Probability 12\.5% · rank 2 · 3\.0 bits; expected: ␣shore 40\.0%/);
    assert.match(bank, /Attends most to: \\\[CLS\\\] 50\.0% · \\\[SEP\\\] 35\.0% · ␣bank \(itself\) 15\.0%/);
  });
  it('shows the fillers of a masked token for an encoder, and max over heads', async () => {
    const { entry, row } = rowsOf('encoder');
    const md = hoverMarkdown({ entry, token: 2, layer: 1, heads: 'max', row: await row(1, 'max', 2) }, text);
    assert.match(md, /Masked; the model fills in: river 50\.0% · lake 25\.0%/);
    assert.match(md, /max over heads/);
    assert.match(md, /Attends most to: \\\[CLS\\\] 100\.0% · ␣bank 70\.0%/);
  });
  it('says so when the worker no longer holds the analysis', () => {
    const md = hoverMarkdown({ entry: sample(), token: 2, layer: 1, heads: 0, row: null }, text);
    assert.match(md, /no longer in memory; analyze again/);
    assert.doesNotMatch(md, /Attends most to/);
  });
  it('escapes Markdown and makes whitespace visible', () => {
    assert.equal(escapeMarkdown('[x](command:evil) <img>'), '\\[x\\]\\(command:evil\\) \\<img\\>');
    assert.equal(showWhitespace(' a b\r\n\t'), '␣a␣b␍↵⇥');
    assert.equal(showWhitespace(''), '∅');
    assert.equal(resolveLayer(-1, 12), 11);
    assert.equal(resolveLayer(40, 12), 11);
  });
});
