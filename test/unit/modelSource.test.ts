// Loading by hub id against a local HTTP server that serves the hub's file layout
// (/{model}/resolve/{revision}/{file}), and the on-disk cache of patched models.
import assert from 'node:assert/strict';
import { cpSync, createReadStream, existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../src/engine/engine';
import { EngineError } from '../../src/engine/errors';
import { ensurePatched } from '../../src/engine/patchCache';
import type { LoadProgress } from '../../src/protocol/engineApi';
import { FIXTURES, fixture, scratch } from '../support/paths';

describe('hub ids through a local stand-in for the hub', () => {
  let server: http.Server;
  let host = '';
  const requests: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const match = /^\/org\/([\w-]+)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = match ? path.join(FIXTURES, match[1], match[2]) : '';
      if (!match || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads the files with progress events, then analyzes', async () => {
    const cacheDir = scratch();
    const engine = new Engine({ cacheDir, allowRemote: true, remoteHost: host, remotePathTemplate: '{model}/resolve/{revision}/' });
    const events: LoadProgress[] = [];
    const result = await engine.analyze('org/tiny-bert', { text: 'the river bank' }, (e) => events.push(e));
    assert.equal(result.model.id, 'org/tiny-bert');
    assert.ok(existsSync(path.join(cacheDir, 'hub', 'org', 'tiny-bert', 'onnx', 'model.onnx')));
    for (const status of ['initiate', 'download', 'progress', 'done', 'ready', 'patching']) assert.ok(events.some((e) => e.status === status), status);
    const last = events.filter((e) => e.status === 'progress' && e.file === 'onnx/model.onnx').at(-1);
    assert.ok(last && last.status === 'progress' && last.loaded === last.total);
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
    await assert.rejects(engine.analyze('org/no-such-model', { text: 'x' }), (e: unknown) => e instanceof EngineError && e.code === 'model-files-missing' && /org\/no-such-model has no config\.json/.test(e.message));
    const offline = new Engine({ cacheDir: scratch(), allowRemote: false, remoteHost: host });
    const count = requests.length;
    await assert.rejects(offline.analyze('org/tiny-bert', { text: 'x' }), (e: unknown) => e instanceof EngineError && /remote downloads are disabled/.test(e.message));
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
