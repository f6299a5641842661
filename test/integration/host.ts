/**
 * What every integration test file needs from the extension host (bundled into each test file):
 * the extension's API, a global setting, and the first event that matches.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/host/extension';

export const EXTENSION_ID = 'attention-lens.attention-lens';

/** The extension's API, activating it first when needed. */
export async function api(): Promise<AttentionLensApi> {
  const extension = vscode.extensions.getExtension<AttentionLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

/** Sets (or, with undefined, removes) a user setting of the extension. */
export async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('attentionLens').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Resolves with the first event matching `accept`, or fails after `ms`. */
export function next<T>(event: vscode.Event<T>, accept: (value: T) => boolean, ms = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const sub = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

/** Shows the side view and waits (10 s at most) for its first status: it then holds what the host sent. */
export async function openSideView(): Promise<void> {
  const lens = await api();
  const ready = next(lens.onDidPostToWebview, (m) => m.view === 'side' && m.method === 'status', 10_000);
  await vscode.commands.executeCommand('attentionLens.sideView.focus');
  await ready.catch(() => undefined);
}
