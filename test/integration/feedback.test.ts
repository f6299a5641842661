// (Named to run after extension.test: that one checks a fresh activation.)
// What the editor features say in the real extension host: the spotlight outside the analyzed text
// says so in the side view and "Analyze here" lights it up; the side view's sections (summary,
// surprisal legend) follow the active editor; a long text's window is chosen around the cursor,
// from the selection's start or from a line, and said in lines; an empty file gets one message;
// a failure gets one notification.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import type { ShownAnalysis, SpotlightMessage, SurprisalLegend } from '../../src/protocol/webviewApi';
import { resetWorkbench, until } from './editorHelpers';
import { api, next, openSideView, setting } from './host';

async function untitled(content: string, language = 'markdown'): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

function cursorAt(editor: vscode.TextEditor, line: number, character = 0): void {
  editor.selection = new vscode.Selection(line, character, line, character);
}

/** Opens the side view and waits (a while) until its page listens; an open one posts nothing new, and a late one replays what it missed. */
/** Notifications shown while `work` runs (and shortly after). */
async function notices<T>(work: () => Thenable<T>): Promise<{ result: T; shown: ShownNotice[] }> {
  const lens = await api();
  const shown: ShownNotice[] = [];
  const sub = lens.onDidNotify((n) => shown.push(n));
  try {
    const result = await work();
    await new Promise((r) => setTimeout(r, 500));
    return { result, shown };
  } finally {
    sub.dispose();
  }
}

const PROSE = 'The river bank was steep, so we sat on the grass and watched the water.';

describe('Editor feedback', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await setting('maxTokens', undefined);
    await setting('decoderModel', undefined);
    await resetWorkbench();
  });

  it('outside the analyzed text the spotlight says so in the side view, and "Analyze here" lights it up', async () => {
    const lens = await api();
    await openSideView();
    const editor = await untitled(`${PROSE}\n\nA second paragraph that nobody analyzed yet, about the old mill.\n`);
    cursorAt(editor, 0, 10);
    assert.ok(((await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome).ok);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    const outside = next(
      lens.onDidPostToWebview,
      (m) => m.view === 'side' && m.method === 'spotlight' && (m.params as { kind?: string } | null)?.kind === 'outside',
    );
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true);
    cursorAt(editor, 2, 12);
    const said = (await outside).params as Extract<SpotlightMessage, { kind: 'outside' }>;
    assert.equal(said.analyzed, 'line 1', 'it says which lines were analyzed');
    assert.equal(lens.decorations(editor.document.uri.toString()).spotlight.length, 0);

    // "Analyze here" (the side view's button runs Analyze Selection at the cursor).
    const listed = next(
      lens.onDidPostToWebview,
      (m) => m.view === 'side' && m.method === 'spotlight' && Array.isArray((m.params as { items?: unknown })?.items),
    );
    assert.ok(((await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome).ok);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    const list = (await listed).params as Extract<SpotlightMessage, { items: unknown }>;
    assert.ok(list.items.length > 0);
    assert.equal(list.bands.length, 5, 'with the legend of its colours');
    await until('spotlight decorations', () => lens.decorations(editor.document.uri.toString()).spotlight.length > 0);
  });

  it('the surprisal legend and the summary follow the active editor', async () => {
    const lens = await api();
    await openSideView();
    const coloured = await untitled(PROSE);
    coloured.selection = new vscode.Selection(0, 0, 0, PROSE.length);
    const legend = next(lens.onDidPostToWebview, (m) => m.view === 'side' && m.method === 'legend' && m.params !== null);
    assert.ok(((await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome).ok);
    assert.equal(((await legend).params as SurprisalLegend).bands.length, 6);

    const gone = next(lens.onDidPostToWebview, (m) => m.view === 'side' && m.method === 'legend' && m.params === null);
    const noSummary = next(lens.onDidPostToWebview, (m) => m.view === 'side' && m.method === 'summary' && m.params === null);
    await untitled('Another file, never coloured nor analyzed.');
    await gone;
    await noSummary;
    const back = next(lens.onDidPostToWebview, (m) => m.view === 'side' && m.method === 'legend' && m.params !== null);
    await vscode.window.showTextDocument(coloured.document, vscode.ViewColumn.One);
    await back;
  });

  it('a long text: the window around the cursor, from the selection start or from a line, said in lines', async () => {
    const lens = await api();
    await setting('maxTokens', 32);
    const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} says the river kept flowing past the mill.`);
    const editor = await untitled(lines.join('\n'));
    editor.selection = new vscode.Selection(2, 0, 30, 5);
    const analyze = async (args?: object): Promise<{ shown: ShownAnalysis; notices: ShownNotice[] }> => {
      const posted = next(lens.onDidPostToWebview, (m) => m.method === 'analysis');
      const { result, shown } = await notices(() => vscode.commands.executeCommand('attentionLens.analyzeSelection', args) as Thenable<RunOutcome>);
      assert.ok(result.ok, JSON.stringify(result));
      return { shown: (await posted).params as ShownAnalysis, notices: shown };
    };
    const firstLine = (s: ShownAnalysis): number => s.ranges.find((r) => r !== null)!.startLine + 1;

    const around = await analyze();
    assert.match(around.shown.result.notices[0], /^Analyzed lines \d+–\d+ of 40 \(32 of \d+ tokens\), around the cursor\.$/);
    assert.ok(firstLine(around.shown) > 20, 'around the cursor (line 31), not from the top');
    const offer = around.notices.find((n) => /Analyzed lines/.test(n.message));
    assert.ok(offer, JSON.stringify(around.notices));
    assert.deepEqual(offer.actions, ['From the Selection Start', 'From a Line…']);

    const fromStart = await analyze({ window: 'selectionStart' });
    assert.equal(firstLine(fromStart.shown), 3);
    assert.match(fromStart.shown.result.notices[0], /^Analyzed lines 3–\d+ of 40 .*from the start of the selection\.$/);

    const posted = next(lens.onDidPostToWebview, (m) => m.method === 'analysis');
    assert.ok(((await vscode.commands.executeCommand('attentionLens.analyzeFromLine', { line: 12 })) as RunOutcome).ok);
    const fromLine = (await posted).params as ShownAnalysis;
    assert.equal(firstLine(fromLine), 12);
    assert.match(fromLine.result.notices[0], /^Analyzed lines 12–\d+ of 40 .*from line 12\.$/);
    for (const s of [around.shown, fromStart.shown, fromLine]) assert.doesNotMatch(s.result.notices.join(' '), /character|offset/);
  });

  it('an empty file gets one message, and a failed analysis one notification', async () => {
    await untitled('');
    const empty = await notices(() => vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>);
    assert.equal(empty.result.ok, false);
    assert.equal(empty.shown.length, 1, JSON.stringify(empty.shown));
    assert.match(empty.shown[0].message, /nothing to analyze: .* is empty/);

    await setting('decoderModel', '/nonexistent/model-folder');
    const editor = await untitled(PROSE);
    editor.selection = new vscode.Selection(0, 0, 0, 20);
    const failed = await notices(() => vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>);
    assert.equal(failed.result.ok, false);
    assert.equal(failed.shown.length, 1, JSON.stringify(failed.shown));
    assert.equal(failed.shown[0].severity, 'error');
  });
});
