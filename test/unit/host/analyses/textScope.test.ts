// What Analyze Selection takes with an empty selection, and where the text before the cursor starts (textScope.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockAround, CONTEXT_BEFORE_CURSOR, contextStart, scopeAround, wordContext } from '../../../../src/host/analyses/textScope';

describe('scopeAround (an empty selection)', () => {
  it('takes the paragraph in prose, trimmed', () => {
    const doc = 'Title\n\nThe river bank was steep.\nIt rained.\n\nNext paragraph.';
    const s = scopeAround(doc, doc.indexOf('steep'), 'markdown');
    assert.equal(doc.slice(s.start, s.end), 'The river bank was steep.\nIt rained.');
    assert.equal(s.unit, 'paragraph');
  });
  it('takes the line in code, widened while brackets stay open', () => {
    const doc = 'const a = 1;\nconst b = f(\n  a,\n  2);\nreturn b;';
    assert.deepEqual(scopeAround(doc, 3, 'typescript'), { start: 0, end: 12, unit: 'line' });
    const s = scopeAround(doc, doc.indexOf('b ='), 'typescript');
    assert.equal(doc.slice(s.start, s.end), 'const b = f(\n  a,\n  2);');
    assert.equal(s.unit, 'statement');
  });
  it('takes the statement inside a Markdown code fence, never the fence lines or the prose against it', () => {
    // It took the fence's run of non-blank lines as a paragraph: "```ts" and "```" went to the model
    // with the code, and so did a sentence written right above the fence.
    const doc = 'Call it like this:\n```ts\nconst b = f(\n  a,\n  2);\n\nreturn b;\n```\nAfter.';
    const s = scopeAround(doc, doc.indexOf('b ='), 'markdown');
    assert.equal(doc.slice(s.start, s.end), 'const b = f(\n  a,\n  2);');
    assert.equal(s.unit, 'statement');
    const r = scopeAround(doc, doc.indexOf('return'), 'markdown');
    assert.deepEqual([doc.slice(r.start, r.end), r.unit], ['return b;', 'line']);
    // On a fence line: the block's code.
    const f = scopeAround(doc, doc.indexOf('```ts') + 2, 'markdown');
    assert.deepEqual([doc.slice(f.start, f.end), f.unit], ['const b = f(\n  a,\n  2);\n\nreturn b;', 'block']);
    // A statement never runs past the closing fence; prose after the block is a paragraph again.
    const open = 'Text.\n~~~~\nf(\n~~~~\nwith ``` inside\n~~~~\nmore(';
    const o = scopeAround(open, open.indexOf('f('), 'markdown');
    assert.equal(open.slice(o.start, o.end), 'f(');
    const after = scopeAround(doc, doc.indexOf('After'), 'markdown');
    assert.deepEqual([doc.slice(after.start, after.end), after.unit], ['After.', 'paragraph']);
    // An unclosed fence runs to the end of the document, as Markdown reads it.
    const u = scopeAround(open, open.indexOf('more('), 'markdown');
    assert.deepEqual([open.slice(u.start, u.end), u.unit], ['more(', 'line']);
  });
  it('counts no bracket inside a string or a comment: the statement stays on its line', () => {
    // A "(" in a string or a comment was counted as an open bracket: the statement ran on for up
    // to 40 lines, over blank lines, into the next function (Python and YAML have no "}" to close it).
    const cases: [string, string, string, string][] = [
      ['python', 'def f(x):\n\tprint("(")\n\treturn x\n\n\ndef g():\n\treturn 2\n', 'print', 'print("(")'],
      ['python', 'def f(x):\n\ty = x  # (see g\n\treturn y\n\ndef g():\n\treturn 2\n', 'y =', 'y = x  # (see g'],
      ['python', "s = 'it''s ['\nt = 1\n\nu = 2\n", 's =', "s = 'it''s ['"],
      ['python', 'doc = """Returns (a\nt = 1\n', 'doc', 'doc = """Returns (a'],
      ['yaml', 'a:\n  b: "("\n  c: 2\n\nd:\n  e: 3\n', 'b:', 'b: "("'],
      ['yaml', "a:\n  b: it's (fine\n  c: 2\n\nd: 3\n", 'b:', "b: it's (fine"],
      ['go', "r := '('\nreturn r\n\nx := 1\n", 'r :=', "r := '('"],
      ['typescript', 'const a = "{"; // (x\nfoo();\n\nbar();\n', 'const', 'const a = "{"; // (x'],
      ['typescript', 'const a = /* ( */ 1;\nfoo();\n', 'const', 'const a = /* ( */ 1;'],
      ['javascript', 'const s = `(${x}`;\nfoo();\n', 'const', 'const s = `(${x}`;'],
      ['markdown', 'Text.\n```python\nx = "(" # [\ny = 2\n```\n', 'x =', 'x = "(" # ['],
    ];
    for (const [language, doc, at, want] of cases) {
      const s = scopeAround(doc, doc.indexOf(at), language);
      assert.deepEqual([doc.slice(s.start, s.end), s.unit], [want, 'line'], `${language}: ${JSON.stringify(doc)}`);
    }
    // Brackets that are code still widen it, a Rust lifetime's quote and a Python floor division included.
    const widened: [string, string, string, string][] = [
      ['rust', "fn f<'a>(x: &'a str) -> &'a str {\n    x\n}\n\nfn g() {}\n", 'fn f', "fn f<'a>(x: &'a str) -> &'a str {\n    x\n}"],
      ['python', 'n = (a // (b\n     + c))\nm = 1\n', 'n =', 'n = (a // (b\n     + c))'],
      ['typescript', 'const u = "http://x"; f(\n  1);\n', 'const', 'const u = "http://x"; f(\n  1);'],
    ];
    for (const [language, doc, at, want] of widened) {
      const s = scopeAround(doc, doc.indexOf(at), language);
      assert.deepEqual([doc.slice(s.start, s.end), s.unit], [want, 'statement'], `${language}: ${JSON.stringify(doc)}`);
    }
  });
  it('counts no bracket or quote inside a JavaScript or TypeScript regular expression', () => {
    // `const END = /[.!?]+["')\]]*(?=\s)/gu;` read its `"` as a string never closed on the line, after
    // an open `[`: the statement ran on over the blank line into the next function (40 lines).
    const cases: [string, string, string, string, 'line' | 'statement'][] = [
      [
        'typescript',
        'const END = /[.!?]+["\')\\]]*(?=\\s)/gu;\n\nfunction f() {\n  return 1;\n}\n',
        'const',
        'const END = /[.!?]+["\')\\]]*(?=\\s)/gu;',
        'line',
      ],
      ['javascript', "if (/['(]/.test(s)) x();\n\nfoo();\n", 'if', "if (/['(]/.test(s)) x();", 'line'],
      ['typescriptreact', 'const r = s.replace(/[/(]/g, "");\n\nfoo();\n', 'const', 'const r = s.replace(/[/(]/g, "");', 'line'],
      ['typescript', 'return /\\(/u.test(a) && f(\n  b);\n\nfoo();\n', 'return', 'return /\\(/u.test(a) && f(\n  b);', 'statement'],
      // A division is no regular expression: the bracket after it still counts.
      ['typescript', 'const h = a / 2 + f(b / c,\n  d);\n\nfoo();\n', 'const', 'const h = a / 2 + f(b / c,\n  d);', 'statement'],
    ];
    for (const [language, doc, at, want, unit] of cases) {
      const s = scopeAround(doc, doc.indexOf(at), language);
      assert.deepEqual([doc.slice(s.start, s.end), s.unit], [want, unit], `${language}: ${JSON.stringify(doc)}`);
    }
  });

  it('counts no bracket on a line inside a block comment (a JSDoc line starting with "*")', () => {
    // " * (--from, --to, the JSON's) and" opened a "(" whose ")" the apostrophe hid: the statement ran
    // 40 lines on, out of the comment and into the function after it (82 such lines in this repository's src/).
    const doc = "/**\n * Offsets (--from, --to, the JSON's) match\n * the editor's.\n */\nfunction utf8(b) {\n  return b;\n}\n";
    const s = scopeAround(doc, doc.indexOf('Offsets'), 'typescript');
    assert.deepEqual([doc.slice(s.start, s.end), s.unit], ["* Offsets (--from, --to, the JSON's) match", 'line']);
    // A generator method starts with "*" too, and its brackets are code.
    const gen = 'class A {\n  *entries() {\n    yield 1;\n  }\n}\n';
    const g = scopeAround(gen, gen.indexOf('*entries'), 'typescript');
    assert.deepEqual([gen.slice(g.start, g.end), g.unit], ['*entries() {\n    yield 1;\n  }', 'statement']);
  });

  it("reads a Python docstring as a string across its lines: the statement stays on the cursor's line", () => {
    // The lexer read each line alone: a docstring line "Note (see g for the rest" opened a bracket, and
    // the statement ran on out of the docstring, over two blank lines, into the next function.
    const doc = 'def f(x):\n    """Compute it.\n\n    Note (see g for the rest\n    of it.\n    """\n    return x\n\n\ndef g():\n    return 2\n';
    const s = scopeAround(doc, doc.indexOf('Note'), 'python');
    assert.deepEqual([doc.slice(s.start, s.end), s.unit], ['Note (see g for the rest', 'line']);
    const b = blockAround(doc, doc.indexOf('Note'), 'python');
    assert.equal(doc.slice(b.start, b.end), 'Note (see g for the rest\n    of it.\n    """\n    return x');
    // Widened by a bracket, it counts none inside a string that runs over lines; a triple quote in a comment opens none.
    const call = "x = f(\n    '''a (b\n    c''', # \"\"\" no\n    2)\ny = (\n\nz = 1\n";
    const c = scopeAround(call, 0, 'python');
    assert.deepEqual([call.slice(c.start, c.end), c.unit], ["x = f(\n    '''a (b\n    c''', # \"\"\" no\n    2)", 'statement']);
    const after = scopeAround(call, call.indexOf('z ='), 'python');
    assert.deepEqual([call.slice(after.start, after.end), after.unit], ['z = 1', 'line']);
  });
  it('reads a shell here-document as text: its brackets open nothing, from its first line or inside it', () => {
    // "hello (" inside a here-document opened a bracket: the statement ran on over the blank line into the next loop.
    const doc = 'cat <<EOF\nhello (\nEOF\n\nfor f in *.txt; do\n  wc -l "$f"\ndone\n';
    const s = scopeAround(doc, doc.indexOf('hello'), 'shellscript');
    assert.deepEqual([doc.slice(s.start, s.end), s.unit], ['hello (', 'line']);
    const b = blockAround(doc, doc.indexOf('hello'), 'shellscript');
    assert.equal(doc.slice(b.start, b.end), 'cat <<EOF\nhello (\nEOF');
    // Widened by a brace, the body's brackets are not code either; a quoted or "-" delimiter, and "<<<" (a here-string) is none.
    const fn = "f() {\n  cat <<-'END' | sed 's/a/b/'\n\t[x (\n\tEND\n  echo $(( 1 << 2 ))\n}\n\ng() {\n  :\n}\n";
    const f = scopeAround(fn, 0, 'shellscript');
    assert.deepEqual([fn.slice(f.start, f.end), f.unit], ["f() {\n  cat <<-'END' | sed 's/a/b/'\n\t[x (\n\tEND\n  echo $(( 1 << 2 ))\n}", 'statement']);
    const here = 'tr a b <<< "(x"\ny=1\n\nz=2\n';
    const h = scopeAround(here, 0, 'shellscript');
    assert.deepEqual([here.slice(h.start, h.end), h.unit], ['tr a b <<< "(x"', 'line']);
    // After the here-document has closed, the lines below are code again.
    const after = 'cat <<EOF\ntext\nEOF\nif (true\n  ) then :; fi\n';
    const a = scopeAround(after, after.indexOf('if'), 'shellscript');
    assert.deepEqual([after.slice(a.start, a.end), a.unit], ['if (true\n  ) then :; fi', 'statement']);
  });
  it('reads a block comment as text from a line inside it, and a template literal with a nested one as before', () => {
    // A C comment's inner line "shown (in the group. */" opened a bracket whose ")" sat in the next
    // comment, now read as a comment: the statement ran on 40 lines (186 of 33,563 header lines).
    const doc = '/* Options\n   shown (in the group.  */\n#define OPTION_DOC 0x8\n\n/* Not in usage (but\n   in help). */\n#define OPTION_NO_USAGE 0x10\n';
    const s = scopeAround(doc, doc.indexOf('shown'), 'c');
    assert.deepEqual([doc.slice(s.start, s.end), s.unit], ['shown (in the group.  */', 'line']);
    const after = scopeAround(doc, doc.indexOf('#define OPTION_NO'), 'c');
    assert.deepEqual([doc.slice(after.start, after.end), after.unit], ['#define OPTION_NO_USAGE 0x10', 'line']);
    // A template literal whose ${…} holds another template: read line by line, as it was, not as a string carried on.
    const ts = "if (!t) {\n  return {\n    message: `${id} has${\n      f ? ` (${f.length})` : ''\n    }.`,\n  };\n}\n\nfoo();\n";
    const t = scopeAround(ts, 0, 'typescript');
    assert.ok(!ts.slice(t.start, t.end).includes('foo'), `it stays before the blank line: ${JSON.stringify(ts.slice(t.start, t.end))}`);
  });
  it('joins a line ending in a backslash to the next (Python, shell, a C macro), never one in a comment', () => {
    // "./configure --prefix=/usr \" read as a statement of one line: the notice said "line 2" for a three-line command.
    const cases: [string, string, string, string][] = [
      ['python', 'x = 1 + \\\n    2 + \\\n    3\ny = 4\n', 'x =', 'x = 1 + \\\n    2 + \\\n    3'],
      ['shellscript', 'set -e\n./configure --prefix=/usr \\\n  --enable-x\nmake\n', './configure', './configure --prefix=/usr \\\n  --enable-x'],
      ['c', '#define MAX(a, b) \\\n  ((a) > (b) ? (a) : (b))\nint x = 1;\n', '#define', '#define MAX(a, b) \\\n  ((a) > (b) ? (a) : (b))'],
      // A string a backslash carries on: its bracket on the next line is not code.
      ['python', 's = "one \\\ntwo (three"\nt = 1\n\nu = 2\n', 's =', 's = "one \\\ntwo (three"'],
    ];
    for (const [language, doc, at, want] of cases) {
      const s = scopeAround(doc, doc.indexOf(at), language);
      assert.deepEqual([doc.slice(s.start, s.end), s.unit], [want, 'statement'], `${language}: ${JSON.stringify(doc)}`);
    }
    const comment = 'x = 1  # see \\\ny = 2\n';
    const c = scopeAround(comment, 0, 'python');
    assert.deepEqual([comment.slice(c.start, c.end), c.unit], ['x = 1  # see \\', 'line']);
  });

  it('clamps an offset past the end and handles an empty document', () => {
    assert.deepEqual(scopeAround('', 5, 'plaintext'), { start: 0, end: 0, unit: 'paragraph' });
    const s = scopeAround('abc\r\ndef', 99, 'typescript');
    assert.equal('abc\r\ndef'.slice(s.start, s.end), 'def');
  });
});

