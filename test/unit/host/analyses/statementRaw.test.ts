// What an empty selection reads in strings and comments that other languages write with their own
// delimiters (textScope.ts over multiLine.ts and codeBrackets.ts): Go's and Rust's raw strings, PHP's
// here-documents and '#' comments, Lua's long strings and comments, SQL's block comments. Each read
// its text's "(" as code, and the statement ran on over the lines below.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scopeAround } from '../../../../src/host/analyses/textScope';

/** The text scopeAround takes at `at` (its first occurrence), and its unit. */
function read(doc: string, at: string, language: string): [string, string] {
  const offset = doc.indexOf(at);
  assert.ok(offset >= 0, `${JSON.stringify(at)} is in the document`);
  const s = scopeAround(doc, offset, language, { version: 1 });
  return [doc.slice(s.start, s.end), s.unit];
}

describe("Go's and Rust's raw strings", () => {
  it('reads a raw string as text, on its line and on the lines it runs over', () => {
    // "hello (world" inside a Go raw string read as code: the statement ran to the function's end below.
    const go = 'package main\n\nvar tmpl = `\nhello (world\n`\n\nfunc main() {\n\tf(1)\n}\n';
    assert.deepEqual(read(go, 'hello', 'go'), ['hello (world', 'line']);
    assert.deepEqual(read(go, 'func', 'go'), ['func main() {\n\tf(1)\n}', 'statement']);
    const escaped = 'var p = `C:\\`\nf(a,\n  b)\n';
    assert.deepEqual(read(escaped, 'f(a', 'go'), ['f(a,\n  b)', 'statement']);
    // r#"raw "( string"#: the inner '"' closed the string, and "(" opened a bracket to the file's end.
    const rust = 'fn f<\'a>(x: &\'a str) -> &\'a str {\n    let r = r#"raw "( string"#;\n    x\n}\n\nfn g() {\n    h(1);\n}\n';
    assert.deepEqual(read(rust, 'fn f', 'rust'), [rust.slice(0, rust.indexOf('\n}') + 2), 'statement']);
    assert.deepEqual(read(rust, 'let r', 'rust'), ['let r = r#"raw "( string"#;', 'line']);
    const lines = 'fn g() {\n    let q = r##"\n  a "# ( b\n"##;\n    h(q);\n}\n\nfn k() {}\n';
    assert.deepEqual(read(lines, 'fn g', 'rust'), [lines.slice(0, lines.indexOf('\n}') + 2), 'statement']);
    assert.deepEqual(read(lines, 'a "#', 'rust'), ['a "# ( b', 'line']);
    const bytes = 'let b = br#"x "( y"#;\nnext(1);\n';
    assert.deepEqual(read(bytes, 'let b', 'rust'), ['let b = br#"x "( y"#;', 'line']);
  });
});

describe("PHP's here-documents and '#' comments", () => {
  it('reads a here-document or a nowdoc as text, and a "#" as a comment', () => {
    // "hello (world" in a <<<EOT body opened a bracket: the statement ran on to the file's end.
    const doc = "<?php\n$x = <<<EOT\nhello (world\nEOT;\n\n$y = <<<'NOW'\n  raw [text\n  NOW;\n\n# comment (\necho f($x,\n  $y);\n\n$z = 1;\n";
    assert.deepEqual(read(doc, 'hello', 'php'), ['hello (world', 'line']);
    assert.deepEqual(read(doc, 'raw', 'php'), ['raw [text', 'line']);
    assert.deepEqual(read(doc, '# comment', 'php'), ['# comment (', 'line']);
    assert.deepEqual(read(doc, 'echo', 'php'), ['echo f($x,\n  $y);', 'statement']);
    // Its "//" and "/* */" comments and a shift as before; "#[" is an attribute, code.
    const code = '<?php\n$a = 1 << 2; // (\nf(1,\n  2);\n#[Attr(1,\n  2)]\nclass C {}\n';
    assert.deepEqual(read(code, '$a', 'php'), ['$a = 1 << 2; // (', 'line']);
    assert.deepEqual(read(code, 'f(1', 'php'), ['f(1,\n  2);', 'statement']);
    assert.deepEqual(read(code, '#[', 'php'), ['#[Attr(1,\n  2)]', 'statement']);
  });
});

