// A load cancelled after its patch step (Cancel, or its model deselected): it stops at the next
// step, so no tokenizer or onnxruntime session is built for nobody, and the engine holds nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import type { LoadProgress } from '../../../src/protocol/engineApi';
import { fixture, scratch } from '../../support/paths';

describe('Engine: a load cancelled between its steps', () => {
  it('stops once the tokenizer is read, building no session, and holds no model', async () => {
    const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
    const model = fixture('tiny-bert');
    try {
      const controller = new AbortController();
      const files: string[] = [];
      const loading = engine.load(
        model,
        (event: LoadProgress) => {
          const file = (event as { file?: string }).file ?? '';
          if (event.status !== 'initiate') return;
          files.push(file);
          // Cancelled while the tokenizer's files are read: the model's graph must not be read after.
          if (/tokenizer/.test(file)) controller.abort();
        },
        controller.signal,
      );
      await assert.rejects(loading, /cancelled/);
      assert.ok(
        files.some((f) => /tokenizer/.test(f)),
        `the tokenizer was being read when cancelled (${files.join(', ')})`,
      );
      assert.deepEqual(
        files.filter((f) => /\.onnx$/.test(f)),
        [],
        'no onnxruntime session was built after the cancel',
      );
      assert.equal(engine.modelsLoaded, 0, 'a cancelled load is not held');
    } finally {
      await engine.dispose();
    }
  });

  it('cancelled while its session is built, gives that session back and holds no model', async () => {
    const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
    const model = fixture('tiny-bert');
    try {
      const controller = new AbortController();
      const loading = engine.load(
        model,
        (event: LoadProgress) => {
          if (event.status === 'initiate' && /\.onnx$/.test((event as { file?: string }).file ?? '')) controller.abort();
        },
        controller.signal,
      );
      await assert.rejects(loading, /cancelled/);
      assert.equal(engine.modelsLoaded, 0, 'a cancelled load is not held');
      // Loaded again without a cancel, it works: nothing of the cancelled one is in the way.
      const again = await engine.load(model);
      assert.equal(again.disposed, false);
      assert.ok(again.session.outputNames.length > 0);
    } finally {
      await engine.dispose();
    }
  });
});
