// The CLI's text sniffing (src/cli/io.ts): which bytes count against a file being text, and what
// decodeText refuses. The process-level cases (a PNG, a gzip file, UTF-16) are in
// test/hostile/cli.contract.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binaryShare, decodeText, readInput } from '../../../src/cli/io';
import { EngineError } from '../../../src/engine/errors';

const bytes = (...parts: Array<string | number[]>): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('binaryShare', () => {
  it('counts nothing in UTF-8 text of any script, with tabs, line ends, form feeds and colour codes', () => {
    assert.equal(binaryShare(bytes('El río 😀 中文 مرحبا e\u0301\t\r\n\f\x1b[31mred\x1b[0m\u0085')), 0);
    assert.equal(binaryShare(new Uint8Array()), 0);
  });

  it('counts NUL and other C0 controls, and each byte of invalid UTF-8', () => {
    assert.equal(binaryShare(bytes('ab', [0, 1], 'cd')), 2 / 6);
    // A lone continuation byte, an overlong "/" (C0 AF), a UTF-16 surrogate (ED A0 80), past U+10FFFF (F4 90 80 80), FF.
    for (const bad of [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const share = binaryShare(bytes('abcd', bad));
      assert.ok(share > 0, `${Buffer.from(bad).toString('hex')} counts`);
    }
    assert.equal(binaryShare(bytes('a', [0xc3, 0x20])), 1 / 3, 'a lead byte without its continuation');
  });

  it('takes a character cut by the end of the sample as valid', () => {
    const text = Buffer.from('ab😀');
    assert.equal(binaryShare(text.subarray(0, text.length - 1)), 0);
  });
});

describe('decodeText', () => {
  const refused = (pattern: RegExp) => (e: unknown) => e instanceof EngineError && e.code === 'bad-input' && pattern.test(e.message);

  it('reads text with a few odd bytes, each invalid one as U+FFFD', () => {
    assert.equal(decodeText(bytes('The cat', [0], ' sat ', [0xff], ' on the mat.'), 'f'), 'The cat\u0000 sat \uFFFD on the mat.');
  });

  it("drops a leading UTF-8 byte-order mark, as VS Code does, so offsets match the editor's; a later U+FEFF stays", () => {
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], 'hi'), 'f'), 'hi');
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf]), 'f'), '');
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'hi'), 'f'), '\uFEFFhi', 'only the first is a byte-order mark');
    assert.equal(decodeText(bytes('a', [0xef, 0xbb, 0xbf], 'b'), 'f'), 'a\uFEFFb');
  });

  it("reads mixed line ends and lone CRs as the editor holds them (editorText.ts), so offsets match the editor's", () => {
    assert.equal(decodeText(bytes('a\rb\rc'), 'f'), 'a\r\nb\r\nc');
    assert.equal(decodeText(bytes([0xef, 0xbb, 0xbf], 'a\nb\r\nc\n'), 'f'), 'a\nb\nc\n');
    assert.equal(decodeText(bytes('a\r\nb\r\n'), 'f'), 'a\r\nb\r\n', 'one kind of line end is kept');
  });

  it('refuses UTF-16 by its byte-order mark, and data that is mostly not text', () => {
    assert.throws(() => decodeText(bytes([0xff, 0xfe], 'h\u0000i\u0000'), 'u.txt'), refused(/^u\.txt is UTF-16 text/));
    assert.throws(() => decodeText(bytes([0xfe, 0xff], '\u0000h\u0000i'), 'stdin'), refused(/^stdin is UTF-16 text/));
    assert.throws(() => decodeText(Buffer.alloc(100), 'z'), refused(/^z does not look like UTF-8 text: 100% of its first 100 bytes/));
    // Text in a legacy encoding: Chinese in GBK is refused (most of its bytes are invalid UTF-8), Spanish in Latin-1 is read.
    assert.throws(() => decodeText(Buffer.from('d6d0cec4d7d6b7fbb2e2cad4', 'hex').subarray(0, 12), 'gbk'), refused(/^gbk does not look like UTF-8 text/));
    assert.equal(decodeText(Buffer.from('El r\xedo est\xe1 crecido y la orilla es empinada.', 'latin1'), 'l').slice(0, 6), 'El r\uFFFDo');
  });
});

describe('readInput from stdin', () => {
  async function* chunks(...parts: Buffer[]): AsyncIterable<Buffer> {
    yield* parts;
  }

  it('drops a leading byte-order mark from a short input and from one read in chunks past the sniffed start', async () => {
    assert.equal(await readInput('-', chunks(bytes([0xef, 0xbb, 0xbf], 'The cat sat.'))), 'The cat sat.');
    const long = 'The cat sat on the mat. '.repeat(4000); // 96 000 bytes: checked on the way in, not by decodeText
    const read = await readInput('-', chunks(bytes([0xef, 0xbb]), bytes([0xbf], long.slice(0, 70_000)), bytes(long.slice(70_000))));
    assert.equal(read.length, long.length);
    assert.equal(read, long);
  });

  it("reads line ends as the editor holds them, from a short input and from one read in chunks (a CR at a chunk's end)", async () => {
    assert.equal(await readInput('-', chunks(bytes('one\rtwo\r'))), 'one\r\ntwo\r\n');
    const long = 'The cat sat on the mat.\r'.repeat(4000);
    const cut = 24 * 2917; // past the sniffed start, just after a CR
    assert.equal(long[cut - 1], '\r');
    const read = await readInput('-', chunks(bytes(long.slice(0, cut)), bytes('\n'), bytes(long.slice(cut))));
    assert.equal(read, 'The cat sat on the mat.\r\n'.repeat(4000), "the chunk's CR and the next one's LF are one line end");
  });
});
