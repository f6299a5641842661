/**
 * Head ablation (extension host): Ablate Heads runs the analysis the panel shows (or the active
 * editor's last one) again with the chosen heads switched off — the same document version, range,
 * masks and window, so that only the heads differ — and shows both in the panel (the Compare tab's
 * ablation mode: what changed). Restore Heads shows the unablated analysis again, from the cache
 * when it is still there. The heads are part of the analysis' identity (analyses.ts `find`), so an
 * ablation never answers a plain lookup and the panel's notices, the hover and the exports name them.
 *
 *   await vscode.commands.executeCommand('attentionLens.ablateHeads', { heads: [{ layer: 3, head: 1 }] });
 *   await vscode.commands.executeCommand('attentionLens.restoreHeads');
 */
import * as vscode from 'vscode';
import type { HeadRef } from '../../protocol/analysis';
import { canonicalHeads, headsFit, headsKey, headsLabel } from '../../protocol/ablation';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import { inBackground } from '../background';
import { t } from '../l10n';
import type { PanelContent } from '../webviews/panelContent';
import type { AnalysisPanel } from '../webviews/panel';
import { plainArgs } from '../commands/actions';
import { COMMANDS } from '../commands';

/** The command's arguments (scripts, tests and the panel): which analysis, which heads (no quick pick). */
export interface AblateArgs {
  readonly analysisId?: number;
  readonly heads?: readonly HeadRef[];
}

export type AblateOutcome = RunOutcome & { readonly originId?: number; readonly heads?: string };

/** The quick pick's items: every layer:head of the model, the heads already off picked. */
export function headItems(layers: number, heads: number, off: readonly HeadRef[]): (vscode.QuickPickItem & { head: HeadRef })[] {
  const picked = new Set(canonicalHeads(off).map((h) => `${h.layer}:${h.head}`));
  const items: (vscode.QuickPickItem & { head: HeadRef })[] = [];
  for (let layer = 0; layer < layers; layer++)
    for (let head = 0; head < heads; head++)
      items.push({
        label: `${layer}:${head}`,
        description: t('layer {0}, head {1}', layer, head),
        picked: picked.has(`${layer}:${head}`),
        head: { layer, head },
      });
  return items;
}

export class Ablation {
  constructor(
    private readonly runner: AnalysisRunner,
    private readonly store: AnalysisStore,
    private readonly content: PanelContent,
  ) {}

  /** The analysis a command acts on: the one named, the panel's, or the active editor's last. */
  private target(analysisId: number | undefined): StoredAnalysis | null {
    if (analysisId !== undefined) return this.store.byId(analysisId);
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const shown = this.content.current;
    if (shown && (!uri || shown.uri === uri)) return shown;
    return uri ? this.store.latestFor(uri) : shown;
  }

  async ablate(args: AblateArgs = {}): Promise<AblateOutcome> {
    const entry = this.target(args.analysisId);
    if (!entry) return this.refuse(t('Analyze some text first: heads are switched off in an analysis.'));
    const { layers, heads } = entry.shown.result.model;
    let chosen = args.heads;
    if (chosen !== undefined && !(Array.isArray(chosen) && chosen.every((h) => typeof h === 'object' && h !== null)))
      return this.refuse(t('Heads are given as a list of layer and head pairs.'));
    if (!chosen) {
      const picked = await vscode.window.showQuickPick(headItems(layers, heads, entry.shown.result.ablated ?? []), {
        title: t('Attention Lens: switch heads off'),
        placeHolder: t('Pick the heads to switch off (layer:head); the text is analyzed again without them'),
        canPickMany: true,
      });
      if (!picked) return { ok: false, code: 'cancelled', message: t('no heads chosen') };
      chosen = picked.map((p) => p.head);
    }
    const off = canonicalHeads(chosen);
    if (!headsFit(off, { layers, heads }))
      return this.refuse(t('The model has {0} layers and {1} heads: {2} is not one of them.', layers, heads, headsLabel(off)));
    if (off.length === 0) return this.restore({ analysisId: entry.shown.id });
    try {
      // Asked now: a command asked after it, answered first, keeps the panel (latestWins.ts).
      const turn = this.runner.ask();
      const before = await this.baseOf(entry);
      this.runner.sameModel(before, before.shown.result.model.kind);
      const after = await this.runner.again(before, { ablate: off }, before.shown.id, turn);
      if (this.runner.answer(after, turn)) this.content.showAblation(before, after);
      return { ok: true, analysisId: after.shown.id, originId: before.shown.id, heads: headsKey(off) };
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.ablate({ analysisId: entry.shown.id, heads: off })));
    }
  }

  /** Shows the unablated analysis of the panel's (or the named) ablation again. */
  async restore(args: { readonly analysisId?: number } = {}): Promise<AblateOutcome> {
    const entry = this.target(args.analysisId);
    if (!entry) return this.refuse(t('There is no analysis to restore.'));
    try {
      const before = await this.baseOf(entry);
      this.content.endAblation(before);
      return { ok: true, analysisId: before.shown.id, originId: before.shown.id, heads: '' };
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.restore(args)));
    }
  }

  /** The unablated analysis of `entry`: itself, the one it was ablated from (cached), or the same request again without ablation. */
  private async baseOf(entry: StoredAnalysis): Promise<StoredAnalysis> {
    if (!entry.shown.result.ablated?.length) return entry;
    const origin = entry.origin === undefined ? null : this.store.byId(entry.origin);
    return origin ?? this.runner.again(entry, { ablate: undefined });
  }

  private refuse(message: string): AblateOutcome & { ok: false } {
    inBackground(this.runner.notifier.info(message));
    return { ok: false, code: 'bad-input', message };
  }
}

/** The commands and the panel's messages of ablation (what `activate` registers). */
export function registerAblation(ablation: Ablation, panel: Pick<AnalysisPanel, 'on'>): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.ablateHeads, (args?: unknown) => ablation.ablate(plainArgs<AblateArgs>(args))),
    vscode.commands.registerCommand(COMMANDS.restoreHeads, (args?: unknown) => ablation.restore(plainArgs<{ analysisId?: number }>(args))),
    // From the panel: an empty list asks with the quick pick.
    panel.on('ablate', ({ analysisId, heads }) => inBackground(ablation.ablate({ analysisId, heads: heads.length ? heads : undefined }))),
    panel.on('restore', ({ analysisId }) => inBackground(ablation.restore({ analysisId }))),
  ];
}
