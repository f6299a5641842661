// The neutraliser of foreign text, one hostile class at a time: every output is checked for what must
// not survive (a link's shape, a tag, a control or format character) and for what it reads as.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NEUTRAL_MAX, forDocument, hasHiddenCharacters, neutralLabel, neutralName, neutralise } from '../../../src/protocol/neutralise';

/** Nothing a sink could render as a link, a tag or a terminal sequence. */
function assertInert(text: string): void {
  assert.doesNotMatch(text, /\]\(/, 'a Markdown link');
  assert.doesNotMatch(text, /<[A-Za-z/!?]/, 'a tag or autolink');
  assert.equal(hasHiddenCharacters(text), false, `hidden characters in ${JSON.stringify(text)}`);
}

describe('neutralise', () => {
  it('keeps plain text as it is', () => {
    assert.equal(neutralise('model gpt2: 4 layers × 4 heads — ready (fp32) [ok] a < 2'), 'model gpt2: 4 layers × 4 heads — ready (fp32) [ok] a < 2');
    assert.equal(neutralise('日本語 😀 café'), '日本語 😀 café');
  });

  it('breaks Markdown links, command links included', () => {
    const hostile = 'unknown model_type [Click to fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)';
    const out = neutralise(hostile);
    assert.equal(out, 'unknown model_type [Click to fix] (command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)');
    assertInert(out);
    assert.equal(neutralise('[a]\n(https://x)'), '[a] (https://x)');
    assert.equal(neutralise('![img](https://x/y.png)'), '![img] (https://x/y.png)');
  });

  it('breaks autolinks and HTML tags', () => {
    assert.equal(neutralise('see <command:rm> and <https://evil>'), 'see ‹command:rm> and ‹https://evil>');
    assert.equal(
      neutralise('<a href="command:x">go</a><img src=x onerror=1><!-- c --><?xml?>'),
      '‹a href="command:x">go‹/a>‹img src=x onerror=1>‹!-- c -->‹?xml?>',
    );
    assertInert(neutralise('<script>alert(1)</script>'));
  });

  it('escapes ESC, BEL, other C0 controls, DEL and C1 controls; tabs and newlines become spaces', () => {
    assert.equal(neutralise('\x1b[31mred\x1b]8;;file:///etc\x07x\x00y\x7f\x9b2J'), '\\x1B[31mred\\x1B]8;;file:///etc\\x07x\\x00y\\x7F\\x9B2J');
    assert.equal(neutralise('a\tb\nc\r\nd'), 'a b c  d');
    assertInert(neutralise('\x1b\x07\x08\x0b\x0c\x85\x9f'));
  });

  it('escapes bidi overrides and isolates, zero-width characters, the BOM, separators and tags', () => {
    assert.equal(neutralise('abc\u202Eexe.txt'), 'abc\\u202Eexe.txt');
    assert.equal(neutralise('\u2066x\u2069\u200E\u200F\u061C'), '\\u2066x\\u2069\\u200E\\u200F\\u061C');
    assert.equal(neutralise('a\u200Bb\u200Cc\u200Dd\u2060e\uFEFF'), 'a\\u200Bb\\u200Cc\\u200Dd\\u2060e\\uFEFF');
    assert.equal(neutralise('a\u2028b\u2029c'), 'a\\u2028b\\u2029c');
    assert.equal(neutralise('x\u{E0041}'), 'x\\u{E0041}');
  });

  it('neutralLabel also keeps a "$(name)" from rendering as an icon', () => {
    assert.equal(neutralLabel('a$(zap)\u202E'), 'a$\u200b(zap)\\u202E');
    assert.equal(neutralLabel('$(x) $(y)'), '$\u200b(x) $\u200b(y)');
    assert.equal(neutralLabel('$\u200b(x)'), '$\u200b(x)', 'a guard already there is kept, not escaped');
    assert.equal(neutralLabel('a\u200b(x)'), 'a\\u200B(x)', 'a zero-width space elsewhere is escaped');
    assert.equal(neutralLabel('ab$(', 5), 'ab$\u200b(', 'the guard counts in the length');
    assert.equal(neutralLabel('abc$(', 5), 'abc$…', 'a guard that does not fit is not written');
    assert.equal(neutralLabel('ab$(x', 5), 'ab$…', 'nor is half of one where the text is cut');
  });

  it('replaces lone surrogates', () => {
    assert.equal(neutralise('a\uD800b\uDC00c'), 'a\uFFFDb\uFFFDc');
    assert.equal(neutralise('😀'), '😀');
  });

  it('cuts overlong text with an ellipsis, escapes counted', () => {
    const long = 'x'.repeat(10_000);
    const out = neutralise(long);
    assert.equal([...out].length, NEUTRAL_MAX);
    assert.ok(out.endsWith('…'));
    assert.equal(neutralise('abcdef', 4), 'abc…');
    assert.equal(neutralise('abcd', 4), 'abcd');
    assert.equal(neutralise('\u202E'.repeat(100), 20).length <= 20, true);
    assert.equal(neutralise('😀'.repeat(10), 5), '😀😀😀😀…');
  });

  it('is idempotent, so that each sink may apply it again', () => {
    const samples = ['[a](command:x)', '<b>x</b>', '\x1b[2J\u202E', 'y'.repeat(1000), 'a\uD800', '] (x', '[x]  (y)'];
    for (const s of samples) assert.equal(neutralise(neutralise(s)), neutralise(s), JSON.stringify(s));
  });
});

