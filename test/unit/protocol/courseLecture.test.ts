// The lecture's attention tables ("On the river bank", unit 7, and the same with the causal mask,
// unit 13) are illustrations whose rows do not add up to 1, where the panel's rows do (softmax). A
// student who compares the two should be told: each unit states the sum of every lecture row that is
// not 1, in its language's notation, and that the panel's rows come out of the softmax.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

const WORDS = ['On', 'the', 'river', 'bank'] as const;
/** The lecture's table, row by row (shared/course/, "Autoatención"). */
const TABLE = [
  [0.7, 0.1, 0.1, 0.1],
  [0.2, 0.9, 0.5, 0.4],
  [0.4, 0.1, 0.8, 0.3],
  [0.3, 0.4, 0.3, 0.8],
];
/** The lecture's masked table ("Enmascaramiento"): the same rows, the upper triangle set to 0. */
const MASKED = TABLE.map((row, q) => row.map((w, k) => (k > q ? 0 : w)));

const sum = (row: readonly number[]): number => Math.round(row.reduce((a, b) => a + b, 0) * 10) / 10;
const written = (x: number, lang: string): string => x.toFixed(1).replace('.', lang === 'es' ? ',' : '.');
const quote = (word: string, lang: string): string => (lang === 'es' ? `«${word}»` : `"${word}"`);

function unit(lang: string, id: string): string {
  const pack = JSON.parse(readFileSync(path.join(ROOT, 'media/course', lang, 'pack.json'), 'utf8')) as { units: { id: string; file: string }[] };
  const found = pack.units.find((u) => u.id === id);
  assert.ok(found, `${lang}: no unit ${id}`);
  return readFileSync(path.join(ROOT, 'media/course', lang, found.file), 'utf8').replace(/\s+/g, ' ');
}

describe('the lecture’s attention tables, beside the panel’s', () => {
  for (const lang of ['es', 'en']) {
    it(`${lang}: the attention-table unit names each lecture row that does not add up to 1, with its sum`, () => {
      const text = unit(lang, 'attention-table');
      const off = TABLE.flatMap((row, q) => (sum(row) === 1 ? [] : [{ word: WORDS[q], total: sum(row) }]));
      assert.equal(off.length, 3, 'the lecture’s rows of "the", "river" and "bank" do not add up to 1');
      for (const { word, total } of off) {
        assert.ok(text.includes(quote(word, lang)), `${lang}: the row of ${word} is not named`);
        assert.ok(text.includes(written(total, lang)), `${lang}: the sum of ${word}’s row (${written(total, lang)}) is not given`);
      }
      assert.match(text, /softmax/);
    });

    it(`${lang}: the decoder-mask unit gives the masked table’s row sums and says the panel’s rows add up to 1`, () => {
      const mask = unit(lang, 'decoder-mask');
      for (const row of MASKED) assert.ok(mask.includes(written(sum(row), lang)), `${lang}: the masked row sum ${written(sum(row), lang)} is not given`);
      assert.match(mask, lang === 'es' ? /suma 1/ : /adds up to 1/);
    });
  }
});
