// The host's behaviour over time inside a real extension host: what an edit made while a command
// ran does to the text it then inserts.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { resetWorkbench, untitled, until } from './editorHelpers';
import { api, setting } from './host';

describe('Host over time', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await setting('spotlightTokens', undefined);
    await setting('language', undefined);
    await resetWorkbench();
  });

  it('Next Word inserts nothing when the text changed while it searched, and says so', async () => {
    const lens = await api();
    const text = 'The river bank was steep, so we sat on the';
    const editor = await untitled(text, 'markdown');
    const end = editor.document.positionAt(text.length);
    editor.selection = new vscode.Selection(end, end);
    // The id of the next analysis: one more than this one's.
    const first = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(first.ok, JSON.stringify(first));
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(end, end);
    let outcome: (RunOutcome & { applied?: string | null }) | null = null;
    void (vscode.commands.executeCommand('attentionLens.nextWord') as Thenable<RunOutcome & { applied?: string | null }>).then((o) => (outcome = o));
    // The decoder has run (the pick comes next): the reader types at the top of the file meanwhile.
    await until('Next Word to have analyzed', () => lens.analysis(first.analysisId + 1) !== null);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Yes. ')));
    await until('Next Word to end', () => {
      if (outcome) return true;
      void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return false;
    });
    const done = outcome as unknown as RunOutcome & { applied?: string | null };
    assert.equal(editor.document.getText(), `Yes. ${text}`, 'nothing goes in where the cursor was before the edit');
    assert.equal(done.ok, false, JSON.stringify(done));
  });
});