describe('neutralise and neutralLabel over hostile strings', () => {
  /** Pieces that hostile text is made of, the escape forms and the icon guard among them. */
  const PIECES = ['$(', '$', '(', ')', '\u200b', '$\u200b(', '\\u200B', '\\x1B', '\x1b', '\u202E', '\u2066', '\uFEFF', '\uD800', '\uDC00', '😀', '…'];
  const MORE = ['](', '] (', '<a', '\t', '\n', '\u2028', '\x00', '\x85', 'a', ' ', 'é', '\u{E0041}'];
  const pieces = [...PIECES, ...MORE];
  /** A deterministic generator (no seed to tune): the same strings on every run. */
  function* strings(): Generator<string> {
    let state = 1;
    const next = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    for (const p of pieces) for (const q of pieces) yield p + q;
    for (let i = 0; i < 2000; i++) yield Array.from({ length: 1 + next(12) }, () => pieces[next(pieces.length)]).join('');
    for (const p of PIECES) for (const fill of [NEUTRAL_MAX - 3, NEUTRAL_MAX - 2, NEUTRAL_MAX - 1, NEUTRAL_MAX]) yield 'x'.repeat(fill) + p + p;
    for (const p of PIECES) yield p.repeat(Math.ceil(NEUTRAL_MAX / p.length) + 1);
  }
  const budgets = [NEUTRAL_MAX, 1, 2, 3, 5, 8, 13];

  it('neutralise: idempotent, within max, nothing hidden, no link or tag', () => {
    for (const s of strings())
      for (const max of budgets) {
        const once = neutralise(s, max);
        assert.equal(neutralise(once, max), once, `${JSON.stringify(s)} (max ${max})`);
        assert.ok([...once].length <= max, `${JSON.stringify(once)} is longer than ${max}`);
        assertInert(once);
      }
  });

  it('neutralLabel: idempotent, within max, every "$(" guarded, nothing hidden but the guard', () => {
    for (const s of strings())
      for (const max of budgets) {
        const once = neutralLabel(s, max);
        const what = `${JSON.stringify(s)} → ${JSON.stringify(once)} (max ${max})`;
        assert.equal(neutralLabel(once, max), once, what);
        assert.ok([...once].length <= max, what);
        assert.doesNotMatch(once, /\$\(/, what);
        assertInert(once.replaceAll('$\u200b(', '$('));
        assert.doesNotMatch(once.replaceAll('$\u200b(', ''), /\u200b/, what);
      }
  });

  it('turns anything into a string', () => {
    assert.equal(neutralise(String(undefined)), 'undefined');
  });
});

describe('forDocument: a model text as it may go into a document', () => {
  it('leaves out bidi controls, ESC, NUL, C1, zero-width characters, separators and lone surrogates, and says which', () => {
    const hostile = 'ad\u202Emin\u2066 = 1;\u2069\u0000\u001b[31m\u009b\u200B\u2028\u200F\uFEFF\uD800x';
    const { text, removed } = forDocument(hostile);
    assert.equal(text, 'admin = 1;[31mx');
    assert.deepEqual(removed, ['\\u202E', '\\u2066', '\\u2069', '\\x00', '\\x1B', '\\x9B', '\\u200B', '\\u2028', '\\u200F', '\\uFEFF', '\\uD800']);
    assert.equal(hasHiddenCharacters(text), false);
  });

  it('leaves out U+FFFD, which a byte-level model writes for half a character', () => {
    // Next Word's token list and a continuation cut mid-letter decode a lone UTF-8 byte as U+FFFD.
    assert.deepEqual(forDocument('\uFFFD'), { text: '', removed: ['\\uFFFD'] });
    assert.deepEqual(forDocument('hola\uFFFD'), { text: 'hola', removed: ['\\uFFFD'] });
  });

  it('keeps tabs, newlines, accents and the joiners inside Persian words and emoji, not beside ASCII', () => {
    const kept = 'si\tno\r\n  niño می\u200Cخواهم 👩\u200D💻';
    assert.deepEqual(forDocument(kept), { text: kept, removed: [] });
    assert.deepEqual(forDocument('ad\u200Dmin'), { text: 'admin', removed: ['\\u200D'] });
  });

  it('leaves nothing hidden in any of the hostile strings, and is idempotent', () => {
    const pieces = ['\u202E', '\u2066', '\x1b', '\x00', '\x85', '\uFEFF', '\uD800', '\uDC00', '\u200C', '\u200D', '\u{E0041}', '\u2028', 'a', 'é', '😀', '\t'];
    for (const s of pieces.flatMap((p) => pieces.flatMap((q) => pieces.map((r) => p + q + r)))) {
      const once = forDocument(s).text;
      assert.deepEqual(forDocument(once), { text: once, removed: [] }, JSON.stringify(s));
      assert.doesNotMatch(once.replace(/[\t\n\r]|(?<=[é😀])[\u200C\u200D](?=[é😀])/gu, ''), /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uD800-\uDFFF]/u, JSON.stringify(s));
    }
  });
});

