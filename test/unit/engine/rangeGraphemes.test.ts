// A range whose edge cuts what a person reads as one character (plain Node, the engine as the CLI's
// --from/--to reach it): the engine widened an edge only off the middle of a surrogate pair or a CRLF,
// so --to between a letter and its combining accent analyzed "e" for "é", and one after the man of a
// family emoji analyzed "👨" for "👨‍👩‍👧" (another character). An edge inside any grapheme — a letter
// and its accents, an emoji ZWJ sequence, a flag's pair — now widens to the whole of it, as an edge
// inside a surrogate pair did: the range holds whole characters, as the editor's selections do.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { fixture, scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
after(() => engine.dispose());

describe('a range whose edge falls inside a grapheme', () => {
  for (const [what, text, start, end, want] of [
    ['end between a letter and its accent', 'ab e\u0301 cd', 0, 4, [0, 5]],
    ['start on the accent', 'ab e\u0301 cd', 4, 8, [3, 8]],
    ['end after the man of a family', 'x 👨\u200D👩\u200D👧 y', 0, 4, [0, 10]],
    ['start on the last joiner of a family', 'x 👨\u200D👩\u200D👧 y', 7, 12, [2, 12]],
    ['end between the two letters of a flag', 'a 🇪🇸 b', 0, 4, [0, 6]],
  ] as const) {
    it(`${what}: widens to the whole grapheme`, async () => {
      for (const model of ['tiny-gpt2', 'tiny-bert']) {
        const r = await engine.analyze(fixture(model), { text, range: { start, end } });
        assert.deepEqual([r.analyzed.start, r.analyzed.end], want, `${model} ${start}–${end}`);
      }
    });
  }
});
