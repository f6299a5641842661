// The layers unit (media/course/*/units/06-layers.md) tells the student what to watch in the
// Representations tab: two occurrences of a word are one vector at layer 0, context parts them from
// the first layer on, and the embedded encoder's upper layers bring them a little closer again (the
// unit once said they part more "layer by layer", which no text tried here showed). Held against the
// pack's sample and texts written for this check, Spanish, English and code, none of them the sample.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { senses } from '../../../src/engine/repr/senses';
import { ROOT, scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32', threads: 1 });
after(() => engine.dispose());

const TEXTS: readonly { text: string; word: string }[] = [
  { text: readFileSync(path.join(ROOT, 'media/course/es/samples/banco.txt'), 'utf8'), word: 'banco' },
  { text: readFileSync(path.join(ROOT, 'media/course/en/samples/bank.txt'), 'utf8'), word: 'bank' },
  { text: 'Encendí una vela porque se fue la luz. El barco desplegó la vela al amanecer.', word: 'vela' },
  { text: 'She sat on the river bank. Then she walked to the bank to get some cash.', word: 'bank' },
  { text: 'for (const item of list) total += item.price;', word: 'item' },
  { text: 'El banco del parque estaba mojado. El banco me negó el préstamo.', word: 'banco' },
];

describe('the layers unit’s claim, on the embedded encoder', () => {
  it('two occurrences: identical at layer 0, apart from layer 1, and the last layer closer than the farthest one', async () => {
    const model = await engine.load(embeddedModel(EMBEDDED_ENCODER));
    for (const { text, word } of TEXTS) {
      const r = await senses(model, { text, word, maxOccurrences: 2 });
      const cos = r.layers.map((l) => l.cosine[1]);
      assert.ok(cos[0] > 1 - 1e-4, `${word}: layer 0 is one vector (${cos[0]})`);
      assert.ok(cos[1] < 1 - 1e-4, `${word}: apart from layer 1 (${cos[1]})`);
      const farthest = Math.min(...cos.slice(1));
      assert.ok(cos[cos.length - 1] > farthest, `${word}: the last layer (${cos[cos.length - 1]}) is closer than the farthest (${farthest})`);
    }
  });
});
