/**
 * A/B of two builds of the webview (plain Node driving headless Chromium): the bench's page work
 * (fresh page, warmed, replies preloaded, timeViews) for each build's dist/webview folder, pages
 * alternated A, B, B, A…, so that a loaded machine slows both alike; medians, each page's figure and
 * the frame in which it saw the paint; with CPU=1, also the CPU time of the page's renderer (its main
 * thread, and all its threads) from posting the analysis to the measured frame, read from a trace,
 * which a busy machine sways far less than the wall clock. Copy dist/webview aside before a change
 * to have an A.
 *   [CPU=1] [MARKS=1] node --import tsx test/webview/support/abBench.ts DIR_A DIR_B [T=512] [rounds=7] [views=model,matrix,heads]
 */
import { benchAnalysis, diagnosticWarmUp, memoServe, openWarmed, VIEW_SELECTOR } from './benchAnalysis';
import { launchBrowser, type ViewPage } from './browser';
import type { LensWindow } from './pageHarness';
import { startServer, type ViewServer } from './server';
import { cpuTime } from './traceCpu';
import { encodeForPage } from './wire';

const [dirA, dirB] = [process.argv[2], process.argv[3]];
const T = Number(process.argv[4] ?? 512);
const ROUNDS = Number(process.argv[5] ?? 7);
const VIEWS = (process.argv[6] ?? 'model,matrix,heads').split(',');
// The model grid counts its paints on .model-grid (builds before it: on .model-canvas, then the whole grid); the first in the page is the one.
const SELECTOR: Record<string, string> = { ...VIEW_SELECTOR, model: `${VIEW_SELECTOR.model}, .model-canvas` };
const browser = await launchBrowser();
const servers: Record<string, ViewServer> = { A: await startServer(dirA), B: await startServer(dirB) };
const { shown, data, tokens } = benchAnalysis(T);
const { hook, replies } = memoServe(data, tokens);
const warmUp = diagnosticWarmUp();
const open = (server: ViewServer, view: string): Promise<ViewPage> => openWarmed(browser, server, view, warmUp);
const seen: Record<string, number[]> = {};
const cpu: Record<string, { main: number; all: number }[]> = {};

const asked: Record<string, number[]> = {};
const marks: Record<string, [string, number][][]> = {};
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
  // CPU=1: the page's CPU time too (less swayed by a loaded machine than the wall clock), from a trace.
  if (process.env.CPU && preload) await browser.startTracing(v.page, { categories: ['toplevel', 'blink.user_timing'] });
  const r = await v.page.evaluate(
    async ([m, s]) => {
      performance.mark('ab-start');
      const timed = await (window as unknown as LensWindow).__lens.timeViews(m, [s]);
      performance.mark('ab-end');
      return timed;
    },
    [message, SELECTOR[view]] as const,
  );
  if (process.env.CPU && preload) (cpu[`${view} ${side}`] ??= []).push(cpuTime(await browser.stopTracing()));
  if (preload) (seen[`${view} ${side}`] ??= []).push(r.frames[0]);
  // When the view's request left the page, ms after the message was posted (the handler's work before it).
  const sent = await v.page.evaluate(
    (start) => (window as unknown as LensWindow).__lens.timeline.filter((e) => e.sent >= start).map((e) => e.sent - start)[0] ?? -1,
    r.start,
  );
  if (preload) (asked[`${view} ${side}`] ??= []).push(sent);
  // MARKS=1: the User Timing marks named lens:* that a build placed (the first of each name, and every
  // lens:recv), ms after the message was posted: where the handler's time goes in an instrumented copy.
  if (process.env.MARKS && preload)
    (marks[`${view} ${side}`] ??= []).push(
      await v.page.evaluate((start) => {
        const seen = new Map<string, number>();
        let recv = 0;
        for (const m of performance.getEntriesByType('mark'))
          if (m.name.startsWith('lens:') && m.startTime >= start) {
            const name = m.name === 'lens:recv' ? `lens:recv${++recv}` : m.name;
            if (!seen.has(name)) seen.set(name, m.startTime - start);
          }
        return [...seen];
      }, r.start),
    );
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
  if (process.env.CPU) {
    const of = (side: string, k: 'main' | 'all'): number[] => cpu[`${view} ${side}`].map((c) => c[k]);
    const line = (k: 'main' | 'all'): string =>
      `A median ${median(of('A', k)).toFixed(1).padStart(6)}  B median ${median(of('B', k)).toFixed(1).padStart(6)}   A ${of('A', k)
        .map((x) => x.toFixed(0))
        .join(' ')} | B ${of('B', k)
        .map((x) => x.toFixed(0))
        .join(' ')}`;
    console.log(`${view.padEnd(7)} CPU ms, page's main thread: ${line('main')}`);
    console.log(`${view.padEnd(7)} CPU ms, all renderer threads: ${line('all')}`);
  }
  console.log(
    `${view.padEnd(7)} A median ${median(a).toFixed(1).padStart(6)}  B median ${median(b).toFixed(1).padStart(6)}   A ${a.map((x) => x.toFixed(0)).join(' ')} | B ${b.map((x) => x.toFixed(0)).join(' ')}   paint seen in frame: A ${seen[`${view} A`].join(',')} | B ${seen[`${view} B`].join(',')}   request sent after (median ms): A ${median(asked[`${view} A`]).toFixed(1)} | B ${median(asked[`${view} B`]).toFixed(1)}`,
  );
}
if (process.env.MARKS)
  for (const [key, list] of Object.entries(marks)) {
    const names = [...new Set(list.flatMap((run) => run.map(([name]) => name)))];
    const at = (name: string): number => median(list.map((run) => run.find(([n]) => n === name)?.[1] ?? Number.NaN).filter((x) => !Number.isNaN(x)));
    console.log(`${key} marks (median ms after posting): ${names.map((n) => `${n.slice(5)} ${at(n).toFixed(1)}`).join(', ')}`);
  }
await browser.close();
await servers.A.close();
await servers.B.close();
