/**
 * The embedded models as other models: a copy of a folder at another path (`otherModel`), or hub
 * models whose weights come slowly (a stand-in hub on this machine), so that a test changes a
 * setting while a command is still loading them. `stop` puts the settings back,
 * stops the hub and removes the downloads, which may have finished meanwhile (a cached stand-in
 * would be offered by Select Model in later tests).
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelKind } from '../../src/protocol/analysis';
import { HubServer } from '../support/hubServer';
import { api, EXTENSION_ID, setting } from './host';

const FOLDER: Record<ModelKind, string> = { encoder: 'tiny-bert-es-en', decoder: 'tiny-gpt-es-en' };

/**
 * Another model of `kind` than the embedded one: a copy of its folder at another path (the same
 * weights, another model as every "same model" check sees it; the embedded folder named otherwise —
 * `models/./tiny-gpt-es-en/` — is the embedded model). Made once per extension host.
 */
export function otherModel(kind: ModelKind): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const folder = path.join(os.tmpdir(), `attention-lens-other-${process.pid}`, FOLDER[kind]);
  if (!existsSync(path.join(folder, 'config.json'))) cpSync(path.join(extension.extensionPath, 'models', FOLDER[kind]), folder, { recursive: true });
  return folder;
}

/**
 * How soon a command waiting on a slow load ends once a setting names another model (ms): the
 * load itself takes a minute and more; this leaves the settings' writes room on a busy machine.
 */
export const SOON_MS = 15_000;

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
