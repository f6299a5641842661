/**
 * The embedded models as hub models whose weights come slowly (a stand-in hub on this machine):
 * a test changes a setting while a command is still loading them. `stop` puts the settings back,
 * stops the hub and removes the downloads, which may have finished meanwhile (a cached stand-in
 * would be offered by Select Model in later tests).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelKind } from '../../src/protocol/analysis';
import { HubServer } from '../support/hubServer';
import { api, EXTENSION_ID, setting } from './host';

const FOLDER: Record<ModelKind, string> = { encoder: 'tiny-bert-es-en', decoder: 'tiny-gpt-es-en' };

/** The embedded decoder, slow: the `decoderModel` setting names it. */
export function slowHubDecoder(): Promise<{ readonly id: string; stop(): Promise<void> }> {
  return slowHubModels(['decoder']);
}

/** The embedded models of `kinds`, slow, from one stand-in hub: each kind's setting names its own. `delayMs`: between 64 KiB chunks. */
export async function slowHubModels(kinds: readonly ModelKind[], delayMs = 400): Promise<{ readonly id: string; stop(): Promise<void> }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const hub = new HubServer();
  const ids = kinds.map((kind) => `org/slow-${kind}-${Date.now()}`);
  kinds.forEach((kind, i) =>
    hub.repo(ids[i], path.join(extension.extensionPath, 'models', FOLDER[kind])).rule(`${ids[i]}/onnx/model.onnx`, { chunk: 64 * 1024, delayMs }),
  );
  await setting('hubEndpoint', await hub.start());
  await setting('allowRemoteModels', true);
  for (const [i, kind] of kinds.entries()) await setting(`${kind}Model`, ids[i]);
  return {
    id: ids[0],
    stop: async () => {
      for (const key of [...kinds.map((kind) => `${kind}Model`), 'hubEndpoint', 'allowRemoteModels']) await setting(key, undefined);
      await hub.stop();
      for (const id of ids) rmSync(path.join((await api()).cacheDir(), 'hub', ...id.split('/')), { recursive: true, force: true });
    },
  };
}
