// What an empty selection reads in code where strings, comments and here-documents run over lines
// (textScope.ts over multiLine.ts and codeBrackets.ts): in a Markdown fence as in its language's file,
// here-documents of Ruby, Perl and Dockerfiles, a docstring being typed, and template literals.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateSpans } from '../../../../src/host/analyses/templates';
import { blockAround, scopeAround } from '../../../../src/host/analyses/textScope';

/** The text scopeAround takes at `at` (its first occurrence), and its unit. */
function read(doc: string, at: string, language: string, document?: { version: number }): [string, string] {
  const offset = doc.indexOf(at);
  assert.ok(offset >= 0, `${JSON.stringify(at)} is in the document`);
  const s = scopeAround(doc, offset, language, document);
  return [doc.slice(s.start, s.end), s.unit];
}

describe('strings and comments over lines, in a Markdown fence', () => {
  it("reads a docstring or a block comment inside a fence as its language's file does", () => {
    // The fence's code skipped what multiLine.ts knows: "Note (see g" inside a docstring opened a
    // bracket, and the statement ran on over the blank lines into the next function.
    const py = 'Text.\n\n```py\ndef f():\n    """Doc.\n\n    Note (see g\n    more.\n    """\n    return 1\n\n\ndef g():\n    return 2\n```\n';
    assert.deepEqual(read(py, 'Note', 'markdown'), ['Note (see g', 'line']);
    const c = 'Text.\n\n```c\n/* Doc\n   shown (in it. */\nint x;\n\nint y;\n```\n';
    assert.deepEqual(read(c, 'shown', 'markdown'), ['shown (in it.  */'.replace('  ', ' '), 'line']);
    // A "/*" in the prose above the fence opens no comment in its code.
    const prose = 'Use /* to open a comment.\n```c\nf(a,\n  b);\n```\n';
    assert.deepEqual(read(prose, 'f(', 'markdown'), ['f(a,\n  b);', 'statement']);
    // A triple quote in the prose, or in another fence, opens no string in this one.
    const other = 'Write """ to open one.\n\n```py\nx = f(a,\n  b)\n```\n';
    assert.deepEqual(read(other, 'x =', 'markdown'), ['x = f(a,\n  b)', 'statement']);
  });
});

describe('here-documents of Ruby, Perl and Dockerfiles', () => {
  it('reads their bodies as text, as a shell here-document', () => {
    // "hello (" in a Ruby <<~EOS body opened a bracket: the statement ran on over the blank line.
    const cases: [string, string, string, string][] = [
      ['ruby', 'x = <<~EOS\n  hello (\n  EOS\n\ny = f(2)\n', 'hello', 'x = <<~EOS\n  hello (\n  EOS'],
      ['ruby', "sql = <<-'SQL'\n  SELECT (a\n  SQL\n\nrun(sql)\n", 'SELECT', "sql = <<-'SQL'\n  SELECT (a\n  SQL"],
      ['perl', 'print <<"END";\nhello (\nEND\n\nmy $y = 2;\n', 'hello', 'print <<"END";\nhello (\nEND'],
      ['perl', "print <<~'END';\n  a [b\n  END\n\nmy $y = 2;\n", 'a [b', "print <<~'END';\n  a [b\n  END"],
      ['dockerfile', 'RUN <<EOF\napt-get install (x\nEOF\n\nCOPY a b\n', 'apt-get', 'RUN <<EOF\napt-get install (x\nEOF'],
    ];
    for (const [language, doc, at, block] of cases) {
      const line = doc
        .split('\n')
        .find((l) => l.includes(at))!
        .trim();
      assert.deepEqual(read(doc, at, language), [line, 'line'], `${language}: ${JSON.stringify(doc)}`);
      const b = blockAround(doc, doc.indexOf(at), language);
      assert.equal(doc.slice(b.start, b.end), block, `${language}: ${JSON.stringify(doc)}`);
    }
    // A shift or an append is no here-document: the lines after it are code.
    const shift = 'items << value\nf(a,\n  b)\n';
    assert.deepEqual(read(shift, 'f(', 'ruby'), ['f(a,\n  b)', 'statement']);
    const perlShift = 'my $x = 1 << 2;\nf(a,\n  b);\n';
    assert.deepEqual(read(perlShift, 'f(', 'perl'), ['f(a,\n  b);', 'statement']);
  });
});

