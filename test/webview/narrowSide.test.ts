// The side view at its narrowest (VS Code's side bar goes down to 170 CSS px, at any zoom), in
// headless Chromium: each bar's value stayed 5.5em wide beside a track of at least 60 px, so the
// rows needed about 210 px, the value was cut at the side view's edge ("62.5%" half hidden) and the
// page scrolled sideways. Now the track and the value column give way to the view's width, and keep
// their widths where there is room. The model's scale did the same (names cut to "tiny-be…", values
// past the edge): in a narrow view each name now has its own line above its bar.
// Screenshots: test-results/webview-side-narrow.png, webview-side-narrow-scale-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { ROOT } from './support/server';
import { scaleMessage, SUMMARY } from './support/specs';

const session = sharedSession();
after(() => session.close());

async function fill(v: ViewPage): Promise<void> {
  await v.notify('status', { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'ready', detail: '4 layers × 4 heads', progress: null });
  await v.notify('summary', SUMMARY);
  const bands = ['5–20% of the strongest', '20–40%', '40–60%', '60–80%', '80–100%, outlined'];
  await v.notify('spotlight', { analysisId: 1, token: 'grass', view: 'layer 3, mean of heads', items: [{ label: 'newline', weight: 0.3 }], bands });
  await v.settle();
}

describe('the side view at its narrowest', () => {
  it('shows every bar’s value whole, with no sideways scroll (170 CSS px at 200 %)', () =>
    withView(
      session,
      'side',
      async (v) => {
        await fill(v);
        mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
        await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-side-narrow.png'), fullPage: true });
        const width = await v.page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
        assert.ok(width[0] <= width[1], `the page is ${width[0]} px wide in ${width[1]}`);
        const values = await v.page.locator('.bar-value').evaluateAll((els) => els.map((e) => [e.textContent, Math.round(e.getBoundingClientRect().right)]));
        assert.equal(values.length, 4);
        for (const [text, right] of values) assert.ok((right as number) <= 170, `${text} ends at ${right}`);
        const tracks = await v.page.locator('.bar-track').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
        for (const w of tracks) assert.ok(w >= 20, `a track of ${w} px`);
      },
      { width: 170, height: 700, deviceScaleFactor: 2 },
    ));

  it('keeps the value column and the tracks as wide as before where there is room (320 px)', () =>
    withView(
      session,
      'side',
      async (v) => {
        await fill(v);
        // 5.5em, or 4.5em in a compact list (bars.css).
        const values = await v.page.locator('.bar-value').evaluateAll((els) =>
          els.map((e) => ({
            width: e.getBoundingClientRect().width,
            column: parseFloat(getComputedStyle(e).fontSize) * (e.closest('.bars')?.classList.contains('compact') ? 4.5 : 5.5),
          })),
        );
        for (const { width, column } of values) assert.ok(Math.abs(width - column) < 1, `a value column of ${width} px, not ${column}`);
        const tracks = await v.page.locator('.bar-track').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
        for (const w of tracks) assert.ok(w >= 60, `a track of ${w} px`);
      },
      { width: 320, height: 700 },
    ));

  for (const width of [170, 220, 260, 300])
    it(`shows the model’s scale with whole names and values, with no sideways scroll (${width} CSS px)`, () =>
      withView(
        session,
        'side',
        async (v) => {
          await v.page.getByRole('button', { name: 'Show the model’s scale' }).click();
          await v.notify('scale', scaleMessage(512));
          await v.settle();
          mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
          await v.page.screenshot({ path: path.join(ROOT, 'test-results', `webview-side-narrow-scale-${width}.png`), fullPage: true });
          const page = await v.page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
          assert.ok(page[0] <= page[1], `the page is ${page[0]} px wide in ${page[1]}`);
          const cut = await v.page.locator('.scale-name').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
          assert.deepEqual(cut, [], 'no name cut short');
        },
        { width, height: 900, deviceScaleFactor: 2 },
      ));
});
