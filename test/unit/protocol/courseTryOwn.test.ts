// What the built-in course tells a student to run on their own text: the commands it names in
// quotes are commands of the palette (their titles in the pack's language), so that a student can
// find them there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

const json = (file: string): unknown => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

interface Unit {
  readonly id: string;
  readonly tryOwn: string;
}

/** The palette titles of the extension's commands in a language (package.nls*.json). */
function commandTitles(lang: string): Set<string> {
  const nls = json(lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`) as Record<string, string>;
  return new Set(Object.entries(nls).flatMap(([key, title]) => (/^command\..*\.title$/.test(key) ? [title] : [])));
}

/** What a text quotes: «…» in Spanish, “…” in English. */
const quoted = (text: string): string[] => [...text.matchAll(/«([^«»]+)»|“([^“”]+)”/g)].map((m) => m[1] ?? m[2]);

describe('the course’s «try it with your own text»', () => {
  for (const lang of ['es', 'en']) {
    it(`${lang}: names only commands the palette has, by their titles`, () => {
      const titles = commandTitles(lang);
      assert.ok(titles.size >= 20, `${titles.size} titles`);
      const units = (json(`media/course/${lang}/pack.json`) as { units: Unit[] }).units;
      const unknown = units.flatMap((u) => quoted(u.tryOwn).flatMap((name) => (titles.has(name) ? [] : [`${u.id}: ${name}`])));
      assert.deepEqual(unknown, []);
    });
  }
});

/** The lecture's topics that a command shows on the student's own text: the unit, and the command. */
const TOPIC_COMMANDS: readonly (readonly [string, string])[] = [
  ['word-order', 'shuffleWords'],
  ['word-senses', 'wordSenses'],
  ['rnn', 'showScale'],
  ['architecture', 'ablateHeads'],
  ['positions', 'showPositions'],
  ['layers', 'wordSenses'],
  ['layers', 'toggleSettling'],
  ['head-ablation', 'ablateHeads'],
  ['transformer-block', 'ablateHeads'],
  ['decoder', 'continueText'],
  ['decoder-mask', 'compareModels'],
  ['language-model', 'nextWord'],
  ['encoder-decoder', 'compareModels'],
  ['masked-words', 'maskWord'],
  ['beto', 'selectModel'],
  ['next-sentence', 'nextSentence'],
  ['fine-tuning', 'fineTune'],
  ['gpt-and-scale', 'showScale'],
  ['gpt-and-scale', 'surprisalHeatmap'],
];

describe('each lecture topic the product can show on one’s own text', () => {
  for (const lang of ['es', 'en']) {
    it(`${lang}: its unit’s «try it» names the command that does it`, () => {
      const nls = json(lang === 'en' ? 'package.nls.json' : `package.nls.${lang}.json`) as Record<string, string>;
      const units = new Map((json(`media/course/${lang}/pack.json`) as { units: Unit[] }).units.map((u) => [u.id, u]));
      const missing = TOPIC_COMMANDS.filter(([id, command]) => !quoted(units.get(id)!.tryOwn).includes(nls[`command.${command}.title`]));
      assert.deepEqual(missing, []);
    });
  }
});
