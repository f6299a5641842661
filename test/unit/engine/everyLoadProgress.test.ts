// Every worker request that loads a model posts the load's progress (worker.ts), not only load,
// analyze, measure and analyzeKept: the host loads a model first, but one dropped meanwhile (a
// deselection's unload) is loaded again by whichever request comes next, and a client that re-arms
// its deadline on progress (workerClient.ts) would otherwise time out during a long download.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineClient } from '../../../src/engine/workerClient';
import type { EngineMethods, LoadProgress } from '../../../src/protocol/engineApi';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';

const bert = fixture('tiny-bert');
const gpt2 = fixture('tiny-gpt2');
const text = 'the river bank by the bank';

/** Each request that loads its model, with params that pass the worker's door. */
const requests: readonly (readonly [method: keyof EngineMethods & string, params: { readonly model: string } & Record<string, unknown>])[] = [
  ['fillWords', { model: bert, request: { text, maskChars: [{ start: 4, end: 9 }] }, words: [0], search: { limit: 2 } }],
  ['completeWords', { model: gpt2, request: { text }, search: { limit: 2 } }],
  ['nsp', { model: bert, request: { a: 'the river bank.', b: 'the water is cold.' } }],
  ['positions', { model: bert, count: 4 }],
  ['scale', { model: bert }],
  ['senses', { model: bert, request: { text, word: 'bank', maxOccurrences: 2 } }],
  ['embedding', { model: bert, token: 'bank' }],
  ['wordOrder', { model: bert, request: { text, seed: 1 } }],
  [
    'fineTune',
    {
      model: bert,
      request: {
        examples: [
          { text: 'the river', label: 'a' },
          { text: 'the bank', label: 'b' },
        ],
        folds: 2,
      },
    },
  ],
];

describe('EngineClient: every request that loads a model posts its progress', () => {
  const events: LoadProgress[] = [];
  let client: EngineClient;
  before(() => {
    client = new EngineClient({
      workerPath: built('worker.cjs'),
      settings: { cacheDir: scratch(), precision: 'float32' },
      onProgress: (e) => events.push(e),
    });
  });
  after(() => client.dispose());

  for (const [method, params] of requests)
    it(`${method}, starting its model's load alone, posts the load's progress`, async () => {
      const started = (await client.request('ping', null)).loadsStarted;
      events.length = 0;
      try {
        // Whether it answers (nsp on a model with no next-sentence head does not) is not the question here.
        await client.request(method, params).catch(() => undefined);
        assert.equal((await client.request('ping', null)).loadsStarted, started + 1, `${method} did not load its model`);
        assert.ok(events.length > 0, `${method} loaded its model and posted no progress`);
      } finally {
        // The next request starts its own load, as one would after a deselection's unload.
        await client.request('unload', { model: params.model });
      }
    });
});
