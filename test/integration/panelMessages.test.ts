// What the panel is shown, counted message by message in a real extension host: one Analyze
// Selection posts its analysis once; Compare posts one comparison and no analysis on the way; an
// analysis a command finds in the cache is shown like a fresh one. And one choice of what a view
// shows for the panel, hovers and the spotlight alike: Max, a set of heads, rollout and cleaning
// chosen in the panel reach the hover and the spotlight, survive the panel being hidden and shown,
// and the headAggregation setting opens the panel on what hovers show.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/host/extension';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { PostedMessage } from '../../src/host/webviews/webviewConnection';
import { weightBucket } from '../../src/host/editor/buckets';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import { combineLabel, type ViewChoice } from '../../src/protocol/viewChoice';
import { viewAxis } from '../../src/protocol/viewAxis';
import { NO_CLEANING } from '../../src/protocol/views';
import { localeDecimal } from '../../src/protocol/numberFormat';
import { hoverAt } from './editorHelpers';
import { api, next, setting } from './host';

/** An attention weight as the hover and the panel write it in English: three decimals, two significant digits below 0.0005. */
const weightText = (w: number): string => localeDecimal(w, w < 0.0005 ? Math.min(8, 1 - Math.floor(Math.log10(w))) : 3, 'en');

/** The English messages with their arguments filled in (the language these tests run in). */
const english = (message: string, ...args: readonly (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const RIVER = 'The river bank was steep, so we sat on the grass';

async function open(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0];
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

function offsetOf(editor: vscode.TextEditor, needle: string): number {
  const at = editor.document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is in the document`);
  return at;
}

function select(editor: vscode.TextEditor, needle: string): void {
  const start = offsetOf(editor, needle);
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + needle.length));
}

/**
 * Selects `needle` and waits until the extension host heard of it: the editor echoes a selection set
 * through the API later, and cursor sync would otherwise show what covers it in the middle of the
 * next command.
 */
async function selectHeard(editor: vscode.TextEditor, needle: string): Promise<void> {
  const start = offsetOf(editor, needle);
  const wanted = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + needle.length));
  if (editor.selection.isEqual(wanted)) return;
  const heard = next(vscode.window.onDidChangeTextEditorSelection, (e) => e.textEditor.document === editor.document && e.selections[0].isEqual(wanted), 10_000);
  editor.selection = wanted;
  await heard;
}

function cursorAt(editor: vscode.TextEditor, offset: number): void {
  editor.selection = new vscode.Selection(editor.document.positionAt(offset), editor.document.positionAt(offset));
}

/** Every analysis the panel's page reports it drew, from now on; `drawn(id)` waits for one. */
function recordRenders(lens: AttentionLensApi): { readonly drawn: (id: number) => Promise<void>; readonly stop: () => void } {
  const seen = new Set<number>();
  const waiting = new Map<number, () => void>();
  const sub = lens.onDidRenderInPanel(({ analysisId }) => {
    seen.add(analysisId);
    waiting.get(analysisId)?.();
  });
  const drawn = (id: number): Promise<void> =>
    seen.has(id)
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the panel did not draw analysis ${id}`)), 60_000);
          waiting.set(id, () => {
            clearTimeout(timer);
            resolve();
          });
        });
  return { drawn, stop: () => sub.dispose() };
}

let renders: ReturnType<typeof recordRenders>;

/** Runs Analyze Selection and waits until the panel's page drew the analysis. */
async function analyzeShown(): Promise<number> {
  const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
  assert.ok(outcome.ok, JSON.stringify(outcome));
  await renders.drawn(outcome.analysisId);
  return outcome.analysisId;
}

/** Every message the host posts to the panel from now on, until `stop`. */
function recordPanel(lens: AttentionLensApi): { readonly of: (method: string) => unknown[]; readonly stop: () => void } {
  const messages: PostedMessage[] = [];
  const sub = lens.onDidPostToWebview((m) => m.view === 'panel' && messages.push(m));
  return { of: (method) => messages.filter((m) => m.method === method).map((m) => m.params), stop: () => sub.dispose() };
}

