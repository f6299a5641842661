// A long range is cut around the focus before it is tokenized (analyze.ts `windowed`): the window
// picked from the cut is the one the whole range gives, for a focus at the start, inside and at the
// end, centred or starting at the focus, on prose and on one long line; only the total becomes an
// estimate (issue 14, item 8).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { windowed } from '../../../src/engine/analyze';
import { tokenizerInfo } from '../../../src/engine/align/tokenizerInfo';
import { Engine } from '../../../src/engine/engine';
import type { LoadedModel } from '../../../src/engine/model';
import { fixture, scratch } from '../../support/paths';

function prose(chars: number, newlines: boolean): string {
  const words = ['the', 'river', 'bank', 'was', 'steep,', 'so', 'we', 'sat', 'on', 'grass', 'const', 'x', '=', 'f(y);', 'naïve', 'café'];
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const word = words[(i * 7 + (i >> 3)) % words.length] + (newlines && i % 11 === 10 ? '\n' : ' ');
    out.push(word);
    length += word.length;
  }
  return out.join('').slice(0, chars);
}

for (const name of ['tiny-gpt2', 'tiny-bert']) {
  describe(`a long range cut before tokenizing (${name})`, () => {
    const engine = new Engine({ cacheDir: scratch() });
    let model: LoadedModel;
    before(async () => {
      model = await engine.load(fixture(name));
    });
    after(() => engine.dispose());

    for (const newlines of [true, false]) {
      it(`picks the window the whole range gives (${newlines ? 'lines' : 'one line'})`, () => {
        const text = prose(100_000, newlines);
        const info = tokenizerInfo(model.tokenizer);
        for (const anchor of ['center', 'start'] as const) {
          for (const focus of [0, 50_003, 99_990]) {
            const whole = windowed(model, text, 0, text.length, focus, 64, info, anchor, false);
            const cut = windowed(model, text, 0, text.length, focus, 64, info, anchor);
            const where = `${anchor} at ${focus}`;
            assert.deepEqual([cut.start, cut.end], [whole.start, whole.end], where);
            assert.deepEqual(cut.enc.ids, whole.enc.ids, where);
            assert.equal(cut.estimated, true, where);
            assert.ok(Math.abs(cut.total - whole.total) < whole.total * 0.2, `${where}: about ${cut.total} of ${whole.total} tokens`);
          }
        }
      });
    }

    it('tokenizes a range of a few thousand lines whole (exact total, no estimate)', () => {
      const text = prose(60_000, true);
      const win = windowed(model, text, 0, text.length, 30_000, 64, tokenizerInfo(model.tokenizer));
      assert.equal(win.estimated, undefined);
      assert.equal(win.total, windowed(model, text, 0, text.length, 30_000, 64, tokenizerInfo(model.tokenizer), 'center', false).total);
    });
  });
}

describe('a window over Windows line ends (tiny-gpt2: CR and LF are tokens of their own)', () => {
  const engine = new Engine({ cacheDir: scratch() });
  let model: LoadedModel;
  before(async () => {
    model = await engine.load(fixture('tiny-gpt2'));
  });
  after(() => engine.dispose());

  it('never puts an edge between the CR and the LF of a line end, and keeps within the limit', () => {
    const text = 'a\r\n\r\nb  \r\n'.repeat(600);
    const info = tokenizerInfo(model.tokenizer);
    const inside = (at: number): boolean => at > 0 && text[at - 1] === '\r' && text[at] === '\n';
    for (const anchor of ['center', 'start'] as const)
      for (let focus = 0; focus < 150; focus += 5) {
        if (inside(focus)) continue;
        const win = windowed(model, text, 0, text.length, focus, 64, info, anchor);
        assert.ok(!inside(win.start) && !inside(win.end), `${anchor} at ${focus}: window ${win.start}–${win.end}`);
        assert.ok(win.enc.ids.length <= 64 && win.start <= focus && focus < win.end, `${anchor} at ${focus}: window ${win.start}–${win.end}`);
      }
  });
});
