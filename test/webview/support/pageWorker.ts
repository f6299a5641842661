/**
 * The engine worker's view serving inside the benchmark's page (browser script, tests): the real
 * serveView over the same synthetic tensors as Node's, so that an end-to-end time counts the
 * worker's own work without the test harness's transport (JSON and base64 across Playwright's
 * binding, far slower than VS Code's postMessage). It runs on the page's thread, so its time adds
 * to the page's (a real worker has a thread of its own): the figure errs on the slow side.
 * pageHarness.ts forwards requests here once `load` has run.
 */
import type { TokenInfo } from '../../../src/protocol/analysis';
import { serveView } from '../../../src/engine/views/viewServer';
import type { ViewCache } from '../../../src/engine/views/viewMath';
import { syntheticAttention } from './syntheticViews';

export interface PageWorker {
  /** Builds the tensors for `t` tokens (before any clock starts) with a fresh view cache. */
  load(t: number, tokens: readonly TokenInfo[]): void;
  /** Answers a view request as the worker would: its reply, or its error's code and message. */
  serve(method: string, params: unknown): { result: unknown } | { error: { code: string; message: string } };
  /** ms spent in serveView since `load`. */
  spent: number;
}

let source: { data: ReturnType<typeof syntheticAttention>; tokens: readonly TokenInfo[]; cache: ViewCache } | null = null;

const worker: PageWorker = {
  load(t, tokens) {
    source = { data: syntheticAttention(t), tokens, cache: {} };
    worker.spent = 0;
  },
  serve(method, params) {
    if (!source) return { error: { code: 'analysis-gone', message: 'no analysis loaded' } };
    const start = performance.now();
    try {
      return { result: serveView(source, method as 'matrix', params as never) };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { error: { code: e.code ?? 'internal', message: e.message ?? String(error) } };
    } finally {
      worker.spent += performance.now() - start;
    }
  },
  spent: 0,
};

Object.assign(window, { __lensWorker: worker });
