// The representation methods through the worker bundle (dist/worker.cjs), as the host will call
// them: the same numbers as the engine in-process, the position matrices arriving as Float32Arrays,
// and a refusal arriving as a typed error that leaves the worker serving.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import type { EngineError } from '../../../src/engine/errors';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { EngineClient } from '../../../src/engine/workerClient';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';

describe('representation methods in the worker', () => {
  const client = new EngineClient({ workerPath: built('worker.cjs'), settings: { cacheDir: scratch(), precision: 'float32' }, onCrash: () => undefined });
  const local = new Engine({ cacheDir: scratch(), precision: 'float32' });
  after(async () => {
    await client.dispose();
    await local.dispose();
  });
  const model = embeddedModel(EMBEDDED_ENCODER);
  const request = { a: 'const x = 1;', b: 'console.log(x);' };

  it('answers nsp, positions and scale as the engine does in-process', async () => {
    const [remote, here] = await Promise.all([client.request('nsp', { model, request }), local.nextSentence(model, request)]);
    assert.equal(remote.isNext, here.isNext);
    assert.deepEqual(remote.crossAttention, here.crossAttention);
    const positions = await client.request('positions', { model, count: 16 });
    assert.equal(positions.kind, 'learned');
    if (positions.kind !== 'learned') return;
    assert.ok(positions.similarity instanceof Float32Array);
    const mine = await local.positions(model, { count: 16 });
    assert.deepEqual(positions.similarity, mine.kind === 'learned' ? mine.similarity : null);
    const scale = await client.request('scale', { model });
    assert.equal(scale.parameters, 2_956_674);
  });

  it('refuses a model without a next-sentence head with a typed error, and keeps serving', async () => {
    await assert.rejects(client.request('nsp', { model: fixture('tiny-bert'), request }), (e: EngineError) => e.code === 'unsupported-architecture');
    const again = await client.request('positions', { model: fixture('tiny-bert'), count: 4 });
    assert.equal(again.kind, 'learned');
  });
});
