// A range much longer than the model's window (a line of megabytes) goes to the worker as the cut
// around the focus the engine reads (engineRequest.ts, textCut.ts), with the same result and offsets
// as the whole range: the same tokens at the same document offsets, the same window and total.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AnalysisResult } from '../../../../src/protocol/analysis';
import { Engine } from '../../../../src/engine/engine';
import { engineRequest, shifted } from '../../../../src/host/analyses/engineRequest';
import { fixture, scratch } from '../../../support/paths';

/** One line of minified code, `chars` long, with a few emoji so that a cut could split a surrogate pair. */
function minified(chars: number): string {
  let out = '';
  for (let i = 0; out.length < chars; i++) out += `var a${i}=function(b,c){return b+c*${i}};${i % 97 === 0 ? '😀' : ''}`;
  return out.slice(0, chars);
}

/** Masks at both ends of a 3 MB line: no cut holds both. */
const FAR_MASKS = [
  { start: 10, end: 13 },
  { start: 2_900_000, end: 2_900_004 },
];

/** A document range over `text` that counts what is read of it: how many reads, how many characters. */
function counted(text: string): { readonly length: number; read(from: number, to: number): string; reads: number; chars: number } {
  const range = {
    length: text.length,
    reads: 0,
    chars: 0,
    read: (from: number, to: number): string => {
      range.reads++;
      range.chars += to - from;
      return text.slice(from, to);
    },
  };
  return range;
}

describe('a huge line goes to the worker as the cut the engine reads', () => {
  const engine = new Engine({ cacheDir: scratch() });
  after(() => engine.dispose());
  const config = { topK: 5, maxTokens: 128 };
  const line = minified(3_000_000);
  const start = 7; // the range's document offset
  /** Where the cursor is (document offsets) and which window the request asks for around it. */
  const foci = [
    [start + 1_500_003, 'cursor'],
    [start + 10, 'cursor'],
    [start + line.length - 3, 'cursor'],
    [start + 2_000_000, 'line'],
  ] as const;

  it('sends a few hundred thousand characters of a 3 MB line, and the engine reads the same window there', async () => {
    // The host sent the whole line: 6 MB copied to the worker thread, which then cut it.
    for (const name of ['tiny-gpt2', 'tiny-bert']) {
      for (const [focus, window] of foci) {
        const options = { kind: 'decoder', focus, window } as const;
        const { request, offset } = engineRequest(line, start, options, config);
        const where = `${name} at ${focus} (${window})`;
        assert.ok(request.text.length <= 300_000, `${where}: ${request.text.length} characters sent`);
        assert.equal(request.text, line.slice(offset, offset + request.text.length), where);
        assert.deepEqual(request.outside, { before: offset, after: line.length - offset - request.text.length }, where);
        const whole = { ...request, text: line, outside: undefined, focus: focus - start };
        const a = (await engine.analyze(fixture(name), whole)) as AnalysisResult;
        const b = shifted((await engine.analyze(fixture(name), request)) as AnalysisResult, offset);
        assert.deepEqual(b.analyzed, a.analyzed, where);
        assert.deepEqual(b.tokens, a.tokens, where);
        assert.deepEqual(b.window, a.window, where);
        assert.deepEqual(b.predictions, a.predictions, where);
      }
    }
  });

  it('reads only the part it sends from a document range, not the whole range', () => {
    // A 30 MB file without a blank line is one paragraph: Compare read all of it per run (50–100 ms a copy).
    for (const [focus, window] of foci) {
      const range = counted(line);
      const options = { kind: 'decoder', focus, window } as const;
      const fromRange = engineRequest(range, start, options, config);
      assert.deepEqual(fromRange, engineRequest(line, start, options, config), `at ${focus}: the same request as from the whole text`);
      assert.ok(range.chars <= fromRange.request.text.length + 2, `at ${focus}: ${range.chars} characters read for ${fromRange.request.text.length} sent`);
    }
    // Masks far apart: the whole range, read once.
    const range = counted(line);
    const whole = engineRequest(range, 0, { kind: 'encoder', focus: 10, maskChars: FAR_MASKS }, config);
    assert.equal(whole.request.text, line);
    assert.ok(range.reads <= 2, `${range.reads} reads`);
  });

  it('sends a short range, or one whose masks lie far apart, whole', () => {
    const short = minified(100_000);
    assert.equal(engineRequest(short, 0, { kind: 'decoder', focus: 50_000 }, config).request.text, short);
    const { request, offset } = engineRequest(line, 0, { kind: 'encoder', focus: 10, maskChars: FAR_MASKS }, config);
    assert.deepEqual([request.text.length, offset, request.outside], [line.length, 0, undefined]);
    assert.deepEqual(request.maskChars, FAR_MASKS);
  });

  it('never cuts between the halves of a surrogate pair or a CRLF', () => {
    const emoji = '😀'.repeat(1_500_000);
    for (const focus of [1_000_001, 1_000_000, 1_200_001]) {
      const { request } = engineRequest(emoji, 0, { kind: 'decoder', focus }, config);
      assert.ok(request.text.length < emoji.length, 'a cut');
      assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/u.test(request.text), `${focus}: whole characters at both ends`);
    }
    const crlf = 'ab\r\n'.repeat(1_000_000);
    for (const focus of [1_000_001, 1_000_002]) {
      const { request } = engineRequest(crlf, 0, { kind: 'decoder', focus }, config);
      assert.ok(!request.text.startsWith('\n') && !request.text.endsWith('\r'), `${focus}: whole line ends`);
    }
  });
});