describe("Lua's long strings and comments, SQL's block comments", () => {
  it('reads them as text', () => {
    // "hello (world" in a [[…]] string opened a bracket that ran the statement on; so did "--[[" comments' lines.
    const lua = 'local s = [[\nhello (world\n]]\nlocal t = [==[ a ]] ( ]==]\n--[[ block\ncomment (\n]]\nlocal u = f(1,\n  2)\n\nprint(s)\n';
    assert.deepEqual(read(lua, 'hello', 'lua'), ['hello (world', 'line']);
    assert.deepEqual(read(lua, 'local t', 'lua'), ['local t = [==[ a ]] ( ]==]', 'line']);
    assert.deepEqual(read(lua, 'comment (', 'lua'), ['comment (', 'line']);
    assert.deepEqual(read(lua, 'local u', 'lua'), ['local u = f(1,\n  2)', 'statement']);
    const call = 'f(a, [[x (\ny]],\n  b)\n\ng()\n';
    assert.deepEqual(read(call, 'f(a', 'lua'), ['f(a, [[x (\ny]],\n  b)', 'statement']);
    // An index of an index is code: "]]" closes two brackets.
    const index = 'x = t[a[1]]\ny = (1\n  + 2)\n';
    assert.deepEqual(read(index, 'y =', 'lua'), ['y = (1\n  + 2)', 'statement']);
    // SQL's "/* … */": its "(" is not code, on the line or the lines it runs over.
    const sql = 'SELECT a /* (note */ FROM t;\n/* block\n   more (\n*/\nSELECT b\nFROM u;\n';
    assert.deepEqual(read(sql, 'SELECT a', 'sql'), ['SELECT a /* (note */ FROM t;', 'line']);
    assert.deepEqual(read(sql, 'more', 'sql'), ['more (', 'line']);
    assert.deepEqual(read(sql, 'SELECT b', 'sql'), ['SELECT b', 'line']);
  });
});

describe("Java's text blocks and C#'s verbatim strings", () => {
  it('reads them as text', () => {
    // "SELECT (a" inside a Java text block read as code: the statement ran to the class's end.
    const java = 'class A {\n    String q = """\n        SELECT (a\n        FROM t\n        """;\n\n    void f() {\n        g(1);\n    }\n}\n';
    assert.deepEqual(read(java, 'SELECT', 'java'), ['SELECT (a', 'line']);
    assert.deepEqual(read(java, 'void', 'java'), ['void f() {\n        g(1);\n    }', 'statement']);
    const cs = 'class A {\n    string q = """\n        SELECT (a\n        """;\n}\n';
    assert.deepEqual(read(cs, 'SELECT', 'csharp'), ['SELECT (a', 'line']);
    // @"C:\\path\\" ends at its quote: a backslash is text there, and "" is a quote.
    const verbatim = 'var s = @"C:\\path\\" + "(";\nvar t = @"say ""hi"" (" + x;\nG(1);\n';
    assert.deepEqual(read(verbatim, 'var s', 'csharp'), ['var s = @"C:\\path\\" + "(";', 'line']);
    assert.deepEqual(read(verbatim, 'var t', 'csharp'), ['var t = @"say ""hi"" (" + x;', 'line']);
  });
});

describe('lines a final backslash joins', () => {
  it('reads the whole statement from any of its lines', () => {
    // The cursor on a macro's second line read from there on: the "#define" it belongs to was left out.
    const c = '#include <stdio.h>\n\n#define MAX(a, b) \\\n    ((a) > (b) ? \\\n     (a) : (b))\n\nint x;\n';
    const macro = '#define MAX(a, b) \\\n    ((a) > (b) ? \\\n     (a) : (b))';
    assert.deepEqual(read(c, '((a)', 'c'), [macro, 'statement']);
    assert.deepEqual(read(c, '(a) :', 'c'), [macro, 'statement']);
    const sh = 'docker run \\\n  -v "$PWD:/w" \\\n  image x\n\necho done\n';
    assert.deepEqual(read(sh, 'image', 'shellscript'), ['docker run \\\n  -v "$PWD:/w" \\\n  image x', 'statement']);
    const py = 'total = a + \\\n    b\nnext = 1\n';
    assert.deepEqual(read(py, '    b', 'python'), ['total = a + \\\n    b', 'statement']);
    // A line after one that does not end in a backslash starts its own statement.
    assert.deepEqual(read(py, 'next', 'python'), ['next = 1', 'line']);
  });
});

