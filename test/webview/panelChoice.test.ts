// The panel's view choice in headless Chromium, on the real page: hidden and shown again (a new
// page with the saved state, the host replaying the same analysis), it reopens on the whole choice
// — Max, a set of heads, rollout, every cleaning toggle — not only on a single head; and an
// analysis the host posts again with the same id changes nothing (no rebuild, no new requests).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { sharedSession, type ViewPage, withView } from './support/browser';
import type { LensWindow } from './support/pageHarness';
import { RIVER } from './support/specs';
import { NO_CLEANING } from '../../src/protocol/views';

const session = sharedSession();
after(() => session.close());

const withPanel = (test: (v: ViewPage) => Promise<void>, state?: unknown): Promise<void> => withView(session, 'panel', test, { state });

/** What the last matrix request asked for: the layer, combination and cleaning the view shows. */
async function shownChoice(v: ViewPage): Promise<unknown> {
  const last = (await v.requests()).filter((r) => r.method === 'matrix').at(-1)?.params as Record<string, unknown> | undefined;
  assert.ok(last, 'the matrix view asked for a window');
  return { layer: last.layer, combine: last.combine, cleaning: last.cleaning };
}

const checked = (page: Page, id: string): Promise<boolean> => page.locator(`#${id}`).isChecked();

const CHOICES: readonly (readonly [string, (page: Page) => Promise<void>])[] = [
  [
    'max over heads, special tokens hidden, subwords merged',
    async (page) => {
      await page.selectOption('#combine-picker', 'max');
      await page.locator('#clean-hideSpecial').check();
      await page.locator('#clean-mergeSubwords').check();
    },
  ],
  [
    'a set of heads, punctuation hidden',
    async (page) => {
      await page.selectOption('#combine-picker', 'set');
      await page.locator('#set-head-1').check();
      await page.locator('#clean-hidePunctuation').check();
    },
  ],
  [
    'rollout through layer 1, special tokens hidden',
    async (page) => {
      await page.selectOption('#layer-picker', '1');
      await page.selectOption('#combine-picker', 'rollout');
      await page.locator('#clean-hideSpecial').check();
    },
  ],
];

describe('the panel’s view choice', () => {
  for (const [name, choose] of CHOICES) {
    it(`hidden and shown again, it reopens on ${name}`, async () => {
      let saved: unknown;
      let chosen: unknown;
      let boxes: boolean[] = [];
      const ids = ['clean-hideSpecial', 'clean-mergeSubwords', 'clean-hidePunctuation', 'set-head-0', 'set-head-1'];
      await withPanel(async (v) => {
        await v.analysis(RIVER);
        await choose(v.page);
        await v.settle();
        chosen = await shownChoice(v);
        boxes = await Promise.all(ids.map((id) => checked(v.page, id)));
        saved = await v.page.evaluate(() => (window as unknown as LensWindow).__lens.state);
      });
      // A new page, as VS Code makes when a hidden panel is shown again; the host replays the analysis.
      await withPanel(async (v) => {
        await v.analysis(RIVER);
        assert.deepEqual(await shownChoice(v), chosen, 'the views ask for what was chosen');
        assert.deepEqual(await Promise.all(ids.map((id) => checked(v.page, id))), boxes, 'the controls show it');
        assert.equal(await v.page.locator('#combine-picker').inputValue(), (chosen as { combine: { kind: string } }).combine.kind);
      }, saved);
    });
  }

  it('hidden while the default view settings changed, it reopens on the new default, not the one it showed', async () => {
    let saved: unknown;
    await withPanel(async (v) => {
      await v.analysis({ ...RIVER, layer: 1, combine: { kind: 'mean' } });
      await v.page.locator('#token-3').click();
      await v.settle();
      saved = await v.page.evaluate(() => (window as unknown as LensWindow).__lens.state);
    });
    // The reader chose nothing; headAggregation became "head" with defaultHead 1 and defaultLayer 0
    // while the panel was hidden: the host replays the same analysis on that default.
    const fresh = { layer: 0, combine: { kind: 'head', head: 1 }, cleaning: NO_CLEANING };
    await withPanel(async (v) => {
      await v.analysis({ ...RIVER, layer: 0, combine: { kind: 'head', head: 1 } });
      assert.deepEqual(await shownChoice(v), fresh, 'the views ask for the new default');
      assert.equal(await v.page.locator('#combine-picker').inputValue(), 'head');
      assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true', 'the place in the analysis holds');
    }, saved);
  });

  it('ignores an analysis posted again with the same id: no rebuild, no new requests', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.locator('#token-3').click();
      const requests = (await v.requests()).length;
      const rendered = (await v.sent('rendered')).length;
      await v.page.evaluate(() => document.getElementById('token-3')?.setAttribute('data-kept', 'yes'));
      await v.analysis(RIVER);
      assert.equal((await v.requests()).length, requests, 'no view asked again');
      assert.equal((await v.sent('rendered')).length, rendered, 'nothing was drawn again');
      assert.equal(await v.page.locator('#token-3').getAttribute('data-kept'), 'yes', 'the token strip was not rebuilt');
      assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true', 'the selected token stays selected');
      // Another analysis is drawn as usual.
      await v.analysis({ ...RIVER, id: 8 });
      assert.ok((await v.requests()).length > requests);
      assert.equal((await v.sent('rendered')).length, rendered + 1);
    }));
});
