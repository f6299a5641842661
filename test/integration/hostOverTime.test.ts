// The host's behaviour over time and across editors inside a real extension host: what an edit made
// while a command ran does to the text it then inserts or labels; whether the spotlight, the side
// view and the status follow at once what they depend on — the panel's view choice, the
// spotlightTokens setting, the UI's language — instead of waiting for the next cursor move or a
// reload; whether Select Model's choice takes effect where the workspace sets the same settings;
// where a document revealed from the focused panel opens; what a preview, a notification's offer
// and a command do once the document they were about is closed, hidden or absent.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { AttentionLensApi } from '../../src/host/extension';
import type { ShownNotice } from '../../src/host/notify';
import { weightBucket } from '../../src/host/editor/buckets';
import type { ShownAnalysis, SpotlightMessage } from '../../src/protocol/webviewApi';
import { NO_CLEANING } from '../../src/protocol/views';
import { headMatrix, offsetOf, open, resetWorkbench, selectText, untitled, until } from './editorHelpers';
import { api, next, openSideView, setting } from './host';

const NEEDLE = 'The river bank was steep, so we sat on the grass';

/** The texts the spotlight should light up for `query` under one head of one layer, strongest first. */
async function expectedLit(lens: AttentionLensApi, shown: ShownAnalysis, text: string, query: number, layer: number, head: number): Promise<string[]> {
  const { tokens, attention } = shown.result;
  const m = await headMatrix(lens, shown, layer, head);
  const order = tokens
    .map((_, k) => ({ w: m[query * attention.length + k], k }))
    .filter((a) => a.w > 0 && tokens[a.k].start !== null)
    .sort((a, b) => b.w - a.w || a.k - b.k)
    .slice(0, lens.config().spotlightTokens);
  const max = order[0].w;
  return order.filter(({ w }) => weightBucket(w, max) !== null).map(({ k }) => text.slice(tokens[k].start!, tokens[k].end!).trim());
}

/** river.md analyzed over NEEDLE, the spotlight on, the cursor in "grass", its decorations applied. */
async function spotlightOnGrass(lens: AttentionLensApi): Promise<{ editor: vscode.TextEditor; uri: string; shown: ShownAnalysis; query: number }> {
  const editor = await open('river.md');
  selectText(editor, NEEDLE);
  const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
  assert.ok(analyzed.ok, JSON.stringify(analyzed));
  await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
  assert.equal(await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true), true);
  const uri = editor.document.uri.toString();
  const grass = offsetOf(editor, 'grass');
  editor.selection = new vscode.Selection(editor.document.positionAt(grass + 2), editor.document.positionAt(grass + 2));
  await until('spotlight decorations', () => lens.decorations(uri).spotlight.length > 0);
  const shown = lens.analysis(analyzed.analysisId)!;
  const at = grass + 2 - offsetOf(editor, NEEDLE);
  const query = shown.result.tokens.findIndex((t) => t.start !== null && t.start <= at && at < t.end!);
  return { editor, uri, shown, query };
}

/** Opens the side view and waits (a while) until its page listens. */
/**
 * Runs `run` with `values` set in the workspace's settings, then takes them out of the workspace and
 * the user settings (Select Model may write either), and the .vscode folder if the test made it.
 */
async function withWorkspaceSettings(values: Record<string, unknown>, run: () => Promise<void>): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const hadSettings = existsSync(path.join(folder, '.vscode'));
  const workspace = vscode.workspace.getConfiguration('attentionLens');
  try {
    for (const [key, value] of Object.entries(values)) await workspace.update(key, value, vscode.ConfigurationTarget.Workspace);
    await run();
  } finally {
    for (const key of Object.keys(values)) {
      await workspace.update(key, undefined, vscode.ConfigurationTarget.Workspace);
      await setting(key, undefined);
    }
    if (!hadSettings) rmSync(path.join(folder, '.vscode'), { recursive: true, force: true });
  }
}

