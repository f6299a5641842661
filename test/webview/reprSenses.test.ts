// Word Senses in the panel (headless Chromium, the real page) on what the embedded encoder gives for
// "Banco de España… el banco… El banco…": "Banco" is the tokens B·anco, "banco" others, so layer 0
// already differs. The note names those tokens as why, measured against layer 0; the title says
// "2 of 3" when the run was sampled; the Static section shows the selected occurrence's own rows
// (test-results/webview-repr-senses-spellings.png).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { postSenses, sensesLayer, sensesMessage, staticRow, type SensesLayerWire, type SensesWire } from './support/senses';
import { ROOT } from './support/server';

const session = sharedSession();
after(() => session.close());

/** The cosines of the CLI's run on the three lines above (layers 0 and 1, rounded). */
const LAYER0 = [1, 0.943, 0.943, 0.943, 1, 1, 0.943, 1, 1];
const LAYER1 = [1, 0.9095, 0.9113, 0.9095, 1, 0.9858, 0.9113, 0.9858, 1];

function bancoParams(found = 3): SensesWire {
  const nearest = (): SensesLayerWire['nearest'] => [0, 1, 2].map(() => [{ text: 'España', start: 9, end: 15, cosine: 0.7 }]);
  const at = (start: number, ids: number[]) => ({ source: 0, start, end: start + 5, ids, window: { start: 0, end: 80 } });
  return sensesMessage({
    id: 3,
    document: 'es.txt',
    lines: [1, 2, 3],
    found,
    occurrences: [at(0, [72, 13935]), at(48, [6745, 829]), at(69, [6745, 829])],
    layers: [sensesLayer(0, LAYER0, nearest()), sensesLayer(1, LAYER1, nearest())],
    static: [
      staticRow(72, 'B', 'F', 0.9, 20000),
      staticRow(13935, 'anco', 'ages', 0.9, 20000),
      staticRow(6745, 'ban', 'bar', 0.9, 20000),
      staticRow(829, 'co', 'ca', 0.9, 20000),
    ],
  });
}

const note = async (v: ViewPage): Promise<string> => (await v.page.locator('.repr-senses .repr-note').textContent()) ?? '';

describe('Word Senses on occurrences written with different tokens', () => {
  it('says that their tokens set them apart at layer 0, and compares each later layer with it', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, bancoParams());
      assert.match(await note(v), /written with 2 different sequences of tokens \(B·anco, ban·co\), which alone sets them apart \(mean cosine 0\.962\)/);
      await v.page.locator('input.repr-layer').focus();
      await v.page.keyboard.press('ArrowRight');
      await v.settle();
      const said = await note(v);
      assert.doesNotMatch(said, /the context has made them differ/, said);
      assert.match(
        said,
        /^Layer 1: mean cosine 0\.936 between occurrences, 0\.962 at the embeddings, where they already differ because they are written with different tokens\./,
      );
      assert.match(said, /Those written with the same tokens \(1\.000 at the embeddings\) read 0\.986 here: that difference is the context’s\.$/);
    }));

  it('a sampled run says how many of how many occurrences it compares', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, bancoParams(250));
      assert.match(
        (await v.page.locator('.repr-senses h3').first().textContent()) ?? '',
        /^Senses of “banco” in es\.txt: 3 of 250 occurrences \(tiny-bert-es-en\)$/,
      );
      await postSenses(v, bancoParams(3));
      assert.match((await v.page.locator('.repr-senses h3').first().textContent()) ?? '', /^Senses of “banco” in es\.txt: 3 occurrences \(tiny-bert-es-en\)$/);
    }));

  it('the Static section shows the selected occurrence’s own tokens, and says other tokens have other rows', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, bancoParams());
      const rows = (): Promise<string[]> => v.page.locator('.repr-static .repr-static-row > p').allInnerTexts();
      assert.deepEqual(
        (await rows()).map((x) => x.split(':')[0]),
        ['“B”', '“anco”'],
      );
      assert.match((await v.page.locator('.repr-static > p').textContent()) ?? '', /occurrence 1 \(line 1\).*written with 2 different sequences of tokens/);
      await v.page.locator('.repr-plot .repr-point').nth(2).click();
      await v.settle();
      assert.deepEqual(
        (await rows()).map((x) => x.split(':')[0]),
        ['“ban”', '“co”'],
      );
      assert.match((await v.page.locator('.repr-static > p').textContent()) ?? '', /occurrence 3 \(line 3\)/);
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await v.page.locator('.repr-senses').screenshot({ path: path.join(ROOT, 'test-results', 'webview-repr-senses-spellings.png') });
    }));

  it('opens on the occurrence at the cursor: static vs contextual is about the one the student asked of', () =>
    withView(session, 'panel', async (v) => {
      const params = bancoParams(250);
      await postSenses(v, { ...params, result: { ...params.result, at: { index: 2, added: true } } });
      assert.match((await v.page.locator('.repr-context > p').textContent()) ?? '', /^Occurrence 3 \(line 3\)$/);
      assert.deepEqual(
        (await v.page.locator('.repr-static .repr-static-row > p').allInnerTexts()).map((x) => x.split(':')[0]),
        ['“ban”', '“co”'],
      );
      assert.equal(await v.page.locator('.repr-point.selected').getAttribute('data-occurrence'), '2');
    }));

  it('a whitespace token among the nearest tokens of the text is named ("newline"), not left blank', () =>
    withView(session, 'panel', async (v) => {
      const params = bancoParams();
      for (const l of params.result.layers) l.nearest[0] = [{ text: '\n', start: 5, end: 6, cosine: 0.934 }, ...l.nearest[0]];
      await postSenses(v, params);
      const first = await v.page.locator('.repr-context tbody tr td').first().textContent();
      assert.equal(first, 'newline 0.934 · España 0.700');
    }));
});
