// Which window of a long text an analysis takes and how it is said (windowChoice.ts), and which
// actions a failure's one notification offers (failure.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureActions } from '../../../../src/host/analyses/failure';
import {
  analyzedLines,
  planWindow,
  scopeNotice,
  selectionsNotice,
  windowNotice,
  type DocumentLines,
  type WindowInput,
} from '../../../../src/host/analyses/windowChoice';
import { t } from '../../../../src/host/l10n';

const input: WindowInput = { length: 10_000, selection: { start: 2_000, end: 9_000 }, cursor: 9_000, scope: { start: 8_800, end: 9_100 }, lineStart: 4_321 };

describe('the window of a long text', () => {
  it('around the cursor (the default): the selection, centred on the cursor', () => {
    assert.deepEqual(planWindow('cursor', input), { start: 2_000, end: 9_000, focus: 9_000, anchor: 'center' });
  });

  it('around the cursor with nothing selected: the paragraph or statement around it', () => {
    const empty = { ...input, selection: { start: 8_900, end: 8_900 }, cursor: 8_900 };
    assert.deepEqual(planWindow('cursor', empty), { start: 8_800, end: 9_100, focus: 8_900, anchor: 'center' });
  });

  it('from the start of the selection: its first tokens; with nothing selected, from the cursor to the end', () => {
    assert.deepEqual(planWindow('selectionStart', input), { start: 2_000, end: 9_000, focus: 2_000, anchor: 'start' });
    const empty = { ...input, selection: { start: 500, end: 500 }, cursor: 500 };
    assert.deepEqual(planWindow('selectionStart', empty), { start: 500, end: 10_000, focus: 500, anchor: 'start' });
  });

  it('from a chosen line: from its first character to the end of the text, clamped to the text', () => {
    assert.deepEqual(planWindow('line', input), { start: 4_321, end: 10_000, focus: 4_321, anchor: 'start' });
    assert.equal(planWindow('line', { ...input, lineStart: 99_999 }).start, 10_000);
  });
});

describe('notices in lines', () => {
  it('says which lines of how many, and how many tokens of how many', () => {
    const facts = { firstLine: 120, lastLine: 184, lines: 900, tokens: 512, total: 2000 };
    assert.equal(windowNotice({ ...facts, mode: 'cursor' }, t), 'Analyzed lines 120–184 of 900 (512 of 2000 tokens), around the cursor.');
    assert.equal(windowNotice({ ...facts, mode: 'line' }, t), 'Analyzed lines 120–184 of 900 (512 of 2000 tokens), from line 120.');
    assert.match(
      windowNotice({ ...facts, firstLine: 7, lastLine: 7, mode: 'selectionStart' }, t),
      /^Analyzed line 7 of 900 .*from the start of the selection\.$/,
    );
    assert.doesNotMatch(windowNotice({ ...facts, mode: 'cursor' }, t), /character|offset/);
  });

  it('says what an empty selection took', () => {
    assert.equal(scopeNotice('paragraph', 12, t), 'No selection: analyzed the paragraph around line 12.');
    assert.equal(scopeNotice('line', 3, t), 'No selection: analyzed line 3.');
    assert.equal(scopeNotice('block', 7, t), 'No selection: analyzed the code block at line 7.');
  });

  it('names the lines a code block or statement spans ("at line 9" alone did not say the block was lines 6–13)', () => {
    assert.equal(scopeNotice('block', 9, t, { first: 6, last: 13 }), 'No selection: analyzed the code block at line 9 (lines 6–13).');
    assert.equal(scopeNotice('statement', 4, t, { first: 4, last: 7 }), 'No selection: analyzed the statement around line 4 (lines 4–7).');
    assert.equal(scopeNotice('line', 3, t, { first: 3, last: 3 }), 'No selection: analyzed line 3.', 'one line says no span');
  });

  it('says which of several selections was read (the others were left out without a word)', () => {
    assert.equal(selectionsNotice(3, 12, 'analyze', t), '3 selections: analyzed only the primary one, at line 12; to read another, select it alone.');
    assert.equal(selectionsNotice(2, 5, 'compare', t), '2 selections: compared only the primary one, at line 5; to read another, select it alone.');
  });
});

