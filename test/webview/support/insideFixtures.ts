/**
 * The Inside tab's webview tests' data (inside.test.ts): q, k and v made in Node and the attention
 * they give, a decoder analysis over them, the engine's qkvWindow and lens replies answered from
 * them, and the page readers (a canvas pixel, the exports).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LensData } from '../../../src/protocol/analysis';
import type { LensRequest, QkvWindowRequest } from '../../../src/protocol/inside';
import type { AnalysisSpec } from './analysisSpec';
import { openTab, type ServeHook, type ViewPage } from './browser';
import type { LensWindow } from './pageHarness';
import { ROOT } from './server';

export const T = 5;
export const D = 4;
const SCALE = 0.5;
const seeded = (seed: number) => (): number => {
  seed = (seed * 16807) % 2147483647;
  return Math.round(((seed / 2147483647) * 4 - 2) * 64) / 64;
};
const next = seeded(5);
const Q = Float32Array.from({ length: T * D }, next);
export const K = Float32Array.from({ length: T * D }, next);
export const V = Float32Array.from({ length: T * D }, next);

/** softmax(q·kᵀ·scale + causal mask), row-major T×T: what the engine's attention would be. */
export function attention(): number[] {
  const out: number[] = [];
  for (let i = 0; i < T; i++) {
    const s = Array.from({ length: T }, (_, j) =>
      j > i ? -Infinity : Array.from({ length: D }, (_, e) => Q[i * D + e] * K[j * D + e]).reduce((a, b) => a + b) * SCALE,
    );
    const m = Math.max(...s);
    const z = s.reduce((a, x) => a + Math.exp(x - m), 0);
    out.push(...s.map((x) => Math.exp(x - m) / z));
  }
  return out;
}

export const DECODER: AnalysisSpec = {
  id: 21,
  documentName: 'story.txt',
  kind: 'decoder',
  tokens: ['The', 'Ġriver', 'Ġbank', 'Ġwas', 'Ġsteep'],
  layers: 2,
  heads: 2,
  matrices: { '1/0': attention() },
  fill: 'causal',
  layer: 1,
  combine: { kind: 'head', head: 0 },
};

function qkvReply(r: QkvWindowRequest): unknown {
  return { ...r, length: T, headDim: D, scale: SCALE, q: Q.slice(r.query * D, (r.query + 1) * D), k: K.slice(), v: V.slice() };
}

/** A lens of three layers where " bank" rises to the top and " side" falls. */
function lensReply(r: LensRequest, kind: 'logit' | 'mlm'): LensData {
  const tops = [
    [
      [' the', 0.3],
      [' side', 0.2],
      [' bank', 0.05],
    ],
    [
      [' side', 0.4],
      [' bank', 0.35],
    ],
    [
      [' bank', 0.9],
      [' side', 0.05],
    ],
  ] as const;
  const ids: Record<string, number> = { ' the': 11, ' side': 12, ' bank': 13, ' shore': 14 };
  // The engine answers a watched word at every layer wherever it ranks: " shore" far below the top-k; "zz top" is two tokens.
  const watched: Record<string, readonly (readonly [number, number])[]> = {
    side: [
      [0.2, 2],
      [0.4, 1],
      [0.05, 2],
    ],
    shore: [
      [0.001, 57],
      [0.002, 31],
      [0.0004, 412],
    ],
  };
  const watch = r.watch ?? [];
  return {
    kind,
    positions: r.positions.map((position) => ({
      position,
      layers: tops.map((top, layer) => ({
        layer,
        top: top.map(([token, p]) => ({ token, id: ids[token], p })),
        ...(watch.length
          ? { watched: watch.map((w) => (watched[w] ? { token: ` ${w}`, id: ids[` ${w}`], p: watched[w][layer][0], rank: watched[w][layer][1] } : null)) }
          : {}),
      })),
    })),
    ...(watch.length ? { watch: [...watch] } : {}),
  };
}

/** Answers qkvWindow and lens here, the rest by serveView. */
export const answerer =
  (kind: 'logit' | 'mlm'): ServeHook =>
  (method, params, fallback) => {
    if (method === 'qkvWindow') return qkvReply(params as QkvWindowRequest);
    if (method === 'lens') return lensReply(params as LensRequest, kind);
    return fallback();
  };

export function answer(v: ViewPage, kind: 'logit' | 'mlm'): void {
  v.serve(answerer(kind));
}

/** The panel on DECODER's analysis, its qkvWindow and lens answered here, on the Inside tab (`tab`: its name in the page's language). */
export async function openInside(v: ViewPage, tab = 'Inside'): Promise<void> {
  answer(v, 'logit');
  await v.analysis(DECODER);
  await openTab(v, tab);
}

/** The page as people see it, for looking at (test-results/webview-inside-*.png). */
export async function shot(v: ViewPage, name: string): Promise<void> {
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  await v.page.screenshot({ path: path.join(ROOT, 'test-results', `webview-inside-${name}.png`), fullPage: true });
}

export const pixel = (v: ViewPage, selector: string, x: number, y: number): Promise<number[]> =>
  v.page.evaluate(
    ([s, x, y]) => {
      const d = document.querySelector<HTMLCanvasElement>(s)?.getContext('2d')?.getImageData(x, y, 1, 1).data;
      return d ? [d[0], d[1], d[2]] : [];
    },
    [selector, x, y] as const,
  );

export const exported = (v: ViewPage): Promise<{ name: string; data: string }[]> =>
  v.page.evaluate(() => (window as unknown as LensWindow).__lens.exports.map((e) => ({ name: e.name, data: typeof e.data === 'string' ? e.data : '' })));
