// A file's text as VS Code's editor holds it (editorText.ts): mixed line ends and lone CRs are made
// one kind when the editor opens the file (CRLF when more than half of the line ends hold a CR,
// else LF), so that the CLI's offsets and Word Senses' reveal agree with the editor's; a file with
// one kind of line end is kept as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorLineEnds } from '../../../src/protocol/editorText';

describe('editorLineEnds', () => {
  it('keeps a file with one kind of line end, or none, as it is', () => {
    for (const text of ['', 'one line', 'a\nb\n', 'a\r\nb\r\n', '\n\n\n', '\r\n']) assert.equal(editorLineEnds(text), text, JSON.stringify(text));
  });

  it('makes lone CRs (old Mac line ends) CRLF, as the editor does: every line end holds a CR', () => {
    assert.equal(editorLineEnds('a\rb\rc'), 'a\r\nb\r\nc');
    assert.equal(editorLineEnds('\r'), '\r\n');
    assert.equal(editorLineEnds('a\r\r\nb'), 'a\r\n\r\nb');
  });

  it('makes mixed line ends the kind most of them are: CRLF when more than half hold a CR, else LF', () => {
    assert.equal(editorLineEnds('a\r\nb\r\nc\nd'), 'a\r\nb\r\nc\r\nd');
    assert.equal(editorLineEnds('a\nb\nc\r\nd'), 'a\nb\nc\nd');
    assert.equal(editorLineEnds('a\r\nb\n'), 'a\nb\n', 'half is not more than half');
    assert.equal(editorLineEnds('a\nb\rc'), 'a\nb\nc');
    assert.equal(editorLineEnds('a\n\rb'), 'a\n\nb', 'LF then CR is two line ends, not one');
  });

  it('touches nothing but line ends (U+2028, U+0085 and a lone surrogate stay)', () => {
    assert.equal(editorLineEnds('a\u2028b\u0085c\rd\ne\uD800'), 'a\u2028b\u0085c\nd\ne\uD800');
  });
});
