// A command cancelled while its model loads (the slow stand-in hub): it ends as cancelled, and
// nothing of it runs once the load is over — no analysis, no search — whether it was an analysis
// (Analyze Selection), a request of a lesson (the model's scale) or a continuation's step.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ModelStatus } from '../../src/protocol/webviewApi';
import { resetWorkbench, until, untitled } from './editorHelpers';
import { api, next } from './host';
import { slowHubModels } from './slowHub';

describe('Cancels while the model loads', function () {
  this.timeout(120_000);

  afterEach(resetWorkbench);

  it('an analysis cancelled while its model loads ends as cancelled, and the engine never runs it', async () => {
    const lens = await api();
    // About 18 s of download: the cancel lands during the load.
    const hub = await slowHubModels(['decoder'], 100);
    const editor = await untitled('The river bank was steep, so we sat on the grass.\n', 'markdown');
    editor.selection = new vscode.Selection(0, 0, 0, 30);
    const statuses: ModelStatus[] = [];
    const sub = lens.onDidChangeStatus((s) => statuses.push(s));
    try {
      const before = lens.lastAnalysisId();
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 30_000);
      const running = vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>;
      await loading;
      assert.equal(lens.cancelAnalyses(), 1, 'the analysis waits on the load');
      const outcome = await running;
      assert.ok(!outcome.ok && outcome.code === 'cancelled', JSON.stringify(outcome).slice(0, 300));
      // The load goes on under its own notification; once it is over, nothing more is asked of the model.
      await until('the load to end', () => statuses.some((s) => s.state !== 'loading'), 60_000);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        statuses.filter((s) => /analyzing/u.test(s.detail)),
        [],
        'the cancelled analysis ran once its model was loaded',
      );
      assert.equal(lens.lastAnalysisId(), before, 'no analysis was stored');
    } finally {
      sub.dispose();
      await hub.stop();
    }
  });

  it("a lesson's request (the model's scale) cancelled while its model loads ends as cancelled", async () => {
    const lens = await api();
    const hub = await slowHubModels(['decoder'], 100);
    try {
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 30_000);
      const running = vscode.commands.executeCommand('attentionLens.showScale', { kind: 'decoder' }) as Thenable<RunOutcome>;
      await loading;
      assert.equal(lens.cancelAnalyses(), 1, 'the request waits on the load');
      const outcome = await running;
      assert.ok(!outcome.ok && outcome.code === 'cancelled', `it ran once the model was loaded: ${JSON.stringify(outcome).slice(0, 300)}`);
    } finally {
      await hub.stop();
    }
  });

  it("a continuation's step cancelled while its model loads ends the continuation as cancelled, as an analysis does", async () => {
    const lens = await api();
    const prompt = 'The river bank was steep, so we sat on the';
    const editor = await untitled(`${prompt}\n`, 'plaintext');
    const end = editor.document.positionAt(prompt.length);
    editor.selection = new vscode.Selection(end, end);
    type Outcome = RunOutcome & { steps?: unknown[] };
    // The prompt's analysis is kept (the next continuation reuses it); the engine then restarts, so the first step loads the decoder again.
    const first = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 1 })) as Outcome;
    assert.ok(first.ok, JSON.stringify(first).slice(0, 300));
    await lens.killWorker();
    const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 30_000);
    const running = vscode.commands.executeCommand('attentionLens.continueText', { steps: 3 }) as Thenable<Outcome>;
    await loading;
    assert.equal(lens.cancelAnalyses(), 1, 'the step waits on the load, cancellable');
    const outcome = await running;
    assert.ok(!outcome.ok && outcome.code === 'cancelled', `the continuation went on: ${JSON.stringify(outcome).slice(0, 300)}`);
  });
});
