// A hub model with no network, in the real extension host: the picker says which entries need a
// download and whether downloads are allowed; a download from a hub that refuses connections fails
// within seconds with one notification offering Retry, Use the Embedded Model and Show Log; choosing
// the embedded model analyzes with it and the status bar returns to the model in use.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { HubServer } from '../support/hubServer';
import { resetWorkbench } from './editorHelpers';
import { api, next, setting } from './host';

describe('Hub models without a network', function () {
  this.timeout(120_000);

  afterEach(async () => {
    for (const key of ['hubEndpoint', 'decoderModel', 'analyzeWith', 'allowRemoteModels']) await setting(key, undefined);
    await resetWorkbench();
  });

  it('the picker marks what needs a download, and says when downloads are off', async () => {
    const lens = await api();
    await setting('allowRemoteModels', true);
    const online = await lens.modelChoices();
    assert.ok(online.filter((e) => e.action === 'preset' && e.download).every((e) => /needs a download/.test(e.description)));
    assert.ok(online.filter((e) => e.action === 'embedded').every((e) => !e.download));
    await setting('allowRemoteModels', false);
    const offline = await lens.modelChoices();
    assert.ok(
      offline.every((e) => !e.download),
      'nothing offered needs a network',
    );
    assert.ok(offline.some((e) => e.action === 'allow-remote' && /downloads .* are off/.test(e.description)));
  });

  it('a hub that refuses fails within seconds, once, with Retry, Use the Embedded Model and Show Log; the embedded model takes over', async () => {
    const lens = await api();
    // A stand-in hub, stopped: its address now refuses connections.
    const hub = new HubServer();
    const host = await hub.start();
    await hub.stop();
    await setting('analyzeWith', 'decoder');
    const document = await vscode.workspace.openTextDocument({ content: 'return a + b;', language: 'typescript' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
    // The engine is started on the embedded model first: the time measured below is the download's
    // failure alone, not the worker's start (seconds on a loaded machine).
    assert.equal(((await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome).ok, true);
    await setting('hubEndpoint', host);
    await setting('allowRemoteModels', true);
    await setting('decoderModel', 'org/not-reachable');

    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    const started = Date.now();
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    const ms = Date.now() - started;
    await new Promise((r) => setTimeout(r, 500));
    sub.dispose();
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.equal(outcome.code, 'network');
    assert.ok(ms < 5000, `failed after ${ms} ms`);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    const [notice] = shown;
    assert.match(notice.message, /cannot reach 127\.0\.0\.1:\d+ .*connection refused/);
    assert.deepEqual(notice.actions, ['Retry', 'Use the Embedded Model', 'Show Log']);
    assert.equal(lens.status().state, 'error');
    assert.equal(lens.status().model, 'org/not-reachable');

    const ready = next(lens.onDidChangeStatus, (s) => s.state === 'ready' && s.model === 'tiny-gpt-es-en');
    assert.ok(lens.chooseInNotification(notice.id, 'Use the Embedded Model'));
    await ready;
    assert.equal(lens.config().decoderModel, '', 'the setting is back to the embedded model');
    assert.equal(lens.status().state, 'ready');
  });

  it('a model the setting names that is not cached, downloads off, names the setting and allowRemoteModels', async () => {
    const lens = await api();
    await setting('analyzeWith', 'decoder');
    await setting('allowRemoteModels', false);
    await setting('decoderModel', 'org/not-cached-here');
    const document = await vscode.workspace.openTextDocument({ content: 'return a + b;', language: 'typescript' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    await new Promise((r) => setTimeout(r, 500));
    sub.dispose();
    assert.equal(outcome.ok, false);
    const notice = shown.find((n) => /org\/not-cached-here/.test(n.message));
    assert.ok(notice, JSON.stringify(shown));
    assert.match(notice.message, /not cached and remote downloads are disabled/);
    assert.match(notice.message, /attentionLens\.decoderModel/);
    assert.match(notice.message, /attentionLens\.allowRemoteModels is off/);
    assert.equal(lens.status().state, 'error');
    assert.match(lens.status().detail, /attentionLens\.decoderModel/, 'the status bar’s tooltip names the setting too');
  });
});
