// Loading by hub id against a local HTTP server that serves the hub's file layout
// (/{model}/resolve/{revision}/{file}), and the on-disk cache of patched models.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { EngineError } from '../../../src/engine/errors';
import { COMPLETE_MARKER } from '../../../src/engine/modelSource';
import { ensurePatched } from '../../../src/engine/patchCache';
import type { LoadProgress } from '../../../src/protocol/engineApi';
import { HubServer } from '../../support/hubServer';
import { FIXTURES, fixture, scratch } from '../../support/paths';

describe('hub ids through a local stand-in for the hub', () => {
  const hub = new HubServer();
  const requests = hub.requests;
  let host = '';

  before(async () => {
    for (const name of readdirSync(FIXTURES)) hub.repo(`org/${name}`, fixture(name));
    host = await hub.start();
  });
  after(() => hub.stop());

  it('downloads the files with progress events, then analyzes', async () => {
    const cacheDir = scratch();
    const engine = new Engine({ cacheDir, allowRemote: true, remoteHost: host, remotePathTemplate: '{model}/resolve/{revision}/' });
    const events: LoadProgress[] = [];
    const result = await engine.analyze('org/tiny-bert', { text: 'the river bank' }, (e) => events.push(e));
    assert.equal(result.model.id, 'org/tiny-bert');
    assert.ok(existsSync(path.join(cacheDir, 'hub', 'org', 'tiny-bert', 'onnx', 'model.onnx')));
    for (const status of ['initiate', 'download', 'progress', 'done', 'ready', 'patching'])
      assert.ok(
        events.some((e) => e.status === status),
        status,
      );
    const last = events.filter((e) => e.status === 'progress' && e.file === 'onnx/model.onnx').at(-1);
    assert.ok(last && last.status === 'progress' && last.loaded === last.total);
    // Files are counted: config.json first, every file numbered within the same total.
    const counted = events.flatMap((e) => (e.status === 'progress' && e.fileIndex !== undefined ? [[e.file, e.fileIndex, e.fileCount]] : []));
    assert.deepEqual(counted[0], ['config.json', 1, 6]);
    assert.ok(counted.some(([file, index]) => file === 'onnx/model.onnx' && index === 3));
    assert.ok(existsSync(path.join(cacheDir, 'hub', 'org', 'tiny-bert', COMPLETE_MARKER)), 'the completion marker is written last');
    await engine.dispose();

    // A second engine on the same cache touches the network no more.
    const before = requests.length;
    const again = new Engine({ cacheDir, allowRemote: true, remoteHost: host, remotePathTemplate: '{model}/resolve/{revision}/' });
    await again.analyze('org/tiny-bert', { text: 'again' });
    assert.equal(requests.length, before);
    await again.dispose();
  });

  it('names a missing repository, and refuses to download when remote models are off', async () => {
    const engine = new Engine({ cacheDir: scratch(), allowRemote: true, remoteHost: host, remotePathTemplate: '{model}/resolve/{revision}/' });
    await assert.rejects(
      engine.analyze('org/no-such-model', { text: 'x' }),
      (e: unknown) =>
        e instanceof EngineError &&
        e.code === 'model-files-missing' &&
        /org\/no-such-model was not found on the hub \(HTTP 404 for config\.json\)/.test(e.message),
    );
    const offline = new Engine({ cacheDir: scratch(), allowRemote: false, remoteHost: host });
    const count = requests.length;
    await assert.rejects(
      offline.analyze('org/tiny-bert', { text: 'x' }),
      (e: unknown) => e instanceof EngineError && /remote downloads are disabled/.test(e.message),
    );
    assert.equal(requests.length, count);
  });
});

describe('the patched-model cache', () => {
  it('patches once per model content and again when the model file changes', async () => {
    const cacheDir = scratch();
    const folder = path.join(scratch(), 'model');
    cpSync(fixture('tiny-bert'), folder, { recursive: true });
    const first = await ensurePatched(folder, 'm', { precision: 'float16' }, cacheDir);
    const second = await ensurePatched(folder, 'm', { precision: 'float16' }, cacheDir);
    assert.equal(first.fresh, true);
    assert.equal(second.fresh, false);
    assert.equal(second.folder, first.folder);
    assert.ok(existsSync(path.join(first.folder, 'onnx', 'model_attn.onnx')));
    const other = await ensurePatched(folder, 'm', { precision: 'float32' }, cacheDir);
    assert.notEqual(other.folder, first.folder);

    const onnxFile = path.join(folder, 'onnx', 'model.onnx');
    writeFileSync(onnxFile, readFileSync(fixture('tiny-bert-mha') + '/onnx/model.onnx'));
    const changed = await ensurePatched(folder, 'm', { precision: 'float16' }, cacheDir);
    assert.equal(changed.fresh, true);
    assert.notEqual(changed.folder, first.folder);
    assert.equal(changed.sites[0].kind, 'multiHeadAttention');
    const entries = readdirSync(path.join(cacheDir, 'patched')).filter((n) => n.includes('.tmp-'));
    assert.deepEqual(entries, [], 'no temporary folders left behind');
  });
});
