// The worker posts each event of a model's load once (worker.ts): every request that waits on a
// load gives its own progress callback, and a shared load calls each (engine.ts load), but the
// notification is the worker's, not the request's, so two requests waiting on one load must not
// post every event twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineClient } from '../../../src/engine/workerClient';
import type { LoadProgress } from '../../../src/protocol/engineApi';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';

/** The progress a new worker posts while `work` runs on it (its own cache: the load starts from nothing). */
async function heard(work: (client: EngineClient, model: string) => Promise<unknown>): Promise<LoadProgress[]> {
  const events: LoadProgress[] = [];
  const client = new EngineClient({
    workerPath: built('worker.cjs'),
    settings: { cacheDir: scratch(), precision: 'float32' },
    onProgress: (e) => events.push(e),
  });
  try {
    await work(client, fixture('tiny-bert'));
  } finally {
    client.dispose();
  }
  return events;
}

const sorted = (events: readonly LoadProgress[]): string[] => events.map((e) => JSON.stringify(e)).sort();

describe('EngineClient: the worker’s progress of a shared load', () => {
  it('two requests waiting on one load post each of its events once', async () => {
    const alone = await heard((client, model) => client.request('load', { model }));
    assert.ok(alone.length > 0, 'the tiny model reports no progress at all');
    const shared = await heard(async (client, model) => {
      await Promise.all([client.request('load', { model }), client.request('analyze', { model, request: { text: 'the river bank' } })]);
      assert.equal((await client.request('ping', null)).loadsStarted, 1, 'one load, shared');
    });
    // The tokenizer's files and the graph load side by side: their events interleave in no fixed order.
    assert.deepEqual(sorted(shared), sorted(alone), 'the events of one load, each once');
  });
});
