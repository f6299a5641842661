// A document's name as its tab shows it (documentName.ts), the one name every message uses: the
// dropped-result notice of a document saved under another name (freshness.ts) names both with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { documentName } from '../../../../src/host/analyses/documentName';

const named = (scheme: string, path: string): vscode.TextDocument => ({ uri: { scheme, path } }) as unknown as vscode.TextDocument;

describe('documentName', () => {
  it("is a file's name, an untitled document's title, a course copy's name without its slash", () => {
    assert.equal(documentName(named('file', '/home/ana/notes/río.md')), 'río.md');
    assert.equal(documentName(named('untitled', 'Untitled-1')), 'Untitled-1');
    assert.equal(documentName(named('untitled', '/unit.txt')), 'unit.txt');
  });

  it("is an extension's output channel's own name", () => {
    assert.equal(documentName(named('output', 'extension-output-someone.ext-#2-Attention Lens')), 'Attention Lens');
  });
});