describe('contextStart (the text before the cursor)', () => {
  it('starts at the line start CONTEXT_BEFORE_CURSOR characters back, or at the document start', () => {
    assert.equal(contextStart('ab\ncd', 5), 0);
    const line = 'x'.repeat(99) + '\n';
    const doc = line.repeat(200);
    const cursor = doc.length - 10;
    const start = contextStart(doc, cursor);
    assert.equal(start % line.length, 0, 'a line start');
    assert.ok(cursor - start >= CONTEXT_BEFORE_CURSOR && cursor - start < CONTEXT_BEFORE_CURSOR + line.length, `${cursor - start}`);
    assert.equal(contextStart(doc, CONTEXT_BEFORE_CURSOR + line.length), line.length, 'a line start exactly that far back is kept');
    assert.equal(contextStart('a\r\nb', 4), 0);
  });
  it('cuts inside one very long line (minified code) instead of going back to its start', () => {
    const minified = 'var a=function(b,c){return b+c};'.repeat(6000);
    const cursor = 150_000;
    const start = contextStart(minified, cursor);
    assert.ok(cursor - start <= CONTEXT_BEFORE_CURSOR && cursor - start > CONTEXT_BEFORE_CURSOR - 200, `${cursor - start}`);
    assert.equal(minified[start - 1], ' ', 'after a space');
    const emoji = '😀'.repeat(20_000);
    const at = contextStart(emoji, 30_001);
    assert.ok(!/[\uDC00-\uDFFF]/.test(emoji[at]), 'not inside a surrogate pair');
    assert.ok(30_001 - at <= CONTEXT_BEFORE_CURSOR);
  });
});

