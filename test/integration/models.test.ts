// Real-model plumbing inside the extension host: the cache lives in the profile's per-user cache
// folder, Select Model offers only embedded and cached models when remote downloads are off (an
// unfinished download is not offered), and the Manage Model Cache command is there.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/host/extension';

const EXTENSION_ID = 'attention-lens.attention-lens';

async function api(): Promise<AttentionLensApi> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('attentionLens').update(key, value, vscode.ConfigurationTarget.Global);
}

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
    assert.deepEqual(offline.map((e) => [e.action, e.value, e.kind]), [
      ['embedded', '', 'decoder'],
      ['embedded', '', 'encoder'],
      ['preset', 'Xenova/distilbert-base-uncased', 'encoder'],
      ['cached', 'someone/own-gpt', 'decoder'],
      ['folder', '', null],
    ]);
    assert.match(offline[2].description, /cached \(2 MB\)/);

    await setting('allowRemoteModels', true);
    const online = await lens.modelChoices();
    assert.ok(online.some((e) => e.action === 'hub-id'));
    assert.ok(online.some((e) => e.value === 'Xenova/gpt2' && /to download/.test(e.description)));
    assert.ok(!online.some((e) => e.value === 'someone/half-done'), 'an unfinished download is never offered');
  });

  it('contributes Manage Model Cache', async () => {
    await api();
    assert.ok((await vscode.commands.getCommands(true)).includes('attentionLens.manageModelCache'));
  });
});
