// The settings as a VS Code user meets them in a real extension host: a value typed into
// settings.json that the extension cannot use (a wrong type, out of range, an unknown choice) is
// said once, naming the setting, where it is set, what it takes and what applies meanwhile, with a
// way to the file; it is never silently ignored. The view settings (defaultLayer, headAggregation,
// defaultHead) take effect at once on what is already analyzed — the panel, hovers — unless the
// reader chose another view for it in the panel.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import type { ViewChoice } from '../../src/protocol/viewChoice';
import { NO_CLEANING } from '../../src/protocol/views';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import { hoverAt, offsetOf, open, resetWorkbench, selectText, until } from './editorHelpers';
import { api, next, setting } from './host';

/** The keys these tests write (each afterEach takes them out again). */
const WRITTEN = ['maxTokens', 'device', 'allowRemoteModels', 'spotlightTokens', 'headAggregation', 'defaultLayer', 'cacheDir'];

const RIVER = 'The river bank was steep, so we sat on the grass';

describe('Settings as a VS Code user edits them', function () {
  this.timeout(120_000);

  afterEach(async () => {
    for (const key of WRITTEN) await setting(key, undefined);
    await resetWorkbench();
  });

  it('a value it cannot use is said once, naming the setting, the value, what it takes and the default, with Open Settings', async () => {
    const lens = await api();
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await setting('maxTokens', 'lots');
      const first = await until('a notice about maxTokens', () => notices.find((n) => n.message.includes('attentionLens.maxTokens')));
      assert.equal(first.severity, 'warning');
      assert.match(first.message, /"lots"/u, first.message);
      assert.match(first.message, /user settings/u, first.message);
      assert.match(first.message, /8 to 4096/u, first.message);
      assert.match(first.message, /512/u, first.message);
      assert.deepEqual(first.actions, ['Open Settings']);
      assert.equal(lens.config().maxTokens, 512, 'the default applies meanwhile');

      // Another setting's change (and the invalid ones of other kinds) does not repeat maxTokens's notice.
      await setting('device', 'gpu');
      await setting('allowRemoteModels', 'yes');
      await setting('spotlightTokens', 0);
      await until('notices about the other three', () => notices.length >= 4);
      await new Promise((r) => setTimeout(r, 300));
      const about = (key: string): ShownNotice[] => notices.filter((n) => n.message.includes(`attentionLens.${key}`));
      assert.equal(about('maxTokens').length, 1, notices.map((n) => n.message).join('\n'));
      assert.match(about('device')[0].message, /"cpu", "auto", "cuda"/u);
      assert.match(about('allowRemoteModels')[0].message, /true or false/u);
      assert.match(about('spotlightTokens')[0].message, /1 to 64/u);
      assert.equal(notices.length, 4, notices.map((n) => n.message).join('\n'));

      // Fixed, then broken again: said again.
      await setting('maxTokens', 16);
      await until('maxTokens applies', () => lens.config().maxTokens === 16);
      await setting('maxTokens', 5);
      await until('a second notice about maxTokens', () => about('maxTokens').length === 2);
      assert.match(about('maxTokens')[1].message, /is 5,/u);

      // Open Settings opens the user settings.json, where the value is.
      assert.ok(lens.chooseInNotification(about('maxTokens')[1].id, 'Open Settings'));
      const editor = await until('settings.json in an editor', () =>
        vscode.window.activeTextEditor?.document.uri.path.endsWith('/settings.json') ? vscode.window.activeTextEditor : null,
      );
      assert.match(editor.document.getText(), /attentionLens\.maxTokens/u);
    } finally {
      sub.dispose();
    }
  });

  it('a value it cannot use in the workspace settings is said as the workspace’s, and Open Settings opens that file', async () => {
    const lens = await api();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const hadSettings = existsSync(path.join(folder, '.vscode'));
    const workspace = vscode.workspace.getConfiguration('attentionLens');
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await workspace.update('topK', 500, vscode.ConfigurationTarget.Workspace);
      const notice = await until('a notice about topK', () => notices.find((n) => n.message.includes('attentionLens.topK')));
      assert.match(notice.message, /workspace settings is 500,/u, notice.message);
      assert.equal(lens.config().topK, 10);
      assert.ok(lens.chooseInNotification(notice.id, 'Open Settings'));
      const editor = await until('the workspace settings.json in an editor', () =>
        vscode.window.activeTextEditor?.document.uri.fsPath.startsWith(folder) ? vscode.window.activeTextEditor : null,
      );
      assert.match(editor.document.uri.path, /\/\.vscode\/settings\.json$/u);
    } finally {
      sub.dispose();
      await workspace.update('topK', undefined, vscode.ConfigurationTarget.Workspace);
      if (!hadSettings) rmSync(path.join(folder, '.vscode'), { recursive: true, force: true });
    }
  });

  it('headAggregation and defaultLayer change the open panel and the hovers of what is analyzed, at once; a reader’s choice stays', async () => {
    const lens = await api();
    const editor = await open('river.md');
    selectText(editor, RIVER);
    const drawn = (id: number): Promise<unknown> => next(lens.onDidRenderInPanel, (r) => r.analysisId === id);
    const first = next(lens.onDidRenderInPanel, () => true);
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const id = outcome.analysisId;
    assert.equal((await first).analysisId, id, 'the panel drew the analysis');
    const steep = offsetOf(editor, 'steep') + 2;
    assert.doesNotMatch(await hoverAt(editor.document, steep), /max over heads/u);

    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis' && (m.params as ShownAnalysis).id === id);
    const redrawn = drawn(id);
    await setting('headAggregation', 'max');
    assert.deepEqual(((await posted).params as { choice: ViewChoice }).choice.combine, { kind: 'max' }, 'the panel is given the new default');
    await redrawn;
    assert.match(await hoverAt(editor.document, steep), /max over heads/u, 'the hover shows what the panel shows');

    // The reader chooses in the panel: that analysis keeps the choice when the default changes again.
    const layers = lens.analysis(id)!.result.attention.layers;
    const chosen: ViewChoice = { layer: 1, combine: { kind: 'mean' }, cleaning: NO_CLEANING };
    assert.ok(lens.postFromPanel('selection', { analysisId: id, choice: chosen }));
    await setting('defaultLayer', 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(lens.panelChoice({ shown: lens.analysis(id)! } as never), chosen);
    assert.ok(layers > 1);
  });

  it('no keybinding of the extension takes a key VS Code binds by default on this platform', async () => {
    // VS Code's own list of default keybindings, as Preferences: Open Default Keyboard Shortcuts (JSON) shows it
    // (here the browser workbench's, where Ctrl+N belongs to the browser and New Untitled Text File takes Ctrl+Alt+N).
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
    const defaults = [...document.getText().matchAll(/"key": "([^"]+)",\s+"command": "([^"]+)"/gu)].map((m) => ({ key: m[1], command: m[2] }));
    assert.ok(
      defaults.some((d) => d.command === 'workbench.action.files.save'),
      'the list is there',
    );
    const manifest = vscode.extensions.getExtension('attention-lens.attention-lens')!.packageJSON as {
      contributes: { keybindings: { key: string; linux?: string; win?: string; command: string }[] };
    };
    const platform = process.platform === 'win32' ? 'win' : 'linux';
    const clashes = manifest.contributes.keybindings.flatMap(({ command, ...keys }) => {
      const key = keys[platform] ?? keys.key;
      return defaults.filter((d) => d.key === key && !d.command.startsWith('attentionLens.')).map((d) => `${command} takes ${key} from ${d.command}`);
    });
    assert.deepEqual(clashes, []);
  });

  it('attentionLens.cacheDir: ~ is the home folder; a relative folder (relative to nothing) is said, and the default cache used', async () => {
    const lens = await api();
    const fallback = lens.cacheDir();
    await setting('cacheDir', '~/attention-lens-settings-test');
    await until('the cache folder under the home folder', () => lens.cacheDir() === path.join(os.homedir(), 'attention-lens-settings-test'));
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await setting('cacheDir', 'models/cache');
      const notice = await until('a notice about cacheDir', () => notices.find((n) => n.message.includes('attentionLens.cacheDir')));
      assert.match(notice.message, /"models\/cache"/u, notice.message);
      assert.match(notice.message, /absolute folder/u, notice.message);
      assert.equal(lens.cacheDir(), fallback, 'the default cache meanwhile');
    } finally {
      sub.dispose();
    }
  });
});
