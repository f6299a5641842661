// The BERT tab's sentences A and B told apart without colour, in headless Chromium on the real panel:
// the [CLS] A [SEP] B [SEP] strip underlines A's tokens with a solid line and B's with a dotted one
// (read from the pixels along each token's bottom edge, in the normal theme and under forced colours,
// where the browser may repaint every colour), and the "Sentence A" / "Sentence B" labels above it
// carry the same lines, as its key. Screenshots: test-results/webview-bert-segments-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { readPng } from './support/png';
import { ROOT } from './support/server';
import { bertMessage, NSP } from './support/specs';

const session = sharedSession();
after(() => session.close());

/** How many runs of one colour the page paints along the middle of `selector`'s bottom border (inside its side borders). */
async function bottomRuns(v: ViewPage, selector: string): Promise<number> {
  const target = v.page.locator(selector);
  const [box, width] = await target.evaluate(
    (e) => [e.getBoundingClientRect().toJSON() as DOMRect, parseFloat(getComputedStyle(e).borderBottomWidth)] as const,
  );
  const image = readPng(await v.page.screenshot());
  const y = Math.floor(box.bottom - width / 2);
  let runs = 0;
  let last = '';
  for (let x = Math.ceil(box.left) + 2; x < Math.floor(box.right) - 2; x++) {
    const colour = image.pixel(x, y).slice(0, 3).join(',');
    if (colour !== last) runs++;
    last = colour;
  }
  return runs;
}

const lineOf = (v: ViewPage, selector: string): Promise<string> =>
  v.page.locator(selector).evaluate((e) => {
    const s = getComputedStyle(e);
    return `${s.borderBottomStyle} ${s.borderBottomWidth}`;
  });

for (const forced of [null, 'dark', 'light'] as const)
  describe(`the BERT strip’s sentences without colour (${forced ? `forced colours, ${forced}` : 'normal theme'})`, () => {
    it('A’s tokens are underlined solid, B’s dotted, and the sentences’ labels are their key', () =>
      withView(
        session,
        'panel',
        async (v) => {
          if (forced) await v.page.emulateMedia({ forcedColors: 'active', colorScheme: forced });
          await v.notify('bert', bertMessage(1, { nsp: NSP }));
          await v.settle();
          mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
          await v.page.locator('.bert-tab').screenshot({ path: path.join(ROOT, 'test-results', `webview-bert-segments-${forced ?? 'normal'}.png`) });
          const a = await lineOf(v, '.bert-token.bert-seg-a >> nth=0');
          const b = await lineOf(v, '.bert-token.bert-seg-b >> nth=0');
          assert.match(a, /^solid [3-9]/, `A: ${a}`);
          assert.match(b, /^dotted [3-9]/, `B: ${b}`);
          // Drawn as such: one unbroken line under "am" (A), dots and gaps under "will" (B).
          assert.equal(await bottomRuns(v, '.bert-token.bert-seg-a >> nth=1'), 1, 'a solid line under A');
          assert.ok((await bottomRuns(v, '.bert-token.bert-seg-b >> nth=1')) >= 4, 'a dotted line under B');
          // The key: each label drawn with its sentence's line.
          assert.equal(await lineOf(v, 'dt.bert-seg-a'), a);
          assert.equal(await lineOf(v, 'dt.bert-seg-b'), b);
        },
        { width: 800, height: 900 },
      ));
  });
