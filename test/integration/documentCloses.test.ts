// A document that closes while its analysis runs (a slow model from a stand-in hub), in the real
// extension host. Closed by the person: the analysis stops at once (its progress with it) and nothing
// is said. An untitled document saved as a file meanwhile: the same text is there under the new
// name, so the person is told once, with Analyze Again, which analyzes the saved file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench, until, untitled } from './editorHelpers';
import { api, next } from './host';
import { slowHubDecoder } from './slowHub';

const TEXT = 'The river bank was steep, so we sat on the grass and watched the water.\n';

/** Starts Analyze Selection on the whole of `editor` and resolves once the slow model loads. */
async function analyzing(editor: vscode.TextEditor): Promise<{ running: Thenable<RunOutcome> }> {
  const lens = await api();
  editor.selection = new vscode.Selection(0, 0, 0, TEXT.length - 1);
  const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading' && s.kind === 'decoder', 30_000);
  const running = vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>;
  await loading;
  // Wrapped: an async function returning the thenable itself would wait for it.
  return { running };
}

describe('A document closed during its analysis', function () {
  this.timeout(150_000);
  afterEach(() => resetWorkbench());

  it('closed by the person: the analysis stops at once and says nothing', async () => {
    const lens = await api();
    const hub = await slowHubDecoder();
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      const editor = await untitled(TEXT, 'plaintext');
      const { running } = await analyzing(editor);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await until('the document to close', () => editor.document.isClosed, 10_000);
      const closedAt = Date.now();
      const outcome = await running;
      // The slow model takes a minute and more to come: the analysis did not wait for it.
      assert.ok(Date.now() - closedAt < 10_000, `the analysis ran on for ${Date.now() - closedAt} ms after its document closed`);
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      assert.equal(outcome.code, 'cancelled');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(shown, [], 'the person closed it: nothing to say');
    } finally {
      sub.dispose();
      await hub.stop();
    }
  });

  it('an untitled document saved as a file: said once, and Analyze Again analyzes the file', async () => {
    const lens = await api();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'lens-saved-'));
    const file = vscode.Uri.file(path.join(folder, 'notes.txt'));
    const hub = await slowHubDecoder();
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    let stopped = false;
    try {
      // An untitled document with a path saves there without a dialog.
      const document = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), TEXT)));
      const { running } = await analyzing(editor);
      assert.ok(await document.save(), 'saved');
      const savedAt = Date.now();
      const outcome = await running;
      assert.ok(Date.now() - savedAt < 10_000, `the analysis ran on for ${Date.now() - savedAt} ms after its document was saved`);
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      await until('the notice', () => shown.length > 0, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0].message, /was saved as notes\.txt during the analysis, so nothing was shown/);
      assert.deepEqual(shown[0].actions, ['Analyze Again']);
      // The embedded model again (quick), then Analyze Again: the saved file is analyzed.
      await hub.stop();
      stopped = true;
      const before = lens.lastAnalysisId() ?? 0;
      assert.ok(lens.chooseInNotification(shown[0].id, 'Analyze Again'));
      const id = await until('the saved file’s analysis', () => ((lens.lastAnalysisId() ?? 0) > before ? lens.lastAnalysisId() : null), 60_000);
      assert.equal(lens.analysis(id!)?.document.uri, file.toString());
    } finally {
      sub.dispose();
      if (!stopped) await hub.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
