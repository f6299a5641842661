// Mask Word at a cursor inside a run without a break (a 1000-character base64 blob, in the real
// extension host): the editor's word there is the whole run, which masked would be hundreds of
// masked tokens; the command says so and what to do instead, before any model runs, and changes
// nothing. A word of ordinary length beside it still masks.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resetWorkbench, untitled, withNotices } from './editorHelpers';

describe('Mask Word in a run without a break', function () {
  this.timeout(120_000);
  afterEach(() => resetWorkbench());

  it('a cursor in a 1000-character base64 run is refused with its length and what to do; a short word beside it masks', async () => {
    const blob = 'QUJDRA'.repeat(166) + 'QUJD';
    const text = `const logo = "${blob}"; // the bank\n`;
    const editor = await untitled(text, 'javascript');
    const at = text.indexOf(blob) + 500;
    editor.selection = new vscode.Selection(0, at, 0, at);
    const started = Date.now();
    const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
    assert.equal(outcome.ok, false, JSON.stringify(outcome).slice(0, 300));
    assert.equal(editor.document.getText(), text, 'nothing was replaced');
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0].severity, 'info');
    // The editor's word there (its language's word pattern) is all of the run, or nearly.
    const said = /runs (\d[\d,]*) characters without a break .*select the part to mask/.exec(shown[0].message);
    assert.ok(said && Number(said[1].replace(',', '')) > 900, shown[0].message);
    assert.ok(Date.now() - started < 5000, 'refused before any model runs');

    const word = text.indexOf('bank') + 1;
    editor.selection = new vscode.Selection(0, word, 0, word);
    const masked = await withNotices('attentionLens.maskWord', { pick: 0 });
    assert.ok(masked.outcome.ok, JSON.stringify(masked.outcome).slice(0, 300));
    assert.deepEqual(
      (masked.outcome.masks as { word: string }[]).map((m) => m.word),
      ['bank'],
    );
  });
});
