// The panel at 320 CSS px wide (WCAG 1.4.10's reflow width: a 640 px panel at 200 % zoom, a 1280 px
// one at 400 %), in headless Chromium on the real panel: the Predictions tab's columns were at least
// 300 px wide, wider than the tab's 288, so its text and the bars' values ran under the tab's edge
// and a reader scrolled sideways to read "50.0%". Now a column is never wider than the tab.
// Screenshots: test-results/webview-narrow-predictions-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView } from './support/browser';
import { ROOT } from './support/server';
import { CODE, RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('the panel at 320 CSS px', () => {
  for (const [name, spec] of [
    ['decoder', CODE],
    ['encoder', RIVER],
  ] as const)
    it(`the Predictions tab reflows into its width, its values whole (${name})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(spec);
          await openTab(v, 'Predictions');
          mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
          await v.page.screenshot({ path: path.join(ROOT, 'test-results', `webview-narrow-predictions-${name}.png`) });
          const tab = v.page.locator('#panel-tab-predictions-panel');
          const [scroll, client, right] = await tab.evaluate((t) => [t.scrollWidth, t.clientWidth, t.getBoundingClientRect().right]);
          assert.ok(scroll <= client, `the tab scrolls sideways: ${scroll} px in ${client}`);
          const values = await v.page
            .locator('#panel-tab-predictions-panel .bar-value')
            .evaluateAll((els) => els.map((e) => [e.textContent, e.getBoundingClientRect().right]));
          assert.ok(values.length > 0);
          for (const [text, end] of values) assert.ok((end as number) <= right, `${text} ends at ${end}, the tab at ${right}`);
        },
        { width: 320, height: 700, deviceScaleFactor: 2 },
      ));
});
