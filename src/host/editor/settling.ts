/**
 * Where the prediction settles (extension host): a toggle that colours the analyzed text, each
 * token by the first layer from which the model's final top-1 prediction at that position stays
 * top-1 (protocol/lens.ts `settlingLayer` over the layer lens: the model's own output head applied
 * to every layer's stream). A decoder's every position (its next-token prediction) is coloured; an
 * encoder's masked positions when the document's last analysis masked words. The lens of every
 * position comes with the analysis, in one engine request (the worker chunks it), never one request
 * per token. The legend is in the side view and the layer in the hover (hoverText.ts). Tracking the
 * range through edits — cleared at once, analyzed again after a debounce, never stale colours — is
 * trackedColouring.ts's, shared with the surprisal heatmap.
 */
import type * as vscode from 'vscode';
import { settlingLayer } from '../../protocol/lens';
import type { SurprisalLegend } from '../../protocol/webviewApi';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import { mergeSameSpan, type GradedSpan, type OffsetRange } from './buckets';
import type { Config } from '../config';
import { spanRange, tokenSpan } from './editorDecorations';
import { settlingBucket, settlingLegend } from './settlingBands';
import { SETTLING_COLORS } from './themeColors';
import { t } from '../l10n';
import { TrackedColouring, type BandedRange } from './trackedColouring';

export class SettlingStrip extends TrackedColouring {
  constructor(
    runner: AnalysisRunner,
    private readonly store: AnalysisStore,
    config: () => Config,
    legend: (legend: SurprisalLegend | null) => void,
  ) {
    super(
      runner,
      config,
      legend,
      SETTLING_COLORS.map((color) => ({ color })),
    );
  }

  /** On in the active editor when it is off there, else off. */
  async toggle(activeUri: string | undefined): Promise<RunOutcome & { readonly on?: boolean }> {
    if (activeUri && this.isTracking(activeUri)) {
      this.clear();
      return { ok: true, analysisId: 0, on: false };
    }
    const outcome = await this.show();
    return { ...outcome, on: outcome.ok };
  }

  protected analysisOf(document: vscode.TextDocument, range: OffsetRange, reuse: boolean): Promise<StoredAnalysis> {
    // An encoder's lens reads its masked positions: the document's masked analysis, with the lens.
    const last = this.store.latestFor(document.uri.toString());
    if (last && last.version === document.version && last.masked && last.shown.result.model.kind === 'encoder' && !last.shown.result.ablated?.length)
      return last.shown.result.lens ? Promise.resolve(last) : this.runner.again(last, { lens: true });
    return this.runner.run(document, range.start, range.end, { kind: 'decoder', reuse, lens: true });
  }

  protected itemsOf(document: vscode.TextDocument, entry: StoredAnalysis): BandedRange[] {
    const { tokens, lens, model } = entry.shown.result;
    const spans: GradedSpan[] = [];
    for (const position of lens?.positions ?? []) {
      const tok = tokens[position.position];
      const layer = settlingLayer(position);
      if (!tok || tok.start === null || tok.end === null || layer === null) continue;
      const span = tokenSpan(document, entry.base, tok.start, tok.end);
      if (span) spans.push({ ...span, value: layer });
    }
    // The byte pieces of one character: it has settled when the last of them has.
    return mergeSameSpan(spans, Math.max).map((s) => ({ range: spanRange(document, s), bucket: settlingBucket(s.value, model.layers) }));
  }

  protected legendOf(entry: StoredAnalysis): SurprisalLegend {
    return { document: entry.shown.document.name, bands: settlingLegend(entry.shown.result.model.layers) };
  }

  protected noEditor(): string {
    return t('Open a file to see where the model’s predictions settle in it.');
  }
}
