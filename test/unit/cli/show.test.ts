// The CLI writes byte-level vocabulary pieces as the text they stand for, escaped as JSON string
// bodies, so a Spanish word reads as itself in a terminal and a line stays one line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { show, showToken } from '../../../src/cli/show';

describe('CLI token text', () => {
  it('decodes byte-level pieces: a space, an accented letter, a newline', () => {
    assert.equal(showToken('Ġorilla', true), ' orilla');
    assert.equal(showToken('rÃŃo', true), 'río');
    assert.equal(showToken('ĊĠĠ', true), '\\n  ');
  });

  it('writes a piece that ends inside a character as U+FFFD, as the tokenizer decodes it; other vocabularies keep their text but for word markers', () => {
    assert.equal(showToken('Ã', true), '\uFFFD', 'not the byte alphabet’s look of the byte (Ã)');
    assert.equal(showToken('ĠÃ', true), ' \uFFFD');
    assert.equal(showToken('##ing', false), '##ing');
    assert.equal(showToken('▁casa', false), ' casa'); // SentencePiece's word marker
  });

  it('escapes control characters and quotes', () => {
    assert.equal(show('a\u001b[31m"b"'), 'a\\u001b[31m\\"b\\"');
  });

  it('escapes what JSON leaves raw but a terminal acts on: DEL, C1 (the one-byte CSI), bidi, zero-width, tags, line separators', () => {
    assert.equal(show('a\u007f\u009b2J\u202eb\u061c\u200b\u2028\u{E0041}'), 'a\\u007f\\u009b2J\\u202eb\\u061c\\u200b\\u2028\\udb40\\udc41');
    assert.equal(showToken('\u00e2\u0122\u00ae', true), '\\u202e'); // a byte-level piece that decodes to U+202E
  });
});
