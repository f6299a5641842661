// What of a mask can be seen (visibleText.ts): a selection or a cursor's word loses the invisible
// characters at its ends (spaces, controls, format characters such as the BOM, a zero-width joiner
// or a soft hyphen, and a combining mark that has no base inside it), and one that holds nothing else
// is named by its code points, for the message that says why nothing was masked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invisibleCodes, visibleSpan } from '../../../src/protocol/visibleText';

const visible = (text: string): string => {
  const span = visibleSpan(text);
  return span ? text.slice(span.start, span.end) : '';
};

describe('the visible part of a mask', () => {
  it('is nothing for invisible characters alone', () => {
    for (const text of ['\uFEFF', '\u200D', '\u200B', '\u00AD', '\u0301', '\uFE0F', '\u0000', ' \u200B\t', '\u2066\u2069', '\u{E0041}', ''])
      assert.equal(visibleSpan(text), null, JSON.stringify(text));
  });

  it('drops the invisible characters at its ends and keeps those inside', () => {
    assert.equal(visible('\u200Briver\u200B'), 'river');
    assert.equal(visible(' bank '), 'bank');
    assert.equal(visible('\uFEFFex\u00ADamen\u00AD'), 'ex\u00ADamen');
    assert.equal(visible('\u0301río'), 'río');
    assert.equal(visible('👩\u200D💻'), '👩\u200D💻');
    assert.equal(visible('❤\uFE0F'), '❤\uFE0F', 'a variation selector stays with its base');
    assert.equal(visible('re\u0301'), 're\u0301', 'a mark stays with its base');
    assert.equal(visible('\u{F0001}'), '\u{F0001}', 'a private-use glyph (an icon font) can be seen');
    assert.equal(visible('¿qué?'), '¿qué?', 'punctuation can be seen');
  });

  it('names invisible characters by their code points, once each', () => {
    assert.deepEqual(invisibleCodes('\u200D'), ['U+200D']);
    assert.deepEqual(invisibleCodes(' \uFEFF\u200B\uFEFF'), ['U+FEFF', 'U+200B']);
    assert.deepEqual(invisibleCodes('\u{E0041}'), ['U+E0041']);
    assert.deepEqual(invisibleCodes('\uD800'), ['U+D800']);
  });
});
