// Two requests that wait on one model's load (the engine loads it once): each has its own Cancel.
// One caller's cancel ends that caller's wait at once and leaves the load to the others; the load
// itself stops only when every caller waiting on it has cancelled (engine.ts load).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withEngine } from '../../support/tinyEngine';

/** Waits until `done` holds (polled), failing after `ms`. */
async function until(what: string, done: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) assert.fail(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Engine: one load shared by several callers, each with its own cancel', () => {
  it("the first caller's cancel leaves the second caller's load going, and the model is loaded once", () =>
    withEngine(async (engine, model) => {
      const first = new AbortController();
      const second = new AbortController();
      const cancelled = engine.load(model, undefined, first.signal);
      const kept = engine.load(model, undefined, second.signal);
      first.abort();
      await assert.rejects(cancelled, /cancelled/);
      const loaded = await kept;
      assert.equal(loaded.disposed, false, "the second caller's model is usable");
      assert.equal(engine.loadsStarted, 1, 'the two callers shared one load');
      assert.equal(engine.modelsLoaded, 1);
    }));

  it("a caller's own cancel ends its wait at once, while the load goes on for the caller without one", () =>
    withEngine(async (engine, model) => {
      const order: string[] = [];
      const controller = new AbortController();
      const kept = engine.load(model).then(() => order.push('loaded'));
      const cancelled = engine.load(model, undefined, controller.signal).catch((error: Error) => {
        order.push('cancelled');
        throw error;
      });
      controller.abort();
      await assert.rejects(cancelled, /cancelled/);
      await kept;
      assert.deepEqual(order, ['cancelled', 'loaded'], 'the cancel did not wait for the load');
      assert.equal(engine.modelsLoaded, 1);
    }));

  it('every caller cancelled: the load itself stops and the engine holds no model', () =>
    withEngine(async (engine, model) => {
      const [a, b] = [new AbortController(), new AbortController()];
      const first = engine.load(model, undefined, a.signal);
      const second = engine.load(model, undefined, b.signal);
      a.abort();
      b.abort();
      await assert.rejects(first, /cancelled/);
      await assert.rejects(second, /cancelled/);
      await until('the shared load to stop and be forgotten', () => engine.modelsLoaded === 0);
      assert.equal(engine.loadsStarted, 1);
      // Asked again, it loads afresh.
      assert.equal((await engine.load(model)).disposed, false);
    }));

  it('a caller whose cancel came before it asked starts no load', () =>
    withEngine(async (engine, model) => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(engine.load(model, undefined, controller.signal), /cancelled/);
      assert.equal(engine.loadsStarted, 0);
      assert.equal(engine.modelsLoaded, 0);
    }));
});
