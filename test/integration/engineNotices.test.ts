// An engine notice in the student's language, in the real extension host: with attentionLens.language
// = es, the embedded decoder asked for q8 weights it does not have (weightsFallback on) runs its fp32
// file, and the engine's English notice reaches the panel as the Spanish sentence of its code
// (src/host/analyses/notices.ts), while the extension's log keeps the engine's English line.
// Restores the settings and closes its editors and the panel.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import { resetWorkbench, until } from './editorHelpers';
import type { ShownNotice } from '../../src/host/notify';
import { api, next, setting } from './host';

const SETTINGS = ['modelPrecision', 'weightsFallback', 'analyzeWith', 'language'];

/** Everything the extension's log channels wrote so far. */
function logText(folder: vscode.Uri): string {
  return readdirSync(folder.fsPath)
    .filter((name) => name.endsWith('.log'))
    .map((name) => readFileSync(path.join(folder.fsPath, name), 'utf8'))
    .join('\n');
}

describe('Engine notices in Spanish', function () {
  this.timeout(120_000);

  after(async () => {
    await resetWorkbench();
    for (const key of SETTINGS) await setting(key, undefined);
  });

  it('a weights fallback reaches the panel in Spanish, and the log keeps the engine’s English line', async () => {
    const lens = await api();
    await setting('language', 'es');
    await until('Spanish', () => lens.locale().language === 'es');
    await setting('analyzeWith', 'decoder');
    await setting('modelPrecision', 'q8');
    await setting('weightsFallback', true);
    await until('the settings', () => lens.config().modelPrecision === 'q8' && lens.config().weightsFallback);

    const document = await vscode.workspace.openTextDocument({ content: 'def add(a, b):\n    return a + b\n', language: 'python' });
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 1, document.lineAt(1).text.length);
    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis');
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const { notices } = ((await posted).params as ShownAnalysis).result;

    const spanish = notices.find((n) => n.includes('no tiene pesos q8'));
    assert.ok(spanish, `a Spanish notice among ${JSON.stringify(notices)}`);
    assert.match(spanish, /^.*tiny-gpt-es-en no tiene pesos q8; se ejecutó onnx\/model\.onnx \(fp32\) en su lugar\.$/u);
    assert.ok(!notices.some((n) => /has no q8 weights/u.test(n)), 'no English notice in the panel');

    const english = await until('the log has the engine’s line', () => {
      const log = logText(lens.logUri);
      return /tiny-gpt-es-en has no q8 weights; ran onnx\/model\.onnx \(fp32\) instead/u.test(log) && log;
    });
    assert.ok(!english.includes('no tiene pesos'), 'the log stays English');
  });

  it('Allow Another Precision does what it says where the workspace sets weightsFallback to false', async () => {
    const lens = await api();
    const workspace = vscode.workspace.getConfiguration('attentionLens');
    const settingsFolder = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode');
    const hadSettings = existsSync(settingsFolder);
    await setting('language', 'en');
    await until('English', () => lens.locale().language === 'en');
    await setting('analyzeWith', 'decoder');
    await setting('modelPrecision', 'q8');
    await workspace.update('weightsFallback', false, vscode.ConfigurationTarget.Workspace);
    try {
      await until('the settings', () => lens.config().modelPrecision === 'q8' && !lens.config().weightsFallback);
      const document = await vscode.workspace.openTextDocument({ content: 'return a + b;', language: 'typescript' });
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
      const shown: ShownNotice[] = [];
      const sub = lens.onDidNotify((n) => shown.push(n));
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      const notice = await until('the failure’s notice', () => shown.find((n) => n.actions.includes('Allow Another Precision')));
      sub.dispose();
      assert.ok(lens.chooseInNotification(notice.id, 'Allow Another Precision'));
      await until('weightsFallback applies', () => lens.config().weightsFallback, 10_000);
      assert.equal(
        vscode.workspace.getConfiguration('attentionLens').inspect('weightsFallback')?.workspaceValue,
        true,
        'the workspace’s value, the one that applies, changed',
      );
    } finally {
      await workspace.update('weightsFallback', undefined, vscode.ConfigurationTarget.Workspace);
      if (!hadSettings) rmSync(settingsFolder, { recursive: true, force: true });
    }
  });
});
