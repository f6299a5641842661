// A person's edit that races a command's own edit of the document, in the real extension host.
// Mask Word, Next Word and a continuation's Insert check the document's version, then edit it; an
// edit of the person's that the editor took just before theirs (typed while the command's edit was
// on its way) makes the editor refuse the command's edit, which was made for the older text. The
// person reads that the text changed (as the version check says it), not that the editor refused.
// The API's `beforeEdit` hook lands that edit exactly in the gap: sent, not awaited, as typing is.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/host/extension';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench, until, untitled, withNotices } from './editorHelpers';
import { api } from './host';

const TEXT = 'The river bank was steep, so we sat on the grass and watched the water.\n';

/** Lands one edit of the person's ("So. " at the start) just before the command's next edit of `editor`. */
function typeBeforeTheEdit(lens: AttentionLensApi, editor: vscode.TextEditor): void {
  lens.beforeEdit((document) => {
    if (document !== editor.document) return;
    lens.beforeEdit(null);
    void editor.edit((e) => e.insert(new vscode.Position(0, 0), 'So. '));
  });
}

describe('Edits racing a command’s edit', function () {
  this.timeout(120_000);
  afterEach(async () => {
    (await api()).beforeEdit(null);
    await resetWorkbench();
  });

  it('Next Word: an edit just before the insertion says the text changed, with Analyze Again', async () => {
    const lens = await api();
    const editor = await untitled(TEXT, 'plaintext');
    const at = editor.document.positionAt(TEXT.indexOf(' the water'));
    editor.selection = new vscode.Selection(at, at);
    typeBeforeTheEdit(lens, editor);
    const { outcome, shown } = await withNotices('attentionLens.nextWord', { pick: 0 });
    assert.equal(outcome.ok, false, JSON.stringify(outcome));
    assert.equal(outcome.code, 'cancelled');
    assert.equal(editor.document.getText(), `So. ${TEXT}`, 'only the person’s edit went in');
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].message, /text changed while the next words were found, so nothing was inserted/);
    assert.deepEqual(shown[0].actions, ['Analyze Again']);
  });

  it('Mask Word: an edit just before the replacement says the text changed, with Analyze Again', async () => {
    const lens = await api();
    const editor = await untitled(TEXT, 'plaintext');
    const at = editor.document.positionAt(TEXT.indexOf('bank') + 1);
    editor.selection = new vscode.Selection(at, at);
    typeBeforeTheEdit(lens, editor);
    const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
    assert.equal(outcome.ok, false, JSON.stringify(outcome));
    assert.equal(outcome.code, 'cancelled');
    assert.equal(editor.document.getText(), `So. ${TEXT}`, 'only the person’s edit went in');
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].message, /text changed while the fillers were found, so nothing was replaced/);
    assert.deepEqual(shown[0].actions, ['Analyze Again']);
  });

  it('Insert of a continuation: an edit just before it says the text changed since the preview', async () => {
    const lens = await api();
    const editor = await untitled(TEXT, 'plaintext');
    const at = editor.document.positionAt(TEXT.indexOf(' the water'));
    editor.selection = new vscode.Selection(at, at);
    const preview = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 2 })) as { ok: boolean; previewId?: number };
    assert.ok(preview.ok && preview.previewId, JSON.stringify(preview));
    typeBeforeTheEdit(lens, editor);
    const { outcome, shown } = await withNotices('attentionLens.insertPreview', { previewId: preview.previewId });
    assert.equal(outcome.ok, false, JSON.stringify(outcome));
    assert.equal(editor.document.getText(), `So. ${TEXT}`, 'only the person’s edit went in');
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].message, /text changed since the preview was made; nothing was inserted/);
  });

  it('Mask Word: typing while its fillers are offered replaces nothing, and says so once, with Analyze Again', async () => {
    const lens = await api();
    const editor = await untitled(TEXT, 'plaintext');
    const at = editor.document.positionAt(TEXT.indexOf('bank') + 1);
    editor.selection = new vscode.Selection(at, at);
    const before = lens.lastAnalysisId() ?? 0;
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      let outcome: RunOutcome | null = null;
      void (vscode.commands.executeCommand('attentionLens.maskWord') as Thenable<RunOutcome>).then((o) => (outcome = o));
      // The encoder has run (the fillers' quick pick comes next): the reader types at the top meanwhile.
      await until('Mask Word to have analyzed', () => (lens.lastAnalysisId() ?? 0) > before);
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'So. ')));
      await until('Mask Word to end', () => {
        if (outcome) return true;
        void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return false;
      });
      const done = outcome as unknown as RunOutcome;
      assert.equal(done.ok, false, JSON.stringify(done));
      assert.equal(editor.document.getText(), `So. ${TEXT}`, 'nothing replaced where the word was before the edit');
      await until('the notice', () => shown.length > 0, 5_000).catch(() => null);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0].message, /text changed while the fillers were found, so nothing was replaced/);
      assert.deepEqual(shown[0].actions, ['Analyze Again']);
    } finally {
      sub.dispose();
    }
  });
});
