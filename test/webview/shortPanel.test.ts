// The panel in a short window (a low-vision reader's 200 % or 400 % zoom, or a panel under the
// editor), in headless Chromium on the real panel: the header, the token strip and the tab bar
// stayed pinned above the tab and left it a sliver (12 px of 256 at 320 × 256 CSS px, the size WCAG
// 1.4.10 asks content to reflow to; 60 px of 260 at 550 px wide), with the page itself unscrollable.
// In a short window the page now scrolls as a whole: what is pinned above scrolls away, and the tab
// gets a whole screen. Screenshots: test-results/webview-short-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { ROOT } from './support/server';
import { RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

/** How many CSS px of the shown tab are in the viewport. */
const tabInView = (v: ViewPage): Promise<number> =>
  v.page.evaluate(() => {
    const tab = document.querySelector<HTMLElement>('.panel-body > .tab-panels > .tab-panel:not([hidden])')!;
    const r = tab.getBoundingClientRect();
    return Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
  });

describe('the panel in a short window', () => {
  for (const [width, height] of [
    [320, 256],
    [550, 260],
  ] as const)
    it(`scrolls as a whole, and a wheel over the header brings a screenful of the tab (${width} × ${height} CSS px at 200 %)`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await v.settle();
          await v.page.mouse.move(width / 2, 20);
          await v.page.mouse.wheel(0, 2000);
          await v.settle();
          const shown = await tabInView(v);
          mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
          await v.page.screenshot({ path: path.join(ROOT, 'test-results', `webview-short-${width}x${height}.png`) });
          assert.ok(shown >= height * 0.9, `${shown} px of the tab in a ${height} px window`);
          // Every tab of the bar can be reached and seen (the second row was cut off).
          for (const tab of await v.page.getByRole('tab').all()) {
            await tab.focus();
            const box = (await tab.boundingBox())!;
            assert.ok(box.y >= 0 && box.y + box.height <= height, `${await tab.innerText()} at ${box.y}`);
          }
        },
        { width, height, deviceScaleFactor: 2 },
      ));

  it('a panel of a screen’s height keeps the header and the tab bar pinned above its tab', () =>
    withView(
      session,
      'panel',
      async (v) => {
        await v.analysis(RIVER);
        await v.settle();
        const page = await v.page.evaluate(() => [document.scrollingElement!.scrollHeight, innerHeight]);
        assert.ok(page[0] <= page[1], `the page does not scroll: ${page}`);
      },
      { width: 1100, height: 700 },
    ));
});
