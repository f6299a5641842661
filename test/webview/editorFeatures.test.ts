// The panel's and the side view's parts of the editor-first features in headless Chromium, on the
// real page: the next-token list re-shaped live by temperature / top-k / top-p, the continue /
// step / insert messages, a token selection reported for cursor sync, the encoder beside the
// decoder (two matrices, in the Compare tab), and the side view's spotlight list and surprisal legend.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { ROOT } from './support/server';
import { BANK_GUESS, CODE, PREVIEW, RIVER, SUMMARY } from './support/specs';

const session = sharedSession();
after(() => session.close());

const withPage = (view: 'panel' | 'side', test: (v: ViewPage) => Promise<void>): Promise<void> => withView(session, view, test);

const bars = async (v: ViewPage): Promise<string[]> =>
  (await v.page.locator('.next-tokens .distribution .bar').allInnerTexts()).map((b) => b.replace(/\s+/g, ' ').trim());

async function setInput(v: ViewPage, id: string, value: string): Promise<void> {
  await v.page.evaluate(
    ([i, val]) => {
      const input = document.getElementById(i) as HTMLInputElement;
      input.value = val;
      input.dispatchEvent(new Event('input'));
    },
    [id, value] as const,
  );
  await v.settle();
}

describe('the next token in the Predictions tab', () => {
  it('re-shapes the one list live with temperature, top-k and top-p', () =>
    withPage('panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await v.page.getByRole('heading', { name: 'Next token' }).waitFor();
      // CODE's candidates: return 0.5, const 0.25, // 0.125; the rest of the vocabulary 0.125.
      assert.deepEqual(await bars(v), ['return 50.0%', 'const 25.0%', '␣// 12.5%', 'the rest of the vocabulary 12.5%']);
      await setInput(v, 'nw-topk', '3');
      // Top-k keeps the three candidates and cuts the rest: renormalised over them.
      assert.deepEqual(await bars(v), ['return 57.1%', 'const 28.6%', '␣// 14.3%']);
      await setInput(v, 'nw-temperature', '0.5');
      // p² renormalised: 0.25, 0.0625, 0.015625 over 0.328125.
      assert.match((await bars(v))[0], /76\.2%/);
      await setInput(v, 'nw-temperature', '1');
      await setInput(v, 'nw-topk', '2');
      assert.equal((await bars(v)).length, 2);
      assert.match((await bars(v))[0], /66\.7%/);
      await setInput(v, 'nw-topk', '0');
      await setInput(v, 'nw-topp', '0.5');
      assert.equal((await bars(v)).length, 1, 'the first candidate alone reaches 0.5 of the mass');
      await setInput(v, 'nw-temperature', '0');
      assert.match((await bars(v))[0], /100(\.0)?%/);
    }));

  it('asks the host to continue, steps through the preview and inserts it; a selected token is reported', () =>
    withPage('panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await setInput(v, 'nw-temperature', '0.7');
      await setInput(v, 'nw-steps', '3');
      await v.page.getByRole('button', { name: 'Continue (sample)' }).click();
      const [asked] = await v.sent<{ analysisId: number; steps: number; greedy: boolean; controls: { temperature: number } }>('continue');
      assert.equal(asked.analysisId, CODE.id);
      assert.equal(asked.steps, 3);
      assert.equal(asked.greedy, false);
      assert.equal(asked.controls.temperature, 0.7);
      await v.notify('preview', PREVIEW);
      assert.equal(await v.page.locator('.preview-text').innerText(), ' return x');
      const steps = v.page.locator('.steps .step');
      assert.deepEqual(
        (await steps.allInnerTexts()).map((t) => t.trim()),
        ['Prompt', '1. return (60.0%)', '2. x (30.0%)'].map((t) => t.replace(/^(\d\.) /, '$1  ')),
      );
      await steps.nth(2).click();
      assert.deepEqual(await v.sent('showAnalysis'), [{ analysisId: 21 }]);
      await v.page.getByRole('button', { name: 'Insert into the document' }).click();
      assert.deepEqual(await v.sent('insertPreview'), [{ previewId: 4 }]);
      await v.page.locator('.token-list [role="option"]').nth(2).click();
      assert.deepEqual((await v.sent('token')).at(-1), { analysisId: CODE.id, token: 2 });
    }));

  it('says the next token is the prediction after the analyzed text, in the panel and in the side view', async () => {
    // A file ending in a newline showed "newline 99 %", read as a claim about its last token.
    const caption = /^Predicted to come after the analyzed text \(not a judgement of its last token\)\.$/;
    await withPage('panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await v.page.getByRole('heading', { name: 'Next token' }).waitFor();
      assert.match(await v.page.locator('.next-tokens .nt-after').innerText(), caption);
    });
    await withPage('side', async (v) => {
      await v.notify('summary', SUMMARY);
      assert.match(await v.page.locator('.summary .nt-after').innerText(), caption);
      await v.notify('summary', { ...SUMMARY, kind: 'encoder', predictions: [{ label: ' bank', p: 0.5, position: 3 }] });
      assert.equal(await v.page.locator('.summary .nt-after').count(), 0, 'an encoder’s fillers are not after the text');
    });
  });

  it('hides the next-token section for an encoder analysis', () =>
    withPage('panel', async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Predictions');
      assert.equal(await v.page.locator('.next-tokens').isHidden(), true);
    }));
});