// A name (a file's, a folder's, a model's) with a newline in it read as one with a space: "a\nb.txt"
// and "a b.txt" were both shown "a b.txt". In a name the newline, tab and carriage return are escaped
// as the other control characters are; in prose (a message, a server's error) they still read as a space.
describe('neutralName', () => {
  it('escapes a newline, a tab and a carriage return, so a name with one is told from a name with a space', () => {
    assert.equal(neutralName('a\nb.txt'), 'a\\x0Ab.txt');
    assert.equal(neutralName('a\tb\r.txt'), 'a\\x09b\\x0D.txt');
    assert.equal(neutralName('a b.txt'), 'a b.txt');
    assert.notEqual(neutralName('a\nb.txt'), neutralName('a b.txt'));
    assert.equal(neutralise('a\nb'), 'a b', 'prose keeps its one space');
  });

  it('is neutralise otherwise: idempotent, within max, inert, and stays so under neutralise', () => {
    for (const s of ['a\nb', '\x1b[31m\n', '[x](command:y)\n<b>', '\u202e\r\n\t', 'x'.repeat(500) + '\n']) {
      const once = neutralName(s, 40);
      assert.equal(neutralName(once, 40), once);
      assert.equal(neutralise(once), once, 'a message that quotes it changes nothing more');
      assert.ok([...once].length <= 40);
      assert.doesNotMatch(once, /[\n\r\t]/);
      assertInert(once);
    }
  });
});
