// Hostile hub answers the first pass (security.downloads.test.ts) did not reach, from the stand-in
// hub (test/support/hubServer.ts): an HTML error page served with status 200 where JSON is
// expected, a connection cut mid-file, and a server that stops sending mid-file and never closes.
// Each case asserts the message, its time, and that nothing broken stays in the cache to fail the
// next try.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hubFolder, resolveModel, type SourceOptions } from '../../src/engine/modelSource';
import { HubServer } from '../support/hubServer';
import { fixture, scratch } from '../support/paths';
import { filesUnder, engineFailure } from '../support/cacheFiles';

const HTML = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

describe('hostile hub answers: pages, cuts and stalls', () => {
  const hub = new HubServer();
  let host = '';
  const options = (cacheDir: string, extra: Partial<SourceOptions> = {}): SourceOptions => ({
    cacheDir,
    allowRemote: true,
    remoteHost: host,
    remotePathTemplate: '{model}/resolve/{revision}/',
    retries: 3,
    retryDelayMs: 10,
    ...extra,
  });

  before(async () => {
    for (const alias of ['page', 'pageopt', 'cut']) hub.repo(`${alias}/tiny-bert`, fixture('tiny-bert'));
    hub.rule('page/tiny-bert/tokenizer.json', { body: HTML });
    hub.rule('pageopt/tiny-bert/tokenizer_config.json', { body: HTML });
    hub.rule('cut/tiny-bert/onnx/model.onnx', { cut: 5 });
    host = await hub.start();
  });
  after(() => hub.stop());

  for (const [alias, file] of [
    ['page', 'tokenizer.json'],
    ['pageopt', 'tokenizer_config.json'],
  ] as const) {
    it(`an HTML page with status 200 for ${file} is refused and not kept, so the next try downloads it again`, async () => {
      const cache = scratch();
      const error = await engineFailure(resolveModel(`${alias}/tiny-bert`, options(cache)));
      assert.equal(error.code, 'model-corrupt');
      assert.equal(error.message, `model ${alias}/tiny-bert: ${file} is not valid JSON; the downloaded file was not kept`);
      assert.ok(!filesUnder(hubFolder(cache, `${alias}/tiny-bert`)).includes(file), `no ${file} kept`);
      // The hub answers properly again: the next try gets the real file and completes.
      hub.rule(`${alias}/tiny-bert/${file}`, {});
      const resolved = await resolveModel(`${alias}/tiny-bert`, options(cache));
      assert.ok(filesUnder(resolved.folder).includes(file));
    });
  }

  it('a connection cut mid-file says how much arrived, not "terminated", and keeps no partial file', async () => {
    const cache = scratch();
    const error = await engineFailure(resolveModel('cut/tiny-bert', options(cache)));
    assert.equal(error.code, 'network');
    assert.match(error.message, /^download of cut\/tiny-bert\/onnx\/model\.onnx failed: the connection closed after \d+ of \d+ bytes$/);
    assert.deepEqual(
      filesUnder(hubFolder(cache, 'cut/tiny-bert')).filter((f) => f.startsWith('onnx')),
      [],
    );
  });

  it('a server that stops sending mid-file fails once the body is silent for bodyIdleMs, and keeps no partial file', async () => {
    hub.repo('stall/tiny-bert', fixture('tiny-bert'));
    hub.rule('stall/tiny-bert/onnx/model.onnx', { stall: true });
    const cache = scratch();
    const started = Date.now();
    const error = await engineFailure(resolveModel('stall/tiny-bert', options(cache, { bodyIdleMs: 1000 })));
    const took = Date.now() - started;
    assert.equal(error.code, 'network');
    assert.match(error.message, /^download of stall\/tiny-bert\/onnx\/model\.onnx failed: the host sent nothing for 1 s after \d+ of \d+ bytes$/);
    assert.ok(took < 8000, `${took} ms`);
    assert.equal(hub.count('stall/tiny-bert/resolve/main/onnx/model.onnx'), 1, 'a stall is not retried');
    assert.deepEqual(
      filesUnder(hubFolder(cache, 'stall/tiny-bert')).filter((f) => f.startsWith('onnx')),
      [],
    );
  });
});
