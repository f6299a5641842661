// A token's place in the text, as the token tip reads it (format.ts formatRange): a token with no source range is
// special only when the tokenizer says so; one the tokenizer added (a prepended "▁", an invented "Ġ") is not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRange } from '../../../../webview/common/format';

describe('a token with no place in the text', () => {
  it('is called special only when it is a special token', () => {
    assert.equal(formatRange(null, true), 'no source (special token)');
    assert.equal(formatRange(null, false), 'no source in the text (added by the tokenizer)');
    const r = { startLine: 1, startCharacter: 0, endLine: 1, endCharacter: 4 };
    assert.equal(formatRange(r, false), '2:1–2:5');
    assert.equal(formatRange(r, true), '2:1–2:5', 'a special token with a range (a typed [MASK]) reads as its place');
  });
});
