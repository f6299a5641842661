// A model given back while it still loads (its setting changed) and chosen again at once: the
// engine keeps the load asked last, whatever the first one does later (engine.ts load/unload).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { fixture, scratch } from '../../support/paths';

describe('Engine: a model unloaded while it loads', () => {
  it('keeps the load asked after the unload when the unloaded one fails later, so a later unload gives its memory back', async () => {
    const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
    const model = fixture('tiny-bert');
    try {
      const first = new AbortController();
      const stale = engine.load(model, undefined, first.signal);
      // Deselected while it loads (EngineService.updateConfig: unload, then abort), then chosen again.
      const unloading = engine.unload(model);
      first.abort();
      const again = engine.load(model);
      await assert.rejects(stale, /cancelled/);
      await unloading;
      await again;
      assert.equal(engine.modelsLoaded, 1, 'the load asked again is held (one that is not can never be unloaded)');
      assert.equal(await engine.unload(model), true);
      assert.equal(engine.modelsLoaded, 0);
    } finally {
      await engine.dispose();
    }
  });
});
