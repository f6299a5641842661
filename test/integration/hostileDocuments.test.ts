// Unusual documents through the editor commands in the real extension host: a selection of only
// whitespace (Analyze Selection says what to do instead; Mask Word masks nothing rather than the
// next word, which holds the space in a byte-level token).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench, untitled } from './editorHelpers';
import { api } from './host';

/** Runs `command` with `args`, with the notifications it showed. */
async function withNotices(command: string, args?: unknown): Promise<{ outcome: RunOutcome & Record<string, unknown>; shown: ShownNotice[] }> {
  const lens = await api();
  const shown: ShownNotice[] = [];
  const sub = lens.onDidNotify((n) => shown.push(n));
  try {
    const outcome = (await vscode.commands.executeCommand(command, args)) as RunOutcome & Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 300));
    return { outcome, shown };
  } finally {
    sub.dispose();
  }
}

describe('Unusual documents through the editor commands', function () {
  this.timeout(120_000);
  afterEach(() => resetWorkbench());

  it('a selection of only whitespace: Analyze Selection says what to do, Mask Word replaces nothing', async () => {
    const text = 'The river bank was steep.\n\n   \n\t\nWe sat on the grass.\n';
    const editor = await untitled(text, 'plaintext');
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    const analyzed = await withNotices('attentionLens.analyzeSelection');
    assert.equal(analyzed.outcome.ok, false);
    assert.equal(analyzed.shown.length, 1, JSON.stringify(analyzed.shown));
    assert.equal(analyzed.shown[0].severity, 'info', 'a refusal, not a failure');
    assert.match(analyzed.shown[0].message, /only whitespace: select some text/);

    // One space: its byte-level token is " river"; the filler must not replace "river".
    for (const selection of [new vscode.Selection(0, 3, 0, 4), new vscode.Selection(1, 0, 3, 1)]) {
      editor.selection = selection;
      const masked = await withNotices('attentionLens.maskWord', { pick: 0 });
      assert.equal(masked.outcome.ok, false, JSON.stringify(masked.outcome));
      assert.equal(editor.document.getText(), text, 'the text is as it was');
      assert.equal(masked.shown.length, 1, JSON.stringify(masked.shown));
      assert.match(masked.shown[0].message, /Put the cursor on a word/);
    }
  });
});
