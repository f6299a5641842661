// Values of the settings as a VS Code user types them, in a real extension host: a model setting
// that names no model (neither a hub id nor a folder) is said when it is set, naming the setting
// and the embedded model used meanwhile — it used to be taken as it was and said by no one until an
// analysis failed with the engine's words, which name no setting. A model setting that names a
// model of the other kind (a decoder as the encoder) is said at its first analysis, once.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { open, resetWorkbench, selectText, until } from './editorHelpers';
import { api, EXTENSION_ID, setting } from './host';

/** The keys these tests write (each afterEach takes them out again). */
const WRITTEN = ['decoderModel', 'encoderModel', 'analyzeWith'];

const RIVER = 'The river bank was steep, so we sat on the grass';

describe('Setting values as a VS Code user types them', function () {
  this.timeout(120_000);

  afterEach(async () => {
    for (const key of WRITTEN) await setting(key, undefined);
    await resetWorkbench();
  });

  it('a model setting that names no model is said at once, with what it takes, and the embedded model analyzes', async () => {
    const lens = await api();
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await setting('decoderModel', 'not a model!!');
      const notice = await until('a notice about decoderModel', () => notices.find((n) => n.message.includes('attentionLens.decoderModel')));
      assert.equal(notice.severity, 'warning');
      assert.match(notice.message, /"not a model!!"/u, notice.message);
      assert.match(notice.message, /hub id/u, notice.message);
      assert.match(notice.message, /the embedded model/u, notice.message);
      assert.deepEqual(notice.actions, ['Open Settings']);
      assert.equal(lens.config().decoderModel, '', 'the embedded model meanwhile');

      const editor = await open('river.md');
      selectText(editor, RIVER);
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(lens.status().model, 'tiny-gpt-es-en');
      assert.equal(notices.filter((n) => n.message.includes('decoderModel')).length, 1, notices.map((n) => n.message).join('\n'));
    } finally {
      sub.dispose();
    }
  });

  it('a decoder named as the encoder is said at its first analysis, naming the setting, once, with Select Model', async () => {
    const lens = await api();
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await setting('encoderModel', path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'models', 'tiny-gpt-es-en'));
      await setting('analyzeWith', 'encoder');
      const editor = await open('river.md');
      selectText(editor, RIVER);
      for (let i = 0; i < 2; i++) {
        const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
        assert.ok(outcome.ok, JSON.stringify(outcome));
      }
      const about = () => notices.filter((n) => n.message.includes('attentionLens.encoderModel'));
      const notice = await until('a notice about encoderModel', () => about()[0]);
      assert.equal(notice.severity, 'warning');
      assert.match(notice.message, /tiny-gpt-es-en, a decoder/u, notice.message);
      assert.deepEqual(notice.actions, ['Select Model']);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(about().length, 1, notices.map((n) => n.message).join('\n'));
    } finally {
      sub.dispose();
    }
  });

  it('the status bar calls a decoder named as the encoder a decoder once it is loaded', async () => {
    const lens = await api();
    await setting('encoderModel', path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'models', 'tiny-gpt-es-en'));
    await setting('analyzeWith', 'encoder');
    const editor = await open('river.md');
    selectText(editor, RIVER);
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await until('the status at rest', () => lens.status().state === 'ready');
    assert.equal(lens.status().model, 'tiny-gpt-es-en');
    assert.equal(lens.status().kind, 'decoder', JSON.stringify(lens.status()));
  });
});
