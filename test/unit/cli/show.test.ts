// The CLI writes byte-level vocabulary pieces as the text they stand for, escaped as JSON string
// bodies, so a Spanish word reads as itself in a terminal and a line stays one line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidateName, column, columns, show, showToken } from '../../../src/cli/show';

describe('CLI token text', () => {
  it('decodes byte-level pieces: a space, an accented letter, a newline', () => {
    assert.equal(showToken('Ġorilla', true), '␣orilla');
    assert.equal(showToken('rÃŃo', true), 'río');
    // A token made only of whitespace in the strip's glyphs: "\n  " ended in two blanks no one could count.
    assert.equal(showToken('ĊĠĠ', true), '↵␣␣');
    assert.equal(showToken('Ġ', true), '␣');
    assert.equal(showToken('\u00a0', false), '\\u00A0', 'a space with no glyph by its code point, as the panel and hovers write it');
    assert.equal(showToken('\u000b', false), '\\u000B');
  });

  // One convention in every command, the panel strip's: "senses" wrote ␣orilla where analyze, predict
  // and next wrote " orilla", whose space a column cannot tell from padding.
  it('writes the whitespace of a token with text as the strip does (␣ ↵ ⇥ ␍), in every command alike', () => {
    assert.equal(showToken('ĊĠreturn', true), '↵␣return');
    assert.equal(showToken('a\tb\r', false), 'a⇥b␍');
    assert.equal(candidateName(' orilla'), '␣orilla');
    assert.equal(candidateName('\n\tx'), '↵⇥x');
  });

  it('writes a piece that ends inside a character as U+FFFD, as the tokenizer decodes it; other vocabularies keep their text but for word markers', () => {
    assert.equal(showToken('Ã', true), '\uFFFD', 'not the byte alphabet’s look of the byte (Ã)');
    assert.equal(showToken('ĠÃ', true), '␣\uFFFD');
    assert.equal(showToken('##ing', false), '##ing');
    assert.equal(showToken('▁casa', false), '␣casa'); // SentencePiece's word marker
  });

  it('escapes control characters and quotes', () => {
    assert.equal(show('a\u001b[31m"b"'), 'a\\u001b[31m\\"b\\"');
  });

  it('escapes what JSON leaves raw but a terminal acts on: DEL, C1 (the one-byte CSI), bidi, zero-width, tags, line separators', () => {
    assert.equal(show('a\u007f\u009b2J\u202eb\u061c\u200b\u2028\u{E0041}'), 'a\\u007f\\u009b2J\\u202eb\\u061c\\u200b\\u2028\\udb40\\udc41');
    assert.equal(showToken('\u00e2\u0122\u00ae', true), '\\u202e'); // a byte-level piece that decodes to U+202E
  });
});

describe('CLI columns', () => {
  it('count terminal columns: wide characters take two, combining marks none', () => {
    assert.equal(columns('abc'), 3);
    assert.equal(columns('日本語'), 6);
    assert.equal(columns('e\u0301l'), 2, 'é written as e + a combining accent');
    assert.equal(columns('🙂x'), 3);
  });

  it('fit a name to a column: padded to its width, cut between characters and never inside an escape', () => {
    assert.equal(column('río', 5), 'río  ');
    assert.equal(column('日本語', 5), '日本 ', 'a wide character that would pass the edge goes whole');
    assert.equal(column('ab\\u202ecd', 5), 'ab   ', 'not "ab\\\\u2"');
    assert.equal(column('ab\\ncd', 3), 'ab ', 'not "ab\\\\"');
    assert.equal(column('🙂🙂🙂', 3), '🙂 ', 'never half a surrogate pair');
    assert.equal(column('e\u0301e\u0301e\u0301', 2), 'e\u0301e\u0301', 'an accent stays with its letter');
  });

  it('put a token that starts with a combining mark on a dotted circle, so the accent does not sit on the column before it', () => {
    assert.equal(showToken('\u0301', false), '\u25cc\u0301');
    assert.equal(showToken('\u0301n', false), '\u25cc\u0301n');
    assert.equal(showToken('é', false), 'é');
  });

  it('write a stack of combining marks with its first two marks only raw, the rest as escapes (it would spill over the lines around it)', () => {
    assert.equal(show('e\u0301'), 'e\u0301');
    assert.equal(show(`a${'\u0300\u0301\u0302\u0303'}b`), 'a\u0300\u0301\\u0302\\u0303b');
  });

  it('names a candidate that is a piece of a character in words, as the panel does, never a bare U+FFFD', () => {
    // "next token: � 2.9% · � 1.1%" read as if the model predicted the replacement character.
    assert.equal(candidateName('\uFFFD'), '(part of a character)');
    assert.equal(candidateName(' \uFFFD\uFFFD'), '␣(part of a character)');
    assert.equal(candidateName('\n'), '↵');
    assert.equal(candidateName(' '), '␣', 'a candidate made only of a space is not a blank');
    assert.equal(candidateName('a\uFFFD'), 'a\uFFFD');
  });
});