describe('a failure’s actions', () => {
  it('offers Retry and the embedded model when a chosen model cannot be downloaded, and the log', () => {
    assert.deepEqual(failureActions('network', true), ['retry', 'embedded', 'showLog']);
    assert.deepEqual(failureActions('network', false), ['retry', 'showLog'], 'the embedded model needs no network: no point offering it');
    assert.deepEqual(failureActions('model-files-missing', true), ['embedded', 'selectModel']);
    const lacksQ8 = 'model g/tiny has no q8 weights (onnx/model_quantized.onnx); it has fp16 (onnx/model_fp16.onnx): choose that precision';
    assert.deepEqual(
      failureActions('model-files-missing', true, lacksQ8),
      ['otherPrecision', 'embedded', 'selectModel'],
      'only the precision is missing: offer to run another',
    );
    assert.deepEqual(failureActions('internal', false), ['showLog']);
    assert.deepEqual(failureActions('bad-input', true), [], 'a refusal needs no action');
  });
});

describe('whole words or part of one (Mask Word)', () => {
  it('is whole words when no word is cut at either end and a letter or digit is inside', async () => {
    const { isWholeWords } = await import('../../../../src/protocol/wordChars');
    const text = 'The river bank was steep.';
    const at = (s: string): [number, number] => [text.indexOf(s), text.indexOf(s) + s.length];
    assert.equal(isWholeWords(text, ...at('bank')), true);
    assert.equal(isWholeWords(text, ...at('river bank')), true);
    assert.equal(isWholeWords(text, ...at('The')), true, 'at the start of the text');
    assert.equal(isWholeWords(text, ...at('steep')), true, 'before punctuation');
    assert.equal(isWholeWords(text, ...at('ank')), false, 'part of a word: its first token’s fillers instead');
    assert.equal(isWholeWords(text, ...at('ban')), false);
    assert.equal(isWholeWords(text, ...at('.')), false, 'no letter or digit');
  });
});

/** A document as VS Code's TextDocument numbers it: lines end at CRLF, LF or a lone CR; an offset inside a line end stays on its line. */
function documentOf(text: string): DocumentLines {
  const starts = [0];
  const texts: string[] = [];
  for (const m of text.matchAll(/[^\r\n]*(\r\n|\r|\n|$)/g)) {
    if (m.index === text.length && texts.length > 0 && m[0] === '') break;
    texts.push(m[0].slice(0, m[0].length - m[1].length));
    starts.push(m.index + m[0].length);
  }
  return {
    positionAt(offset: number) {
      let line = 0;
      while (line + 1 < texts.length && starts[line + 1] <= offset) line++;
      return { line, character: Math.min(offset - starts[line], texts[line].length) };
    },
    lineAt: (line: number) => ({ text: texts[line] }),
  };
}

describe('the lines a window names', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['uno', 'dos', 'tres', 'cuatro'].join(eol) + eol;
    const doc = documentOf(text);
    const at = (line: number): number => text.split(eol).slice(0, line).join(eol).length + (line > 0 ? eol.length : 0);
    it(`a window ending just after a line break ends on the line it closes (${JSON.stringify(eol)})`, () => {
      assert.deepEqual(analyzedLines(doc, 0, at(2)), { firstLine: 1, lastLine: 2 });
      assert.deepEqual(analyzedLines(doc, 0, at(2) - eol.length), { firstLine: 1, lastLine: 2 });
      assert.deepEqual(analyzedLines(doc, at(1), at(1) + 2), { firstLine: 2, lastLine: 2 });
    });
    it(`a window starting at a line's end starts on the next line (${JSON.stringify(eol)})`, () => {
      assert.deepEqual(analyzedLines(doc, at(1) - eol.length, at(3)), { firstLine: 2, lastLine: 3 });
      assert.deepEqual(analyzedLines(doc, at(1) - eol.length, at(1)), { firstLine: 1, lastLine: 1 }, 'a window of only a line break keeps its line');
    });
  }
});
