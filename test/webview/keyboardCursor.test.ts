// What a sighted keyboard user sees, in headless Chromium: the matrix's cell the arrows are on (the
// one the readout names) is marked so that it stands out from the cells around it in the dark and
// the light theme, not only by a faint band across its row and column; and the focus ring of each
// attention view's drawing shows whole, not cut by the tab that scrolls it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { readPng, type Image } from './support/png';
import { RIVER } from './support/specs';
import { openInside } from './support/insideFixtures';
import { contrast } from './support/contrast';

const session = sharedSession();
after(() => session.close());

/** The page as painted now, with the plot's box in page pixels. */
async function paint(v: ViewPage): Promise<{ image: Image; box: { x: number; y: number; width: number } }> {
  const box = await v.page.locator('.matrix-plot[data-stage="probs"]').boundingBox();
  assert.ok(box, 'the matrix is on screen');
  return { image: readPng(await v.page.screenshot()), box };
}

describe('the matrix’s cell cursor', () => {
  for (const scheme of ['dark', 'light'] as const) {
    it(`marks the cell the arrows are on, 3:1 against what was there, on all four sides (${scheme})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.page.emulateMedia({ colorScheme: scheme });
          await v.analysis(RIVER);
          const before = await paint(v);
          await v.page.locator('.matrix-focus').focus();
          // The cursor starts at the top left cell; to ␣the (#2) → ␣the (#2).
          for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight']) await v.page.keyboard.press(key);
          assert.match(await v.page.getByTestId('matrix-readout').innerText(), /^␣the \(#2\) → ␣the \(#2\): /);
          const after = await paint(v);
          const { x, y, width } = before.box;
          const cell = width / 6;
          const [left, top] = [x + 2 * cell, y + 2 * cell];
          const middle = [Math.round(left + cell / 2), Math.round(top + cell / 2)];
          // The page snaps the ring to whole pixels. Outside each side of the cell, at the side's middle, the ring's two layers 2 px thick each
          // (1–2 px and 3–4 px out): one of them must stand out wherever the cell is on the scale.
          const out = (side: string, d: number): [number, number] =>
            side === 'left'
              ? [Math.round(left) - d, middle[1]]
              : side === 'right'
                ? [Math.round(left + cell) + d - 1, middle[1]]
                : side === 'top'
                  ? [middle[0], Math.round(top) - d]
                  : [middle[0], Math.round(top + cell) + d - 1];
          const ratio = (side: string, d: number): number => {
            const [px, py] = out(side, d);
            return contrast(before.image.pixel(px, py), after.image.pixel(px, py));
          };
          const ratios = Object.fromEntries(
            ['left', 'right', 'top', 'bottom'].map((side) => [
              side,
              Math.max(Math.min(ratio(side, 1), ratio(side, 2)), Math.min(ratio(side, 3), ratio(side, 4))).toFixed(2),
            ]),
          );
          for (const [side, ratio] of Object.entries(ratios)) assert.ok(Number(ratio) >= 3, `the ${side} side stands out 3:1: ${JSON.stringify(ratios)}`);
        },
        { width: 700, height: 800 },
      ));
  }

  it('takes Home, End and PageDown with no cursor yet, from the top left cell as the arrows start', () =>
    withView(session, 'panel', async (v) => {
      // They did nothing until an arrow had put the cursor down (the model grid's keys had the same gap).
      await v.analysis(RIVER);
      await v.page.locator('.matrix-focus').focus();
      const readout = v.page.getByTestId('matrix-readout');
      for (const [key, cell] of [
        ['End', /\(#0\) → .*\(#5\): /],
        ['PageDown', /\(#5\) → .*\(#0\): /],
        ['Home', /\(#0\) → .*\(#0\): /],
      ] as const) {
        await v.page.keyboard.press('Escape');
        await v.page.keyboard.press(key);
        assert.match(await readout.innerText(), cell, key);
      }
    }));
});

describe('the attention views’ focus rings', () => {
  for (const [view, selector] of [
    ['Matrix', '.matrix-focus'],
    ['Heads', '.head-stage'],
    ['Model', '.model-grid'],
  ] as const) {
    it(`show on all four sides of the focused drawing (${view}, 420 and 1100 px)`, async () => {
      for (const width of [420, 1100])
        await withView(
          session,
          'panel',
          async (v) => {
            await v.analysis(RIVER);
            await openTab(v, view);
            await v.page.locator(selector).focus();
            await v.page.keyboard.press('ArrowDown');
            // How far the ring lies inside each side of every box around it that clips what overflows it.
            const ring = await v.page.locator(selector).evaluate((node) => {
              const style = getComputedStyle(node);
              const out = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
              const g = node.getBoundingClientRect();
              const room = { style: style.outlineStyle, left: Infinity, top: Infinity, right: Infinity, bottom: Infinity };
              for (let box = node.parentElement; box; box = box.parentElement) {
                if (getComputedStyle(box).overflow === 'visible') continue;
                const b = box.getBoundingClientRect();
                room.left = Math.min(room.left, g.left - out - b.left);
                room.top = Math.min(room.top, g.top - out - b.top);
                room.right = Math.min(room.right, b.right - (g.right + out));
                room.bottom = Math.min(room.bottom, b.bottom - (g.bottom + out));
              }
              return room;
            });
            assert.equal(ring.style, 'solid', 'the focused drawing has a ring');
            for (const side of ['left', 'top', 'right', 'bottom'] as const)
              assert.ok(ring[side] >= 0, `the ring's ${side} side is not clipped at ${width} px: ${JSON.stringify(ring)}`);
          },
          { width, height: 900 },
        );
    });
  }
});

describe('the layer lens’s cell cursor', () => {
  it('moves as the other grids’ do: Home and End to the row’s first and last token, PageUp and PageDown by ten layers', () =>
    withView(session, 'panel', async (v) => {
      await openInside(v);
      await openTab(v, 'Layer lens');
      const canvas = v.page.locator('.lens-canvas');
      await canvas.focus();
      const at = (): Promise<string | null> => canvas.getAttribute('data-focus');
      // Five tokens, layers 0…2.
      await v.page.keyboard.press('End');
      assert.equal(await at(), '0/4', 'End: the last token of the row');
      await v.page.keyboard.press('PageDown');
      assert.equal(await at(), '2/4', 'PageDown: ten layers on, kept in the grid');
      await v.page.keyboard.press('Home');
      assert.equal(await at(), '2/0', 'Home: the first token');
      await v.page.keyboard.press('PageUp');
      assert.equal(await at(), '0/0');
      assert.match((await v.page.getByTestId('lens-readout').textContent()) ?? '', /^Layer 0 at The \(0\): /, 'read aloud at each move');
    }));
});

describe('the layer lens for a screen reader', () => {
  it('does not read its axis labels as bare numbers (“0 1 2”): each cell’s readout names its layer and token', () =>
    withView(session, 'panel', async (v) => {
      await openInside(v);
      await openTab(v, 'Layer lens');
      await v.page.locator('.lens-canvas').waitFor();
      const tree = await v.page.locator('.lens-section').ariaSnapshot();
      assert.doesNotMatch(tree, /^\s*- text: .*\b0 1 2\s*$/m, tree);
      await v.page.locator('.lens-canvas').focus();
      await v.page.keyboard.press('ArrowDown');
      assert.match((await v.page.getByTestId('lens-readout').textContent()) ?? '', /^Layer 1 at The \(0\): /);
    }));
});