describe('a docstring being typed at the end of a file', () => {
  it('reads the lines from its opening quotes to the cursor', () => {
    // The unclosed string ran to the end of the text: the cursor's line alone was read, and its
    // block stopped at the docstring's blank line, without the quotes or the function it documents.
    const doc = 'def f(x):\n    return x\n\n\ndef g(y):\n    """Compute (the\n\n    thing for\n    y';
    assert.deepEqual(read(doc, 'thing', 'python'), ['"""Compute (the\n\n    thing for', 'statement']);
    const end = scopeAround(doc, doc.length, 'python');
    assert.deepEqual([doc.slice(end.start, end.end), end.unit], ['"""Compute (the\n\n    thing for\n    y', 'statement']);
    const b = blockAround(doc, doc.length, 'python');
    assert.equal(doc.slice(b.start, b.end), 'def g(y):\n    """Compute (the\n\n    thing for\n    y');
    // On its opening line: that line, never the rest of the file.
    assert.deepEqual(read(doc, '"""', 'python'), ['"""Compute (the', 'line']);
    // Opened more than 40 lines above: the cursor's line alone, as before, a template's too.
    const stray = `const s = \`\n${Array.from({ length: 60 }, (_, i) => `f(${i});`).join('\n')}\n`;
    assert.deepEqual(read(stray, 'f(55)', 'typescript', { version: 1 }), ['f(55);', 'line']);
    const far = `s = """\n${Array.from({ length: 60 }, (_, i) => `word (${i}`).join('\n')}`;
    assert.deepEqual(read(far, 'word (55', 'python'), ['word (55', 'line']);
  });
});

describe('JavaScript and TypeScript template literals over lines', () => {
  const document = { version: 1 };
  it('reads the whole template, from a line inside it or the line that opens it', () => {
    // Each line of a template was read as code: "SELECT (a," opened a bracket, and the statement ran
    // on over the template's blank line and out of it into the next statement.
    const doc = 'const q = sql`\n  SELECT (a,\n    b\n\n  FROM t`;\nconst y = 2;\n';
    const whole = 'const q = sql`\n  SELECT (a,\n    b\n\n  FROM t`;';
    assert.deepEqual(read(doc, 'SELECT', 'typescript', document), [whole, 'statement']);
    assert.deepEqual(read(doc, 'const q', 'typescript', document), [whole, 'statement']);
    assert.deepEqual(read(doc, 'FROM', 'typescript', document), [whole, 'statement']);
    assert.deepEqual(read(doc, 'const y', 'typescript', document), ['const y = 2;', 'line']);
    const b = blockAround(doc, doc.indexOf('b\n'), 'typescript', document);
    assert.equal(doc.slice(b.start, b.end), `${whole}\nconst y = 2;`);
  });
  it('reads a template whose ${…} holds another template as one, and its statement', () => {
    const doc = "if (!t) {\n  return {\n    message: `${id} has${\n      f ? ` (${f.length})` : ''\n    }.`,\n  };\n}\n\nfoo();\n";
    const message = "message: `${id} has${\n      f ? ` (${f.length})` : ''\n    }.`,";
    assert.deepEqual(read(doc, 'f ?', 'javascript', document), [message, 'statement']);
    assert.deepEqual(read(doc, 'foo', 'javascript', document), ['foo();', 'line']);
  });
  it('opens none at a backtick in a comment, a string or a block comment', () => {
    const doc = '// a ` in a comment\nconst s = "`";\n/* and `\n   here */\nf(a,\n  b);\n\nconst z = g(1,\n  2);\n';
    assert.deepEqual(read(doc, 'f(a', 'typescript', document), ['f(a,\n  b);', 'statement']);
    assert.deepEqual(read(doc, 'const z', 'typescript', document), ['const z = g(1,\n  2);', 'statement']);
  });
  it('reads a template in a Markdown fence, and in a short text given without its document', () => {
    const md = 'Run:\n\n```ts\nconst q = sql`\n  SELECT (a,\n\n  FROM t`;\n\nrun(q);\n```\n';
    assert.deepEqual(read(md, 'SELECT', 'markdown', document), ['const q = sql`\n  SELECT (a,\n\n  FROM t`;', 'statement']);
    // Not closed in the fence: from its backtick to the cursor, never past the fence.
    const open = 'Run:\n\n```ts\nconst q = sql`\n  SELECT (a,\n```\n\nText (after.\n';
    assert.deepEqual(read(open, 'SELECT', 'markdown', document), ['const q = sql`\n  SELECT (a,', 'statement']);
    const ts = 'const q = sql`\n  SELECT (a,\n\n  FROM t`;\n\nrun(q);\n';
    assert.deepEqual(read(ts, 'SELECT', 'typescript'), ['const q = sql`\n  SELECT (a,\n\n  FROM t`;', 'statement']);
  });
  it('reads a template being typed at the end of a file from its backtick to the cursor', () => {
    const doc = 'f();\n\nconst html = `\n  <div (>\n  <p>';
    const s = scopeAround(doc, doc.length, 'typescript', document);
    assert.deepEqual([doc.slice(s.start, s.end), s.unit], ['const html = `\n  <div (>\n  <p>', 'statement']);
  });
});

describe('finding template literals', () => {
  it('reads the text once per version of the document, and a long line opens none', () => {
    const text = 'const a = `x (\n`;\nconst b = `y\n`;\n';
    const document = { version: 1 };
    const spans = templateSpans(text, 'typescript', document);
    const at = (i: number): number => text.split('`', i).join('`').length;
    assert.deepEqual(spans, [
      { open: at(1), close: at(2) },
      { open: at(3), close: at(4) },
    ]);
    assert.equal(templateSpans(text, 'typescript', document), spans, 'the same spans, not read again');
    Object.assign(document, { version: 2 });
    const edited = `//\n${text}`;
    assert.deepEqual(templateSpans(edited, 'typescript', document)[0], { open: at(1) + 3, close: at(2) + 3 });
    // Without a document, a long text (each call would read it whole), or another language: none.
    assert.deepEqual(templateSpans(text, 'typescript'), spans);
    assert.deepEqual(templateSpans(text + ' '.repeat(20_000), 'typescript'), []);
    assert.deepEqual(templateSpans(text, 'python', { version: 1 }), []);
    // A minified line's backticks open nothing: each one's line would be lexed again.
    const long = `x = "${'a'.repeat(3_000)}" + \`(\n\ny = 1;\n`;
    assert.deepEqual(templateSpans(long, 'javascript', { version: 1 }), []);
  });
});

describe('YAML', () => {
  it('counts a bracket only where a flow collection starts, and never a parenthesis', () => {
    // A description's text "see [Persistence for Load\n  Balancing](https://…#persistence)" opened a "("
    // whose ")" sat after a "#": the statement ran on 40 lines, out of the description into the keys below.
    const doc =
      'policy:\n  description: |-\n    The default. For more details, see [Persistence for Load\n    Balancing](https://example.test/lb#persistence)\n    and more.\n  type: string\n  enum:\n  - ALWAYS\n';
    assert.deepEqual(read(doc, 'The default', 'yaml'), ['The default. For more details, see [Persistence for Load', 'line']);
    assert.deepEqual(read(doc, 'Balancing', 'yaml'), ['Balancing](https://example.test/lb#persistence)', 'line']);
    // A flow sequence or mapping over lines is one statement, after a key, a dash or at the start of a line.
    const flow = 'args: [a,\n  b]\nitems:\n- {x: 1,\n   y: 2}\n[c,\n d]\nz: 1\n';
    assert.deepEqual(read(flow, 'args', 'yaml'), ['args: [a,\n  b]', 'statement']);
    assert.deepEqual(read(flow, '- {x', 'yaml'), ['- {x: 1,\n   y: 2}', 'statement']);
    assert.deepEqual(read(flow, '[c', 'yaml'), ['[c,\n d]', 'statement']);
    assert.deepEqual(read(flow, 'z: 1', 'yaml'), ['z: 1', 'line']);
  });
});

describe('Perl and Ruby', () => {
  it("reads Perl's $#array as code and POD as text, and Ruby's =begin block", () => {
    // "$#dirs" read as a comment hid a "]" and a ")": the statement ran 40 lines on.
    const last = 'my $p = catdir($v, @dirs[0..$#dirs-1]);\nmy $q = 1;\n\nsub f {\n  return 2;\n}\n';
    assert.deepEqual(read(last, 'my $p', 'perl'), ['my $p = catdir($v, @dirs[0..$#dirs-1]);', 'line']);
    // POD, from a "=head1" line to "=cut", is text: "(or" opened a bracket in it.
    const pod = 'sub g { 1 }\n\n=head1 NOTES\n\nIt waits until connected (or\nfailed).\n\n=cut\n\nsub h {\n  return 3;\n}\n';
    assert.deepEqual(read(pod, 'It waits', 'perl'), ['It waits until connected (or', 'line']);
    assert.deepEqual(read(pod, 'sub h', 'perl'), ['sub h {\n  return 3;\n}', 'statement']);
    const ruby = '=begin\nIt waits (or\nfails.\n=end\n\ndef h\n  3\nend\n';
    assert.deepEqual(read(ruby, 'It waits', 'ruby'), ['It waits (or', 'line']);
  });
});

describe('shell and YAML comments', () => {
  it('start only at a word: "$#", "${#a[@]}" and "a#b" are not comments', () => {
    // "${#ARGS[@]}" read "#ARGS[@]}]=$CONF" as a comment: the "[" and "{" it left open ran the statement 40 lines on.
    const sh = 'ARGS[${#ARGS[@]}]=$CONF\n[ $# -gt 0 ] || usage\n\nf() {\n  :\n}\n';
    assert.deepEqual(read(sh, 'ARGS', 'shellscript'), ['ARGS[${#ARGS[@]}]=$CONF', 'line']);
    assert.deepEqual(read(sh, '[ $#', 'shellscript'), ['[ $# -gt 0 ] || usage', 'line']);
    const comment = 'x=1 # see (\ny=2;# and [\nz=3\n';
    assert.deepEqual(read(comment, 'x=1', 'shellscript'), ['x=1 # see (', 'line']);
    assert.deepEqual(read(comment, 'y=2', 'shellscript'), ['y=2;# and [', 'line']);
    // A delimiter quoted with a backslash ("<<\\EOF") opens a here-document too: its body is text.
    const quoted = 'cat >f <<\\EOF ||\nall: ; echo $${e#-I} \\\n\t(x\nEOF\n\ny=2\n';
    assert.deepEqual(read(quoted, 'all:', 'shellscript'), ['all: ; echo $${e#-I} \\', 'line']);
    const yaml = 'link: {url: a#b, n: 1}\nnext: 2\n';
    assert.deepEqual(read(yaml, 'link', 'yaml'), ['link: {url: a#b, n: 1}', 'line']);
  });
});

describe('Perl regular expressions', () => {
  it('reads a match or a substitution after =~ or !~ as text, whatever its delimiters', () => {
    // The quote and the "#" in a substitution's character class read as a string and a comment: the
    // statement ran 40 lines on (Carp.pm).
    const cases: [string, string][] = [
      ['$arg =~ s/([^ !"#\\$\\%])/sprintf("\\\\x{%X}",ord($1))/eg;', 's/'],
      ['if ($line =~ /^\\.(\\w+/) { next }', '/^'],
      ['$path =~ s{^(//[^/]+)/?\\z}{}s;', 's{'],
      ['return 0 if ( $line !~ m#^[.\']\\\\"\\s*(.*)$# );', 'm#'],
      ['($d, $b) = ($f =~ m#^((?:.*[:\\\\/])?)(.*)#s);', 'm#'],
    ];
    for (const [statement] of cases) {
      const doc = `${statement}\nmy $q = 1;\n\nsub f {\n  return 2;\n}\n`;
      assert.deepEqual(read(doc, statement.slice(0, 4), 'perl'), [statement, 'line'], statement);
    }
    // A regular expression over lines (/x) ends its statement where its brackets close.
    const x = 'next if ( $ext =~ /^(\n   chem|\n   eqn\n   $)/x );\nmy $z = 1;\n';
    assert.deepEqual(read(x, 'next', 'perl'), ['next if ( $ext =~ /^(\n   chem|\n   eqn\n   $)/x );', 'statement']);
  });
});