describe('blockAround and wordContext (what Analyze Selection, Compare and Mask Word read)', () => {
  it("takes a code statement's block, up to blank lines both ways", () => {
    const doc = 'import x from "y";\n\nfunction add(a, b) {\n  const s = a + b;\n  return s;\n}\n\nadd(1, 2);\n';
    const s = blockAround(doc, doc.indexOf('return'), 'javascript');
    assert.equal(doc.slice(s.start, s.end), 'function add(a, b) {\n  const s = a + b;\n  return s;\n}');
    assert.equal(s.unit, 'block');
  });
  it('keeps a statement standing alone, and the paragraph in prose', () => {
    const doc = 'a();\n\nconst b = f(\n  1);\n\nc();';
    assert.deepEqual(blockAround(doc, doc.indexOf('b ='), 'typescript'), scopeAround(doc, doc.indexOf('b ='), 'typescript'));
    const prose = 'One.\nTwo.\n\nThree.';
    assert.deepEqual(blockAround(prose, 1, 'markdown'), scopeAround(prose, 1, 'markdown'));
  });
  it('takes nothing on a blank line between statements (Analyze Selection then says the line is empty)', () => {
    const doc = 'const a = 1;\n\nconst b = 2;\n';
    const s = blockAround(doc, doc.indexOf('\n\n') + 1, 'typescript');
    assert.equal(s.start, s.end, JSON.stringify(s));
  });
  it('reaches at most 20 lines each side of the statement', () => {
    const doc = Array.from({ length: 101 }, (_, i) => `x${i} = ${i};`).join('\n');
    const s = blockAround(doc, doc.indexOf('x50 '), 'python');
    assert.deepEqual([doc.slice(s.start, s.end).split('\n')[0], doc.slice(s.start, s.end).split('\n').length], ['x30 = 30;', 41]);
  });
  it('holds at most 1,000 characters, taken above and below in turn', () => {
    const doc = Array.from({ length: 101 }, (_, i) => `value${String(i).padStart(3, '0')} = compute(${i}, options);`).join('\n');
    const s = blockAround(doc, doc.indexOf('value050'), 'python');
    const taken = doc.slice(s.start, s.end).split('\n');
    assert.ok(s.end - s.start <= 1000, `${s.end - s.start} characters`);
    assert.ok(taken.length >= 20, `${taken.length} lines`);
    const at = taken.findIndex((l) => l.startsWith('value050'));
    assert.ok(Math.abs(at - (taken.length - 1 - at)) <= 1, `the statement in the middle: line ${at} of ${taken.length}`);
  });
  it('in a long prose paragraph, holds the sentences around the word, at most 1,000 characters', () => {
    // A plain-text file whose lines are never separated by a blank line is one paragraph: all of it
    // would go to the whole-word search, seconds per piece of the word at 512 tokens.
    const lines = Array.from({ length: 80 }, (_, i) => `La frase número ${i} habla del río y de su orilla.`);
    const doc = lines.join('\n');
    const at = doc.indexOf('número 40 ') + 'número '.length;
    const s = wordContext(doc, at, 'plaintext');
    const taken = doc.slice(s.start, s.end);
    assert.ok(taken.length <= 1000 && taken.length > 800, `${taken.length} characters`);
    assert.ok(taken.includes(lines[40]), 'the word’s sentence whole');
    assert.ok(taken.startsWith('La frase') && taken.endsWith('orilla.'), 'whole sentences');
    const before = taken.indexOf(lines[40]);
    assert.ok(Math.abs(before - (taken.length - before - lines[40].length)) < 120, 'the sentence in the middle');
    const whole = blockAround(doc, at, 'plaintext');
    assert.equal(doc.slice(whole.start, whole.end), doc, 'an analysis reads the whole paragraph');
  });
  it('in one endless prose sentence, cuts at spaces around the word', () => {
    const doc = Array.from({ length: 900 }, (_, i) => `w${i}`).join(' ');
    const at = doc.indexOf(' w450 ') + 1;
    const s = wordContext(doc, at, 'plaintext');
    const taken = doc.slice(s.start, s.end);
    assert.ok(taken.length <= 1000 && taken.length > 900, `${taken.length} characters`);
    assert.ok(/^w\d+ /.test(taken) && / w\d+$/.test(taken), 'whole words at both ends');
    assert.ok(s.start < at && s.end > at + 4, 'around the word');
  });
  it('in a statement longer than the bound (a line of minified code), holds the words around the word', () => {
    // The whole line went to the whole-word search: a 512-token window a few encoder runs per piece
    // of the word, where a block of code is held to 1,000 characters.
    const line = Array.from({ length: 3000 }, (_, i) => `v${i}=f(${i});`).join(' ');
    const doc = `before();\n${line}\nafter();\n`;
    const at = doc.indexOf(' v1500=') + 1;
    const s = wordContext(doc, at, 'javascript');
    const taken = doc.slice(s.start, s.end);
    assert.ok(taken.length <= 1000 && taken.length > 900, `${taken.length} characters`);
    assert.ok(/^v\d+=/.test(taken) && /;$/.test(taken) && taken.includes('v1500=f(1500);'), 'whole words around the word');
    assert.ok(Math.abs(at - s.start - (s.end - at)) < 40, 'the word in the middle');
    const edge = wordContext(doc, doc.indexOf('v2='), 'javascript');
    assert.deepEqual([edge.start, doc.slice(edge.start, edge.start + 3)], [doc.indexOf('v0='), 'v0='], 'at the start of the line, from its start');
    const whole = blockAround(doc, at, 'javascript');
    assert.equal(doc.slice(whole.start, whole.end), line, 'an analysis reads the whole line');
  });
  it('stays inside a Markdown code fence', () => {
    const doc = 'Call it:\n```ts\nconst b = 1;\nreturn b;\n```\nAfter.';
    const s = blockAround(doc, doc.indexOf('return'), 'markdown');
    assert.equal(doc.slice(s.start, s.end), 'const b = 1;\nreturn b;');
  });
});

