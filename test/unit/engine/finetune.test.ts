// Live fine-tuning on the embedded encoder (issue 17): each line's features equal the mean, over
// the line's own tokens, of the last hidden state an ordinary analysis with `hidden` returns (an
// independent path through the engine); a head trained on code lines against English prose tells
// them apart under cross-validation; the predictions label new lines; bad requests are refused.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import type { EngineError } from '../../../src/engine/errors';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { fineTune, lineFeatures } from '../../../src/engine/repr/finetune';
import { scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32', threads: 1 });
after(() => engine.dispose());
const encoder = embeddedModel(EMBEDDED_ENCODER);

const CODE = [
  'const total = items.reduce((sum, x) => sum + x, 0);',
  'export function parse(text: string): Node[] {',
  'if (value === undefined) return null;',
  'for (let i = 0; i < rows.length; i++) sum += rows[i];',
  'import { readFile } from "node:fs/promises";',
  'throw new Error(`bad input: ${name}`);',
  'const map = new Map<string, number>();',
  'return items.filter((item) => item.enabled);',
  'interface Options { readonly depth?: number }',
  'await Promise.all(files.map((f) => load(f)));',
];
const PROSE = [
  'The river was quiet in the early morning light.',
  'She walked to the market and bought fresh bread.',
  'We will meet again after the summer holidays.',
  'The old man told stories about the sea.',
  'It rained all day, so the children stayed inside.',
  'My brother lives in a small house near the park.',
  'The library opens at nine and closes at six.',
  'They painted the kitchen a pale shade of green.',
  'A cold wind came down from the mountains at night.',
  'The teacher read the letter aloud to the class.',
];

describe('fine-tuning features', () => {
  it('are the mean of the last hidden state over the line’s own tokens, as an analysis with hidden states gives it', async () => {
    const model = await engine.load(encoder);
    const text = 'The river bank was quiet.';
    const [features] = await lineFeatures(model, [text]);
    const analysis = await engine.analyze(encoder, { text, hidden: true });
    const hidden = analysis.hidden;
    assert.ok(hidden, 'the analysis has hidden states');
    const last = hidden.states[hidden.states.length - 1];
    const own = analysis.tokens.map((t, i) => (t.special ? -1 : i)).filter((i) => i >= 0);
    assert.ok(own.length > 0 && own.length < analysis.tokens.length, 'special tokens are left out');
    assert.equal(features.length, hidden.width);
    for (let j = 0; j < hidden.width; j++) {
      const mean = own.reduce((s, i) => s + last[i * hidden.width + j], 0) / own.length;
      assert.ok(Math.abs(features[j] - mean) < 1e-4, `feature ${j}: ${features[j]} vs ${mean}`);
    }
  });
});

describe('fine-tuning features in batches', () => {
  it('equal the one-by-one features to 1e-5 (padding and its mask change nothing), in one model run per batch', async () => {
    const model = await engine.load(encoder);
    // Lengths from one word to a long line: every batch pads most of its rows.
    const texts = [...CODE, ...PROSE, 'Yes.', PROSE.join(' '), 'x', `${CODE[0]} ${CODE[1]} ${CODE[2]}`];
    const session = model.session as { run: (...args: unknown[]) => Promise<unknown> };
    const original = session.run;
    let runs = 0;
    session.run = (...args: unknown[]) => {
      runs++;
      return original.apply(session, args);
    };
    let batched: Float32Array[];
    try {
      batched = await lineFeatures(model, texts);
    } finally {
      session.run = original;
    }
    assert.ok(runs <= 2, `${texts.length} lines took ${runs} model runs`);
    assert.equal(batched.length, texts.length);
    for (const [i, text] of texts.entries()) {
      const [alone] = await lineFeatures(model, [text]);
      assert.equal(batched[i].length, alone.length);
      let worst = 0;
      for (let j = 0; j < alone.length; j++) worst = Math.max(worst, Math.abs(batched[i][j] - alone[j]));
      assert.ok(worst < 1e-5, `line ${i}: batched and alone differ by ${worst}`);
    }
  });
});

describe('fineTune', () => {
  const examples = [...CODE.map((text) => ({ label: 'code', text })), ...PROSE.map((text) => ({ label: 'prose', text }))];

  it('tells code from prose under 5-fold cross-validation and labels new lines', async () => {
    const model = await engine.load(encoder);
    const r = await fineTune(model, { examples, folds: 5, predict: ['let count = list.length + 1;', 'The dog slept by the warm fire.'] });
    assert.deepEqual(r.labels, ['code', 'prose']);
    assert.equal(r.examples, 20);
    assert.equal(r.folds, 5);
    assert.ok(r.accuracy >= 0.85, `accuracy ${r.accuracy}`);
    assert.equal(
      r.confusion.flat().reduce((a, b) => a + b, 0),
      20,
    );
    assert.deepEqual(
      r.perClass.map((c) => c.support),
      [10, 10],
    );
    assert.equal(r.foldAccuracy.length, 5);
    assert.deepEqual(
      r.predictions.map((p) => p.label),
      ['code', 'prose'],
    );
    for (const p of r.predictions) assert.ok(p.probability > 0.5 && p.probability <= 1);
  });

  it('refuses one label, an empty line, and more folds than lines', async () => {
    const model = await engine.load(encoder);
    const refused = async (request: Parameters<typeof fineTune>[1], pattern: RegExp): Promise<void> => {
      await assert.rejects(fineTune(model, request), (e: EngineError) => e.code === 'bad-input' && pattern.test(e.message));
    };
    await refused({ examples: examples.slice(0, 5) }, /at least two different labels/);
    await refused({ examples: [...examples.slice(0, 3), { label: 'prose', text: '  ' }] }, /line 4 has no text/);
    await refused({ examples: [examples[0], examples[15]], folds: 3 }, /from 2 to the number of labelled lines \(2\)/);
  });
});