describe("Haskell's and PowerShell's block comments", () => {
  it('reads {- … -} and <# … #> as text, on their lines and the lines they run over', () => {
    // "{- block" opened a bracket that its "-}" on the next line did not close: the statement ran on.
    const hs = 'module Main where\n\n{- block\n   comment ( -}\nf :: Int -> Int\nf x = g (x {- ( -})\n\nmain = print (f\n  2)\n';
    assert.deepEqual(read(hs, '{- block', 'haskell'), ['{- block', 'line']);
    assert.deepEqual(read(hs, 'comment (', 'haskell'), ['comment ( -}', 'line']);
    assert.deepEqual(read(hs, 'f x', 'haskell'), ['f x = g (x {- ( -})', 'line']);
    assert.deepEqual(read(hs, 'main', 'haskell'), ['main = print (f\n  2)', 'statement']);
    const ps = '<# block\ncomment (\n#>\n$x = Get-Item -Path (Join-Path $a <# ( #> "b")\nWrite-Host 1\n';
    assert.deepEqual(read(ps, 'comment (', 'powershell'), ['comment (', 'line']);
    assert.deepEqual(read(ps, '$x', 'powershell'), ['$x = Get-Item -Path (Join-Path $a <# ( #> "b")', 'line']);
  });
});

describe("Elixir's heredocs and sigils, PowerShell's here-strings", () => {
  it('reads them as text', () => {
    // "Does (things" inside @doc """…""" read as code: the statement ran on to the module's end.
    const ex = 'defmodule A do\n  @doc """\n  Does (things\n  """\n  def f(x) do\n    Regex.match?(~r/^(\\d+/, x)\n  end\n\n  def g, do: ~w(a [b)\nend\n';
    assert.deepEqual(read(ex, 'Does', 'elixir'), ['Does (things', 'line']);
    assert.deepEqual(read(ex, 'Regex', 'elixir'), ['Regex.match?(~r/^(\\d+/, x)', 'line']);
    assert.deepEqual(read(ex, 'def g', 'elixir'), ['def g, do: ~w(a [b)', 'line']);
    // "Hello (world" in a @"…"@ here-string, and a quote escaped with a backtick.
    const ps = '$text = @"\nHello (world\n"@\n\nWrite-Host "a `"(b"\nGet-Item 1\n';
    assert.deepEqual(read(ps, 'Hello', 'powershell'), ['Hello (world', 'line']);
    assert.deepEqual(read(ps, 'Write-Host', 'powershell'), ['Write-Host "a `"(b"', 'line']);
  });
});

describe("Dart's multi-line strings and TOML's literal strings", () => {
  it('reads them as text', () => {
    // "multi (line" inside a Dart ''' string read as code: the statement ran to the function's end.
    const dart = "void main() {\n  var s = '''\n  multi (line\n  ''';\n  print(s);\n}\n";
    assert.deepEqual(read(dart, 'multi', 'dart'), ['multi (line', 'line']);
    // A TOML literal string has no escapes: 'C:\\dir\\' ends at its second quote.
    const toml = "paths = ['C:\\dir\\', 'D:\\']\ntags = [\n  'a']\n";
    assert.deepEqual(read(toml, 'paths', 'toml'), ["paths = ['C:\\dir\\', 'D:\\']", 'line']);
    assert.deepEqual(read(toml, 'tags', 'toml'), ["tags = [\n  'a']", 'statement']);
  });
});

describe("C++'s raw strings", () => {
  it('reads R"(…)" and R"delim(…)delim" as text', () => {
    // R"(a " ( b)" closed at its inner quote: "(" was code, and the function's statement ran on.
    const cpp = 'void f() {\n    auto r = R"(a " ) b)";\n    g(r);\n}\n\nint x;\n';
    assert.deepEqual(read(cpp, 'void', 'cpp'), ['void f() {\n    auto r = R"(a " ) b)";\n    g(r);\n}', 'statement']);
    const lines = 'auto m = R"sql(\nSELECT (a " b\n)sql";\nint y = f(1);\n\nint z;\n';
    assert.deepEqual(read(lines, 'SELECT', 'cpp'), ['SELECT (a " b', 'line']);
    assert.deepEqual(read(lines, 'int y', 'cpp'), ['int y = f(1);', 'line']);
    const wide = 'auto w = u8R"x(a " ( b)x" + g(1,\n  2);\n\nint z;\n';
    assert.deepEqual(read(wide, 'auto w', 'cpp'), ['auto w = u8R"x(a " ( b)x" + g(1,\n  2);', 'statement']);
  });
});
