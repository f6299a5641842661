// Loading a course pack folder (src/host/course/coursePack.ts) as teachers write them: a pack saved
// by an editor that writes a UTF-8 byte-order mark (Windows Notepad does) loads as the same pack,
// and its texts come without the mark, as the editor would show them.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadPack } from '../../../../src/host/course/coursePack';
import { ROOT, scratch } from '../../../support/paths';

const BUILT_IN = path.join(ROOT, 'media', 'course', 'en');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

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
});
