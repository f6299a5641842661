// A file Word Senses reads from disk (src/host/repr/fileText.ts) is the text the editor would hold:
// its byte-order mark dropped, mixed line ends and lone CRs made one kind as the editor makes them
// (protocol/editorText.ts). The reveal compares the two: a file the editor normalises on opening
// used to read as "changed since Word Senses read it" every time, and its offsets were off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText, notTextBecause } from '../../../../src/host/repr/fileText';

const bytes = (...parts: Array<string | number[]>): Uint8Array => Buffer.concat(parts.map((p) => Buffer.from(p as string)));

describe('decodeText (Word Senses files)', () => {
  it('reads UTF-8 as the editor holds it: no byte-order mark, line ends made one kind', () => {
    assert.equal(decodeText(bytes('El banco\rdel río\r')), 'El banco\r\ndel río\r\n');
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], 'a\nb\r\nc\n')), 'a\nb\nc\n');
    assert.equal(decodeText(bytes('a\r\nb\r\n')), 'a\r\nb\r\n');
  });

  it('reads UTF-16 with its byte-order mark, as the editor opens it (Windows PowerShell writes it, Notepad saves "Unicode" so)', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('El banco\r\ndel río 😀\r\n', 'utf16le')]);
    assert.equal(decodeText(le), 'El banco\r\ndel río 😀\r\n');
    const be = Buffer.from(le.subarray(2)).swap16();
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), 'El banco\r\ndel río 😀\r\n');
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\rb', 'utf16le')])), 'a\r\nb', 'its line ends as the editor makes them');
  });

  it('refuses UTF-16 that holds a NUL or half a character, or an odd number of bytes', () => {
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\0b', 'utf16le')])), null);
    assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0x3d, 0xd8, 0x61, 0x00])), null, 'a lone high surrogate');
    assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62])), null);
  });

  it('still refuses what is not text', () => {
    assert.equal(decodeText(bytes('a', [0], 'b')), null);
    assert.equal(decodeText(bytes('a', [0xff], 'b')), null);
  });

  it('tells a file in another encoding (Windows-1252 Spanish: "año" as 61 F1 6F) from a binary one', () => {
    assert.equal(decodeText(bytes('el a', [0xf1], 'o pasado')), null);
    assert.equal(notTextBecause(bytes('el a', [0xf1], 'o pasado')), 'encoding');
    assert.equal(notTextBecause(bytes('a', [0], 'b')), 'binary');
    assert.equal(notTextBecause(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\0b', 'utf16le')])), 'binary');
  });
});
