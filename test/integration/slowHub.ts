/**
 * The embedded decoder as a hub model whose weights come slowly (a stand-in hub on this machine):
 * a test changes a setting while an analysis is still loading it. `stop` puts the settings back,
 * stops the hub and removes the download, which may have finished meanwhile (a cached stand-in
 * would be offered by Select Model in later tests).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { HubServer } from '../support/hubServer';
import { api, EXTENSION_ID, setting } from './host';

export async function slowHubDecoder(): Promise<{ readonly id: string; stop(): Promise<void> }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const id = `org/slow-gpt-${Date.now()}`;
  const hub = new HubServer().repo(id, path.join(extension.extensionPath, 'models', 'tiny-gpt-es-en'));
  hub.rule(`${id}/onnx/model.onnx`, { chunk: 64 * 1024, delayMs: 400 });
  await setting('hubEndpoint', await hub.start());
  await setting('allowRemoteModels', true);
  await setting('decoderModel', id);
  return {
    id,
    stop: async () => {
      for (const key of ['decoderModel', 'hubEndpoint', 'allowRemoteModels']) await setting(key, undefined);
      await hub.stop();
      rmSync(path.join((await api()).cacheDir(), 'hub', ...id.split('/')), { recursive: true, force: true });
    },
  };
}
