/**
 * The attention spotlight (extension host): while it is on, the token under the cursor in an
 * analyzed range of the current document version lights up the tokens it attends to, graded in
 * a few intensity buckets by weight, under the view choice the panel shows for that analysis
 * (its layer, heads or rollout, and cleaning: a merged word lights up whole). The row comes from
 * the AttentionSource, so a cached analysis needs no engine run; the side view lists the same
 * tokens. A status bar item shows the state and toggles it.
 */
import * as vscode from 'vscode';
import { asEngineError } from '../../engine/errors';
import { topAttended } from '../../protocol/attentionMath';
import { describeChoice } from '../../protocol/viewChoice';
import type { SpotlightList } from '../../protocol/webviewApi';
import type { AnalysisStore } from '../analyses/analyses';
import type { AttentionRow, AttentionSource, ChoiceSource } from '../analyses/attentionSource';
import { WEIGHT_BUCKETS, weightBucket } from './buckets';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { BucketedDecorations, tokenRange, type AppliedDecoration } from './editorDecorations';
import { entryLabel, tokenLabel } from './hoverText';
import { SPOTLIGHT_COLORS } from './themeColors';

export interface SpotlightHost {
  readonly store: AnalysisStore;
  readonly source: AttentionSource;
  /** What the panel shows for an analysis (its choice, else the settings'). */
  readonly choices: ChoiceSource;
  config(): Config;
  list(list: SpotlightList | null): void;
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
    this.item.name = 'Attention Lens spotlight';
    this.item.command = COMMANDS.toggleSpotlight;
    this.showState();
    this.item.show();
    this.subscriptions.push(
      this.updated,
      vscode.window.onDidChangeTextEditorSelection((e) => void this.update(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && void this.update(editor)),
      // Edited text: the analysis no longer describes it; clear at once.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.decorations.appliedTo(e.document.uri.toString()).length) this.clear(e.document);
      }),
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
    } else if (editor) await this.update(editor);
    return this.on;
  }

  appliedTo(uri: string): readonly AppliedDecoration[] {
    return this.decorations.appliedTo(uri);
  }

  /** Lights up what the token under `editor`'s cursor attends to (or clears when there is none). */
  async update(editor: vscode.TextEditor): Promise<void> {
    if (!this.on) return;
    const started = performance.now();
    const seq = ++this.sequence;
    const { document } = editor;
    const hit = this.host.store.at(document.uri.toString(), document.version, document.offsetAt(editor.selection.active));
    if (!hit) {
      this.clear(document);
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
      if (['analysis-gone', 'worker-crashed', 'cancelled'].includes(asEngineError(error).code)) return;
      throw error;
    }
    if (seq !== this.sequence || document.version !== entry.version) return;
    // The panel's cleaning hides this token: it attends to nothing there.
    if (!row) {
      this.clear(document);
      return;
    }
    const { tokens } = entry.shown.result;
    const groups = row.axis.groups;
    const located = (e: number): readonly number[] => groups[e].filter((t) => tokens[t].start !== null);
    const top = topAttended(row.weights, row.weights.length)
      .filter((a) => a.weight > 0 && located(a.key).length > 0)
      .slice(0, this.host.config().spotlightTokens);
    const max = top[0]?.weight ?? 0;
    const items: { range: vscode.Range; bucket: number }[] = [];
    for (const a of top) {
      const bucket = weightBucket(a.weight, max);
      if (bucket === null) continue;
      for (const t of located(a.key)) {
        const range = tokenRange(document, entry.base, tokens[t].start!, tokens[t].end!);
        if (range) items.push({ range, bucket });
      }
    }
    this.decorations.apply(document, items);
    this.lastUpdateMs = performance.now() - started;
    this.updated.fire(document.uri.toString());
    const text = (s: number, e: number): string => document.getText(new vscode.Range(document.positionAt(s), document.positionAt(e)));
    this.host.list({
      analysisId: entry.shown.id,
      token: tokenLabel(entry, token, text),
      view: describeChoice(choice),
      items: top.map((a) => ({ label: entryLabel(entry, groups[a.key], text), weight: a.weight })),
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.decorations.dispose();
    this.item.dispose();
  }

  private clear(document: vscode.TextDocument): void {
    const had = this.decorations.appliedTo(document.uri.toString()).length > 0;
    this.decorations.apply(document, []);
    if (had) this.host.list(null);
  }

  private showState(): void {
    this.item.text = this.on ? '$(eye) Spotlight' : '$(eye-closed) Spotlight';
    this.item.tooltip = this.on
      ? 'Attention spotlight on: the token under the cursor lights up what it attends to. Click to turn it off.'
      : 'Attention spotlight off. Click to turn it on.';
  }
}
