// The head view in headless Chromium: only the focused token's lines, several heads in distinct
// colours, pruning controls, the keyboard, and 512 tokens in two rows.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { headColour } from '../../webview/common/theme';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());
const withPanel = (test: (v: ViewPage) => Promise<void>): Promise<void> => withView(session, 'panel', test);

const attr = (v: ViewPage, selector: string, name: string): Promise<string | null> => v.page.locator(selector).first().getAttribute(name);

/** Where the head view anchors token i on a side, in page coordinates. */
async function headPoint(v: ViewPage, side: 'query' | 'key', i: number): Promise<{ x: number; y: number }> {
  const box = await v.page.locator('.head-stage').boundingBox();
  assert.ok(box);
  // Two columns of rows (data-row px each, 16 at most) from 8 px down; queries on the left half, keys on the right.
  const row = Number(await attr(v, '.head-stage', 'data-row'));
  return { x: box.x + (side === 'query' ? box.width * 0.25 : box.width * 0.75), y: box.y + 8 + (i + 0.5) * row };
}

/** RGBA of a head-view canvas at a page point. */
function headPixel(v: ViewPage, selector: string, x: number, y: number): Promise<number[]> {
  return v.page.evaluate(
    ([sel, px, py]) => {
      const c = document.querySelector<HTMLCanvasElement>(sel as string);
      if (!c) return [];
      const r = c.getBoundingClientRect();
      const scale = c.width / r.width;
      const d = c.getContext('2d')?.getImageData(Math.floor(((px as number) - r.left) * scale), Math.floor(((py as number) - r.top) * scale), 1, 1).data;
      return d ? [...d] : [];
    },
    [selector, x, y] as const,
  );
}

