// Hostile hub answers in the real extension host (a local stand-in hub, test/support/hubServer.ts):
// a config.json whose model_type carries terminal sequences, a bidi override, a newline and a
// command link reaches the notification, the log and the model status neutralised, with the
// notification's Use the Embedded Model bringing the embedded model back; a hub that cuts the
// connection every time fails with Retry, Use the Embedded Model and Show Log, and Retry, once the
// hub answers, downloads the model and analyzes with it.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { HubServer } from '../support/hubServer';
import { resetWorkbench, until, withNotices } from './editorHelpers';
import { api, EXTENSION_ID, next, setting } from './host';

const SETTINGS = ['hubEndpoint', 'decoderModel', 'analyzeWith', 'allowRemoteModels'];
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const HOSTILE = '[Fix](command:workbench.action.terminal.sendSequence) \u001b[31mred\u001b[0m\n\u202Egpj.exe \u2066x\u2069 zero\u200Bwidth';

/** Everything the extension's log channels wrote so far. */
function logText(folder: vscode.Uri): string {
  return readdirSync(folder.fsPath)
    .filter((name) => name.endsWith('.log'))
    .map((name) => readFileSync(path.join(folder.fsPath, name), 'utf8'))
    .join('\n');
}

/** A copy of the embedded decoder, `edit` applied to its config.json. */
function decoderCopy(name: string, edit: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const folder = path.join(tmpdir(), `lens-hostile-hub-${process.pid}-${name}`);
  cpSync(path.join(extension.extensionPath, 'models', 'tiny-gpt-es-en'), folder, { recursive: true });
  const file = path.join(folder, 'config.json');
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
  return folder;
}

async function analyzeWithHubModel(hub: HubServer, id: string): Promise<{ outcome: RunOutcome; shown: Awaited<ReturnType<typeof withNotices>>['shown'] }> {
  await setting('hubEndpoint', hub.host);
  await setting('allowRemoteModels', true);
  await setting('decoderModel', id);
  await setting('analyzeWith', 'decoder');
  const document = await vscode.workspace.openTextDocument({ content: `return a + b; // ${id}`, language: 'typescript' });
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
  return withNotices('attentionLens.analyzeSelection');
}

describe('Hostile hub answers in the extension', function () {
  this.timeout(120_000);

  afterEach(async () => {
    for (const key of SETTINGS) await setting(key, undefined);
    await resetWorkbench();
  });

  it('a hostile model_type reaches the notification, the log and the status neutralised; Use the Embedded Model takes over', async () => {
    const lens = await api();
    const hub = new HubServer().repo(
      'org/hostile-type',
      decoderCopy('type', (c) => ({ ...c, model_type: HOSTILE, architectures: [HOSTILE] })),
    );
    await hub.start();
    try {
      const { outcome, shown } = await analyzeWithHubModel(hub, 'org/hostile-type');
      assert.equal(outcome.ok, false);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      const [notice] = shown;
      assert.ok(!HIDDEN.test(notice.message), JSON.stringify(notice.message));
      assert.doesNotMatch(notice.message, /\]\(command:/, 'no command link survives');
      assert.ok(notice.message.includes('\\x1B[31mred\\x1B[0m \\u202Egpj.exe'), notice.message);
      assert.deepEqual(notice.actions, ['Use the Embedded Model', 'Select Model']);
      assert.equal(lens.status().state, 'error');
      const log = await until('the log has the failure', () => {
        const text = logText(lens.logUri);
        return text.includes('org/hostile-type') && /unsupported architecture/.test(text) && text;
      });
      for (const line of log.split('\n')) assert.ok(!HIDDEN.test(line.replace(/\r$/, '')), `the log says ${JSON.stringify(line.slice(0, 200))}`);
      const ready = next(lens.onDidChangeStatus, (s) => s.state === 'ready' && s.model === 'tiny-gpt-es-en');
      assert.ok(lens.chooseInNotification(notice.id, 'Use the Embedded Model'));
      await ready;
      assert.equal(lens.config().decoderModel, '');
    } finally {
      await hub.stop();
    }
  });

  it('a hub that cuts every answer fails with Retry, Use the Embedded Model and Show Log; Retry downloads once it answers', async () => {
    const lens = await api();
    const id = 'org/flaky-hub';
    // Three cuts: the engine's own three tries fail; the fourth request (Retry's) is served.
    const hub = new HubServer().repo(id, decoderCopy('flaky')).rule(`${id}/config.json`, { cut: 3 });
    await hub.start();
    try {
      const { outcome, shown } = await analyzeWithHubModel(hub, id);
      assert.equal(outcome.ok, false);
      if (!outcome.ok) assert.equal(outcome.code, 'network');
      assert.equal(shown.length, 1, JSON.stringify(shown));
      const [notice] = shown;
      assert.deepEqual(notice.actions, ['Retry', 'Use the Embedded Model', 'Show Log']);
      assert.equal(hub.count('/config.json'), 3);
      const ready = next(lens.onDidChangeStatus, (s) => s.state === 'ready' && s.model === id);
      assert.ok(lens.chooseInNotification(notice.id, 'Retry'));
      await ready;
      assert.equal(lens.status().model, id, 'the status bar names the model in use');
      assert.ok(hub.count('/onnx/model.onnx') >= 1, 'the weights were downloaded on Retry');
    } finally {
      await hub.stop();
    }
  });
});
