// Where an insertion goes when the cursor is inside a character sequence read as one (graphemes.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphemeEnd } from '../../../src/protocol/graphemes';

const coder = '\u{1F468}\u200D\u{1F4BB}'; // man, zero-width joiner, laptop

describe('grapheme boundaries', () => {
  it('moves a cursor between an emoji and its joiner to after the whole sequence', () => {
    const text = `const ${coder} = 1`;
    const start = 'const '.length;
    for (let inside = start + 1; inside < start + coder.length; inside++) {
      assert.equal(graphemeEnd(text, inside), start + coder.length, `offset ${inside}`);
    }
  });

  it('keeps a cursor that is already between two graphemes', () => {
    const text = `a${coder}b`;
    assert.equal(graphemeEnd(text, 0), 0);
    assert.equal(graphemeEnd(text, 1), 1, 'before the emoji');
    assert.equal(graphemeEnd(text, 1 + coder.length), 1 + coder.length, 'after it');
    assert.equal(graphemeEnd(text, text.length), text.length);
    assert.equal(graphemeEnd('ab', 1), 1);
  });

  it('moves a cursor after a combining accent and between surrogate halves', () => {
    assert.equal(graphemeEnd('cafe\u0301s', 4), 5, 'between "e" and its accent');
    assert.equal(graphemeEnd('x\u{1F600}y', 2), 3, 'between the halves of 😀');
  });

  it('reads only the text around the cursor on a very long line', () => {
    const text = `${'a'.repeat(1_000_000)}${coder}${'b'.repeat(1_000_000)}`;
    assert.equal(graphemeEnd(text, 1_000_000 + 2), 1_000_000 + coder.length);
    assert.equal(graphemeEnd(text, 1_500_000), 1_500_000);
  });

  it('clamps an offset outside the text', () => {
    assert.equal(graphemeEnd('ab', -3), 0);
    assert.equal(graphemeEnd('ab', 9), 2);
  });
});
