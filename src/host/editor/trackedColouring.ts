/**
 * Colouring of a tracked document range by an analysis (extension host), shared by the surprisal
 * heatmap (surprisal.ts) and the settling strip (settling.ts): it colours the selection (or the
 * visible text) of the active editor from an analysis the subclass runs, with a legend in the side
 * view while the active editor shows a coloured document (it leaves when another file becomes
 * active). After an edit the decorations are cleared at once (they described other text) and, after
 * a debounce, the range — moved and grown with the edit — is analyzed again and coloured for the new
 * version only. Untitled documents work alike; a closed document stops being tracked, and one under a
 * new name (renamed, saved as) is tracked and coloured there.
 */
import * as vscode from 'vscode';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import type { StoredAnalysis } from '../analyses/analyses';
import type { ModelKind } from '../../protocol/analysis';
import type { SurprisalLegend } from '../../protocol/webviewApi';
import { shiftRange, type OffsetRange } from './buckets';
import type { Config } from '../config';
import { BucketedDecorations, type AppliedDecoration, type BucketStyle } from './editorDecorations';
import { onDidChangeLocale, t } from '../l10n';
import { inBackground } from '../background';
import { isLeaving, movedTo, onDidDropDocument } from './documentTabs';
import { analyzedLines } from '../analyses/windowChoice';

interface Tracked {
  range: OffsetRange;
  timer: NodeJS.Timeout | null;
  /** The analysis whose colours are shown (null while the text is being analyzed again). */
  entry: StoredAnalysis | null;
  /** Whether it was said that the colours cover only the part the model read (once per range asked for, not after each edit). */
  partSaid: boolean;
}

/** A decoration item: a document range and its colour band. */
export interface BandedRange {
  readonly range: vscode.Range;
  readonly bucket: number;
}

/**
 * The colourings alive (the heatmap and the settling strip): both fill each token's background, and
 * two fills on one token blend into a colour neither legend has, so a document has one at a time.
 */
const colourings = new Set<TrackedColouring>();

export abstract class TrackedColouring implements vscode.Disposable {
  private readonly decorations: BucketedDecorations;
  private readonly tracked = new Map<string, Tracked>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly applied = new vscode.EventEmitter<{ readonly uri: string; readonly version: number; readonly analysisId: number }>();
  /** Fires after colours were applied for a document version (tests wait for it). */
  readonly onDidApply = this.applied.event;

