// The Q/K/V inspector fits a panel at half the width of a 1400 × 900 window (a 700 px page): its
// last column, a·v, is seen without scrolling sideways, in English and in Spanish, for a head of 32
// components (the embedded models') with scores of three whole digits. Saves screenshots.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { QkvWindowRequest } from '../../src/protocol/inside';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { DECODER, shot, T } from './support/insideFixtures';

const session = sharedSession();
after(() => session.close());

const D = 32;
/** Large, signed components: q·k reads "−123.4567"-wide, the widest a score column gets before scientific notation. */
const wide = (seed: number): Float32Array => Float32Array.from({ length: T * D }, (_, i) => ((((i + seed) * 7919) % 17) - 8) * 0.9);

function serveWide(v: ViewPage): void {
  v.serve((method, params, next) =>
    method === 'qkvWindow' ? { ...(params as QkvWindowRequest), length: T, headDim: D, scale: 0.1768, q: wide(1).slice(0, D), k: wide(2), v: wide(3) } : next(),
  );
}

async function overflow(v: ViewPage): Promise<{ scroll: number; client: number; right: number; gridRight: number }> {
  return v.page.evaluate(() => {
    const grid = document.querySelector('.qkv-grid') as HTMLElement;
    const last = document.querySelector('.qkv-weighted-col') as HTMLElement;
    return {
      scroll: grid.scrollWidth,
      client: grid.clientWidth,
      right: last.getBoundingClientRect().right,
      gridRight: grid.getBoundingClientRect().right,
    };
  });
}

describe('the Q/K/V inspector at half a 1400 px window', () => {
  for (const [locale, tab] of [
    ['en', 'Inside'],
    ['es', 'Por dentro'],
  ] as const) {
    it(`${locale}: the a·v column is in view without scrolling sideways`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          serveWide(v);
          await v.analysis(DECODER);
          await openTab(v, tab);
          await v.page.locator('.qkv-weighted').waitFor();
          const o = await overflow(v);
          await shot(v, `qkv-half-${locale}`);
          assert.ok(o.scroll <= o.client, `the grid scrolls: ${o.scroll} px of content in ${o.client} px`);
          assert.ok(o.right <= o.gridRight + 0.5, `a·v ends at ${o.right} px, the grid at ${o.gridRight} px`);
        },
        { locale, width: 520, height: 900 },
      ));
  }
});
