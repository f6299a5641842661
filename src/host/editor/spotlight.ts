/**
 * The attention spotlight (extension host): while it is on, the token under the cursor in an
 * analyzed range of the current document version lights up the tokens it attends to, graded in
 * a few intensity buckets by weight, for the layer/head the panel shows (or the settings). The
 * row comes from the AttentionSource, so a cached analysis needs no engine run; the side view
 * lists the same tokens. A status bar item shows the state and toggles it.
 */
import * as vscode from 'vscode';
import { topAttended, type HeadChoice } from '../../protocol/attentionMath';
import type { SpotlightList } from '../../protocol/webviewApi';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import type { AttentionSource } from '../analyses/attentionSource';
import { WEIGHT_BUCKETS, weightBucket } from './buckets';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { BucketedDecorations, tokenRange, type AppliedDecoration } from './editorDecorations';
import { headLabel, resolveLayer, tokenLabel } from './hoverText';
import { SPOTLIGHT_COLORS } from './themeColors';

export interface SpotlightHost {
  readonly store: AnalysisStore;
  readonly source: AttentionSource;
  config(): Config;
  /** The layer/head the panel shows for an analysis, when someone chose one there. */
  selection(analysisId: number): { layer: number; head: number | null } | undefined;
  list(list: SpotlightList | null): void;
}

/** The layer and head reduction the views use for `entry`: the panel's choice, else the settings. */
export function viewChoice(
  entry: StoredAnalysis,
  config: Config,
  chosen: { layer: number; head: number | null } | undefined,
): { layer: number; heads: HeadChoice } {
  const { layers, heads } = entry.shown.result.attention;
  const layer = resolveLayer(chosen?.layer ?? config.defaultLayer, layers);
  const choice: HeadChoice = chosen ? (chosen.head ?? 'mean') : config.headAggregation === 'head' ? config.defaultHead : config.headAggregation;
  return { layer, heads: typeof choice === 'number' ? Math.min(choice, heads - 1) : choice };
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
    const { layer, heads } = viewChoice(entry, this.host.config(), this.host.selection(entry.shown.id));
    const row = await this.host.source.row(entry, layer, heads, token);
    if (seq !== this.sequence || document.version !== entry.version) return;
    const { tokens } = entry.shown.result;
    const located = topAttended(row, row.length).filter((a) => a.weight > 0 && tokens[a.key].start !== null);
    const top = located.slice(0, this.host.config().spotlightTokens);
    const max = top[0]?.weight ?? 0;
    const items: { range: vscode.Range; bucket: number }[] = [];
    for (const a of top) {
      const t = tokens[a.key];
      const bucket = weightBucket(a.weight, max);
      const range = tokenRange(document, entry.base, t.start!, t.end!);
      if (bucket !== null && range) items.push({ range, bucket });
    }
    this.decorations.apply(document, items);
    this.lastUpdateMs = performance.now() - started;
    this.updated.fire(document.uri.toString());
    const text = (s: number, e: number): string => document.getText(new vscode.Range(document.positionAt(s), document.positionAt(e)));
    this.host.list({
      analysisId: entry.shown.id,
      token: tokenLabel(entry, token, text),
      view: `layer ${layer}, ${headLabel(heads)}`,
      items: top.map((a) => ({ label: tokenLabel(entry, a.key, text), weight: a.weight })),
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
