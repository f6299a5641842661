/**
 * The webview benchmarks' analysis (tests; plain Node): `t` synthetic tokens ([CLS] w1 … [SEP]) shown
 * as 12 layers × 12 heads on head 0, with the tensors and tokens serveView answers from. One
 * definition for the bench (webviewBench.ts), its A/B runner (abBench.ts) and its tracer (pageTrace.ts),
 * and the warmed page the last two measure on.
 */
import type { Browser } from 'playwright-core';
import type { AttentionData, TokenInfo } from '../../../src/protocol/analysis';
import { serveView } from '../../../src/engine/views/viewServer';
import { buildAnalysis } from './analysisSpec';
import { openView, type ViewPage } from './browser';
import type { LensWindow } from './pageHarness';
import type { ViewServer } from './server';
import { HEADS, LAYERS, syntheticAttention } from './syntheticViews';

export function benchAnalysis(t: number) {
  const built = buildAnalysis({
    id: t,
    documentName: `synthetic-${t}.txt`,
    modelId: 'synthetic-bert-base',
    kind: 'encoder',
    tokens: Array.from({ length: t }, (_, i) => (i === 0 ? { text: '[CLS]', special: true } : i === t - 1 ? { text: '[SEP]', special: true } : `w${i}`)),
    layers: 1,
    heads: 1,
    precision: 'float16',
    layer: 0,
    combine: { kind: 'head', head: 0 },
  });
  const tokens: readonly TokenInfo[] = built.tokens;
  const shown = {
    ...built.shown,
    result: {
      ...built.shown.result,
      model: { ...built.shown.result.model, layers: LAYERS, heads: HEADS },
      attention: { layers: LAYERS, heads: HEADS, length: t, precision: 'float16' as const, hasScores: false, key: t },
    },
  };
  return { shown, data: syntheticAttention(t), tokens };
}

/** The worker's replies for the bench's analysis, each computed once by serveView and kept (the diagnostics' page hook). */
export function memoServe(
  data: AttentionData,
  tokens: readonly TokenInfo[],
): { hook: (method: string, params: unknown) => unknown; replies: Map<string, unknown> } {
  const cache = {};
  const replies = new Map<string, unknown>();
  const hook = (method: string, params: unknown): unknown => {
    const id = JSON.stringify([method, params]);
    let reply = replies.get(id);
    if (reply === undefined) {
      reply = serveView({ data, tokens, cache }, method as 'matrix', params as never);
      replies.set(id, reply);
    }
    return reply;
  };
  return { hook, replies };
}

/** A four-token analysis of the same 12 × 12 shape that warms a diagnostic's page. */
export const diagnosticWarmUp = (): ReturnType<typeof buildAnalysis> =>
  buildAnalysis({
    id: 1,
    key: 1,
    documentName: 'warm-up.txt',
    kind: 'encoder',
    tokens: [{ text: '[CLS]', special: true }, 'a', 'b', { text: '[SEP]', special: true }],
    layers: LAYERS,
    heads: HEADS,
    fill: 'pattern',
  });

/** A fresh panel page showing `view` of the Attention tab, warmed by drawing `warmUp` (diagnosticWarmUp) once; it serves nothing after. */
export async function openWarmed(browser: Browser, server: ViewServer, view: string, warmUp: ReturnType<typeof buildAnalysis>): Promise<ViewPage> {
  const v = await openView(browser, server, 'panel', { width: 1280, height: 1000, state: viewState(view) });
  v.serve((method, params) => serveView({ data: warmUp.data, tokens: warmUp.tokens }, method as 'matrix', params as never));
  await v.page.evaluate((m) => (window as unknown as LensWindow).__lens.timeViews(m, []), warmUp.shown as object);
  await v.settle();
  v.serve(null);
  return v;
}

/** The views of the Attention tab and the element that counts each one's paints (data-paints). */
export const VIEW_SELECTOR = { model: '.model-grid', matrix: '.matrix-view', heads: '.head-stage' } as const;

/** A saved panel state that opens `view` of the Attention tab (for another analysis: only the tabs carry over). */
export const viewState = (view: string): unknown => ({
  analysisId: 0,
  choice: { layer: 0, combine: { kind: 'mean' }, cleaning: { hideSpecial: false, mergeSubwords: false, hidePunctuation: false } },
  token: null,
  tabs: { panel: 'attention', attention: view },
});
