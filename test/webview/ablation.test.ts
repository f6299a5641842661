// The Compare tab's ablation mode in headless Chromium, on the real panel page: the next-token
// predictions before and after, the surprisal-change strip (one pixel per token in diverging
// colours, checked pixel by pixel), its keyboard readout, both matrices of the first changed layer
// asked for by their own keys, and Restore by keyboard (a `restore` message to the host).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import type { AnalysisSpec } from './support/analysisSpec';
import { CODE } from './support/specs';
import { divergingColor, LESS, MORE } from '../../webview/panel/ablationMath';
import type { HeadRef } from '../../src/protocol/analysis';

const session = sharedSession();
after(() => session.close());

// CODE's per-token surprisals: position 1 at 2 bits, position 3 at 5 bits. Without the head: 1 bit and 8 bits.
const BEFORE: AnalysisSpec = { ...CODE, id: 12, key: 12 };
const AFTER: AnalysisSpec = {
  ...CODE,
  id: 13,
  key: 13,
  next: [
    ['const', 0.4],
    ['return', 0.3],
  ],
  perToken: [
    { position: 1, p: 0.5, rank: 1, top: [['Ġx', 0.5]] },
    { position: 3, p: 1 / 256, rank: 9, top: [['Ġ0', 0.5]] },
  ],
};

async function showAblation(v: ViewPage, heads: HeadRef[] = [{ layer: 0, head: 1 }]): Promise<void> {
  const before = await v.analysis(BEFORE);
  const ablated = await v.analysis(AFTER);
  await v.notify('ablation', {
    before: before.shown,
    after: { ...ablated.shown, result: { ...ablated.shown.result, ablated: heads } },
  });
}

/** The strip's canvas pixels: [r, g, b, a] per token. */
async function stripPixels(v: ViewPage): Promise<number[][]> {
  return v.page.locator('.ablation .change-strip').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, 1).data;
    return Array.from({ length: canvas.width }, (_, i) => Array.from(data.slice(i * 4, i * 4 + 4)));
  });
}

describe('the ablation view', () => {
  it('shows predictions before and after, the surprisal change per token in diverging colours, and the later layers’ attention', () =>
    withView(session, 'panel', async (v) => {
      await showAblation(v);
      assert.equal(await v.page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected'), 'true', 'the ablation came forward');
      await v.page.getByRole('heading', { name: 'Heads 0:1 switched off' }).waitFor();
      assert.equal(await v.page.locator('.compare').isVisible(), false, 'the encoder/decoder comparison gives way');
      const labels = async (side: string): Promise<string[]> => v.page.locator(`.ablation ${side} .bar-label`).allTextContents();
      assert.deepEqual(await labels('.ablation-before'), ['return', 'const', '␣//'], 'before: the unablated next tokens (leading space shown)');
      assert.deepEqual((await labels('.ablation-after')).slice(0, 2), ['const', 'return']);
      // Like the Predictions tab's list: what comes after the text, not a reading of its last token.
      assert.match(await v.page.locator('.ablation-pair .nt-after').innerText(), /after the analyzed text/u);

      // One pixel per token: position 1 less surprising (−1 bit of a ±3 bit scale), 3 more (+3: the end of the scale), the rest clear.
      const pixels = await stripPixels(v);
      assert.equal(pixels.length, 6);
      assert.deepEqual(pixels[1], [...divergingColor(-1, 3), 255]);
      assert.deepEqual(pixels[3], [...MORE, 255]);
      assert.notDeepEqual(pixels[1].slice(0, 3), [...LESS], 'a third of the way, not the end');
      for (const i of [0, 2, 4, 5]) assert.equal(pixels[i][3], 0, `token ${i} has no surprisal: clear`);
      assert.match((await v.page.locator('.change-scale').textContent()) ?? '', /±3(\.00)? bits/);

      // Both sides of the first changed layer (the one after the head's), each from its own analysis.
      await v.settle();
      const matrices = (await v.requests()).filter((r) => r.method === 'matrix').map((r) => r.params as { key: number; layer: number });
      for (const key of [12, 13])
        assert.ok(
          matrices.some((m) => m.key === key && m.layer === 1),
          `layer 1 of analysis ${key} asked for`,
        );
      assert.equal(await v.page.locator('.ablation canvas.matrix-canvas').count(), 2);
    }));

  it('moves the readout along the strip by keyboard and restores by keyboard', () =>
    withView(session, 'panel', async (v) => {
      await showAblation(v);
      const readout = v.page.locator('.change-readout');
      assert.equal(await readout.getAttribute('data-position'), '3', 'it starts at the largest change');
      assert.match((await readout.textContent()) ?? '', /#3 .*5(\.00)? bits → 8(\.00)? bits \(\+3(\.00)? bits\)/);
      await v.page.locator('.change-strip').focus();
      await v.page.keyboard.press('ArrowLeft');
      assert.equal(await readout.getAttribute('data-position'), '1');
      assert.match((await readout.textContent()) ?? '', /\(−1(\.00)? bits\)/);
      await v.page.keyboard.press('End');
      assert.equal(await readout.getAttribute('data-position'), '3');

      // Restore is a button: Enter on it asks the host to restore the ablation shown.
      const restore = v.page.getByRole('button', { name: 'Restore' });
      await restore.focus();
      await v.page.keyboard.press('Enter');
      await v.settle();
      assert.deepEqual(await v.sent('restore'), [{ analysisId: 13 }]);
      await v.page.getByRole('button', { name: 'Switch other heads off…' }).focus();
      await v.page.keyboard.press('Enter');
      await v.settle();
      assert.deepEqual(await v.sent('ablate'), [{ analysisId: 13, heads: [] }]);

      // The host restored: the ablation goes, the comparison's place comes back.
      await v.notify('ablation', null);
      assert.equal(await v.page.locator('.ablation').isVisible(), false);
      assert.equal(await v.page.locator('.compare').isVisible(), true);
    }));

  it('names a whole model’s or a whole layer’s heads in words, not as a list of every layer:head (CODE: 2 layers × 2 heads)', () =>
    withView(session, 'panel', async (v) => {
      const every = [0, 1].flatMap((layer) => [0, 1].map((head) => ({ layer, head })));
      await showAblation(v, every);
      await v.page.getByRole('heading', { name: 'Switched off: all 4 heads of the decoder' }).waitFor();
      await showAblation(v, [
        { layer: 0, head: 1 },
        { layer: 1, head: 0 },
        { layer: 1, head: 1 },
      ]);
      await v.page.getByRole('heading', { name: 'Switched off: all 2 heads of layer 1, heads 0:1 (layer:head)' }).waitFor();
    }));
});
