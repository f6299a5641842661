// A file Word Senses reads from disk (src/host/repr/fileText.ts) is the text the editor would hold:
// its byte-order mark dropped, mixed line ends and lone CRs made one kind as the editor makes them
// (protocol/editorText.ts). The reveal compares the two: a file the editor normalises on opening
// used to read as "changed since Word Senses read it" every time, and its offsets were off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/host/repr/fileText';

const bytes = (...parts: Array<string | number[]>): Uint8Array => Buffer.concat(parts.map((p) => Buffer.from(p as string)));

describe('decodeText (Word Senses files)', () => {
  it('reads UTF-8 as the editor holds it: no byte-order mark, line ends made one kind', () => {
    assert.equal(decodeText(bytes('El banco\rdel río\r')), 'El banco\r\ndel río\r\n');
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], 'a\nb\r\nc\n')), 'a\nb\nc\n');
    assert.equal(decodeText(bytes('a\r\nb\r\n')), 'a\r\nb\r\n');
  });

  it('still refuses what is not text', () => {
    assert.equal(decodeText(bytes('a', [0], 'b')), null);
    assert.equal(decodeText(bytes('a', [0xff], 'b')), null);
  });
});
