// The per-webview guards that had no test (issue 14, item 12): one export at a time and one
// continuation at a time. A second request while the first runs is refused at once (the export's
// outcome says why; the continuation never starts) rather than queued, and the guard lets go when
// the first finishes, so the next request runs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { PreviewMessage } from '../../src/protocol/webviewApi';
import { resetWorkbench } from './editorHelpers';
import { api, next } from './host';

const csv = (name: string) => ({ name, mime: 'text/csv', data: 'token,weight\nriver,0.5\n' });

describe('per-webview guards: one export and one continuation at a time', function () {
  this.timeout(120_000);
  let folder = '';

  before(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'lens-guards-'));
  });

  after(async () => {
    (await api()).exportTo(null);
    await resetWorkbench();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a second export while one is being saved, then saves the next', async () => {
    const lens = await api();
    lens.exportTo(folder);
    const [first, second] = await Promise.all([lens.saveExport(csv('first.csv')), lens.saveExport(csv('second.csv'))]);
    assert.ok(first.saved, JSON.stringify(first));
    assert.equal(second.saved, null);
    assert.equal(second.error, 'another export is pending');
    assert.deepEqual(readdirSync(folder), ['first.csv']);
    const third = await lens.saveExport(csv('third.csv'));
    assert.ok(third.saved, 'the guard let go: the next export is saved');
    assert.ok(existsSync(path.join(folder, 'third.csv')));
  });

  it('refuses a second continuation while one runs, then runs the next', async () => {
    const lens = await api();
    const document = await vscode.workspace.openTextDocument({ content: 'The river bank was steep, so we sat on the', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
    const drawn = next(lens.onDidRenderInPanel, () => true);
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    // The panel's page is up and drew it: what the host posts now reaches it.
    assert.equal((await drawn).analysisId, outcome.analysisId);
    const previews: PreviewMessage[] = [];
    const sub = lens.onDidPostToWebview((m) => m.method === 'preview' && previews.push(m.params as PreviewMessage));
    try {
      const ask = (steps: number) =>
        lens.postFromPanel('continue', { analysisId: outcome.analysisId, steps, greedy: true, controls: { temperature: 1, topK: 0, topP: 1 } });
      const firstDone = next(lens.onDidPostToWebview, (m) => m.method === 'preview' && (m.params as PreviewMessage).done);
      assert.ok(ask(3), 'the panel is open');
      assert.ok(ask(2));
      const first = (await firstDone).params as PreviewMessage;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(first.steps.length, 3);
      assert.deepEqual([...new Set(previews.map((p) => p.previewId))], [first.previewId], 'only the first continuation ran');

      const nextDone = next(lens.onDidPostToWebview, (m) => m.method === 'preview' && (m.params as PreviewMessage).done);
      assert.ok(ask(2));
      const second = (await nextDone).params as PreviewMessage;
      assert.notEqual(second.previewId, first.previewId, 'the guard let go: the next continuation ran');
      assert.equal(second.steps.length, 2);
    } finally {
      sub.dispose();
    }
  });
});
