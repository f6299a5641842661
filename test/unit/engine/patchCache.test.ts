// The patched-model cache under concurrent loads (plain Node): several models patched at once into one fresh
// cache folder each get their entry, and the hash index they share stays readable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ensurePatched } from '../../../src/engine/patchCache';
import { fixture, scratch } from '../../support/paths';

describe('ensurePatched', () => {
  it('patches several models at once into one cache: each gets its entry and the shared hash index keeps every model’s hash', async () => {
    for (let round = 0; round < 5; round++) {
      const cacheDir = scratch();
      const names = ['tiny-bert', 'tiny-gpt2', 'tiny-distilbert', 'tiny-roberta', 'tiny-qwen2', 'tiny-bert-mha', 'tiny-bert-attn23', 'tiny-gpt2-gqa'];
      const patched = await Promise.all(names.map((name) => ensurePatched(fixture(name), name, { topK: 3 }, cacheDir)));
      assert.equal(new Set(patched.map((p) => p.folder)).size, names.length);
      const index = JSON.parse(readFileSync(path.join(cacheDir, 'patched', 'hashes.json'), 'utf8')) as Record<string, string>;
      assert.equal(Object.keys(index).length, names.length, 'one hash per model file, none lost');
    }
  });
});
