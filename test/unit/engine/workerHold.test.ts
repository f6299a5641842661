// The worker's test hook (EngineMethods.hold): while it is on, a request waits at its start, so
// that a test can kill the worker while a request surely runs there. Off in every new worker; the
// hold ends when turned off, and a held request's cancel still ends it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineError } from '../../../src/engine/errors';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { EngineClient } from '../../../src/engine/workerClient';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';

describe('EngineClient: the worker holds requests while a test asks it to', () => {
  let client: EngineClient;
  const analyze = (signal?: AbortSignal) => client.request('analyze', { model: fixture('tiny-bert'), request: { text: 'the river bank' } }, { signal });

  /** Waits until the worker holds `count` requests. */
  async function holding(count: number): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if ((await client.request('hold', {})).held === count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.fail(`the worker never held ${count} request(s)`);
  }

  before(() => {
    client = new EngineClient({ workerPath: built('worker.cjs'), settings: { cacheDir: scratch(), precision: 'float32' } });
  });
  after(() => client.dispose());

  it('holds nothing unless asked', async () => {
    assert.equal((await client.request('hold', {})).held, 0);
    assert.ok((await analyze()).tokens.length > 2);
  });

  it('holds a request at its start until the hold is turned off', async () => {
    await client.request('hold', { on: true });
    let done = false;
    const running = analyze().then((result) => ((done = true), result));
    await holding(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(done, false, 'the held request did not run');
    assert.equal((await client.request('hold', { on: false })).held, 0);
    assert.ok((await running).tokens.length > 2);
  });

  it('a held request cancelled ends as cancelled', async () => {
    await client.request('hold', { on: true });
    try {
      const controller = new AbortController();
      const running = analyze(controller.signal);
      await holding(1);
      controller.abort();
      await assert.rejects(running, (e: unknown) => e instanceof EngineError && e.code === 'cancelled');
      await holding(0);
    } finally {
      await client.request('hold', { on: false });
    }
  });

  // These four ran at once: a test could not hold them, and a cancel that arrived behind one did not stop it.
  it('holds next-sentence, positions, scale and embedding requests too, and a cancel while held ends each', async () => {
    const model = embeddedModel(EMBEDDED_ENCODER);
    const controller = new AbortController();
    const { signal } = controller;
    await client.request('hold', { on: true });
    try {
      const requests = [
        client.request('nsp', { model, request: { a: 'const x = 1;', b: 'console.log(x);' } }, { signal }),
        client.request('positions', { model, count: 4 }, { signal }),
        client.request('scale', { model }, { signal }),
        client.request('embedding', { model, token: 'bank' }, { signal }),
      ];
      const ended = requests.map((r) => assert.rejects(r, (e: unknown) => e instanceof EngineError && e.code === 'cancelled'));
      await holding(4);
      controller.abort();
      await Promise.all(ended);
      await holding(0);
    } finally {
      await client.request('hold', { on: false });
    }
  });

  // These three ran at once (the lens runs the model's head over every layer): a cancel could not stop them, nor the hook hold them.
  it('holds lens, q/k/v and q/k/v window requests of a kept analysis too, and a cancel while held ends each', async () => {
    const overview = await client.request('analyzeKept', { model: fixture('tiny-gpt2'), request: { text: 'the river bank was steep', hidden: true } });
    const key = overview.attention.key;
    const controller = new AbortController();
    const { signal } = controller;
    await client.request('hold', { on: true });
    try {
      const requests = [
        client.request('lens', { key, positions: [1], topK: 3 }, { signal }),
        client.request('qkv', { key, layer: 1 }, { signal }),
        client.request('qkvWindow', { key, layer: 1, head: 0, query: 1 }, { signal }),
      ];
      const ended = requests.map((r) => assert.rejects(r, (e: unknown) => e instanceof EngineError && e.code === 'cancelled'));
      await holding(3);
      controller.abort();
      await Promise.all(ended);
      await holding(0);
    } finally {
      await client.request('hold', { on: false });
    }
  });

  // An unload frees a deselected model's memory and takes no signal (the host sends it and moves on): nothing to cancel, and
  // holding it behind a test's hold would only keep that memory longer and count a request that runs no model.
  it('does not hold an unload', async () => {
    const model = fixture('tiny-bert');
    await client.request('load', { model });
    await client.request('hold', { on: true });
    try {
      assert.equal(await client.request('unload', { model }), true);
      assert.equal((await client.request('hold', {})).held, 0);
    } finally {
      await client.request('hold', { on: false });
    }
  });

  it('a held request fails as worker-crashed when the worker is killed, and the next worker holds nothing', async () => {
    await client.request('hold', { on: true });
    const failed = assert.rejects(analyze(), (e: unknown) => e instanceof EngineError && e.code === 'worker-crashed');
    await holding(1);
    await client.kill();
    await failed;
    assert.ok((await analyze()).tokens.length > 2, 'a new worker starts without the hold');
  });
});
