/**
 * A/B of two builds of the webview (plain Node driving headless Chromium): the bench's page work
 * (fresh page, warmed, replies preloaded, timeViews) for each build's dist/webview folder, pages
 * alternated A, B, B, A…, so that a loaded machine slows both alike; medians, each page's figure and
 * the frame in which it saw the paint. Copy dist/webview aside before a change to have an A.
 *   node --import tsx test/webview/support/abBench.ts DIR_A DIR_B [T=512] [rounds=7] [views=model,matrix,heads]
 */
import { serveView } from '../../../src/engine/views/viewServer';
import { benchAnalysis, diagnosticWarmUp, memoServe } from './benchAnalysis';
import { launchBrowser, openView } from './browser';
import type { LensWindow } from './pageHarness';
import { startServer, type ViewServer } from './server';
import { encodeForPage } from './wire';

const [dirA, dirB] = [process.argv[2], process.argv[3]];
const T = Number(process.argv[4] ?? 512);
const ROUNDS = Number(process.argv[5] ?? 7);
const VIEWS = (process.argv[6] ?? 'model,matrix,heads').split(',');
const SELECTOR: Record<string, string> = { model: '.model-canvas', matrix: '.matrix-view', heads: '.head-stage' };
const stateFor = (view: string): unknown => ({
  analysisId: 0,
  choice: { layer: 0, combine: { kind: 'mean' }, cleaning: { hideSpecial: false, mergeSubwords: false, hidePunctuation: false } },
  token: null,
  tabs: { panel: 'attention', attention: view },
});

const browser = await launchBrowser();
const servers: Record<string, ViewServer> = { A: await startServer(dirA), B: await startServer(dirB) };
const { shown, data, tokens } = benchAnalysis(T);
const { hook, replies } = memoServe(data, tokens);
const warmUp = diagnosticWarmUp();
const open = async (server: ViewServer, view: string): Promise<Awaited<ReturnType<typeof openView>>> => {
  const v = await openView(browser, server, 'panel', { width: 1280, height: 1000, state: stateFor(view) });
  v.serve((method, params) => serveView({ data: warmUp.data, tokens: warmUp.tokens }, method as 'matrix', params as never));
  await v.page.evaluate((m) => (window as unknown as LensWindow).__lens.timeViews(m, []), warmUp.shown as object);
  await v.settle();
  v.serve(null);
  return v;
};
const seen: Record<string, number[]> = {};
const asked: Record<string, number[]> = {};
const time = async (side: string, view: string, preload: boolean): Promise<number> => {
  const v = await open(servers[side], view);
  v.serve(hook);
  if (preload)
    await v.page.evaluate(
      (list) => (window as unknown as LensWindow).__lens.preload(list),
      [...replies].map(([id, r]) => [id, encodeForPage(r)] as const),
    );
  // UNSTAGED=1: the analysis as the timed evaluate's argument (the bench before it staged it).
  if (!process.env.UNSTAGED) {
    await v.page.evaluate((m) => (window as unknown as LensWindow).__lens.stage(m), shown);
    await v.page.evaluate(() => (window as unknown as LensWindow).__lens.frames(1));
  }
  const message = process.env.UNSTAGED ? shown : undefined;
  const r = await v.page.evaluate(([m, s]) => (window as unknown as LensWindow).__lens.timeViews(m, [s]), [message, SELECTOR[view]] as const);
  if (preload) (seen[`${view} ${side}`] ??= []).push(r.frames[0]);
  // When the view's request left the page, ms after the message was posted (the handler's work before it).
  const sent = await v.page.evaluate(
    (start) => (window as unknown as LensWindow).__lens.timeline.filter((e) => e.sent >= start).map((e) => e.sent - start)[0] ?? -1,
    r.start,
  );
  if (preload) (asked[`${view} ${side}`] ??= []).push(sent);
  await v.settle();
  if (v.errors.length) throw new Error(`${side} ${view}: ${v.errors.join('; ')}`);
  await v.close();
  return r.paints[0];
};
// Replies of both builds' requests (they may ask for other windows).
for (const view of VIEWS) for (const side of ['A', 'B']) await time(side, view, false);
const runs: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS; round++)
  for (const view of VIEWS) for (const side of round % 2 ? ['B', 'A'] : ['A', 'B']) (runs[`${view} ${side}`] ??= []).push(await time(side, view, true));
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const view of VIEWS) {
  const [a, b] = [runs[`${view} A`], runs[`${view} B`]];
  console.log(
    `${view.padEnd(7)} A median ${median(a).toFixed(1).padStart(6)}  B median ${median(b).toFixed(1).padStart(6)}   A ${a.map((x) => x.toFixed(0)).join(' ')} | B ${b.map((x) => x.toFixed(0)).join(' ')}   paint seen in frame: A ${seen[`${view} A`].join(',')} | B ${seen[`${view} B`].join(',')}   request sent after (median ms): A ${median(asked[`${view} A`]).toFixed(1)} | B ${median(asked[`${view} B`]).toFixed(1)}`,
  );
}
await browser.close();
await servers.A.close();
await servers.B.close();