describe('Host over time', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await setting('spotlightTokens', undefined);
    await setting('language', undefined);
    await resetWorkbench();
  });

  it('Next Word inserts nothing when the text changed while it searched, and says so', async () => {
    const lens = await api();
    const text = 'The river bank was steep, so we sat on the';
    const editor = await untitled(text, 'markdown');
    const end = editor.document.positionAt(text.length);
    editor.selection = new vscode.Selection(end, end);
    // Ids only grow: the next analysis (Next Word's own) has a larger one than this.
    const first = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(first.ok, JSON.stringify(first));
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(end, end);
    let outcome: (RunOutcome & { applied?: string | null }) | null = null;
    void (vscode.commands.executeCommand('attentionLens.nextWord') as Thenable<RunOutcome & { applied?: string | null }>).then((o) => (outcome = o));
    // The decoder has run (the pick comes next): the reader types at the top of the file meanwhile.
    await until('Next Word to have analyzed', () => (lens.lastAnalysisId() ?? 0) > first.analysisId);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Yes. ')));
    await until('Next Word to end', () => {
      if (outcome) return true;
      void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return false;
    });
    const done = outcome as unknown as RunOutcome & { applied?: string | null };
    assert.equal(editor.document.getText(), `Yes. ${text}`, 'nothing goes in where the cursor was before the edit');
    assert.equal(done.ok, false, JSON.stringify(done));
  });

  it('the spotlight follows the view choice made in the panel at once', async () => {
    const lens = await api();
    const { editor, uri, shown, query } = await spotlightOnGrass(lens);
    const text = editor.document.getText().slice(offsetOf(editor, NEEDLE));
    // Whatever update the cursor and the panel's opening started has ended: only the choice can start one now.
    await new Promise((r) => setTimeout(r, 2_000));
    const updated = next(lens.onDidUpdateSpotlight, (u) => u === uri, 10_000);
    const choice = { layer: 0, combine: { kind: 'head' as const, head: 1 }, cleaning: NO_CLEANING };
    assert.ok(lens.postFromPanel('selection', { analysisId: shown.id, choice }), 'the panel is open');
    await updated;
    assert.deepEqual(
      lens.decorations(uri).spotlight.map((d) => d.text),
      await expectedLit(lens, shown, text, query, 0, 1),
      'layer 1, head 2: what the panel now shows',
    );
  });

  it('the spotlight follows attentionLens.spotlightTokens at once', async () => {
    const lens = await api();
    const { uri } = await spotlightOnGrass(lens);
    assert.ok(lens.decorations(uri).spotlight.length > 1);
    // Whatever update the cursor and the panel's opening started has ended: only the setting can start one now.
    await new Promise((r) => setTimeout(r, 2_000));
    await setting('spotlightTokens', 1);
    await until('one token lit', () => lens.decorations(uri).spotlight.length === 1, 10_000);
  });

  it('the side view’s spotlight list speaks the new language at once', async () => {
    const lens = await api();
    await openSideView();
    const listed = next(
      lens.onDidPostToWebview,
      (m) => m.view === 'side' && m.method === 'spotlight' && Array.isArray((m.params as { items?: unknown } | null)?.items),
    );
    await spotlightOnGrass(lens);
    const english = (await listed).params as Extract<SpotlightMessage, { items: unknown }>;
    assert.match(english.view, /^layer /, english.view);
    const spanish = next(
      lens.onDidPostToWebview,
      (m) =>
        m.view === 'side' &&
        m.method === 'spotlight' &&
        Array.isArray((m.params as { items?: unknown } | null)?.items) &&
        (m.params as typeof english).view !== english.view,
      20_000,
    );
    await setting('language', 'es');
    await until('Spanish', () => lens.locale().language === 'es');
    const list = (await spanish).params as typeof english;
    assert.match(list.view, /^capa /, list.view);
    assert.notDeepEqual(list.bands, english.bands);
  });

  it('fine-tuning labels no line when the text changed while the head trained', async () => {
    const lens = await api();
    // Enough lines that the head trains for a while (the edit below comes while it does).
    const code = Array.from({ length: 24 }, (_, i) => `const value${i} = list.map((x) => x * ${i});`);
    const prose = Array.from({ length: 24 }, (_, i) => `We walked along the river for ${i + 2} hours in the cold.`);
    const editor = await untitled([...code, ...prose, 'export function f(): void {}', 'My friend lives near the sea.'].join('\n'), 'plaintext');
    const uri = editor.document.uri.toString();
    const lines = (from: number): number[] => Array.from({ length: 24 }, (_, i) => from + i);
    assert.ok(((await vscode.commands.executeCommand('attentionLens.labelLine', { lines: lines(0), label: 'code' })) as RunOutcome).ok);
    assert.ok(((await vscode.commands.executeCommand('attentionLens.labelLine', { lines: lines(24), label: 'prose' })) as RunOutcome).ok);
    const tuning = vscode.commands.executeCommand('attentionLens.fineTune', { folds: 5 }) as Thenable<{ ok: boolean; predicted?: number }>;
    // A line added at the top while the head trains: the lines it would label are one further down now.
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'A new first line.\n')));
    const tuned = await tuning;
    assert.ok(tuned.ok, JSON.stringify(tuned));
    assert.deepEqual(lens.bert.labels.shown(uri).predicted, [], 'no prediction sits on a line it was not made for');
    assert.equal(lens.bert.labels.shown(uri).labelled[0]?.[0], 1, 'the labels moved with their lines');
    lens.bert.labels.clear(uri);
  });

  it('Select Model takes effect where the workspace sets the model and the kind', async () => {
    const lens = await api();
    await withWorkspaceSettings({ decoderModel: 'Xenova/distilgpt2', analyzeWith: 'encoder' }, async () => {
      await until('the workspace settings', () => lens.config().decoderModel === 'Xenova/distilgpt2' && lens.config().analyzeWith === 'encoder');
      let done = false;
      void Promise.resolve(vscode.commands.executeCommand('attentionLens.selectModel')).then(() => (done = true));
      // The first item: the embedded decoder.
      await until('Select Model to end', () => {
        if (done) return true;
        void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return false;
      });
      await until('the settings to change', () => lens.config().decoderModel === '' && lens.config().analyzeWith === 'decoder', 5_000).catch(() => null);
      assert.deepEqual({ decoderModel: lens.config().decoderModel, analyzeWith: lens.config().analyzeWith }, { decoderModel: '', analyzeWith: 'decoder' });
    });
  });

  it('the model status between runs speaks the new language at once', async () => {
    const lens = await api();
    const editor = await open('river.md');
    selectText(editor, NEEDLE);
    assert.ok(((await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome).ok);
    await until('the model ready', () => lens.status().state === 'ready');
    assert.match(lens.status().detail, /layers ×/, lens.status().detail);
    const told = next(lens.onDidChangeStatus, (s) => /capas ×/.test(s.detail), 10_000);
    await setting('language', 'es');
    await until('Spanish', () => lens.locale().language === 'es');
    await told;
    assert.match(lens.status().detail, /^\d+ capas × \d+ cabezas · \w+ · \d+ tokens en \d+ ms$/, lens.status().detail);
  });

  it('a token revealed from the focused panel opens its document beside the panel, not in its place', async () => {
    const lens = await api();
    const editor = await open('river.md');
    selectText(editor, NEEDLE);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    // Another document in front of river.md in the first group, then the keyboard in the panel. It has
    // no analysis of its own: the panel, which follows the active editor's latest analysis, keeps
    // river.md's (sample.ts, analyzed by earlier tests of a full run, took the panel to its own).
    const cover = await untitled('Nothing analyzed here.', 'plaintext');
    await vscode.commands.executeCommand('attentionLens.showPanel');
    const panelGroup = await until('the panel focused', () => {
      const group = vscode.window.tabGroups.activeTabGroup;
      return group.activeTab?.input instanceof vscode.TabInputWebview && group;
    });
    const uri = editor.document.uri.toString();
    assert.ok(lens.postFromPanel('reveal', { analysisId: analyzed.analysisId, token: 3 }));
    const shown = await until('river.md revealed', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri));
    assert.notEqual(shown.viewColumn, panelGroup.viewColumn, 'the document opens beside the panel');
    const group = vscode.window.tabGroups.all.find((g) => g.viewColumn === panelGroup.viewColumn);
    assert.ok(group?.activeTab?.input instanceof vscode.TabInputWebview, 'the panel stays in front in its group');
    await vscode.window.showTextDocument(cover.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Insert puts a preview into no new document that took the closed one’s name', async () => {
    const first = await untitled('The river bank was steep, so we sat on the', 'markdown');
    const uri = first.document.uri.toString();
    const end = first.document.positionAt(first.document.getText().length);
    first.selection = new vscode.Selection(end, end);
    const preview = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 2 })) as RunOutcome & { previewId?: number };
    assert.ok(preview.ok, JSON.stringify(preview));
    const closed = next(vscode.workspace.onDidCloseTextDocument, (d) => d.uri.toString() === uri, 30_000);
    await vscode.window.showTextDocument(first.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closed;
    const text = 'Another text, which nobody continued.';
    const other = await untitled(text, 'markdown');
    console.log(`    the new untitled document: ${other.document.uri.toString()} (the closed one: ${uri})`);
    const inserted = (await vscode.commands.executeCommand('attentionLens.insertPreview', { previewId: preview.previewId })) as RunOutcome;
    assert.equal(other.document.getText(), text, 'the preview went into another document');
    assert.equal(inserted.ok, false);
  });

  it('a notification’s window offer analyzes the document it was about, whichever editor is active', async () => {
    const lens = await api();
    await setting('maxTokens', 32);
    try {
      const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} says the river kept flowing past the mill.`);
      const long = await untitled(lines.join('\n'), 'markdown');
      const uri = long.document.uri.toString();
      long.selection = new vscode.Selection(2, 0, 30, 5);
      const offered = next(lens.onDidNotify, (n) => n.actions.includes('From the Selection Start'));
      const first = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(first.ok, JSON.stringify(first));
      const notice = await offered;
      // The reader goes on in another file, then takes the offer.
      const other = await open('river.md');
      selectText(other, NEEDLE);
      const analyzed = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis' && (m.params as ShownAnalysis).id > first.analysisId);
      assert.ok(lens.chooseInNotification(notice.id, 'From the Selection Start'));
      const shown = (await analyzed).params as ShownAnalysis;
      assert.equal(shown.document.uri, uri, 'the offer analyzes the long document');
      assert.equal(shown.ranges.find((r) => r !== null)!.startLine, 2, 'from its selection’s start');
    } finally {
      await setting('maxTokens', undefined);
    }
  });

  it('commands that can do nothing here say why: no text editor active, no word at the cursor', async () => {
    const lens = await api();
    const silent: string[] = [];
    const expectNotice = async (command: string): Promise<void> => {
      const shown: ShownNotice[] = [];
      const sub = lens.onDidNotify((n) => shown.push(n));
      const outcome = (await vscode.commands.executeCommand(command)) as RunOutcome;
      sub.dispose();
      assert.equal(outcome.ok, false, `${command}: ${JSON.stringify(outcome)}`);
      if (!outcome.ok && !shown.some((n) => n.message.includes(outcome.message))) silent.push(`${command}: ${outcome.message}`);
    };
    // The cursor on no word, one word on its line.
    const editor = await untitled('Hello   ', 'plaintext');
    editor.selection = new vscode.Selection(0, 7, 0, 7);
    for (const command of ['attentionLens.wordSenses', 'attentionLens.shuffleWords']) await expectNotice(command);
    // The keyboard in the panel: no text editor is active.
    await vscode.commands.executeCommand('attentionLens.showPanel');
    await until('no active text editor', () => vscode.window.activeTextEditor === undefined);
    for (const command of [
      'attentionLens.surprisalHeatmap',
      'attentionLens.toggleSettling',
      'attentionLens.compareModels',
      'attentionLens.continueText',
      'attentionLens.wordSenses',
      'attentionLens.shuffleWords',
    ])
      await expectNotice(command);
    assert.deepEqual(silent, [], 'refused without a word to the person who ran them');
  });

  it('Select Model’s “allow downloads” takes effect where the workspace turns downloads off', async () => {
    const lens = await api();
    await withWorkspaceSettings({ allowRemoteModels: false }, async () => {
      await until('downloads off', () => lens.config().allowRemoteModels === false);
      let done = false;
      void Promise.resolve(vscode.commands.executeCommand('attentionLens.selectModel')).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 1_500));
      // The last item, with downloads off: allow them.
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectPrevious');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await until('downloads allowed', () => lens.config().allowRemoteModels, 5_000).catch(() => null);
      assert.equal(lens.config().allowRemoteModels, true, 'the choice counts');
      // The picker comes again, now with the downloads: closed.
      await until('Select Model to end', () => {
        if (done) return true;
        void vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        return false;
      });
    }).finally(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));
  });
});
