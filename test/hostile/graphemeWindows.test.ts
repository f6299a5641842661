// A text longer than the model's window, made of characters a person reads as one but that are many
// code units (hostile documents, round 13). Before, the window of maxTokens ended wherever its last
// token ended: inside an emoji's joined sequence ("Hola 👨‍" analyzed, "👩‍👧‍👦" left out: the family
// read as a man and a joiner), between a letter and its accents, between a keycap's digit and its
// sign. Now each edge of the window moves inward to the nearest boundary between such characters,
// as the surrogate pair and the CRLF already did, unless that would leave the window empty.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli } from './support/cliChild';

const work = scratch('lens-hostile-graphemes-');

/** Each row: a name and one unit of text repeated far past the embedded models' 512 positions. */
const UNITS: readonly [string, string][] = [
  ['emoji joined by ZWJ (a family)', 'Hola 👨\u200D👩\u200D👧\u200D👦'],
  ['flags (regional-indicator pairs)', 'Es 🇪🇸🇫🇷🇩🇪'],
  ['letters with several combining accents', 'cafe\u0301\u0323\u0308 '],
  ['keycaps (digit, variation selector, enclosing keycap)', 'n 1\uFE0F\u20E32\uFE0F\u20E3'],
  ['Hangul syllables written as jamo', '\u1100\u1161\u11A8\u1102\u1161 '],
];

/** The offsets (UTF-16) between graphemes of `text`. */
function boundaries(text: string): Set<number> {
  const at = new Set<number>([text.length]);
  for (const s of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) at.add(s.index);
  return at;
}

describe('a window of maxTokens over characters of many code units', () => {
  for (const [name, unit] of UNITS) {
    for (const shift of [0, 1, 2]) {
      it(`${name}, shifted by ${shift}: both edges of the window lie between characters`, async () => {
        const text = `${'x'.repeat(shift)}${unit.repeat(1 + Math.ceil(6000 / unit.length))}\n`;
        const file = path.join(work, 'text.txt');
        const json = path.join(work, 'out.json');
        writeFileSync(file, text);
        const run = await cli(['analyze', file, '--offline', '--cache-dir', path.join(work, 'cache'), '--json', json], { timeoutMs: 60_000 });
        assert.equal(run.code, 0, run.stderr);
        const { analyzed, window } = JSON.parse(readFileSync(json, 'utf8')) as { analyzed: { start: number; end: number }; window?: { tokens: number } };
        assert.ok(window, 'the text is longer than the window');
        const ok = boundaries(text);
        assert.ok(ok.has(analyzed.start), `starts inside a character: ${JSON.stringify(text.slice(analyzed.start - 4, analyzed.start + 4))}`);
        assert.ok(
          ok.has(analyzed.end),
          `ends inside a character: ${JSON.stringify(text.slice(analyzed.end - 4, analyzed.end))}|${JSON.stringify(text.slice(analyzed.end, analyzed.end + 4))}`,
        );
      });
    }
  }
});
