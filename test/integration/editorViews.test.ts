// What the editor side shows where the same document or the same settings meet more than one view,
// inside a real extension host: the spotlight with one document split into two editors (it belongs
// to the editor the cursor is in), default view settings that the model in use cannot hold, and
// what Analyze Selection reads around the cursor in code (the statement with its block, as Mask Word),
// a command whose model setting changes while it runs (its result is not shown, and it says so),
// and the analysed document's tab closed (the panel keeps the analysis and says the document is closed).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { offsetOf, open, rangeText, resetWorkbench, selectText, until } from './editorHelpers';
import { api, openSideView, next, setting } from './host';
import { slowHubDecoder, SOON_MS } from './slowHub';

const NEEDLE = 'The river bank was steep, so we sat on the grass';

describe('Editor views', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await setting('defaultLayer', undefined);
    await setting('decoderModel', undefined);
    await resetWorkbench();
  });

  it('the spotlight lights up only the editor the cursor is in when the document is split', async () => {
    const lens = await api();
    const left = await open('river.md');
    selectText(left, NEEDLE);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    const { document } = left;
    const uri = document.uri.toString();
    const right = await vscode.window.showTextDocument(document, vscode.ViewColumn.Two);
    assert.notEqual(right, left, 'two editors of one document');
    assert.equal(await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true), true);
    const at = (needle: string): vscode.Selection => {
      const p = document.positionAt(offsetOf(left, needle) + 2);
      return new vscode.Selection(p, p);
    };
    // The cursor in the right-hand editor: only it lights up.
    let updated = next(lens.onDidUpdateSpotlight, (u) => u === uri, 20_000);
    right.selection = at('grass');
    await updated;
    await until('the spotlight in the right-hand editor', () => lens.decorations(uri).spotlight.length > 0);
    assert.deepEqual(lens.decorations(uri).spotlightColumns, [vscode.ViewColumn.Two]);
    // Back to the left-hand editor, on another word: it lights up, and the right-hand one is cleared.
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    updated = next(lens.onDidUpdateSpotlight, (u) => u === uri, 20_000);
    left.selection = at('steep');
    await updated;
    assert.deepEqual(lens.decorations(uri).spotlightColumns, [vscode.ViewColumn.One]);
  });

  it('a default layer the model lacks is said once, with the layer the views use', async () => {
    const lens = await api();
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    const told = (): ShownNotice[] => shown.filter((n) => n.message.includes('attentionLens.defaultLayer'));
    try {
      // Said when the setting changes (on the last analysis) or at the next analysis: once either way.
      await setting('defaultLayer', 40);
      const editor = await open('river.md');
      selectText(editor, 'we sat on the grass and watched the water');
      const first = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(first.ok, JSON.stringify(first));
      const { layers, id } = lens.analysis(first.analysisId)!.result.model;
      await until('the notice', () => told().length > 0, 5_000).catch(() => undefined);
      assert.equal(told().length, 1, JSON.stringify(shown));
      assert.equal(told()[0].severity, 'info');
      assert.ok(told()[0].message.includes(`is 40, but ${id} has layers 0 to ${layers - 1}: the views open on layer ${layers - 1}.`), told()[0].message);
      // Another analysis on the same model and setting: not again.
      selectText(editor, 'The river bank was steep');
      const second = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(second.ok, JSON.stringify(second));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(told().length, 1, JSON.stringify(shown));
    } finally {
      sub.dispose();
    }
  });

  it('Analyze Selection with no selection in code reads the statement with its block, so its first word has context', async () => {
    const lens = await api();
    const editor = await open('sample.ts');
    const at = editor.document.positionAt(offsetOf(editor, 'return a + b'));
    editor.selection = new vscode.Selection(at, at);
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const shown = lens.analysis(outcome.analysisId)!;
    assert.equal(shown.result.model.kind, 'decoder');
    const first = shown.ranges.find((r) => r !== null)!;
    // sample.ts opens with a comment line, then the function: the block runs from the top to the blank line.
    assert.equal(first.startLine, 0, 'the block starts above the statement, at the top of the file');
    assert.ok(
      shown.ranges.some((r) => r?.startLine === 1),
      'the function line is read',
    );
    assert.match(shown.result.notices[0], /No selection: analyzed the code block at line 3/u);
    // The decoder guessed "return" from the line above it, not from nothing.
    const ret = shown.ranges.findIndex(
      (r) => r !== null && rangeText(editor.document, [r.startLine, r.startCharacter, r.endLine, r.endCharacter]).trim() === 'return',
    );
    assert.ok(ret > 0, JSON.stringify(shown.result.tokens.map((t) => t.text)));
    assert.ok(
      shown.result.predictions.perToken.some((p) => p.position === ret),
      'the first word of the statement has a probability',
    );
  });

  it('a model changed during the analysis drops its result and says so once, with Analyze Again', async function () {
    this.timeout(240_000);
    const lens = await api();
    // The embedded decoder from a stand-in hub, its weights sent slowly: the analysis is still
    // loading it when the setting (written in seconds here) names another model.
    const hub = await slowHubDecoder();
    const editor = await open('river.md');
    selectText(editor, 'so we sat on the grass');
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      const before = lens.cache().entries;
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 30_000);
      const running = vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>;
      await loading;
      const changed = Date.now();
      await setting('decoderModel', undefined);
      const outcome = await running;
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      // At once, as a closed document's analysis ends: not once the previous model's load is over (a minute here).
      assert.ok(Date.now() - changed < SOON_MS, `the analysis ended ${Date.now() - changed} ms after the setting changed`);
      await until('the notice', () => shown.length > 0, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0].message, /model changed during the analysis/u);
      assert.ok(shown[0].actions.includes('Analyze Again'), JSON.stringify(shown[0]));
      assert.equal(lens.cache().entries, before, 'no analysis of the old model was kept to be shown');
      // Nobody waits on the previous model any more: its load stops (its notification with it), and
      // the status bar names the model selected now, not the previous one still loading.
      await new Promise((r) => setTimeout(r, 1_000));
      assert.ok(lens.status().state !== 'loading' && lens.status().model !== hub.id, JSON.stringify(lens.status()));
    } finally {
      sub.dispose();
      await hub.stop();
    }
  });
  it('closing the analysed document’s tab: the panel keeps the analysis, says it is closed', async () => {
    const lens = await api();
    const editor = await open('river.md');
    selectText(editor, NEEDLE);
    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis', 60_000);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    assert.equal(((await posted).params as { id: number }).id, analyzed.analysisId, 'the panel shows it');
    const closed = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'closed', 30_000);
    const uri = editor.document.uri.toString();
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri);
    assert.ok(tabs.length > 0, 'the document has a tab');
    await vscode.window.tabGroups.close(tabs);
    const message = await closed;
    assert.deepEqual(message.params, { analysisId: analyzed.analysisId, closed: true });
    // Opened again (VS Code still held it, at the same version): the panel follows it again.
    const shownAgain = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'closed', 30_000);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    assert.deepEqual((await shownAgain).params, { analysisId: analyzed.analysisId, closed: false });
  });

  it('closing the analysed document’s tab: the side view, which still shows its analysis, says it is closed too', async () => {
    const lens = await api();
    const editor = await open('river.md');
    selectText(editor, NEEDLE);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    await openSideView();
    const summary = (closed: boolean) =>
      next(
        lens.onDidPostToWebview,
        (m) =>
          m.view === 'side' &&
          m.method === 'summary' &&
          (m.params as { id?: number; closed?: boolean } | null)?.id === analyzed.analysisId &&
          Boolean((m.params as { closed?: boolean }).closed) === closed,
        30_000,
      );
    const closed = summary(true);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(((await closed).params as { document: string }).document, 'river.md', 'the closed document’s analysis, said to be closed');
    const shownAgain = summary(false);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await shownAgain;
  });
});
