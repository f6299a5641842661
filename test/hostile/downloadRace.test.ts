// Downloads racing in one shared cache (issue 14, item 9's remainder): four CLIs started at once
// on an empty cache, all asking for the same hub model from the stand-in hub, which serves the
// weights slowly so that their downloads overlap. All four succeed (none reads half a file), the
// hub serves each file once (one process downloads; the others wait for it), and the cache ends
// with one complete copy: the fixture's bytes, a marker that parses, no partial or lock file. A
// lock left by a process that died, and its partial files, do not stop the next one.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMPLETE_MARKER, hubFolder } from '../../src/engine/modelSource';
import { lockFile } from '../../src/engine/downloadLock';
import { HubServer } from '../support/hubServer';
import { fixture, scratch } from '../support/paths';
import { cli } from './support/cliChild';
import { filesUnder } from '../support/cacheFiles';

describe('four CLIs downloading the same model at once', () => {
  const hub = new HubServer();
  let host = '';
  const text = path.join(scratch(), 'text.txt');
  writeFileSync(text, 'The river bank was steep, so we sat on the grass.\n');
  const requests = (id: string, file: string): number => hub.requests.filter((r) => r.replace(/\?.*$/, '').endsWith(`/${id}/resolve/main/${file}`)).length;
  const run = (id: string, cache: string) => cli(['analyze', text, '--model', id, '--cache-dir', cache], { env: { HF_ENDPOINT: host }, timeoutMs: 120_000 });

  before(async () => {
    for (const alias of ['race1', 'race2', 'dead']) hub.repo(`${alias}/tiny-gpt2`, fixture('tiny-gpt2'));
    // About 2 s per copy of the weights: the four processes' downloads overlap.
    for (const alias of ['race1', 'race2']) hub.rule(`${alias}/tiny-gpt2/onnx/model.onnx`, { chunk: 16 * 1024, delayMs: 150 });
    host = await hub.start();
  });
  after(() => hub.stop());

  for (const alias of ['race1', 'race2']) {
    it(`all four succeed, each file is served once, one complete copy is left (${alias})`, async () => {
      const cache = scratch();
      const id = `${alias}/tiny-gpt2`;
      const runs = await Promise.all([1, 2, 3, 4].map(() => run(id, cache)));
      for (const r of runs) {
        assert.equal(r.stderr, '');
        assert.equal(r.code, 0);
        assert.match(r.stdout, new RegExp(`^model +.*${id}`, 'm'));
      }
      for (const file of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) assert.equal(requests(id, file), 1, `${file} downloaded once`);
      const folder = hubFolder(cache, id);
      const expected = ['config.json', 'generation_config.json', 'onnx/model.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json'];
      assert.deepEqual(filesUnder(folder), [COMPLETE_MARKER, ...expected].sort());
      for (const file of expected) assert.deepEqual(readFileSync(path.join(folder, file)), readFileSync(path.join(fixture('tiny-gpt2'), file)), file);
      assert.equal((JSON.parse(readFileSync(path.join(folder, COMPLETE_MARKER), 'utf8')) as { id: string }).id, id);
      assert.ok(!existsSync(lockFile(folder)), 'the lock is gone');
      assert.deepEqual(
        readdirSync(path.dirname(folder)).filter((name) => name !== path.basename(folder)),
        [],
        'nothing beside the folder',
      );
    });
  }

  it('a lock and partial files left by a process that died do not stop the next download', async () => {
    const cache = scratch();
    const id = 'dead/tiny-gpt2';
    const folder = hubFolder(cache, id);
    const dead = 4194303; // above every pid this machine hands out in practice
    mkdirSync(path.join(folder, 'onnx'), { recursive: true });
    writeFileSync(lockFile(folder), JSON.stringify({ pid: dead, host: hostname(), started: new Date().toISOString() }));
    writeFileSync(path.join(folder, 'onnx', `model.onnx.partial-${dead}-1700000000000`), 'half a model');
    const r = await run(id, cache);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.ok(r.seconds < 30, `${r.seconds} s: the dead lock was broken at once, not waited out`);
    assert.ok(!filesUnder(folder).some((f) => f.includes('.partial-')), filesUnder(folder).join(', '));
    assert.ok(!existsSync(lockFile(folder)));
  });
});
