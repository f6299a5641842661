// A document closed and opened again restarts at version 1 with its text of now: the analysis of
// its old text must never give it hovers (issue 14, item 13). The document comes from a content
// provider (whose documents the editor drops soon after they are closed, as it does with files
// on the desktop); it is analyzed, closed until the editor lets it go, then opened again with
// other text.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { hoverAt, resetWorkbench, untitled } from './editorHelpers';
import { api, next } from './host';

describe('analyses of a closed document', function () {
  this.timeout(180_000);
  const texts = new Map<string, string>();
  let provider: vscode.Disposable;

  before(() => {
    provider = vscode.workspace.registerTextDocumentContentProvider('lens-stale', { provideTextDocumentContent: (uri) => texts.get(uri.path) ?? '' });
  });
  after(() => provider.dispose());

  it('give no hover to the same document opened again with other text', async () => {
    const uri = vscode.Uri.parse('lens-stale:/notes.md');
    const oldText = 'The river bank was steep, so we sat on the grass.\n';
    texts.set(uri.path, oldText);
    let document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(document.positionAt(0), document.positionAt(oldText.length - 1));
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const offset = oldText.indexOf('steep') + 2;
    assert.match(await hoverAt(document, offset), /Attention Lens/, 'the analyzed text has hovers');

    const closed = next(vscode.workspace.onDidCloseTextDocument, (d) => d.uri.toString() === uri.toString(), 150_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The editor keeps a document the extensions opened for a few minutes, or until about fifty
    // newer ones push it out: open sixty small ones.
    for (let i = 0; i < 60; i++) {
      texts.set(`/filler${i}.txt`, `filler ${i}\n`);
      await vscode.workspace.openTextDocument(vscode.Uri.parse(`lens-stale:/filler${i}.txt`));
    }
    await closed;

    const newText = 'Quiet evenings bring cold mist over low meadows today.\n';
    texts.set(uri.path, newText);
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    assert.equal(document.version, 1, `opened again, the document starts over at version 1 (${document.version})`);
    assert.equal(document.getText(), newText);
    assert.doesNotMatch(await hoverAt(document, offset), /Attention Lens/, 'no hover from the old text');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a language change (the editor closes and opens the same document) keeps its analysis: hovers, the panel', async () => {
    const lens = await api();
    const text = 'The river bank was steep, so we sat on the grass.\n';
    const editor = await untitled(text, 'plaintext');
    editor.selection = new vscode.Selection(editor.document.positionAt(0), editor.document.positionAt(text.length - 1));
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const closed: unknown[] = [];
    const sub = lens.onDidPostToWebview((m) => m.view === 'panel' && m.method === 'closed' && closed.push(m.params));
    try {
      const document = await vscode.languages.setTextDocumentLanguage(editor.document, 'markdown');
      assert.equal(document.getText(), text);
      await new Promise((r) => setTimeout(r, 1_000));
      assert.ok(lens.cache().has(outcome.analysisId), 'the analysis was dropped');
      assert.deepEqual(closed, [], 'the panel said the open document was closed');
      assert.match(await hoverAt(document, text.indexOf('steep') + 2), /Attention Lens/, 'the analyzed text lost its hovers');
    } finally {
      sub.dispose();
      await resetWorkbench();
    }
  });
});
