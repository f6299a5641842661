// A document's name as its tab shows it (documentName.ts), the one name every message uses: the
// dropped-result notice of a document saved under another name (freshness.ts) names both with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { documentName } from '../../../../src/host/analyses/documentName';

const named = (scheme: string, path: string): vscode.TextDocument => ({ uri: { scheme, path } }) as unknown as vscode.TextDocument;

describe('documentName', () => {
  it("is a file's name, an untitled document's title, a course copy's name without its slash", () => {
    assert.equal(documentName(named('file', '/home/ana/notes/río.md'), []), 'río.md');
    assert.equal(documentName(named('untitled', 'Untitled-1'), []), 'Untitled-1');
    assert.equal(documentName(named('untitled', '/unit.txt'), []), 'unit.txt');
  });

  // "a\nb.py" read "a b.py" in every message that named it: a newline in a name is escaped as a control character is.
  it('escapes a newline in a file name, where a message would show it as a space', () => {
    assert.equal(documentName(named('file', '/w/a\nb.py'), []), 'a\\x0Ab.py');
    assert.equal(documentName(named('file', '/w/a\u202eb.py'), []), 'a\\u202Eb.py');
  });

  it("is an extension's output channel's own name", () => {
    assert.equal(documentName(named('output', 'extension-output-someone.ext-#2-Attention Lens'), []), 'Attention Lens');
  });

  // Two open a.py read alike in "analyzed a.py"; as VS Code's tabs do, the name then carries the
  // folders that tell it apart, and only as many as that takes.
  it('carries the folders that tell it from a document another tab shows of the same name', () => {
    const src = named('file', '/w/app/src/a.py');
    const test = named('file', '/w/app/test/a.py');
    const deep = named('file', '/w/lib/src/a.py');
    const other = named('file', '/w/app/src/b.py');
    const tabs = (...documents: vscode.TextDocument[]): vscode.Uri[] => documents.map((d) => d.uri);
    assert.equal(documentName(src, tabs(src, other)), 'a.py');
    assert.equal(documentName(src, tabs(src, test, other)), 'src/a.py');
    assert.equal(documentName(test, tabs(src, test)), 'test/a.py');
    assert.equal(documentName(src, tabs(src, test, deep)), 'app/src/a.py');
    assert.equal(documentName(deep, tabs(src, test, deep)), 'lib/src/a.py');
    // A copy with no folder to tell it apart keeps its name; the same file in a diff's other side too.
    assert.equal(documentName(named('untitled', '/a.py'), tabs(src, named('untitled', '/a.py'))), 'a.py');
    assert.equal(documentName(src, tabs(src, named('git', '/w/app/src/a.py'))), 'a.py');
    assert.equal(documentName(src, tabs(src, named('git', '/w/app/src/a.py'), test)), 'src/a.py');
  });
});
