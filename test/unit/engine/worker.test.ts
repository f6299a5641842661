// The engine in its own process (the bundled dist/worker.cjs, as the extension runs it): lazy
// start, one load for concurrent first calls, progress notifications, typed errors that leave the
// worker serving, transferred attention buffers, and recovery after the worker is killed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LoadProgress } from '../../../src/protocol/engineApi';
import { EngineError } from '../../../src/engine/errors';
import { EngineClient } from '../../../src/engine/workerClient';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';

describe('EngineClient with the worker bundle', () => {
  const progress: LoadProgress[] = [];
  const crashes: string[] = [];
  let client: EngineClient;

  before(() => {
    client = new EngineClient({
      workerPath: built('worker.cjs'),
      settings: { cacheDir: scratch(), precision: 'float16' },
      onProgress: (e) => progress.push(e),
      onCrash: (m) => crashes.push(m),
    });
  });
  after(() => client.dispose());

  it('starts no worker until the first request', () => {
    assert.equal(client.running, false);
    assert.equal(client.workerStarts, 0);
  });

  it('loads once for concurrent first calls and reports patching progress', async () => {
    const model = fixture('tiny-bert');
    const results = await Promise.all([
      client.request('analyze', { model, request: { text: 'the river bank' } }),
      client.request('analyze', { model, request: { text: 'the [MASK] bank' } }),
      client.request('load', { model }),
    ]);
    assert.equal(client.workerStarts, 1);
    const ping = await client.request('ping', null);
    assert.equal(ping.loadsStarted, 1);
    assert.ok(progress.some((e) => e.status === 'patching'));
    const [first] = results;
    assert.equal(first.attention.precision, 'float16');
    assert.ok(first.attention.probs[0] instanceof Uint16Array, 'attention arrives as a typed array');
    assert.equal(first.attention.probs[0].length, first.attention.heads * first.attention.length ** 2);
  });

  it('turns engine failures into EngineErrors and keeps serving', async () => {
    await assert.rejects(
      client.request('analyze', { model: fixture('tiny-bert'), request: { text: '' } }),
      (e: unknown) => e instanceof EngineError && e.code === 'bad-input',
    );
    await assert.rejects(
      client.request('analyze', { model: fixture('no-such-model'), request: { text: 'x' } }),
      (e: unknown) => e instanceof EngineError && e.code === 'file-not-found',
    );
    const ok = await client.request('analyze', { model: fixture('tiny-gpt2'), request: { text: 'still serving' } });
    assert.ok(ok.tokens.length > 1);
    assert.equal(client.workerStarts, 1);
  });

  it('fails a request in flight with worker-crashed when the worker dies, then recovers', async () => {
    // The hold keeps the request in the worker until the kill (a sleep raced the analysis).
    await client.request('hold', { on: true });
    const pending = client.request('analyze', { model: fixture('tiny-bert-mha'), request: { text: 'a request that never finishes' } });
    // Its rejection is awaited from now on: it may come in an event before the one that ends kill().
    const failed = assert.rejects(
      pending,
      (e: unknown) => e instanceof EngineError && e.code === 'worker-crashed' && /next request starts a new one/.test(e.message),
    );
    for (let i = 0; (await client.request('hold', {})).held === 0; i++) {
      assert.ok(i < 500, 'the worker never held the request');
      await new Promise((r) => setTimeout(r, 10));
    }
    await client.kill();
    await failed;
    assert.equal(crashes.length, 1);
    const again = await client.request('analyze', { model: fixture('tiny-bert'), request: { text: 'the river bank' } });
    assert.ok(again.tokens.length > 2);
    assert.equal(client.workerStarts, 2);
  });

  it('cancels a request', async () => {
    const controller = new AbortController();
    const pending = client.request('analyze', { model: fixture('tiny-gpt2-gqa'), request: { text: 'cancel me' } }, { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof EngineError && e.code === 'cancelled');
    const ok = await client.request('ping', null);
    assert.equal(ok.pid, client.pid, 'the same engine process still serves');
  });

  it('counts the tokens an analysis would run, for the memory budget, without running it', async () => {
    const model = fixture('tiny-gpt2');
    const text = 'one two three four five six seven eight nine ten';
    const measured = await client.request('measure', { model, request: { text, maxTokens: 8 } });
    const result = await client.request('analyze', { model, request: { text, maxTokens: 8 } });
    assert.equal(measured.tokens, result.tokens.length);
    assert.equal(measured.model.layers, result.model.layers);
    assert.ok(measured.tokens <= 8);
  });
});
