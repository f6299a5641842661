// What an empty selection reads where a string's text looks like code (textScope.ts over multiLine.ts
// and codeBrackets.ts): YAML block and multi-line scalars, strings nested in a string's
// interpolation (shell's "$(…)", Ruby's "#{…}"), and Perl's and Ruby's regular expressions and
// quote-like operators. Each read its text's "[" or "(" as code, and the statement ran on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scopeAround } from '../../../../src/host/analyses/textScope';

/** The text scopeAround takes at `at` (its first occurrence), and its unit. */
function read(doc: string, at: string, language: string): [string, string] {
  const offset = doc.indexOf(at);
  assert.ok(offset >= 0, `${JSON.stringify(at)} is in the document`);
  const s = scopeAround(doc, offset, language);
  return [doc.slice(s.start, s.end), s.unit];
}

/** The cursor's line, trimmed: what a line of text reads. */
function lineOf(doc: string, at: string): [string, string] {
  return [
    doc
      .split('\n')
      .find((l) => l.includes(at))!
      .trim(),
    'line',
  ];
}

describe('YAML block and multi-line scalars', () => {
  it("reads a scalar's lines as text, whatever brackets they start with", () => {
    // "[unclosed" in a `run: |` body opened a flow sequence that nothing closed: 40 lines on.
    const doc = [
      'jobs:',
      '  test:',
      '    steps:',
      '      - run: |',
      '          echo [unclosed',
      '            {indented more',
      '          # not a comment [',
      '      - name: next',
      '        description: >-',
      '          [a list that',
      '          is not one',
      '        note: plain text that goes',
      '          [on the next line',
      '      - plain item that goes',
      '        {on too',
      '      - key: "quoted that',
      '          [goes on"',
      '      - other: x',
      '        y: z',
      '',
    ].join('\n');
    for (const at of ['echo [', '{indented', '# not', '[a list', '[on the', '{on too', '[goes on'])
      assert.deepEqual(read(doc, at, 'yaml'), lineOf(doc, at), at);
    // A node under a key, a flow collection over lines and the indicator's own line read as before.
    const nodes = 'a:\n  b: [1,\n    2]\n  c:\n    [d,\n     e]\nf: |\n  text\n';
    assert.deepEqual(read(nodes, 'b:', 'yaml'), ['b: [1,\n    2]', 'statement']);
    assert.deepEqual(read(nodes, '[d', 'yaml'), ['[d,\n     e]', 'statement']);
    assert.deepEqual(read(nodes, 'f:', 'yaml'), ['f: |', 'line']);
    const anchor = 'base: &base\n  [x,\n   y]\n';
    assert.deepEqual(read(anchor, '[x', 'yaml'), ['[x,\n   y]', 'statement']);
    // In a Markdown fence of YAML as in a YAML file.
    const md = 'Text.\n\n```yaml\nrun: |\n  echo [x\nnext: 1\n```\n';
    assert.deepEqual(read(md, 'echo', 'markdown'), ['echo [x', 'line']);
  });
});

describe("strings nested in a string's interpolation", () => {
  it('reads a quote inside "$(…)", "${…}", "#{…}", f"{…}" as opening a string of its own', () => {
    // x="$(printf "%s (" "$y")": the inner '"' closed the outer string, so "%s (" was code: one more bracket.
    const cases: [string, string][] = [
      ['shellscript', 'x="$(printf "%s (" "$y")"'],
      ['shellscript', 'echo "${z:-"none ("}"'],
      ['shellscript', 'y="$(cut -d"(" -f2 <<< "$(echo "[a")")"'],
      ['dockerfile', 'RUN v="$(cat "a (b")" && echo "$v"'],
      ['ruby', 'puts "a #{h["(k"]} b"'],
      ['kotlin', 'val s = "${m["(k"]} and"'],
      ['groovy', 'def s = "${m["(k"]} and"'],
      ['swift', 'let s = "\\(d["(k"]) and"'],
      ['python', 'print(f"{d["(k"]} and")'],
      ['csharp', 'var s = $"{d["(k"]} and";'],
      ['php', '$s = "{$a["(k"]} and";'],
    ];
    for (const [language, line] of cases) {
      const doc = `${line}\nnext(1)\n\nother(2)\n`;
      assert.deepEqual(read(doc, line, language), [line, 'line'], `${language}: ${line}`);
    }
    // Without interpolation the quote closes the string: a Python string that is not an f-string, shell's '…'.
    const plain = 'print("{d[", "(")\nnext(1)\n';
    assert.deepEqual(read(plain, 'print', 'python'), ['print("{d[", "(")', 'line']);
    const single = "echo '$(' (\nnext )\n";
    assert.deepEqual(read(single, 'echo', 'shellscript'), ["echo '$(' (\nnext )", 'statement']);
    // A backslash in shell's single quotes is text: the quote after it closes the string.
    const slash = "echo 'C:\\' (\nnext )\n";
    assert.deepEqual(read(slash, 'echo', 'shellscript'), ["echo 'C:\\' (\nnext )", 'statement']);
  });
});

