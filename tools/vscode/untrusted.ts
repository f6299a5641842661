/**
 * The Restricted Mode run (plain Node, and bundled into its test in the extension host): the
 * untrusted folder it opens, the user and workspace settings it holds, and how a test asks the
 * launcher to trust that folder. VS Code gives extensions no way to grant trust (the API only
 * reads it), so the test opens the Workspace Trust editor, prints TRUST_REQUEST on the extension
 * host's console, and the launcher — which holds the workbench page — clicks its Trust button,
 * as a person would.
 *
 *   node --import tsx tools/vscode/runIntegration.ts --untrusted   # test/untrusted/*.test.ts
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** The line a test prints to have the launcher trust the workspace. */
export const TRUST_REQUEST = 'ATTENTION_LENS_TRUST_WORKSPACE';

/** The model folder inside the workspace, named relatively in its settings. */
export const WORKSPACE_MODEL = 'tiny';
export const WORKSPACE_CACHE = '.lens-cache';
export const WORKSPACE_NOTE = 'note.txt';

/** The user's own values: downloads off; the rest are the defaults. */
export const USER_SETTINGS: Readonly<Record<string, unknown>> = { 'attentionLens.allowRemoteModels': false };

/**
 * What a cloned repository could set: downloads back on, the memory guard off (0), a larger
 * analysis cache, a shorter debounce (all looser than the user's), a smaller token limit (stricter),
 * and a relative model folder and its own cache folder (restricted settings; the cache folder is
 * machine-scoped too, so VS Code never takes it from a workspace, trusted or not).
 */
export function workspaceSettings(workspace: string): Record<string, unknown> {
  return {
    'attentionLens.allowRemoteModels': true,
    'attentionLens.memoryBudgetMB': 0,
    'attentionLens.cacheMemoryMB': 8192,
    'attentionLens.surprisalDebounceMs': 50,
    'attentionLens.maxTokens': 64,
    'attentionLens.decoderModel': `./${WORKSPACE_MODEL}`,
    'attentionLens.cacheDir': path.join(workspace, WORKSPACE_CACHE),
  };
}

/** Long enough that a 64-token limit windows it. */
const NOTE = Array.from(
  { length: 12 },
  (_, i) => `Paragraph ${i + 1}: the river bank was steep, so we sat on the grass and watched the water run past the old mill.`,
).join('\n');

/** Writes the untrusted folder: its settings, a copy of `model` as ./tiny, and a note to analyze. */
export function writeUntrustedWorkspace(workspace: string, model: string): void {
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings(workspace), null, 2));
  cpSync(model, path.join(workspace, WORKSPACE_MODEL), { recursive: true });
  writeFileSync(path.join(workspace, WORKSPACE_NOTE), `${NOTE}\n`);
}

/** Clicks Trust in the Workspace Trust editor the test opened (`workbench.trust.manage`). */
export async function grantTrust(page: Page): Promise<void> {
  const button = page.locator('.workspace-trust-editor .workspace-trust-buttons-row .monaco-button', { hasText: /^Trust/ }).first();
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  await button.click();
}
