// The engine on the layouts real exports come in (plain Node): RoBERTa's offset positions bound the window,
// a merged decoder analyzes exactly like the plain one, the weights file that ran is the one reported, and a
// missing precision falls back only when allowed, saying which file it ran.
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { EngineError } from '../../../src/engine/errors';
import { fixture, scratch } from '../../support/paths';

const cacheDir = scratch();
const engines: Engine[] = [];
const engine = (options: ConstructorParameters<typeof Engine>[0] = {}): Engine => {
  const e = new Engine({ cacheDir, precision: 'float32', ...options });
  engines.push(e);
  return e;
};
after(() => Promise.all(engines.map((e) => e.dispose())));

const LONG = 'On the river bank the students sat and watched the water while the model read every word. '.repeat(6);

describe('model families', () => {
  it('keeps a RoBERTa window to the positions its table holds after the padding offset', async () => {
    const result = await engine().analyze(fixture('tiny-roberta'), { text: LONG, focus: 200 });
    assert.equal(result.model.maxPositions, 64, 'max_position_embeddings 66 − (pad 1 + 1)');
    assert.equal(result.attention.length, 64);
    assert.equal(result.window?.limit, 64);
  });

  it('analyzes a merged decoder exactly like the plain decoder it was merged from', async () => {
    const text = 'function add(a, b) {\n  return a + b;\n}';
    const e = engine();
    const [plain, merged] = await Promise.all([
      e.analyze(fixture('tiny-gpt2'), { text, scores: true }),
      e.analyze(fixture('tiny-gpt2-merged'), { text, scores: true }),
    ]);
    assert.equal(merged.model.layers, 2);
    assert.deepEqual(merged.attention.probs, plain.attention.probs);
    assert.deepEqual(merged.attention.scores, plain.attention.scores);
    assert.deepEqual(merged.predictions, plain.predictions);
  });
});

describe('weights precision', () => {
  const text = 'On the river bank';

  it('reports the weights that ran, and runs the chosen ones when the folder has them', async () => {
    const logits = new Map<string, number>();
    for (const dtype of ['fp32', 'fp16', 'q8'] as const) {
      const result = await engine({ weights: dtype }).analyze(fixture('tiny-bert'), { text: 'on the river [MASK].' });
      assert.equal(result.model.weights, dtype);
      assert.ok(!result.notices.some((n) => /instead/.test(n)), result.notices.join(' | '));
      logits.set(dtype, result.predictions.masked[0].top[0].p);
    }
    assert.equal(new Set(logits.values()).size, 3, 'three different weight files ran');
  });

  it('refuses a precision the folder lacks unless falling back is allowed, then names the file it ran', async () => {
    const folder = path.join(scratch(), 'only-merged');
    cpSync(fixture('tiny-gpt2-merged'), folder, { recursive: true });
    rmSync(path.join(folder, 'onnx', 'decoder_model_merged_quantized.onnx'));
    await assert.rejects(engine({ weights: 'q8' }).analyze(folder, { text }), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.code, 'model-files-missing');
      assert.match(error.message, /has no q8 weights/);
      return true;
    });
    const result = await engine({ weights: 'q8', weightsFallback: true }).analyze(folder, { text });
    assert.equal(result.model.weights, 'fp32');
    assert.ok(
      result.notices.some((n) => /no q8 weights.*ran onnx\/decoder_model_merged\.onnx \(fp32\) instead/.test(n)),
      result.notices.join(' | '),
    );
  });
});