describe("Perl's regular expressions and quote-like operators", () => {
  it('reads them as text, with or without =~', () => {
    // split /,\s*(/ read its "(" as code, m#(# its "#" as a comment's start: the statement ran on.
    const lines = [
      'my @f = split /,\\s*(/, $s;',
      'my @g = grep { /x(/ } @a;',
      'if ($s =~ m#^(a#) { print 1; }',
      'my $re = qr{a(b}x;',
      'my @w = qw(a [b c);',
      'print q{it (is}, "\\n";',
      'my $t = $x / 2 / $y;',
      'return unless /^\\s*[(]/;',
      'my $u = join ",", map { s/\\(//r } @a;',
    ];
    for (const line of lines) {
      const doc = `${line}\nnext(1);\n\nother(2);\n`;
      assert.deepEqual(read(doc, line, 'perl'), [line, 'line'], line);
    }
    // A division, a file test and a hash key read as code: their brackets count.
    const code: [string, string][] = [
      ['my $t = ($x / 2', 'my $t = ($x / 2\n  + 1);'],
      ['if (-s $f && f(', 'if (-s $f && f(\n  1)) { }'],
      ['my %h = (y => [', 'my %h = (y => [\n  1]);'],
      ['print $h{s} / (', 'print $h{s} / (\n  2);'],
    ];
    for (const [first, statement] of code) {
      const doc = `${statement}\n\nother(2);\n`;
      assert.deepEqual(read(doc, first, 'perl'), [statement, 'statement'], first);
    }
  });
});

describe("Ruby's regular expressions and % literals", () => {
  it('reads them as text', () => {
    // /(\d+/ after =~ read its "(" as code, %w(a [b) its "[": the statement ran on.
    const lines = [
      'if line =~ /^(\\d+/ then x end',
      'parts = line.split(/[,(]/)',
      'words = %w(a [b c)',
      'syms = %i[a (b]',
      're = %r{^/(usr}',
      "s = %q(it's (fine) [ok)",
      't = %Q{a #{b} (c}',
      'u = %(a [b)',
      'case x',
    ];
    for (const line of lines) {
      const doc = `${line}\nnext(1)\n\nother(2)\n`;
      assert.deepEqual(read(doc, line, 'ruby'), [line, 'line'], line);
    }
    const when = 'case s\nwhen /a(/ then 1\nend\n';
    assert.deepEqual(read(when, 'when', 'ruby'), ['when /a(/ then 1', 'line']);
    // A division and a modulo read as code: their brackets count.
    const code: [string, string][] = [
      ['t = (x / 2', 't = (x / 2\n  + 1)'],
      ['m = x % (', 'm = x % (\n  2)'],
    ];
    for (const [first, statement] of code) {
      const doc = `${statement}\n\nother(2)\n`;
      assert.deepEqual(read(doc, first, 'ruby'), [statement, 'statement'], first);
    }
  });
});

describe("a Markdown fence's info string", () => {
  it('names the language by its usual short names', () => {
    // ```pl read as no language: split /,(/ opened a bracket that ran the fence's statement on.
    const cases: [string, string][] = [
      ['pl', 'my @f = split /,(/, $s;'],
      ['ps1', 'Write-Host "a `"(b"'],
      ['hs', 'f x = g (x {- ( -})'],
      ['ex', 'Regex.match?(~r/^(\\d+/, x)'],
      ['docker', 'RUN v="$(cat "a (b")"'],
      ['kt', 'val s = "${m["(k"]} and"'],
    ];
    for (const [info, line] of cases) {
      const doc = `Text.\n\n\`\`\`${info}\n${line}\nnext(1)\n\nother(2)\n\`\`\`\n`;
      assert.deepEqual(read(doc, line, 'markdown'), [line, 'line'], info);
    }
  });
});

describe('JSX closing tags', () => {
  it('reads "</b>" and "{x}/>" as tags, not regular expressions', () => {
    // "</b>)}</span>" read "/b>)}</" as a regular expression: its ")" and "}" were lost, and the
    // function's statement ran on past its end.
    const doc = 'export function App() {\n  return (\n    <span>{items.map((i) => <b key={i}>{i}</b>)}</span>\n  );\n}\n\nconst y = 1;\n';
    for (const language of ['typescriptreact', 'javascriptreact', 'javascript'])
      assert.deepEqual(read(doc, 'export', language), [doc.slice(0, doc.indexOf('\n}') + 2), 'statement'], language);
    const self = 'const a = (\n  <Foo x={1}/>\n);\nconst b = f(/>(/);\n';
    assert.deepEqual(read(self, 'const a', 'typescriptreact'), ['const a = (\n  <Foo x={1}/>\n);', 'statement']);
    assert.deepEqual(read(self, 'const b', 'typescriptreact'), ['const b = f(/>(/);', 'line']);
  });
});