describe('head view', () => {
  it('hovering a token draws only its lines; leaving shows all again', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Heads');
      assert.equal(await attr(v, '.head-stage', 'data-layout'), 'columns');
      const links = (await v.requests()).find((r) => r.method === 'links')?.params as { topK: number; threshold: number; heads: unknown[] };
      assert.deepEqual([links.topK, links.threshold, links.heads], [3, 0.05, [{ kind: 'head', head: 0 }]]);
      await v.page.locator('.head-stage').scrollIntoViewIfNeeded();
      const q4 = await headPoint(v, 'query', 4);
      await v.page.mouse.move(q4.x, q4.y);
      // Row 4 of head 0: keys 4 (0.5), 3 (0.375), then 1 (0.0625, ties with 2, the lower key first).
      assert.equal(await attr(v, '.head-focus', 'data-links'), '4>4 4>3 4>1');
      assert.equal(await v.page.locator('.head-all').isHidden(), true);
      assert.match(await v.page.getByTestId('head-readout').innerText(), /^␣bank \(#4\) attends to: ␣bank 0\.500, ␣river 0\.375, On 0\.063$/);
      // Pixels: the middle of the 4→3 line is drawn, the middle of 3→3 (another query's line) is not.
      const mid = async (q: number, k: number): Promise<number[]> => {
        const box = await v.page.locator('.head-stage').boundingBox();
        assert.ok(box);
        const x = box.x + box.width / 2;
        return headPixel(v, '.head-focus', x, box.y + 8 + ((q + k) / 2 + 0.5) * Number(await attr(v, '.head-stage', 'data-row')));
      };
      assert.ok((await mid(4, 3))[3] > 0, 'the focused line is drawn');
      assert.equal((await mid(2, 2))[3], 0, 'other queries’ lines are not');
      // A key shows the lines into it.
      const k0 = await headPoint(v, 'key', 0);
      await v.page.mouse.move(k0.x, k0.y);
      assert.deepEqual((await attr(v, '.head-focus', 'data-links'))?.split(' ').sort(), ['0>0', '1>0', '2>0', '3>0', '5>0']);
      await v.page.mouse.move(1, 1);
      assert.equal(await v.page.locator('.head-all').isVisible(), true);
      assert.equal(await attr(v, '.head-focus', 'data-links'), null);
    }));

  it('several heads at once in distinct colours; top-k and threshold prune in the request', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Heads');
      await v.page.selectOption('#combine-picker', 'set');
      await v.page.locator('#set-head-1').check();
      await v.settle();
      const last = (await v.requests()).filter((r) => r.method === 'links').at(-1)?.params as { heads: unknown[] };
      assert.deepEqual(last.heads, [
        { kind: 'head', head: 0 },
        { kind: 'head', head: 1 },
      ]);
      assert.deepEqual(await v.page.locator('.head-legend .legend-item').allTextContents(), ['head 0', 'head 1']);
      const q0 = await headPoint(v, 'query', 0);
      await v.page.mouse.move(q0.x, q0.y);
      // Query 0 attends only to itself in both heads: one line each, in each head's colour.
      assert.equal(await attr(v, '.head-focus', 'data-links'), '0>0 0>0');
      const box = await v.page.locator('.head-stage').boundingBox();
      assert.ok(box);
      const rgb = (await headPixel(v, '.head-focus', box.x + box.width / 2, box.y + 8 + Number(await attr(v, '.head-stage', 'data-row')) / 2)).slice(0, 3);
      const hex = (c: string): number[] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
      assert.deepEqual(rgb, hex(headColour(1)), 'the second head is drawn over the first in its own colour');
      assert.notDeepEqual(hex(headColour(0)), hex(headColour(1)));
      await v.page.locator('#head-topk').fill('1');
      await v.page.locator('#head-threshold').fill('0.3');
      await v.page.locator('#head-threshold').dispatchEvent('change');
      await v.settle();
      const pruned = (await v.requests()).filter((r) => r.method === 'links').at(-1)?.params as { topK: number; threshold: number };
      assert.deepEqual([pruned.topK, pruned.threshold], [1, 0.3]);
    }));

  it('in Spanish, the threshold reads and takes a decimal comma, as the rest of the panel writes numbers', () =>
    withView(
      session,
      'panel',
      async (v) => {
        await v.analysis(RIVER);
        await openTab(v, 'Cabezas');
        const threshold = v.page.locator('#head-threshold');
        assert.equal(await threshold.inputValue(), '0,05');
        await threshold.fill('0,3');
        await threshold.dispatchEvent('change');
        await v.settle();
        const asked = (await v.requests()).filter((r) => r.method === 'links').at(-1)?.params as { threshold: number };
        assert.equal(asked.threshold, 0.3, 'typed with a comma, taken as 0.3');
        assert.equal(await threshold.inputValue(), '0,30', 'and written back in the page’s language');
      },
      { locale: 'es' },
    ));

  it('keyboard: arrows move the focused token, left/right switch sides, Enter selects, Escape clears', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Heads');
      await v.page.locator('.head-stage').focus();
      // The first arrow focuses the first token, the next moves.
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowDown');
      assert.match(await v.page.getByTestId('head-readout').innerText(), /^On \(#1\) attends to/);
      await v.page.keyboard.press('ArrowRight');
      assert.match(await v.page.getByTestId('head-readout').innerText(), /^On \(#1\) is attended by/);
      await v.page.keyboard.press('Enter');
      assert.equal(await v.page.locator('#token-1').getAttribute('aria-selected'), 'true');
      await v.page.keyboard.press('Escape');
      assert.equal(await attr(v, '.head-focus', 'data-links'), null);
    }));

  it('512 tokens are drawn as two rows, and hovering still shows one token’s lines', () =>
    withPanel(async (v) => {
      const { large } = await import('./support/specs');
      await v.analysis(large(2, 2, 512, 'float16'));
      await openTab(v, 'Heads');
      assert.equal(await attr(v, '.head-stage', 'data-layout'), 'rows');
      await v.page.locator('.head-stage').scrollIntoViewIfNeeded();
      const box = await v.page.locator('.head-stage').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + 8 + ((100 + 0.5) * (box.width - 16)) / 512, box.y + 20);
      const drawn = (await attr(v, '.head-focus', 'data-links'))?.split(' ') ?? [];
      assert.ok(drawn.length >= 1 && drawn.length <= 3 && drawn.every((d) => d.startsWith('100>')), drawn.join(' '));
    }));
});

describe('the head view’s colour legend for a screen reader', () => {
  for (const [locale, name, tab] of [
    ['en', 'Line colours', 'Heads'],
    ['es', 'Colores de las líneas', 'Cabezas'],
  ] as const)
    it(`is a group that says what its words are: the colours of the lines, not a bare “mean” (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await openTab(v, tab);
          const legend = v.page.getByRole('group', { name, exact: true });
          assert.equal(await legend.count(), 1);
          assert.ok(((await legend.textContent()) ?? '').length > 0, 'it holds the heads drawn');
        },
        { locale },
      ));
});
