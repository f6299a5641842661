// Loading a course pack folder (src/host/course/coursePack.ts) as teachers write them: a pack saved
// by an editor that writes a UTF-8 byte-order mark (Windows Notepad does) loads as the same pack,
// and its texts come without the mark, as the editor would show them; one saved as UTF-16 with its
// mark (Windows Notepad's "Unicode", PowerShell's redirections) too; one in another encoding
// (Windows-1252) is said to be not UTF-8, file by file, not "not valid JSON" or "missing".
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadPack } from '../../../../src/host/course/coursePack';
import { ROOT, scratch } from '../../../support/paths';

const BUILT_IN = path.join(ROOT, 'media', 'course', 'en');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A copy of the built-in English pack, each of `files` (relative to it) rewritten by `encode`. */
function packCopy(files: (folder: string) => string[], encode: (bytes: Buffer) => Buffer): string {
  const folder = path.join(scratch('lens-pack-'), 'en');
  cpSync(BUILT_IN, folder, { recursive: true });
  for (const file of files(folder)) writeFileSync(path.join(folder, file), encode(readFileSync(path.join(folder, file))));
  return folder;
}
const everyFile = (folder: string): string[] => ['pack.json', ...readdirSync(path.join(folder, 'samples')).map((f) => path.join('samples', f))];
/** UTF-16 with its byte-order mark, little- or big-endian. */
const utf16 = (endian: 'le' | 'be') => (bytes: Buffer) => {
  const le = Buffer.from(`\uFEFF${bytes.toString('utf8')}`, 'utf16le');
  return endian === 'le' ? le : le.swap16();
};
/** Windows-1252 (Latin-1 for these characters): "á" is one byte, 0xE1, which is no UTF-8. */
const latin1 = (bytes: Buffer): Buffer => Buffer.from(`${bytes.toString('utf8')} ${'á'}`, 'latin1');

describe('loadPack', () => {
  it('reads a pack whose files start with a byte-order mark as the same pack, its texts without the mark', async () => {
    const folder = path.join(scratch('lens-pack-'), 'en');
    cpSync(BUILT_IN, folder, { recursive: true });
    const files = ['pack.json', ...readdirSync(path.join(folder, 'samples')).map((f) => path.join('samples', f))];
    for (const file of files) writeFileSync(path.join(folder, file), Buffer.concat([BOM, readFileSync(path.join(folder, file))]));
    const plain = await loadPack(BUILT_IN, null);
    const marked = await loadPack(folder, null);
    assert.deepEqual(marked.pack, plain.pack);
    const sample = plain.pack.units[0].setup.sample;
    assert.equal(marked.read(sample), plain.read(sample));
    assert.notEqual(marked.read(sample).charCodeAt(0), 0xfeff);
  });

  it('reads a pack saved as UTF-16 with its byte-order mark (either byte order) as the same pack', async () => {
    const plain = await loadPack(BUILT_IN, null);
    for (const endian of ['le', 'be'] as const) {
      const marked = await loadPack(packCopy(everyFile, utf16(endian)), null);
      assert.deepEqual(marked.pack, plain.pack, endian);
      const sample = plain.pack.units[0].setup.sample;
      assert.equal(marked.read(sample), plain.read(sample), endian);
    }
  });

  it('says plainly that a pack file in another encoding is not UTF-8, naming each such file', async () => {
    await assert.rejects(
      loadPack(
        packCopy(() => ['pack.json'], latin1),
        null,
      ),
      (error: Error) => {
        assert.match(error.message, /pack\.json: not UTF-8 text/);
        assert.match(error.message, /save it as UTF-8/i);
        assert.doesNotMatch(error.message, /JSON/);
        return true;
      },
    );
    const samples = (folder: string): string[] =>
      readdirSync(path.join(folder, 'samples'))
        .slice(0, 2)
        .map((f) => path.join('samples', f));
    const folder = packCopy(samples, latin1);
    await assert.rejects(loadPack(folder, null), (error: Error) => {
      for (const file of samples(folder)) assert.ok(error.message.includes(`${file}: not UTF-8 text`), error.message);
      assert.doesNotMatch(error.message, /missing|is not in/);
      return true;
    });
  });
});
