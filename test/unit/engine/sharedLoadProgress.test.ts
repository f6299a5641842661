// Every caller waiting on one shared model load hears its progress (engine.ts load): a caller may
// ask with no onProgress (the CLI, a test), and a client that re-arms its deadline on progress
// (workerClient.ts) must not go silent because such a caller asked first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import type { LoadProgress } from '../../../src/protocol/engineApi';
import { scratch } from '../../support/paths';
import { withEngine } from '../../support/tinyEngine';

const statuses = (events: readonly LoadProgress[]): string[] => events.map((e) => e.status);

describe('Engine: the progress of one load shared by several callers', () => {
  it('a caller that joins a load started without a progress callback still hears its progress', () =>
    withEngine(async (engine, model) => {
      // A lone caller's events: what a caller of the shared load should hear too.
      const alone: LoadProgress[] = [];
      const lone = new Engine({ cacheDir: scratch(), precision: 'float32' });
      await lone.load(model, (e) => alone.push(e)).finally(() => lone.dispose());
      assert.ok(alone.length > 0, 'the tiny model reports no progress at all');
      const heard: LoadProgress[] = [];
      const first = engine.load(model);
      const second = engine.load(model, (e) => heard.push(e));
      await Promise.all([first, second]);
      assert.equal(engine.loadsStarted, 1, 'one load, shared');
      assert.deepEqual(statuses(heard), statuses(alone), 'the second caller heard what a lone caller hears');
    }));

  it('two callers with callbacks both hear every event', () =>
    withEngine(async (engine, model) => {
      const [a, b]: LoadProgress[][] = [[], []];
      await Promise.all([engine.load(model, (e) => a.push(e)), engine.load(model, (e) => b.push(e))]);
      assert.ok(a.length > 0, 'the first caller heard nothing');
      assert.deepEqual(b, a, 'the second caller heard what the first did');
    }));

  it('a caller that cancels hears no more of the load, which goes on for the others', () =>
    withEngine(async (engine, model) => {
      const [kept, left]: LoadProgress[][] = [[], []];
      const controller = new AbortController();
      const keeping = engine.load(model, (e) => kept.push(e));
      const leaving = engine.load(model, (e) => left.push(e), controller.signal);
      controller.abort();
      await assert.rejects(leaving, /cancelled/);
      await keeping;
      assert.ok(kept.length > 0, 'the caller that stayed heard nothing');
      assert.deepEqual(left, [], 'the caller that cancelled heard events after it left');
    }));

  it('a caller of a model already loaded holds no callback in it (every analysis asks with one)', () =>
    withEngine(async (engine, model) => {
      await engine.load(model, () => undefined);
      for (let i = 0; i < 5; i++) await engine.load(model, () => undefined);
      // Read from inside: nothing else shows a callback held for nothing.
      const shared = (engine as unknown as { models: Map<string, { listeners: Set<unknown> }> }).models.get(model);
      assert.equal(shared?.listeners.size, 0, 'callbacks kept after the load settled');
    }));
});