const ids = (analyses: unknown[]): number[] => analyses.map((a) => (a as ShownAnalysis).id);

/** The token of an analysis covering a document offset. */
function tokenAt(shown: ShownAnalysis, base: number, offset: number): number {
  const token = shown.result.tokens.findIndex((t) => t.start !== null && base + t.start <= offset && offset < base + t.end!);
  assert.ok(token >= 0, `a token covers offset ${offset}`);
  return token;
}

/** The worker's row for `token` under `choice`: what the panel's views draw, over the cleaned axis. */
async function rowOf(lens: AttentionLensApi, shown: ShownAnalysis, choice: ViewChoice, token: number): Promise<{ weights: Float32Array; groups: number[][] }> {
  const axis = viewAxis(shown.result.tokens, choice.cleaning);
  const query = axis.entryOf[token];
  assert.ok(query >= 0, 'the hovered token is not hidden');
  const reply = await lens.view('row', { key: shown.result.attention.key, layer: choice.layer, combine: choice.combine, cleaning: choice.cleaning, query });
  return { weights: reply.weights, groups: axis.groups.map((g) => [...g]) };
}

describe('What the panel is shown, and one view choice for the panel, hovers and the spotlight', function () {
  this.timeout(180_000);

  // The file before this one may leave the panel in the column the samples open in, where opening a
  // sample hides it and showing it again restarts its page (a second `ready`, a second replay).
  before(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  beforeEach(async () => {
    renders = recordRenders(await api());
  });

  afterEach(async () => {
    renders.stop();
    await setting('headAggregation', undefined);
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight', false);
    // No sample is saved changed: whatever is edited goes back to the file's text before the editors close.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand(document.isUntitled ? 'workbench.action.revertAndCloseActiveEditor' : 'workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('one Analyze Selection posts its analysis to the panel once', async () => {
    const lens = await api();
    const editor = await open('river.md');
    select(editor, 'The river bank was steep');
    // A first analysis opens the panel; once its page drew it, the page is listening.
    const first = await analyzeShown();
    const panel = recordPanel(lens);
    select(editor, RIVER);
    const id = await analyzeShown();
    panel.stop();
    // The Analyze posts its analysis once, last, and no other run of its own (a masked run, an encoder
    // run: ids after the first). An earlier file's or attempt's analysis of this same range may come
    // first: the selection's cursor sync shows it, when its event is handled before the new analysis
    // exists (seen on a slow machine: [27, 32] after an analysis 31).
    const posted = ids(panel.of('analysis'));
    assert.deepEqual(
      posted.filter((x) => x >= first),
      [id],
      `one analysis message, for the new analysis: ${JSON.stringify(posted)}`,
    );
    assert.equal(posted[posted.length - 1], id, 'the new analysis is the last one shown');
  });

  it('Compare posts one comparison, and no analysis on the way to it', async () => {
    const lens = await api();
    const editor = await open('river.md');
    select(editor, 'The bank raised its interest rates again');
    await analyzeShown();
    await selectHeard(editor, RIVER);
    const panel = recordPanel(lens);
    const outcome = (await vscode.commands.executeCommand('attentionLens.compareModels')) as RunOutcome & { encoderId?: number; decoderId?: number };
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await renders.drawn(outcome.decoderId!);
    panel.stop();
    assert.equal(panel.of('comparison').length, 1, 'one comparison message');
    // What each posted analysis was, and which colourings were on (one run under load posted another analysis first).
    const seen = panel.of('analysis').map((a) => {
      const { id, result } = a as ShownAnalysis;
      return { id, kind: result.model.kind, masked: result.tokens.filter((t) => t.masked).length, lens: Boolean(result.lens) };
    });
    const on = lens.decorations(editor.document.uri.toString());
    const state = JSON.stringify({ seen, encoderId: outcome.encoderId, settling: on.settling.length, surprisal: on.surprisal.length });
    // The decoder's analysis is posted once, or not at all when the panel already showed it: the
    // selection's cursor sync, heard before the command, shows the newest analysis covering the
    // cursor, and that can be this very range's decoder analysis from an earlier test (the cache).
    const posted = ids(panel.of('analysis'));
    assert.ok(
      posted.length <= 1 && posted.every((id) => id === outcome.decoderId),
      `only the decoder side is shown as the analysis: no encoder, no masked run: ${state}`,
    );
  });

  it("after Compare, the document's latest analysis is the comparison's, not the masked run behind its guess", async () => {
    const lens = await api();
    const other = await open('sample.ts');
    select(other, 'return a + b');
    const otherId = await analyzeShown();
    const editor = await open('river.md');
    await selectHeard(editor, RIVER);
    const outcome = (await vscode.commands.executeCommand('attentionLens.compareModels')) as RunOutcome & { decoderId?: number; guess?: unknown };
    assert.ok(outcome.ok && outcome.guess, JSON.stringify(outcome));
    await renders.drawn(outcome.decoderId!);
    // Away and back: the panel follows each editor's latest analysis.
    await vscode.window.showTextDocument(other.document, vscode.ViewColumn.One);
    await renders.drawn(otherId);
    const panel = recordPanel(lens);
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await renders.drawn(outcome.decoderId!);
    panel.stop();
    const masked = panel.of('analysis').filter((a) => (a as ShownAnalysis).result.tokens.some((t) => t.masked));
    assert.deepEqual(ids(masked), [], 'no masked run is shown');
    // The hover over the compared text reads the comparison's decoder, not a masked run.
    const hover = await hoverAt(editor.document, offsetOf(editor, 'grass') + 2);
    assert.doesNotMatch(hover, /Masked; the model fills in/, hover);
  });

  it('an analysis a command finds in the cache is shown like a fresh one', async () => {
    const lens = await api();
    const editor = await open('sample.ts');
    const end = offsetOf(editor, 'return a + b') + 'return a + b'.length;
    cursorAt(editor, end);
    const first = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 1 })) as RunOutcome;
    assert.ok(first.ok, JSON.stringify(first));
    await renders.drawn(first.analysisId);
    // The panel moves on to another analysis of the same text (the word at the cursor masked,
    // nothing replaced), which also covers the cursor, so cursor sync leaves it there.
    const masked = (await vscode.commands.executeCommand('attentionLens.maskWord', {})) as RunOutcome;
    assert.ok(masked.ok, JSON.stringify(masked));
    await renders.drawn(masked.analysisId);
    const panel = recordPanel(lens);
    const again = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 1 })) as RunOutcome;
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(again.analysisId, first.analysisId, 'the prompt came from the cache');
    // Everything is posted before the command returns.
    panel.stop();
    assert.deepEqual(ids(panel.of('analysis')), [first.analysisId], 'the cached prompt is shown, once');
    assert.ok(panel.of('preview').length >= 1);
  });

  it('Max, a set of heads and rollout with cleaning, chosen in the panel, are what hovers and the spotlight show, also after hiding the panel', async () => {
    const lens = await api();
    const editor = await open('river.md');
    select(editor, RIVER);
    const id = await analyzeShown();
    const shown = lens.analysis(id)!;
    const base = offsetOf(editor, RIVER);
    const { layers, heads } = shown.result.attention;
    assert.ok(heads >= 2 && layers >= 2);
    const uri = editor.document.uri.toString();
    const choices: ViewChoice[] = [
      { layer: layers - 1, combine: { kind: 'max' }, cleaning: NO_CLEANING },
      { layer: 0, combine: { kind: 'set', heads: [0, heads - 1] }, cleaning: { hideSpecial: true, mergeSubwords: false, hidePunctuation: true } },
      { layer: layers - 1, combine: { kind: 'rollout' }, cleaning: { hideSpecial: true, mergeSubwords: true, hidePunctuation: false } },
    ];
    const steep = offsetOf(editor, 'steep') + 2;
    const grass = offsetOf(editor, 'grass') + 2;
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true);
    for (const choice of choices) {
      assert.equal(lens.postFromPanel('selection', { analysisId: id, choice }), true, 'the panel is open');

      // The hover: the layer and combination the panel shows, and the same row's strongest weights.
      const text = await hoverAt(editor.document, steep);
      assert.ok(text.includes(`layer ${choice.layer} (of 0–${layers - 1}), ${combineLabel(choice.combine, choice.layer, english)}`), text);
      const row = await rowOf(lens, shown, choice, tokenAt(shown, base, steep));
      const expected = [...row.weights]
        .filter((w) => w > 0)
        .sort((a, b) => b - a)
        .slice(0, 5)
        .map(weightText);
      // The weights as the panel's matrix writes them: 0 to 1, not percentages.
      const attended = /Attends most to: (.*)/.exec(text)?.[1] ?? '';
      assert.deepEqual(
        attended.split(' · ').map((part) => / (\d\.\d+)$/.exec(part)?.[1]),
        expected,
        attended,
      );
      assert.ok(!attended.includes('%'), attended);

      // The spotlight: the tokens of the strongest entries of the same row, graded by weight.
      const lit = next(lens.onDidUpdateSpotlight, (u) => u === uri, 10_000);
      cursorAt(editor, grass);
      await lit;
      const g = await rowOf(lens, shown, choice, tokenAt(shown, base, grass));
      const located = (entry: number): number[] => g.groups[entry].filter((t) => shown.result.tokens[t].start !== null);
      const top = [...g.weights.keys()]
        .filter((e) => g.weights[e] > 0 && located(e).length > 0)
        .sort((a, b) => g.weights[b] - g.weights[a] || a - b)
        .slice(0, lens.config().spotlightTokens);
      const max = g.weights[top[0]];
      const source = (t: number): string =>
        editor.document
          .getText()
          .slice(base + shown.result.tokens[t].start!, base + shown.result.tokens[t].end!)
          .trim();
      const lights = top.flatMap((e) => {
        const bucket = weightBucket(g.weights[e], max);
        return bucket === null ? [] : located(e).flatMap((t) => (source(t) ? [{ text: source(t), bucket }] : []));
      });
      assert.deepEqual(
        lens.decorations(uri).spotlight.map((d) => ({ text: d.text, bucket: d.bucket })),
        lights,
      );
      cursorAt(editor, 0);
    }

    // Hidden and shown again, the panel's new page is given the whole choice back.
    const last = choices[choices.length - 1];
    const column = vscode.window.tabGroups.all.find((group) =>
      group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.label.startsWith('Attention Lens')),
    )?.viewColumn;
    assert.ok(column !== undefined && column !== vscode.ViewColumn.One, 'the panel sits beside the editor');
    await vscode.window.showTextDocument(editor.document, { viewColumn: column, preserveFocus: false });
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    const replayed = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis' && (m.params as ShownAnalysis).id === id);
    await vscode.commands.executeCommand('attentionLens.showPanel');
    assert.deepEqual(((await replayed).params as { choice?: unknown }).choice, last);
    // As a person would: back to the settings' heads without cleaning (later analyses would keep the cleaning).
    assert.ok(lens.postFromPanel('selection', { analysisId: id, choice: { layer: layers - 1, combine: { kind: 'mean' }, cleaning: NO_CLEANING } }));
  });

  it('headAggregation max opens the panel on the max over heads, as hovers show it', async () => {
    const lens = await api();
    await setting('headAggregation', 'max');
    const editor = await open('river.md');
    select(editor, RIVER);
    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis');
    await analyzeShown();
    const shown = (await posted).params as ShownAnalysis & { choice?: ViewChoice };
    assert.deepEqual(shown.choice?.combine, { kind: 'max' }, 'the panel opens on max');
    assert.match(await hoverAt(editor.document, offsetOf(editor, 'steep') + 2), /max over heads/);
  });
});
