// Restricted Mode in a real VS Code (issue 14, item 3): code-server opens a folder with workspace
// trust on and the folder untrusted (tools/vscode/untrusted.ts writes it: looser downloads, memory
// guard, cache and debounce values, a stricter token limit, a relative model folder and a cache
// folder of its own). In the extension host: only the stricter workspace values count, the
// workspace's model folder is not used and a relative one is refused, and trusting the folder (the
// launcher clicks Trust in the Workspace Trust editor) applies the workspace's values at once —
// except the cache folder, which is machine-scoped: VS Code never reads it from a workspace.
// Run: node --import tsx tools/vscode/runIntegration.ts --untrusted
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { TRUST_REQUEST, WORKSPACE_CACHE, WORKSPACE_MODEL, WORKSPACE_NOTE, workspaceSettings } from '../../tools/vscode/untrusted';
import { api, next, setting } from '../integration/host';

const folder = (): string => vscode.workspace.workspaceFolders![0].uri.fsPath;

/** Analyzes the whole note with the decoder; the outcome of the command. */
async function analyzeNote(): Promise<RunOutcome> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder(), WORKSPACE_NOTE)));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(document.positionAt(0), document.positionAt(document.getText().length));
  return (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
}

describe('Restricted Mode: an untrusted workspace in code-server', function () {
  this.timeout(120_000);

  after(async () => {
    await setting('decoderModel', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the folder untrusted, with its settings there to be read', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const section = vscode.workspace.getConfiguration('attentionLens');
    // Not vacuous: VS Code hands these workspace values to the extension; the extension decides.
    assert.equal(section.inspect('memoryBudgetMB')?.workspaceValue, 0);
    assert.equal(section.inspect('allowRemoteModels')?.workspaceValue, true);
    assert.equal(section.inspect('allowRemoteModels')?.globalValue, false);
  });

  it('counts workspace values of downloads, memory budget, token limit, cache and debounce only when stricter', async () => {
    const config = (await api()).config();
    assert.equal(config.allowRemoteModels, false, 'the workspace cannot turn downloads back on');
    assert.equal(config.memoryBudgetMB, 2048, 'nor the memory guard off');
    assert.equal(config.cacheMemoryMB, 256, 'nor enlarge the analysis cache');
    assert.equal(config.surprisalDebounceMs, 500, 'nor shorten the debounce');
    assert.equal(config.maxTokens, 64, 'a smaller token limit is stricter: it counts');
    assert.equal(config.decoderModel, '', 'the model folder is a restricted setting');
    assert.equal(config.cacheDir, '', 'so is the cache folder');
  });

  it("analyzes with the embedded model, within the workspace's token limit", async () => {
    const lens = await api();
    const outcome = await analyzeNote();
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(lens.status().model, 'tiny-gpt-es-en');
    const shown = lens.analysis(outcome.analysisId);
    assert.ok(shown);
    assert.ok(shown.result.tokens.length <= 64 && shown.result.tokens.length > 32, `${shown.result.tokens.length} tokens`);
    assert.ok(!existsSync(path.join(folder(), WORKSPACE_CACHE)), "nothing is written to the workspace's cache folder");
  });

  it('refuses a relative model folder while the workspace is not trusted', async () => {
    await setting('decoderModel', `./${WORKSPACE_MODEL}`);
    const outcome = await analyzeNote();
    await setting('decoderModel', undefined);
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.code, 'bad-input');
    assert.match(outcome.message, /\.\/tiny is relative to the workspace, which is not trusted: trust the workspace or give an absolute path/);
  });

  it("applies the workspace's values at once when the workspace is trusted", async () => {
    const lens = await api();
    // The embedded decoder's surprisal colours: the grant changes the decoder (the workspace's ./tiny), so they go (watchModels).
    assert.ok((await analyzeNote()).ok);
    const note = vscode.window.activeTextEditor!.document.uri.toString();
    await vscode.commands.executeCommand('attentionLens.surprisalHeatmap');
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && lens.decorations(note).surprisal.length === 0;)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(lens.decorations(note).surprisal.length > 0, 'the heatmap coloured the note');
    await vscode.commands.executeCommand('workbench.trust.manage');
    const granted = next(vscode.workspace.onDidGrantWorkspaceTrust, () => true, 45_000);
    const asked = Date.now();
    console.log(TRUST_REQUEST); // the launcher clicks Trust (tools/vscode/untrusted.ts)
    await granted;
    const trustedAt = Date.now();
    assert.equal(vscode.workspace.isTrusted, true);
    const wanted = workspaceSettings(folder());
    const picked = () => {
      const c = lens.config();
      return { decoderModel: c.decoderModel, cacheDir: c.cacheDir, memoryBudgetMB: c.memoryBudgetMB, allowRemoteModels: c.allowRemoteModels };
    };
    const expected = {
      decoderModel: wanted['attentionLens.decoderModel'],
      cacheDir: '', // machine-scoped: VS Code reads it from user settings only, trusted or not
      memoryBudgetMB: 0,
      allowRemoteModels: true,
    };
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && JSON.stringify(picked()) !== JSON.stringify(expected);)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(picked(), expected);
    assert.deepEqual(lens.decorations(note).surprisal, [], "the previous decoder's colours went with it");
    console.log(`trust: granted ${trustedAt - asked} ms after the request; settings applied ${Date.now() - trustedAt} ms after the grant`);
    const config = lens.config();
    assert.equal(config.allowRemoteModels, true);
    assert.equal(config.cacheMemoryMB, 8192);
    assert.equal(config.surprisalDebounceMs, 50);
    assert.equal(config.maxTokens, 64);
    assert.notEqual(lens.cacheDir(), path.join(folder(), WORKSPACE_CACHE));

    const outcome = await analyzeNote();
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(lens.status().model, WORKSPACE_MODEL, "the workspace's ./tiny, read from the workspace folder");
    assert.ok(!existsSync(path.join(folder(), WORKSPACE_CACHE)), 'even a trusted workspace does not choose where the cache goes');
  });
});
