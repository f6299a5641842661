// The shared model cache under concurrent first use (issue 14, item 9): four CLIs started at once
// on one empty cache all succeed, several times over (before: a half-copied tokenizer.json, an
// entry deleted under a reader, ENOTEMPTY), and leave exactly one patched entry per model and no
// temporary files behind; temporary files a dead process left are removed.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../../src/engine/engine';
import { EngineError } from '../../src/engine/errors';
import { fixture, scratch } from '../support/paths';
import { timedCli } from './support/reliability';

describe('the model cache: four CLIs at once on an empty cache', () => {
  const work = scratch();
  const input = path.join(work, 'text.txt');
  writeFileSync(input, 'The river bank was steep, so we sat on the grass.\n');

  for (let round = 1; round <= 3; round++) {
    it(`all four succeed and leave one entry, no temporary files (round ${round})`, async () => {
      const cache = scratch();
      const runs = await Promise.all([1, 2, 3, 4].map(() => timedCli(['analyze', input, '--cache-dir', cache])));
      for (const run of runs) {
        assert.equal(run.stderr, '');
        assert.equal(run.code, 0);
        assert.match(run.stdout, /^model +.*tiny-gpt-es-en/m);
      }
      const patched = readdirSync(path.join(cache, 'patched')).sort();
      assert.equal(patched.filter((name) => name.includes('.tmp-')).length, 0, `no temporary files: ${patched.join(', ')}`);
      assert.deepEqual(patched.filter((name) => name !== 'hashes.json').length, 1, `one patched entry: ${patched.join(', ')}`);
    });
  }

  it('removes the temporary files of a process that died mid-patch', async () => {
    const cache = scratch();
    const dead = 4194303; // above every pid this machine hands out in practice
    const half = path.join(cache, 'patched', `0123456789abcdef01234567-p9-f32sk20n.tmp-${dead}-1700000000000-1`);
    mkdirSync(path.join(half, 'onnx'), { recursive: true });
    writeFileSync(path.join(half, 'onnx', 'model_attn.onnx'), 'half a model');
    writeFileSync(path.join(cache, 'patched', `hashes.json.tmp-${dead}-1700000000000-2`), '{"half');
    const run = await timedCli(['analyze', input, '--cache-dir', cache]);
    assert.equal(run.code, 0, run.stderr);
    const left = readdirSync(path.join(cache, 'patched'));
    assert.deepEqual(
      left.filter((name) => name.includes('.tmp-')),
      [],
    );
    assert.equal(left.filter((name) => name !== 'hashes.json').length, 1);
  });
});

describe('the model cache: what counts as corrupt', () => {
  it('a tokenizer that cannot be built is not corruption (a download would not be discarded for it)', async () => {
    const folder = path.join(scratch(), 'odd-tokenizer');
    cpSync(fixture('tiny-gpt2'), folder, { recursive: true });
    writeFileSync(path.join(folder, 'tokenizer.json'), JSON.stringify({ model: { type: 'NoSuchModel' } }));
    const engine = new Engine({ cacheDir: scratch() });
    try {
      await assert.rejects(
        engine.load(folder),
        (e: unknown) => e instanceof EngineError && e.code === 'unsupported-architecture' && /tokenizer could not be loaded/.test(e.message),
      );
    } finally {
      await engine.dispose();
    }
  });
});
