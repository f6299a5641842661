// The fine-tuning unit (media/course/*/units/20-fine-tuning.md) tells the student what a head trained on
// the pack's eight labelled reviews does on the embedded encoder. It once said that "a handful of examples
// can be enough for a simple task": the head labels its own eight lines right, but cross-validated (each
// line labelled by a head that never saw it) it is right no more often than guessing, and it labels the
// editor's plainly good review "bad". The unit now says so; this check holds the model to it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { fineTune } from '../../../src/engine/repr/finetune';
import { parseExamples } from '../../../src/protocol/course/pack';
import { ROOT, scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32', threads: 1 });
after(() => engine.dispose());

const read = (lang: string, file: string): string => readFileSync(path.join(ROOT, 'media/course', lang, file), 'utf8');

const PACKS = [
  { lang: 'es', labelled: 'samples/resenas.txt', chance: /azar/, overclaim: /pueden bastar|buen punto de partida/ },
  { lang: 'en', labelled: 'samples/reviews.txt', chance: /guess/, overclaim: /can be enough|good starting point/ },
] as const;

describe('the fine-tuning unit’s claim, on the embedded encoder', () => {
  for (const { lang, labelled, chance, overclaim } of PACKS)
    it(`${lang}: the head learns its eight lines but does no better than chance on lines it did not see, and the unit says so`, async () => {
      const model = await engine.load(embeddedModel(EMBEDDED_ENCODER));
      const examples = parseExamples(read(lang, labelled));
      const r = await fineTune(model, { examples, predict: examples.map((e) => e.text) });
      assert.deepEqual(
        r.predictions.map((p) => p.label),
        examples.map((e) => e.label),
        'trained on them, the head labels its own lines right',
      );
      assert.ok(r.accuracy <= 0.5, `cross-validated accuracy ${r.accuracy}: no better than guessing between two labels`);
      const unit = read(lang, 'units/20-fine-tuning.md').replace(/\s+/g, ' ');
      assert.doesNotMatch(unit, overclaim, 'the unit does not promise that a few examples are enough');
      assert.match(unit, chance, 'the unit compares the cross-validated accuracy with guessing');
    });
});
