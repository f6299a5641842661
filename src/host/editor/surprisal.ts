/**
 * The surprisal heatmap (extension host): colours each token of a range by how surprising the
 * decoder found it (−log2 p, in bits), in fixed bands with light and dark theme colours, with a
 * legend in the side view while the active editor shows a coloured document (it leaves when
 * another file becomes active); the hover gives p, rank and the alternatives. After an edit the
 * decorations are cleared at once (they described other text) and, after a debounce, the range —
 * moved and grown with the edit — is analyzed again and coloured for the new version only.
 */
import * as vscode from 'vscode';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import type { SurprisalLegend } from '../../protocol/webviewApi';
import type { StoredAnalysis } from '../analyses/analyses';
import { shiftRange, surprisalBucket, surprisalLegend, type OffsetRange } from './buckets';
import type { Config } from '../config';
import { BucketedDecorations, tokenRange, type AppliedDecoration } from './editorDecorations';
import { SURPRISAL_COLORS } from './themeColors';
import { t } from '../l10n';
import { inBackground } from '../background';

interface Tracked {
  range: OffsetRange;
  timer: NodeJS.Timeout | null;
  /** The analysis whose colours are shown (null while the text is being analyzed again). */
  entry: StoredAnalysis | null;
}

export class SurprisalHeatmap implements vscode.Disposable {
  private readonly decorations = new BucketedDecorations(SURPRISAL_COLORS.map((color) => ({ color })));
  private readonly tracked = new Map<string, Tracked>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly applied = new vscode.EventEmitter<{ readonly uri: string; readonly version: number; readonly analysisId: number }>();
  /** Fires after colours were applied for a document version (tests wait for it). */
  readonly onDidApply = this.applied.event;

  constructor(
    private readonly runner: AnalysisRunner,
    private readonly config: () => Config,
    private readonly legend: (legend: SurprisalLegend | null) => void,
  ) {
    this.subscriptions.push(
      this.applied,
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorations.reapply(e))),
      vscode.workspace.onDidCloseTextDocument((d) => this.stop(d.uri.toString())),
      // The legend describes the active document's colours, or is not shown.
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.showLegend(editor.document)),
    );
  }

  /** Colours the selection (or the visible range when nothing is selected) of the active editor. */
  async show(): Promise<RunOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return { ok: false, code: 'bad-input', message: t('Open a file to colour its tokens by surprisal.') };
    const { document, selection } = editor;
    let range: OffsetRange;
    if (!selection.isEmpty) range = { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) };
    else {
      const visible = editor.visibleRanges;
      const first = visible[0]?.start ?? new vscode.Position(0, 0);
      const last = visible[visible.length - 1]?.end ?? document.lineAt(document.lineCount - 1).range.end;
      range = { start: document.offsetAt(first), end: document.offsetAt(last) };
    }
    const uri = document.uri.toString();
    this.stopTimer(uri);
    this.tracked.set(uri, { range, timer: null, entry: null });
    return this.analyze(document);
  }

  /** Removes the colours of the active editor's document, or of every document when it has none. */
  clear(): void {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (active && this.tracked.has(active)) this.stop(active);
    else for (const uri of [...this.tracked.keys()]) this.stop(uri);
  }

  appliedTo(uri: string): readonly AppliedDecoration[] {
    return this.decorations.appliedTo(uri);
  }

  /** The tracked range of a document (offsets in its current version), for tests. */
  rangeOf(uri: string): OffsetRange | null {
    return this.tracked.get(uri)?.range ?? null;
  }

  dispose(): void {
    for (const uri of [...this.tracked.keys()]) this.stopTimer(uri);
    for (const s of this.subscriptions) s.dispose();
    this.decorations.dispose();
  }

  private async analyze(document: vscode.TextDocument): Promise<RunOutcome> {
    const uri = document.uri.toString();
    const tracked = this.tracked.get(uri);
    if (!tracked) return { ok: false, code: 'cancelled', message: t('the heatmap was cleared') };
    const { start, end } = tracked.range;
    if (document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end))).trim() === '') {
      this.decorations.apply(document, []);
      return { ok: false, code: 'bad-input', message: t('there is no text to colour here') };
    }
    try {
      const entry = await this.runner.run(document, start, end, { kind: 'decoder', reuse: true });
      // Another edit may have come meanwhile (the runner refuses a changed document, but a
      // cached answer returns at once): colour only the version it describes.
      if (this.tracked.get(uri) !== tracked || document.version !== entry.version) return { ok: false, code: 'cancelled', message: 'the text changed' };
      tracked.entry = entry;
      this.paint(document, entry);
      return { ok: true, analysisId: entry.shown.id };
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.analyze(document)));
    }
  }

  private paint(document: vscode.TextDocument, entry: StoredAnalysis): void {
    const { tokens, predictions } = entry.shown.result;
    const items: { range: vscode.Range; bucket: number }[] = [];
    for (const s of predictions.perToken) {
      const t = tokens[s.position];
      if (!t || t.start === null || t.end === null) continue;
      const range = tokenRange(document, entry.base, t.start, t.end);
      if (range) items.push({ range, bucket: surprisalBucket(s.surprisal) });
    }
    this.decorations.apply(document, items);
    if (!vscode.window.activeTextEditor || vscode.window.activeTextEditor.document === document) this.showLegend(document);
    this.applied.fire({ uri: document.uri.toString(), version: document.version, analysisId: entry.shown.id });
  }

  /** The legend of `document`'s colours in the side view, or none when it has none. */
  private showLegend(document: vscode.TextDocument): void {
    const entry = this.tracked.get(document.uri.toString())?.entry;
    this.legend(entry ? { document: entry.shown.document.name, bands: surprisalLegend() } : null);
  }

  private edited(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const tracked = this.tracked.get(uri);
    if (!tracked || e.contentChanges.length === 0) return;
    // Stale colours are never shown on changed text.
    this.decorations.apply(e.document, []);
    tracked.entry = null;
    tracked.range = shiftRange(
      tracked.range,
      e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, inserted: c.text.length })),
    );
    this.stopTimer(uri);
    tracked.timer = setTimeout(() => {
      tracked.timer = null;
      inBackground(this.analyze(e.document));
    }, this.config().surprisalDebounceMs);
  }

  private stopTimer(uri: string): void {
    const t = this.tracked.get(uri);
    if (t?.timer) clearTimeout(t.timer);
    if (t) t.timer = null;
  }

  private stop(uri: string): void {
    this.stopTimer(uri);
    this.tracked.delete(uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (document) this.decorations.apply(document, []);
    const active = vscode.window.activeTextEditor?.document;
    if (active) this.showLegend(active);
    else if (this.tracked.size === 0) this.legend(null);
  }
}
