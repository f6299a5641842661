// Switching a head off from the model view and the head view themselves, in headless Chromium on
// the real panel page: the key `x` and a visible button in each view post the same `ablate`
// message as the Attention tab's switch-off (the host path the e2e and integration tests drive).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView } from './support/browser';
import { RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('switching a head off from the views', () => {
  it('model view: x switches the focused thumbnail’s head off; the button names and switches the same head', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Model');
      await v.page.locator('.model-grid').focus();
      // The first arrow focuses head 0 of layer 0, the next moves to layer 1, then to its head 1.
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowRight');
      await v.page.keyboard.press('x');
      await v.settle();
      assert.deepEqual(await v.sent('ablate'), [{ analysisId: 7, heads: [{ layer: 1, head: 1 }] }]);
      const button = v.page.locator('.model-section').getByRole('button', { name: 'Switch head 1:1 off' });
      assert.ok(await button.isVisible(), 'the model view’s button names the focused head');
      await button.click();
      await v.settle();
      assert.deepEqual((await v.sent('ablate')).at(-1), { analysisId: 7, heads: [{ layer: 1, head: 1 }] });
      assert.match((await v.page.locator('#model-help').textContent()) ?? '', /X switches/, 'the key is in the view’s keyboard help');
    }));

  it('head view: x and the button switch the head it shows off', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await v.page.selectOption('#layer-picker', '1');
      await v.page.selectOption('#combine-picker', 'head');
      await v.page.selectOption('#head-picker', '0');
      await openTab(v, 'Heads');
      await v.page.locator('.head-stage').focus();
      await v.page.keyboard.press('x');
      await v.settle();
      assert.deepEqual(await v.sent('ablate'), [{ analysisId: 7, heads: [{ layer: 1, head: 0 }] }]);
      await v.page.locator('.head-section').getByRole('button', { name: 'Switch head 1:0 off' }).click();
      await v.settle();
      assert.equal((await v.sent('ablate')).length, 2);
      assert.match((await v.page.locator('#head-help').textContent()) ?? '', /X switches/);
      // One button per view: the tab's own serves the matrix only.
      assert.equal(await v.page.locator('.ablate-heads').isVisible(), false);
      await openTab(v, 'Matrix');
      assert.equal(await v.page.locator('.ablate-heads').innerText(), 'Switch head 1:0 off');
    }));

  it('no head to switch off (the mean of the heads): no button, and x posts nothing', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await v.page.selectOption('#combine-picker', 'mean');
      await openTab(v, 'Heads');
      assert.equal(await v.page.locator('.head-section .switch-off').isVisible(), false);
      await v.page.locator('.head-stage').focus();
      await v.page.keyboard.press('x');
      await v.settle();
      assert.deepEqual(await v.sent('ablate'), []);
    }));
});
