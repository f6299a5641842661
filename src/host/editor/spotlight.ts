/**
 * The attention spotlight (extension host): while it is on, the token under the cursor in an
 * analyzed range of the current document version lights up the tokens it attends to, graded in
 * a few intensity buckets by weight, under the view choice the panel shows for that analysis
 * (its layer, heads or rollout, and cleaning: a merged word lights up whole). The row comes from
 * the AttentionSource, so a cached analysis needs no engine run; the side view lists the same
 * tokens with a legend of the colours (a colour family of their own, apart from the surprisal
 * heatmap's). Outside the analyzed text the side view says so and offers to analyze there. A
 * status bar item shows the state and toggles it.
 */
import * as vscode from 'vscode';
import { asEngineError } from '../../engine/errors';
import { rowHasNonNumber, topAttended } from '../../protocol/attentionMath';
import { describeChoice } from '../../protocol/viewChoice';
import type { SpotlightMessage } from '../../protocol/webviewApi';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import { documentName } from '../analyses/documentName';
import type { AttentionRow, AttentionSource, ChoiceSource } from '../analyses/attentionSource';
import { mergeSameSpan, WEIGHT_BUCKETS, weightBucket, weightLegend, type GradedSpan } from './buckets';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { onDidDropDocument, tabDocuments } from './documentTabs';
import { BucketedDecorations, spanRange, tokenSpan, type AppliedDecoration } from './editorDecorations';
import { entryLabel, tokenLabel } from './hoverText';
import { SPOTLIGHT_COLORS } from './themeColors';
import { onDidChangeLocale, t } from '../l10n';
import { inBackground } from '../background';
import { analyzedLines } from '../analyses/windowChoice';

export interface SpotlightHost {
  readonly store: AnalysisStore;
  readonly source: AttentionSource;
  /** What the panel shows for an analysis (its choice, else the settings'). */
  readonly choices: ChoiceSource;
  config(): Config;
  /** The side view's spotlight section (null: the spotlight is off). */
  list(list: SpotlightMessage): void;
}

// Theme colours, faintest first; the strongest bucket is outlined too.
const STYLES = SPOTLIGHT_COLORS.map((color, b) => ({ color, border: b === WEIGHT_BUCKETS - 1 }));

export class Spotlight implements vscode.Disposable {
  private on = false;
  private sequence = 0;
  private readonly decorations = new BucketedDecorations(STYLES);
  private readonly item = vscode.window.createStatusBarItem('attentionLens.spotlight', vscode.StatusBarAlignment.Right, 99);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly updated = new vscode.EventEmitter<string>();
  /** Milliseconds the last update took, from the cursor event to the decorations set. */
  lastUpdateMs = 0;
  /** Fires with the document's uri after the spotlight's decorations changed (tests, timings). */
  readonly onDidUpdate = this.updated.event;

