// Where Next Word and Continue work at the cursor (cursorContext.ts): the same cursor and context
// start as reading the whole text would give (graphemeEnd, contextStart), from a bounded window
// around the cursor only: a whole read of a 30 MB document costs 50–200 ms, once per command.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorContext, READ_BEFORE } from '../../../../src/host/commands/cursorContext';
import { graphemeEnd } from '../../../../src/protocol/graphemes';
import { contextStart } from '../../../../src/host/analyses/textScope';

/** The reference: the whole text read, as the commands did. */
function whole(text: string, offset: number): { cursor: number; from: number; before: string } {
  const cursor = graphemeEnd(text, offset);
  const from = contextStart(text, cursor);
  return { cursor, from, before: text.slice(from, cursor) };
}

/** cursorContext over `text`, with the characters it read. */
function windowed(text: string, offset: number): { at: ReturnType<typeof cursorContext>; read: number } {
  let read = 0;
  const at = cursorContext(
    (start, end) => {
      read += end - start;
      return text.slice(start, end);
    },
    offset,
    text.length,
  );
  return { at, read };
}

const coder = '\u{1F468}\u200D\u{1F4BB}';

describe('the text at the cursor, read around it only', () => {
  it('gives what a whole read gives: prose, one long line, emoji sequences, accents, surrogates', () => {
    const line = 'The river bank was steep, so we sat on the grass. ';
    const texts = [
      'Hello world',
      ` \u0301`,
      `const ${coder} = 1\n`,
      line.repeat(400),
      (line + '\n').repeat(600),
      'x'.repeat(20_000) + ` ${coder}` + 'y'.repeat(20_000),
      '\u{1F600}'.repeat(9_000),
      (line.repeat(150) + '\n').repeat(8),
      (line.repeat(130) + '\n').repeat(8),
      ('\n'.repeat(3) + line.repeat(260)).repeat(3),
    ];
    for (const text of texts) {
      const offsets = new Set([0, 1, 2, text.length - 1, text.length, Math.floor(text.length / 2), Math.floor(text.length / 3) + 1]);
      // Every so often along the text too: the window's edges fall on lines, inside them and at their starts.
      for (let o = 0; o < text.length; o += 997) offsets.add(o);
      const emoji = text.indexOf(coder);
      if (emoji >= 0) for (let k = 0; k <= coder.length; k++) offsets.add(emoji + k);
      for (const offset of offsets) {
        if (offset < 0 || offset > text.length) continue;
        assert.deepEqual(windowed(text, offset).at, whole(text, offset), `${JSON.stringify(text.slice(0, 20))}… (${text.length}) at ${offset}`);
      }
    }
  });

  it('moves a cursor inside a grapheme to its end, and the text before it reaches that end', () => {
    // Between a space and its combining accent: the text before the cursor is the accented space, not blank.
    assert.deepEqual(windowed(' \u0301', 1).at, { cursor: 2, from: 0, before: ' \u0301' });
    const text = `const ${coder} = 1\n`;
    const at = windowed(text, text.indexOf(coder) + 2).at;
    assert.equal(at.cursor, text.indexOf(coder) + coder.length);
    assert.equal(at.before, `const ${coder}`);
  });

  it('reads a bounded window, however long the text', () => {
    const text = 'The river bank was steep. '.repeat(1_200_000); // 31 MB on one line
    const { at, read } = windowed(text, Math.floor(text.length / 2));
    assert.ok(read <= READ_BEFORE + 1_000, `read ${read} characters`);
    assert.deepEqual(at, whole(text, Math.floor(text.length / 2)));
  });
});
