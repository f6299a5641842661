/**
 * The positions part of the webview benchmark (plain Node driving headless Chromium; run by
 * `npm run bench:webview`): the BERT tab's positions section painted from a learned table of 128
 * positions (the first part the host sends, its first paint) and of 512 (the whole table), each on
 * a fresh page, timed in the page from posting the message to the frame after the section's
 * canvases are in the page; drawPositions' own time (data-paint-ms) beside it. The table
 * (specs.ts learnedPositions: cosine 1 on the diagonal, −1 off it; a sine curve) is in the page
 * before the clock starts.
 */
import type { Browser } from 'playwright-core';
import { openView } from './browser';
import type { ViewServer } from './server';
import { bertMessage, learnedPositions } from './specs';

export interface PositionsFigures {
  /** Median ms from the message to the frame after the paint: 128 positions (first paint), 512 (whole table). */
  firstPaint128Ms: number;
  paint512Ms: number;
  /** Median ms of drawPositions itself at 128 and 512. */
  draw128Ms: number;
  draw512Ms: number;
}

/** One fresh page: [drawPositions' ms, ms to the frame after the paint]. */
async function once(browser: Browser, server: ViewServer, count: number): Promise<[number, number]> {
  const v = await openView(browser, server, 'panel', { width: 1280, height: 1000 });
  try {
    // Arrow functions only in here: the page has no bundler's helpers for named functions.
    const figures = await v.page.evaluate(
      async (message) => {
        const lens = (window as unknown as { __lens: { notify(m: string, p: unknown): void } }).__lens;
        const start = performance.now();
        lens.notify('bert', message);
        // A message the page refuses (its guard) draws nothing: give up rather than wait forever.
        while (!document.querySelector('.bert-positions canvas')) {
          if (performance.now() - start > 20_000) return null;
          await new Promise((r) => requestAnimationFrame(r));
        }
        await new Promise((r) => requestAnimationFrame(r));
        return [Number(document.querySelector<HTMLElement>('.bert-positions')?.dataset.paintMs), performance.now() - start];
      },
      bertMessage(1, { positions: learnedPositions('synthetic-bert', count, count < 512) }),
    );
    if (v.errors.length) throw new Error(`page errors: ${v.errors.join('; ')}`);
    if (!figures) throw new Error(`the BERT tab drew no positions within 20 s of the message (${count} positions): did the message's shape change?`);
    return figures as [number, number];
  } finally {
    await v.close();
  }
}

export async function measurePositions(browser: Browser, server: ViewServer, runs: number): Promise<PositionsFigures> {
  const all: Record<number, [number, number][]> = { 128: [], 512: [] };
  for (let run = 0; run < runs; run++) for (const n of [128, 512]) all[n].push(await once(browser, server, n));
  const median = (values: number[]): number => Math.round(10 * [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]) / 10;
  return {
    firstPaint128Ms: median(all[128].map((f) => f[1])),
    paint512Ms: median(all[512].map((f) => f[1])),
    draw128Ms: median(all[128].map((f) => f[0])),
    draw512Ms: median(all[512].map((f) => f[0])),
  };
}
