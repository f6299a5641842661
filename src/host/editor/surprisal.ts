/**
 * The surprisal heatmap (extension host): colours each token of a range by how surprising the
 * decoder found it (−log2 p, in bits), in fixed bands with light and dark theme colours, with a
 * legend in the side view while the active editor shows a coloured document; the hover gives p,
 * rank and the alternatives. Tracking the range through edits (cleared at once, analyzed again
 * after a debounce, never stale colours) is trackedColouring.ts's, shared with the settling strip.
 */
import type * as vscode from 'vscode';
import type { AnalysisRunner } from '../analyses/analysisRunner';
import type { SurprisalLegend } from '../../protocol/webviewApi';
import type { StoredAnalysis } from '../analyses/analyses';
import { mergeSameSpan, surprisalBucket, surprisalLegend, type GradedSpan, type OffsetRange } from './buckets';
import type { Config } from '../config';
import { spanRange, tokenSpan } from './editorDecorations';
import { SURPRISAL_COLORS } from './themeColors';
import { t } from '../l10n';
import { TrackedColouring, type BandedRange } from './trackedColouring';

export class SurprisalHeatmap extends TrackedColouring {
  constructor(runner: AnalysisRunner, config: () => Config, legend: (legend: SurprisalLegend | null) => void) {
    super(
      runner,
      config,
      legend,
      SURPRISAL_COLORS.map((color) => ({ color })),
    );
  }

  protected analysisOf(document: vscode.TextDocument, range: OffsetRange, reuse: boolean): Promise<StoredAnalysis> {
    return this.runner.run(document, range.start, range.end, { kind: 'decoder', reuse });
  }

  protected itemsOf(document: vscode.TextDocument, entry: StoredAnalysis): BandedRange[] {
    const { tokens, predictions } = entry.shown.result;
    const spans: GradedSpan[] = [];
    for (const s of predictions.perToken) {
      const t = tokens[s.position];
      if (!t || t.start === null || t.end === null) continue;
      const span = tokenSpan(document, entry.base, t.start, t.end);
      if (span) spans.push({ ...span, value: s.surprisal });
    }
    // The byte pieces of one character are one surprise: their bits add up.
    return mergeSameSpan(spans, (a, b) => a + b).map((s) => ({ range: spanRange(document, s), bucket: surprisalBucket(s.value) }));
  }

  protected legendOf(entry: StoredAnalysis): SurprisalLegend {
    return { document: entry.shown.document.name, bands: surprisalLegend() };
  }

  protected noEditor(): string {
    return t('Open a file to colour its tokens by surprisal.');
  }
}
