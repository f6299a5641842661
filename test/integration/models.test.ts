// Real-model plumbing inside the extension host: the cache lives in the profile's per-user cache
// folder, Select Model offers only embedded and cached models when remote downloads are off (an
// unfinished download is not offered), a hub id downloads from the configured endpoint (a server
// on 127.0.0.1 in this test) with progress, and the Manage Model Cache command is there.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { HubServer } from '../support/hubServer';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench, until, untitled } from './editorHelpers';
import { EXTENSION_ID, api, setting } from './host';

/** A hub folder in the cache's layout; `complete` writes the marker a finished download leaves. */
function fakeDownload(cacheDir: string, id: string, architecture: string, complete: boolean): void {
  const folder = path.join(cacheDir, 'hub', ...id.split('/'));
  mkdirSync(path.join(folder, 'onnx'), { recursive: true });
  writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ architectures: [architecture] }));
  writeFileSync(path.join(folder, 'tokenizer.json'), '{}');
  writeFileSync(path.join(folder, 'onnx', 'model.onnx'), Buffer.alloc(2_000_000));
  if (complete) writeFileSync(path.join(folder, '.attention-lens-complete.json'), '{}');
}

describe('Attention Lens models and cache', function () {
  this.timeout(60_000);

  after(async () => {
    await setting('allowRemoteModels', undefined);
  });

  it('offers only embedded and cached models, and a local folder, when remote downloads are off', async () => {
    const lens = await api();
    const cacheDir = lens.cacheDir();
    assert.ok(cacheDir.includes('xdg-cache'), `the cache is in the profile's cache folder: ${cacheDir}`);
    fakeDownload(cacheDir, 'Xenova/distilbert-base-uncased', 'DistilBertForMaskedLM', true);
    fakeDownload(cacheDir, 'someone/own-gpt', 'GPT2LMHeadModel', true);
    fakeDownload(cacheDir, 'someone/half-done', 'BertForMaskedLM', false);

    await setting('allowRemoteModels', false);
    const offline = await lens.modelChoices();
    assert.deepEqual(
      offline.map((e) => [e.action, e.value, e.kind]),
      [
        ['embedded', '', 'decoder'],
        ['embedded', '', 'encoder'],
        ['preset', 'Xenova/distilbert-base-uncased', 'encoder'],
        ['cached', 'someone/own-gpt', 'decoder'],
        ['folder', '', null],
        ['allow-remote', '', null],
      ],
    );
    assert.match(offline[2].description, /cached \(2 MB\)/);

    await setting('allowRemoteModels', true);
    const online = await lens.modelChoices();
    assert.ok(online.some((e) => e.action === 'hub-id'));
    assert.ok(online.some((e) => e.value === 'Xenova/gpt2' && e.download && /needs a download/.test(e.description)));
    assert.ok(!online.some((e) => e.value === 'someone/half-done'), 'an unfinished download is never offered');
  });

  it('Select Model marks the embedded model in use however the setting names its folder: one "same model"', async () => {
    const lens = await api();
    const inUse = async () => (await lens.modelChoices()).find((e) => e.action === 'embedded' && e.kind === 'decoder')?.detail;
    assert.match((await inUse()) ?? '', /in use as the decoder/u);
    // The embedded decoder's own folder, with a dot and a trailing slash: the same model.
    await setting('decoderModel', `${vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath}/models/./tiny-gpt-es-en/`);
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      assert.match((await inUse()) ?? '', /in use as the decoder/u);
      // Weights it lacks: a failure of the embedded model, which "Use the Embedded Model" would not mend.
      await setting('modelPrecision', 'q8');
      const editor = await untitled('The river bank was steep.\n', 'plaintext');
      editor.selection = new vscode.Selection(0, 0, 0, 25);
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.equal(outcome.ok, false, JSON.stringify(outcome).slice(0, 300));
      await until('the failure', () => shown.find((n) => n.severity === 'error'), 30_000);
      const failure = shown.find((n) => n.severity === 'error')!;
      assert.ok(!failure.actions.includes('Use the Embedded Model'), `offered the model that failed: ${JSON.stringify(failure)}`);
    } finally {
      sub.dispose();
      await setting('modelPrecision', undefined);
      await setting('decoderModel', undefined);
      await resetWorkbench();
    }
  });

  it('downloads a hub id from the attentionLens.hubEndpoint server with progress in bytes and files, then analyzes with it', async () => {
    const lens = await api();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    // The embedded decoder (packaged in every build) served in the hub's layout from this process.
    const repo = path.join(extension.extensionPath, 'models', 'tiny-gpt-es-en');
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const match = /^\/org\/tiny-gpt-es-en\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = match ? path.join(repo, match[1]) : '';
      if (!file || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': statSync(file).size }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const statuses: string[] = [];
      const sub = lens.onDidChangeStatus((s) => statuses.push(s.detail));
      await setting('hubEndpoint', `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await setting('allowRemoteModels', true);
      await setting('decoderModel', 'org/tiny-gpt-es-en');
      await setting('analyzeWith', 'decoder');
      const document = await vscode.workspace.openTextDocument({ content: 'return a + b;', language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as { ok: boolean };
      sub.dispose();
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.ok(
        statuses.some((d) => /^downloading onnx\/model\.onnx \d+% \(.+ of .+, file 3 of 6\)$/.test(d)),
        statuses.join('\n'),
      );
      assert.ok(requests.includes('/org/tiny-gpt-es-en/resolve/main/onnx/model.onnx'));
      assert.ok(existsSync(path.join(lens.cacheDir(), 'hub', 'org', 'tiny-gpt-es-en', '.attention-lens-complete.json')));
      assert.match(lens.status().detail, / · fp32 · /);
      assert.ok((await lens.modelChoices()).some((e) => e.value === 'org/tiny-gpt-es-en' && /cached/.test(e.description)));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      for (const key of ['hubEndpoint', 'decoderModel', 'analyzeWith']) await setting(key, undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a slow download shows one notification with Cancel, the load’s, not also the analysis’ offer', async () => {
    // Both used to show: the load's (with Cancel) and, a second later, the analysis' Cancel offer.
    const lens = await api();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const id = `org/slow-gpt-${Date.now()}`; // a try again must download again
    const hub = new HubServer()
      .repo(id, path.join(extension.extensionPath, 'models', 'tiny-gpt-es-en'))
      .rule(`${id}/onnx/model.onnx`, { chunk: 1 << 20, delayMs: 250 });
    const host = await hub.start();
    try {
      await setting('hubEndpoint', host);
      await setting('allowRemoteModels', true);
      await setting('decoderModel', id);
      await setting('analyzeWith', 'decoder');
      const document = await vscode.workspace.openTextDocument({ content: 'return a + b;', language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
      const offers = lens.cancelOffers();
      const started = Date.now();
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as { ok: boolean };
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.ok(Date.now() - started > 2_000, 'the download took a while');
      assert.equal(lens.cancelOffers(), offers, 'no Cancel offer of the analysis beside the load’s');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      for (const key of ['hubEndpoint', 'decoderModel', 'analyzeWith']) await setting(key, undefined);
      await hub.stop();
    }
  });

  it('switching analyzeWith keeps both models loaded: the status says ready, and no load shows again', async () => {
    // Switching used to forget which models the engine holds: the status said "idle" (loads on the
    // next analysis) and the next analysis showed the load's notification again.
    const lens = await api();
    const document = await vscode.workspace.openTextDocument({ content: 'The river bank was steep.', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 0, document.getText().length);
    const analyzeWith = async (kind: 'encoder' | 'decoder'): Promise<void> => {
      await setting('analyzeWith', kind);
      await until(`the status on the ${kind}`, () => lens.status().kind === kind);
    };
    try {
      for (const kind of ['encoder', 'decoder'] as const) {
        await analyzeWith(kind);
        const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as { ok: boolean };
        assert.ok(outcome.ok, JSON.stringify(outcome));
      }
      await analyzeWith('encoder');
      assert.equal(lens.status().state, 'ready', lens.status().detail);
      const states: string[] = [];
      const sub = lens.onDidChangeStatus((s) => states.push(s.detail));
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as { ok: boolean };
      sub.dispose();
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.ok(!states.includes('loading…'), states.join('\n'));
      // The status says which models the engine holds (the panel's "Analysis shown: … Loaded"): both, here.
      assert.deepEqual([...(lens.status().loaded ?? [])].sort(), ['tiny-bert-es-en', 'tiny-gpt-es-en']);
      // Another decoder chosen: the engine drops the one it held, and the status says so at once, not at the next run.
      await setting('decoderModel', path.join(os.tmpdir(), 'attention-lens-another-decoder'));
      await until('the status to drop the decoder', () => !(lens.status().loaded ?? []).includes('tiny-gpt-es-en'));
    } finally {
      await setting('decoderModel', undefined);
      await setting('analyzeWith', undefined);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('contributes Manage Model Cache', async () => {
    await api();
    assert.ok((await vscode.commands.getCommands(true)).includes('attentionLens.manageModelCache'));
  });
});