describe('encoder beside decoder in the panel', () => {
  it('brings the Compare tab forward, draws both matrices for the same layer/head and each model’s guess, and saves a screenshot', () =>
    withPage('panel', async (v) => {
      await v.analysis(CODE);
      await v.comparison(RIVER, CODE, BANK_GUESS);
      await v.settle();
      assert.equal(await v.page.getByRole('tab', { name: 'Compare' }).getAttribute('aria-selected'), 'true', 'the comparison came forward');
      await v.page.getByRole('heading', { name: 'Encoder beside decoder' }).waitFor();
      assert.equal(await v.page.locator('.compare .compare-side').count(), 2);
      assert.deepEqual(await v.page.locator('.compare-side').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))), ['encoder', 'decoder']);
      // Each side asks the host for its own analysis's matrix (its key, its own lane) and paints it.
      const asked = (await v.requests()).filter((r) => r.method === 'matrix').map((r) => (r.params as { key: number }).key);
      assert.ok(asked.includes(RIVER.key ?? RIVER.id) && asked.includes(CODE.key ?? CODE.id), JSON.stringify(asked));
      assert.equal(await v.page.locator('.compare canvas.matrix-canvas').count(), 2);
      assert.match(await v.page.locator('.compare').innerText(), /rank 4/);
      // The comparison has the panel's controls: one head for both sides, then both ask for it.
      await v.page.locator('#compare-combine-picker').selectOption('head');
      await v.page.locator('#compare-head-picker').selectOption('1');
      await v.settle();
      const requestsAfter = await v.requests();
      const last = (key: number): unknown => requestsAfter.filter((r) => r.method === 'matrix' && (r.params as { key: number }).key === key).at(-1)?.params;
      for (const key of [RIVER.key ?? RIVER.id, CODE.key ?? CODE.id]) assert.deepEqual((last(key) as { combine: unknown }).combine, { kind: 'head', head: 1 });
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-compare.png'), fullPage: true });
      // Another analysis: the comparison steps aside, and the tab says how to make one.
      await v.analysis({ ...RIVER, id: 30 });
      assert.equal(await v.page.locator('.compare-side').count(), 0);
      assert.match(await v.page.locator('.compare').innerText(), /No comparison of this text yet/);
    }));
  it('a word of two tokens: the decoder’s probability is the whole word’s, the encoder’s fillers whole words, each said so', () =>
    withPage('panel', async (v) => {
      await v.analysis(CODE);
      // "gato" = " g" + "ato": P(word) = 0.0003 × 0.0086; the rank and the expectations are its first token's.
      await v.comparison(RIVER, CODE, {
        word: 'gato',
        encoderFillers: [
          { token: 'perro', id: 5, p: 0.02 },
          { token: 'niño', id: 8, p: 0.01 },
        ],
        encoderWhole: true,
        encoderPieces: 2,
        decoder: { p: 0.0003 * 0.0086, rank: 334, surprisal: 18.5, expected: [{ token: 'Ġperro', id: 3, p: 0.2 }], pieces: 2 },
      });
      await v.settle();
      const guess = await v.page.locator('.compare-guess').innerText();
      assert.doesNotMatch(guess, /probability 0\.030%/, 'not the first piece’s probability as the word’s');
      assert.match(guess, /probability 0\.00026% \(2 tokens in turn, their probabilities multiplied\) · 18\.50 bits · its first token’s rank 334/);
      assert.equal(await v.page.getByRole('list', { name: 'Encoder fillers (whole words)' }).count(), 1);
      assert.equal(await v.page.getByRole('list', { name: 'Decoder expectations for its first token' }).count(), 1);
      assert.match(guess, /^perro$/m, 'a whole word reads as the word, without a token’s space mark');
      // The first token's fillers only (no whole word found): said so.
      await v.comparison(RIVER, CODE, { ...BANK_GUESS, word: 'gato', encoderPieces: 2 });
      await v.settle();
      assert.match(await v.page.locator('.compare-guess').innerText(), /The word is 2 tokens: these fill its first token only\./);
    }));
});

describe('side view extras', () => {
  it('lists the spotlight’s tokens and shows the surprisal legend', () =>
    withPage('side', async (v) => {
      await v.notify('spotlight', {
        analysisId: 1,
        token: 'grass',
        view: 'layer 3, mean of heads',
        items: [
          { label: '␣the', weight: 0.23 },
          { label: ',', weight: 0.09 },
        ],
        bands: ['5–20% of the strongest', '20–40%', '40–60%', '60–80%', '80–100%, outlined'],
      });
      assert.equal(await v.page.locator('.spotlight-list .bar').count(), 2);
      assert.match(await v.page.locator('.spotlight-list').innerText(), /grass[\s\S]*layer 3, mean of heads[\s\S]*0\.230/);
      await v.notify('legend', { document: 'river.md', bands: ['< 1 bit', '1–2 bits', '≥ 12 bits'] });
      assert.deepEqual(await v.page.locator('.surprisal-legend .legend-band').allInnerTexts(), ['< 1 bit', '1–2 bits', '≥ 12 bits']);
      await v.notify('spotlight', null);
      await v.notify('legend', null);
      assert.equal(await v.page.locator('.spotlight-list').isHidden(), true);
      assert.equal(await v.page.locator('.surprisal-legend').isHidden(), true);
      await v.notify('spotlight', { analysisId: 'x', token: 1 });
      assert.equal(await v.rejected(), 1, 'a malformed list is refused');
    }));
});
