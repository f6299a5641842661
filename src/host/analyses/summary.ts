/**
 * The side view's digest of an analysis (pure; extension host and unit tests): counts and the
 * headline predictions as the tokenizer decodes them (the view formats them), never the matrices.
 */
import type { AnalysisSummary } from '../../protocol/webviewApi';
import type { StoredAnalysis } from './analyses';

export function summarize(entry: StoredAnalysis, documentName: string, top = 5): AnalysisSummary {
  const { result, id } = entry.shown;
  const p = result.predictions;
  const headline =
    result.model.kind === 'encoder'
      ? p.masked.flatMap((m) => m.top.slice(0, top).map((c) => ({ label: c.token, p: c.p, position: m.position }))).slice(0, top)
      : p.next.slice(0, top).map((c) => ({ label: c.token, p: c.p, position: null }));
  return {
    id,
    document: documentName,
    model: result.model.id,
    kind: result.model.kind,
    tokens: result.tokens.length,
    analyzed: { start: entry.base + result.analyzed.start, end: entry.base + result.analyzed.end },
    predictions: headline,
    notices: result.notices,
  };
}
