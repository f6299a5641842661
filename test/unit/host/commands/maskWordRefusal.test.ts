// Mask Word's refusal when nothing under the cursor can be masked (plain Node). A word made only of
// combining accents ("\u0301\u0308", typed after a space) was called "only invisible characters
// (U+0301, U+0308)": an accent shows, on the letter before it or on a dotted circle; what it lacks is a
// letter of its own. Now the message says what is there: combining marks with no letter, invisible
// characters (a zero-width space, a variation selector), or both.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nothingToMask } from '../../../../src/host/commands/maskWordRefusal';

describe('Mask Word with nothing to mask', () => {
  it('combining accents alone are called combining marks with no letter, not invisible', () => {
    const said = nothingToMask('\u0301\u0308');
    assert.doesNotMatch(said, /invisible/, said);
    assert.match(said, /combining marks with no letter.*\(U\+0301, U\+0308\)/, said);
  });

  it('invisible characters alone are still called invisible (a variation selector is one: it has no shape)', () => {
    assert.match(nothingToMask('\u200B\uFE0F'), /only invisible characters \(U\+200B, U\+FE0F\)/);
    assert.match(nothingToMask('\u034F'), /only invisible characters \(U\+034F\)/, 'the combining grapheme joiner has no shape');
  });

  it('both: each called by what it is', () => {
    const said = nothingToMask('\u200B\u0301');
    assert.match(said, /invisible characters \(U\+200B\) and combining marks with no letter \(U\+0301\)/, said);
  });

  it('nothing at all: asks for a word', () => {
    assert.equal(nothingToMask(''), 'Put the cursor on a word (or select text) to mask it.');
  });
});