  constructor(
    protected readonly runner: AnalysisRunner,
    private readonly config: () => Config,
    private readonly legend: (legend: SurprisalLegend | null) => void,
    styles: readonly BucketStyle[],
  ) {
    this.decorations = new BucketedDecorations(styles);
    colourings.add(this);
    this.subscriptions.push(
      this.applied,
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
      // Another token limit: the colours cover another part of the range (after the debounce, by when the snapshot has it).
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('attentionLens.maxTokens')) this.limitChanged();
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorations.reapply(e))),
      onDidDropDocument((d) => {
        const moved = movedTo(d);
        if (moved) this.move(d.uri.toString(), moved.to);
        else this.stop(d.uri.toString());
      }),
      // The legend describes the active document's colours, or is not shown.
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.showLegend(editor.document)),
      // Another language: the legend's labels are made again in it.
      onDidChangeLocale(() => {
        const editor = vscode.window.activeTextEditor;
        if (editor) this.showLegend(editor.document);
      }),
    );
  }

  /**
   * The analysis whose colours `range` of `document` gets (a cached one when it fits and `reuse`; not
   * after the token limit changed: the cache does not tell analyses of the same text by their limit).
   */
  protected abstract analysisOf(document: vscode.TextDocument, range: OffsetRange, reuse: boolean): Promise<StoredAnalysis>;
  /** The coloured ranges of an analysis. */
  protected abstract itemsOf(document: vscode.TextDocument, entry: StoredAnalysis): BandedRange[];
  /** The side view's legend of an analysis's colours. */
  protected abstract legendOf(entry: StoredAnalysis): SurprisalLegend;
  /** What a command says when no editor is open. */
  protected abstract noEditor(): string;

  /** Colours the selection (or the visible range when nothing is selected) of the active editor. */
  async show(): Promise<RunOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      // Run from the palette with the keyboard in the panel, say: nothing to colour, and why.
      inBackground(this.runner.notifier.info(this.noEditor()));
      return { ok: false, code: 'bad-input', message: this.noEditor() };
    }
    const { document, selection } = editor;
    let range: OffsetRange;
    if (!selection.isEmpty) range = { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) };
    else {
      const visible = editor.visibleRanges;
      const first = visible[0]?.start ?? new vscode.Position(0, 0);
      const last = visible[visible.length - 1]?.end ?? document.lineAt(document.lineCount - 1).range.end;
      range = { start: document.offsetAt(first), end: document.offsetAt(last) };
    }
    return this.track(document, range);
  }

  /** Tracks `range` of `document` from now on and colours it. */
  private track(document: vscode.TextDocument, range: OffsetRange): Promise<RunOutcome> {
    const uri = document.uri.toString();
    // The other colouring gives way on this document (its colours and legend go).
    for (const other of colourings) if (other !== this && other.isTracking(uri)) other.stop(uri);
    this.stopTimer(uri);
    this.tracked.set(uri, { range, timer: null, entry: null, partSaid: false });
    return this.analyze(document);
  }

  /** Removes the colours of the active editor's document, or of every document when it has none. */
  clear(): void {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    if (active && this.tracked.has(active)) this.stop(active);
    else for (const uri of [...this.tracked.keys()]) this.stop(uri);
  }

  /** Whether `uri` is coloured (or being analyzed to be). */
  isTracking(uri: string): boolean {
    return this.tracked.has(uri);
  }

  /**
   * `kind`'s model changed: colours it gave describe the previous model, so they go with their
   * legend (a run still under way is dropped by the runner, which stops its tracking).
   */
  modelChanged(kind: ModelKind): void {
    for (const [uri, tracked] of [...this.tracked]) if (tracked.entry?.shown.result.model.kind === kind) this.stop(uri);
  }

  appliedTo(uri: string): readonly AppliedDecoration[] {
    return this.decorations.appliedTo(uri);
  }

  /** The tracked range of a document (offsets in its current version), for tests. */
  rangeOf(uri: string): OffsetRange | null {
    return this.tracked.get(uri)?.range ?? null;
  }

  dispose(): void {
    colourings.delete(this);
    for (const uri of [...this.tracked.keys()]) this.stopTimer(uri);
    for (const s of this.subscriptions) s.dispose();
    this.decorations.dispose();
  }

  private async analyze(document: vscode.TextDocument, reuse = true): Promise<RunOutcome> {
    const uri = document.uri.toString();
    const tracked = this.tracked.get(uri);
    if (!tracked) return { ok: false, code: 'cancelled', message: t('the heatmap was cleared') };
    const { start, end } = tracked.range;
    if (document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end))).trim() === '') {
      this.decorations.apply(document, []);
      return { ok: false, code: 'bad-input', message: t('there is no text to colour here') };
    }
    try {
      const entry = await this.analysisOf(document, tracked.range, reuse);
      // Another edit may have come meanwhile (the runner refuses a changed document, but a
      // cached answer returns at once): colour only the version it describes.
      if (this.tracked.get(uri) !== tracked || document.version !== entry.version) return { ok: false, code: 'cancelled', message: t('the text changed') };
      tracked.entry = entry;
      this.decorations.apply(document, this.itemsOf(document, entry));
      if (!vscode.window.activeTextEditor || vscode.window.activeTextEditor.document === document) this.showLegend(document);
      this.applied.fire({ uri, version: document.version, analysisId: entry.shown.id });
      this.sayPart(document, tracked, entry);
      return { ok: true, analysisId: entry.shown.id };
    } catch (error) {
      // Nothing is coloured after a failure, so nothing is tracked (unless an edit already asked for
      // another run): the toggle's next answer, the command's and the editor agree, and later edits
      // do not run, and fail, again in silence. Retry tracks the same range again.
      if (this.tracked.get(uri) === tracked && tracked.timer === null) this.stop(uri);
      const range = tracked.range;
      return this.runner.failed(error, () => inBackground(this.track(document, range)), true);
    }
  }

  /**
   * More text than the model reads at once (attentionLens.maxTokens): only its window is coloured,
   * and the rest would look like text with nothing to show. Said once for the range asked for.
   */
  private sayPart(document: vscode.TextDocument, tracked: Tracked, entry: StoredAnalysis): void {
    const { window, analyzed } = entry.shown.result;
    if (!window || tracked.partSaid) return;
    tracked.partSaid = true;
    const { firstLine, lastLine } = analyzedLines(document, entry.base + analyzed.start, entry.base + analyzed.end);
    const lines = firstLine === lastLine ? t('line {0}', firstLine) : t('lines {0}–{1}', firstLine, lastLine);
    const count = window.estimated ? t('{0} of about {1} tokens', window.tokens, window.total) : t('{0} of {1} tokens', window.tokens, window.total);
    // The limit is the setting's, or the model's own when it has fewer positions.
    const message =
      window.limit === this.config().maxTokens
        ? t(
            'Coloured {0} only ({1}): {2} lets the model read {3} tokens at a time. Select another part to colour it.',
            lines,
            count,
            'attentionLens.maxTokens',
            window.limit,
          )
        : t('Coloured {0} only ({1}): the model reads at most {2} tokens at a time. Select another part to colour it.', lines, count, window.limit);
    inBackground(this.runner.notifier.info(message));
  }

  /** The legend of `document`'s colours in the side view, or none when it has none. */
  private showLegend(document: vscode.TextDocument): void {
    const entry = this.tracked.get(document.uri.toString())?.entry;
    this.legend(entry ? this.legendOf(entry) : null);
  }

  private edited(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    const tracked = this.tracked.get(uri);
    // Saved as a file, the untitled document is emptied before it closes: its range and colours go to the file (move).
    if (!tracked || e.contentChanges.length === 0 || isLeaving(e)) return;
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

  /** Colours every tracked document again after the debounce, and says anew how much they cover. */
  private limitChanged(): void {
    for (const [uri, tracked] of this.tracked) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri && !d.isClosed);
      if (!document) continue;
      this.stopTimer(uri);
      tracked.partSaid = false;
      tracked.timer = setTimeout(() => {
        tracked.timer = null;
        inBackground(this.analyze(document, false));
      }, this.config().surprisalDebounceMs);
    }
  }

  /** `from` is `to` now, with the same text: its range and colours go there (an edit pending there runs again). */
  private move(from: string, to: vscode.TextDocument): void {
    const tracked = this.tracked.get(from);
    if (!tracked) return;
    this.stop(from);
    this.tracked.set(to.uri.toString(), tracked);
    if (!tracked.entry) {
      inBackground(this.analyze(to));
      return;
    }
    this.decorations.apply(to, this.itemsOf(to, tracked.entry));
    if (!vscode.window.activeTextEditor || vscode.window.activeTextEditor.document === to) this.showLegend(to);
  }

  private stopTimer(uri: string): void {
    const t = this.tracked.get(uri);
    if (t?.timer) clearTimeout(t.timer);
    if (t) t.timer = null;
  }

  private stop(uri: string): void {
    this.stopTimer(uri);
    this.tracked.delete(uri);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri && !d.isClosed);
    if (document) this.decorations.apply(document, []);
    // Closed or under a new name: no editor shows its colours, and none stay recorded (and repainted) under this name.
    else this.decorations.forget(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active) this.showLegend(active);
    else if (this.tracked.size === 0) this.legend(null);
  }
}
