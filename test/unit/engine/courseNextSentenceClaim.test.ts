// The next-sentence unit (media/course/*/units/19-next-sentence.md) asks which B the embedded encoder finds
// likelier after A. The Spanish pack asked it about the lecture's English pair only; it now asks about the
// same pair in Spanish, and its text keeps the lecture's English one, which is what students know. This
// check holds the pack to what the model does with both pairs: it ranks the real continuation first, yet
// far under IS_NEXT (it would call every B NotNext), as the course's answer says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { IS_NEXT } from '../../../src/protocol/representations';
import { ROOT, scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32', threads: 1 });
after(() => engine.dispose());

const read = (lang: string, file: string): string => readFileSync(path.join(ROOT, 'media/course', lang, file), 'utf8');
interface Unit {
  readonly id: string;
  readonly setup: { readonly sample: string };
  readonly question: { readonly sentence: string; readonly followers: readonly string[] };
}
const unitOf = (lang: string): Unit => (JSON.parse(read(lang, 'pack.json')) as { units: Unit[] }).units.find((u) => u.id === 'next-sentence')!;

/** The lecture's pair, and the same pair in Spanish; the first B follows A. */
const LECTURE = { sentence: 'I am going outside.', followers: ['I will be back after 6.', 'You know nothing John snow.'] };
const SPANISH = { sentence: 'Voy a salir.', followers: ['Volveré después de las 6.', 'No sabes nada, Jon Nieve.'] };

describe('the next-sentence unit’s pairs, on the embedded encoder', () => {
  for (const { lang, pair } of [
    { lang: 'en', pair: LECTURE },
    { lang: 'es', pair: SPANISH },
  ])
    it(`${lang}: the question asks about the pair in the pack's language; the model ranks the real B first, under ${IS_NEXT}`, async () => {
      const unit = unitOf(lang);
      assert.deepEqual({ sentence: unit.question.sentence, followers: unit.question.followers }, pair);
      const model = embeddedModel(EMBEDDED_ENCODER);
      const isNext = await Promise.all(pair.followers.map(async (b) => (await engine.nextSentence(model, { a: pair.sentence, b })).isNext));
      assert.ok(isNext[0] > isNext[1], `P(IsNext) ${isNext.join(' vs ')}: the real continuation first`);
      assert.ok(isNext[0] < IS_NEXT, `P(IsNext) ${isNext[0]}: the model would call it NotNext on its own`);
      const sample = read(lang, unit.setup.sample);
      for (const b of pair.followers) assert.ok(sample.includes(`${pair.sentence} ${b}`), `the sample holds «${pair.sentence} ${b}»`);
    });

  it('es: the unit keeps the lecture’s English pair beside the Spanish one', () => {
    const text = read('es', 'units/19-next-sentence.md').replace(/\s+/g, ' ');
    for (const s of [LECTURE.sentence, ...LECTURE.followers, SPANISH.sentence, ...SPANISH.followers])
      assert.ok(text.includes(`«${s}»`), `the unit names «${s}»`);
    assert.ok(read('es', 'samples/pares.txt').includes(`${LECTURE.sentence} ${LECTURE.followers[0]}`), 'the sample keeps the lecture’s pair');
  });
});