  constructor(private readonly host: SpotlightHost) {
    this.item.command = COMMANDS.toggleSpotlight;
    this.showState();
    this.item.show();
    this.subscriptions.push(
      this.updated,
      vscode.window.onDidChangeTextEditorSelection((e) => inBackground(this.update(e.textEditor))),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && void this.update(editor)),
      // A new analysis of the active document (e.g. "Analyze here"): light up from it at once.
      host.store.onDidAdd((entry) => {
        const editor = vscode.window.activeTextEditor;
        if (editor && editor.document.uri.toString() === entry.uri) inBackground(this.update(editor));
      }),
      // Another language: the status bar item and the side view's list say it anew.
      onDidChangeLocale(() => {
        this.showState();
        this.refresh();
      }),
      // Edited text: the analysis no longer describes it; clear at once.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.decorations.appliedTo(e.document.uri.toString()).length) this.clear(e.document);
      }),
      // Closed, or under a new name (the new name lights up from its own cursor): nothing stays recorded under the old one.
      onDidDropDocument((d) => this.forget(d.uri.toString())),
    );
  }

  get enabled(): boolean {
    return this.on;
  }

  /** Turns the spotlight on or off (`force` sets it); returns the new state. */
  async toggle(force?: boolean): Promise<boolean> {
    this.on = force ?? !this.on;
    this.showState();
    const editor = vscode.window.activeTextEditor;
    if (!this.on) {
      for (const e of vscode.window.visibleTextEditors) this.clear(e.document);
      this.host.list(null);
    } else if (editor) await this.update(editor);
    return this.on;
  }

  /** Lights up again from the active editor's cursor: what it depends on changed (the panel's view choice, a setting, the language). */
  refresh(): void {
    const editor = vscode.window.activeTextEditor;
    if (this.on && editor) inBackground(this.update(editor));
  }

  appliedTo(uri: string): readonly AppliedDecoration[] {
    return this.decorations.appliedTo(uri);
  }

  /** The view columns of the editors of `uri` that show the spotlight (the one the cursor is in). */
  columnsOf(uri: string): readonly (vscode.ViewColumn | undefined)[] {
    return this.decorations.columnsOf(uri);
  }

  /** Lights up what the token under `editor`'s cursor attends to (or clears when there is none). */
  async update(editor: vscode.TextEditor): Promise<void> {
    if (!this.on) return;
    const started = performance.now();
    const seq = ++this.sequence;
    const { document } = editor;
    // The output and debug consoles are text editors too; the spotlight is about documents.
    if (document.uri.scheme === 'output' || document.uri.scheme === 'debug') return;
    const hit = this.host.store.at(document.uri.toString(), document.version, document.offsetAt(editor.selection.active));
    if (!hit) {
      this.clear(document);
      this.host.list(this.outside(document));
      return;
    }
    const { entry, token } = hit;
    const choice = this.host.choices.choiceFor(entry);
    let row: AttentionRow | null;
    try {
      row = await this.host.source.row(entry, choice, token);
    } catch (error) {
      // The worker no longer holds the analysis (or restarted): nothing to light up.
      if (seq === this.sequence) this.clear(document);
      if (['analysis-gone', 'worker-crashed', 'cancelled'].includes(asEngineError(error).code)) {
        if (seq === this.sequence && asEngineError(error).code !== 'cancelled')
          this.host.list({ kind: 'outside', document: documentName(document, tabDocuments()), analyzed: null });
        return;
      }
      throw error;
    }
    if (seq !== this.sequence || document.version !== entry.version) return;
    // The panel's cleaning hides this token: it attends to nothing there.
    const text = (s: number, e: number): string => document.getText(new vscode.Range(document.positionAt(s), document.positionAt(e)));
    if (!row) {
      this.clear(document);
      this.host.list({
        analysisId: entry.shown.id,
        token: tokenLabel(entry, token, text),
        view: describeChoice(choice, t),
        items: [],
        empty: 'hidden',
        bands: weightLegend(),
      });
      return;
    }
    const { tokens } = entry.shown.result;
    const groups = row.axis.groups;
    const located = (e: number): readonly number[] => groups[e].filter((i) => tokens[i].start !== null);
    const top = topAttended(row.weights, row.weights.length)
      .filter((a) => a.weight > 0 && located(a.key).length > 0)
      .slice(0, this.host.config().spotlightTokens);
    const max = top[0]?.weight ?? 0;
    const spans: GradedSpan[] = [];
    for (const a of top) {
      const bucket = weightBucket(a.weight, max);
      if (bucket === null) continue;
      for (const t of located(a.key)) {
        const span = tokenSpan(document, entry.base, tokens[t].start!, tokens[t].end!);
        if (span) spans.push({ ...span, value: bucket });
      }
    }
    // The byte pieces of one character light it up once, as strongly as the strongest of them.
    // Only in the editor the cursor is in: the same document split beside it has a cursor of its own.
    this.decorations.apply(
      document,
      mergeSameSpan(spans, Math.max).map((s) => ({ range: spanRange(document, s), bucket: s.value })),
      editor,
    );
    this.lastUpdateMs = performance.now() - started;
    this.updated.fire(document.uri.toString());
    this.host.list({
      analysisId: entry.shown.id,
      token: tokenLabel(entry, token, text),
      view: describeChoice(choice, t),
      items: top.map((a) => ({ label: entryLabel(entry, groups[a.key], text), weight: a.weight })),
      ...(top.length === 0 && rowHasNonNumber(row.weights) ? { empty: 'not-numbers' as const } : {}),
      bands: weightLegend(),
    });
  }

  /** Why nothing lights up: the cursor is outside the analyzed text of this version, or there is none. */
  private outside(document: vscode.TextDocument): SpotlightMessage {
    const latest: StoredAnalysis | null = this.host.store.latestFor(document.uri.toString());
    const analysis = latest && latest.version === document.version ? latest : null;
    let analyzed: string | null = null;
    if (analysis) {
      const { start, end } = analysis.shown.result.analyzed;
      const { firstLine: first, lastLine: last } = analyzedLines(document, analysis.base + start, analysis.base + end);
      analyzed = first === last ? t('line {0}', first) : t('lines {0}–{1}', first, last);
    }
    return { kind: 'outside', document: documentName(document, tabDocuments()), analyzed };
  }

  /** Lets go of what was recorded for `uri`, unless a document is open under that name again. */
  private forget(uri: string): void {
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri && !d.isClosed)) this.decorations.forget(uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.decorations.dispose();
    this.item.dispose();
  }

  private clear(document: vscode.TextDocument): void {
    this.decorations.apply(document, []);
  }

  private showState(): void {
    this.item.name = t('Attention Lens spotlight');
    this.item.text = this.on ? t('$(eye) Spotlight') : t('$(eye-closed) Spotlight');
    this.item.tooltip = this.on
      ? t('Attention spotlight on: the token under the cursor lights up what it attends to. Click to turn it off.')
      : t('Attention spotlight off. Click to turn it on.');
  }
}