describe('a very long line (minified code) on the extension host', () => {
  it('is its own statement: its brackets are not counted, and the scope is found in milliseconds', () => {
    const unit = 'function a(b){return b.map(c=>c*2).filter(Boolean)};var x={a:1,b:[2,3]};';
    // An opening bracket left open at its end, closed on the next line: a short line would be widened over both.
    const line = `${unit.repeat(Math.ceil(20e6 / unit.length))}call(`;
    const doc = `${line}\n  1);\n`;
    doc.charCodeAt(0); // flat before timing
    const started = performance.now();
    const s = blockAround(doc, 10_000_000, 'javascript');
    const ms = performance.now() - started;
    assert.deepEqual([s.start, s.end, s.unit], [0, line.length, 'line']);
    // Counting the brackets of 20 MB took about two seconds; the line is now taken as it is.
    assert.ok(ms < 800, `${ms.toFixed(0)} ms`);
    const short = 'call(\n  1);\n';
    assert.equal(scopeAround(short, 0, 'javascript').unit, 'statement', 'a short line still widens over its open bracket');
  });
});

describe('a long document: only the lines around the cursor are read', () => {
  /** How many characters String searches go over in `text` (indexOf, lastIndexOf) or copy out of it (slice) while `run` runs. */
  function charsRead(text: string, run: () => void): number {
    const proto = String.prototype;
    const saved = { indexOf: proto.indexOf, lastIndexOf: proto.lastIndexOf, slice: proto.slice };
    let read = 0;
    const mine = (s: string): boolean => s.length === text.length && saved.slice.call(s, 0, 64) === saved.slice.call(text, 0, 64);
    proto.indexOf = function (this: string, search: string, from = 0) {
      const at = saved.indexOf.call(this, search, from);
      if (mine(this)) read += (at < 0 ? this.length : at) - from;
      return at;
    };
    proto.lastIndexOf = function (this: string, search: string, from = Infinity) {
      const at = saved.lastIndexOf.call(this, search, from);
      if (mine(this)) read += Math.min(from, this.length) - at;
      return at;
    };
    proto.slice = function (this: string, start?: number, end?: number) {
      const out = saved.slice.call(this, start, end);
      if (mine(this)) read += out.length;
      return out;
    };
    try {
      run();
    } finally {
      Object.assign(proto, saved);
    }
    return read;
  }
  const many = (line: (i: number) => string): string => Array.from({ length: 200_000 }, (_, i) => line(i)).join('\n');

  it('reads a few lines around the cursor in code and prose, wherever the cursor is', () => {
    // Every line start of the document was found on each call: 0.2–0.6 s on a 600,000-line file.
    const code = many((i) => (i % 7 === 6 ? '' : `  const v${i} = compute(${i}, options);`));
    const prose = many((i) => (i % 5 === 4 ? '' : `La frase ${i} habla del río.`));
    for (const [text, language] of [
      [code, 'typescript'],
      [prose, 'plaintext'],
    ] as const) {
      for (const at of [10, text.length >> 1, text.length - 10]) {
        for (const f of [scopeAround, blockAround, wordContext]) {
          let s = { start: 0, end: 0 };
          const read = charsRead(text, () => (s = f(text, at, language)));
          assert.ok(read < 4_000, `${f.name} at ${at} of ${language}: ${read} characters read`);
          assert.ok(s.start <= at && s.end >= at - 1 && s.end > s.start, `${f.name}: ${JSON.stringify(s)}`);
        }
      }
    }
  });
  it('finds a Python document’s docstrings once per version, reading the text about once', () => {
    // Each `"""` looked for the next `'''` to the end of the text: 30 s on an 8 MB file without one.
    const text = many((i) => (i % 6 === 1 ? '    """Doc (see g.' : i % 6 === 3 ? '    """' : i % 6 === 4 ? '    # a """ in a comment' : `    v${i} = f(${i})`));
    const document = { version: 1 };
    const at = text.indexOf('v100002 =');
    const first = charsRead(text, () => assert.equal(scopeAround(text, at, 'python', document).unit, 'line'));
    assert.ok(first < 3 * text.length, `${first} characters read for ${text.length}`);
    const read = charsRead(text, () => blockAround(text, at, 'python', document));
    assert.ok(read < 4_000, `${read} characters read on the second call`);
  });
  it('finds a Markdown document’s fences once per version, and again after an edit far away', () => {
    const text = many((i) => (i % 40 === 10 ? '```ts' : i % 40 === 30 ? '```' : i % 40 > 10 && i % 40 < 30 ? `f(${i});` : `Text ${i}.`));
    const document = { version: 1 };
    const at = text.indexOf('f(100015)');
    assert.deepEqual(blockAround(text, at, 'markdown', document).unit, 'block');
    const read = charsRead(text, () => blockAround(text, at, 'markdown', document));
    assert.ok(read < 4_000, `${read} characters read on the second call`);
    const prose = text.indexOf('Text 100005.');
    assert.equal(scopeAround(text, prose, 'markdown', document).unit, 'paragraph');
    // A fence of four backticks opened at the top is never closed by three: all of the text after it is code now.
    const edited = `\`\`\`\`\n${text}`;
    Object.assign(document, { version: 2 });
    const s = scopeAround(edited, prose + 5, 'markdown', document);
    assert.deepEqual([edited.slice(s.start, s.end), s.unit], ['Text 100005.', 'line'], 'the fences of the new version');
    assert.deepEqual(scopeAround(edited, prose + 5, 'markdown'), s, 'the same as found without a cache');
  });
});
