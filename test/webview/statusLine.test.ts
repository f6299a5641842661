// The engine/status line (webview/common/statusLine.ts) in headless Chromium, in English and
// Spanish, in the wide panel (labelled "Engine") and the narrow side view (no label): each model it
// speaks of is one item (its role, its name, then its state and detail), the items are set apart,
// and the label is apart from them. Screenshots: test-results/webview-status-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { ROOT } from './support/server';
import { RIVER, SUMMARY } from './support/specs';

const session = sharedSession();
after(() => session.close());

const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();
const items = async (v: ViewPage): Promise<string[]> => (await v.page.locator('.status .status-item').allInnerTexts()).map(flat);

async function shot(v: ViewPage, name: string): Promise<void> {
  const dir = path.join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  await v.page.locator('.status').screenshot({ path: path.join(dir, `webview-status-${name}.png`) });
}

/** The boxes of the label and of each item, in page pixels. */
async function boxes(v: ViewPage): Promise<{ label: DOMRect | null; items: DOMRect[]; overflow: boolean }> {
  return v.page.locator('.status').evaluate((line) => ({
    label: line.querySelector('.status-label')?.getBoundingClientRect().toJSON() ?? null,
    items: [...line.querySelectorAll('.status-item')].map((i) => i.getBoundingClientRect().toJSON() as DOMRect),
    overflow: line.scrollWidth > line.clientWidth + 1,
  }));
}

const WORDS = {
  en: {
    label: 'Engine',
    shown: 'Analysis shown: tiny-bert-es-en (encoder) Loaded',
    dropped: 'Analysis shown: tiny-bert-es-en (encoder) No longer loaded',
    other: 'Analyze Selection uses: tiny-gpt-es-en (decoder) Not loaded the next decoder analysis loads it',
  },
  es: {
    label: 'Motor',
    shown: 'Análisis mostrado: tiny-bert-es-en (codificador) Cargado',
    dropped: 'Análisis mostrado: tiny-bert-es-en (codificador) Ya no está cargado',
    other: 'Analizar selección usa: tiny-gpt-es-en (decodificador) Sin cargar the next decoder analysis loads it',
  },
} as const;
const IDLE = { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'idle', detail: 'the next decoder analysis loads it', progress: null };

describe('the engine/status line', () => {
  for (const locale of ['en', 'es'] as const) {
    const w = WORDS[locale];
    it(`beside another model's analysis, says each model as one item, apart from the label, in a wide panel (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.notify('status', { ...IDLE, loaded: ['tiny-bert-es-en'] });
          await v.analysis(RIVER);
          assert.equal(await v.page.locator('.status > .status-label').innerText(), w.label, 'the label stands alone, outside the items');
          assert.deepEqual(await items(v), [w.shown, w.other], 'each state word follows the model it describes, in its own item');
          await shot(v, `panel-other-${locale}`);
          const b = await boxes(v);
          assert.ok(b.label && b.label.right < b.items[0].left, 'the label is set apart from the first item');
          const [a, c] = b.items;
          assert.ok(a.right < c.left || a.bottom <= c.top + 1, 'the two items set apart: side by side, or one under the other');
          for (const i of b.items) assert.ok(i.height < 30, `in a wide panel, each item reads on one line (${i.height} px high)`);
          assert.ok(!b.overflow);
          await v.notify('status', { ...IDLE, loaded: [] });
          assert.deepEqual(await items(v), [w.dropped, w.other]);
        },
        { width: 1100, height: 700, locale },
      ));

    it(`beside another model's analysis, keeps the label apart and puts each item on its own lines in a narrow panel (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.notify('status', { ...IDLE, loaded: ['tiny-bert-es-en'] });
          await v.analysis(RIVER);
          assert.deepEqual(await items(v), [w.shown, w.other]);
          await shot(v, `panel-narrow-other-${locale}`);
          const b = await boxes(v);
          for (const i of b.items) assert.ok(b.label && b.label.right < i.left, 'the label is a column of its own, beside every item');
          assert.ok(b.items[1].top >= b.items[0].bottom - 1, 'the second item starts below the first');
          assert.ok(!b.overflow, 'nothing runs past the panel’s edge');
        },
        { width: 420, height: 700, locale },
      ));

    it(`beside another model's summary, puts each item on its own lines in the narrow side view (${locale})`, () =>
      withView(
        session,
        'side',
        async (v) => {
          await v.notify('status', { ...IDLE, loaded: ['tiny-bert-es-en'] });
          await v.notify('summary', { ...SUMMARY, model: 'tiny-bert-es-en', kind: 'encoder' });
          assert.equal(await v.page.locator('.status-label').count(), 0, 'the side view has no label');
          assert.deepEqual(await items(v), [w.shown, w.other]);
          const b = await boxes(v);
          assert.ok(b.items[1].top >= b.items[0].bottom - 1, 'the second item starts below the first');
          assert.ok(!b.overflow, 'nothing runs past the view’s edge');
          await shot(v, `side-other-${locale}`);
        },
        { width: 300, height: 600, locale },
      ));
  }

  it('to a screen reader, pauses between the label, the items, a model and its state, and the detail', () =>
    withView(session, 'panel', async (v) => {
      await v.notify('status', { ...IDLE, loaded: ['tiny-bert-es-en'] });
      await v.analysis(RIVER);
      // The accessibility tree (what a live region announces) holds the CSS marks' alternative text; innerText does not.
      const spoken = async (): Promise<string> => (await v.page.locator('.status').ariaSnapshot()).replace(/\s+([,.:])/g, '$1').replace(/\s+/g, ' ');
      assert.equal(
        await spoken(),
        '- status: "Engine: Analysis shown: tiny-bert-es-en (encoder), Loaded. Analyze Selection uses: tiny-gpt-es-en (decoder), Not loaded, the next decoder analysis loads it"',
      );
      await v.notify('status', { ...IDLE, state: 'loading', detail: 'loading model.onnx', progress: 0.4 });
      assert.match(await spoken(), /"Engine: tiny-gpt-es-en \(decoder\), Loading\b.*, loading model\.onnx"/);
    }));

  it('says one model as one item through its states: idle, loading (with its bar), ready with its last run, error', () =>
    withView(
      session,
      'panel',
      async (v) => {
        await v.notify('status', IDLE);
        assert.deepEqual(await items(v), ['tiny-gpt-es-en (decoder) Not loaded the next decoder analysis loads it']);
        await shot(v, 'idle');
        await v.notify('status', { ...IDLE, state: 'loading', detail: 'loading model.onnx', progress: 0.4 });
        assert.deepEqual(await items(v), ['tiny-gpt-es-en (decoder) Loading loading model.onnx']);
        assert.equal(await v.page.locator('.status-item progress').count(), 1, 'the bar is in the item, by its state');
        await shot(v, 'loading');
        await v.notify('status', { ...IDLE, state: 'ready', detail: '6 tokens' });
        assert.deepEqual(await items(v), ['tiny-gpt-es-en (decoder) Ready last run: 6 tokens']);
        await shot(v, 'ready');
        await v.notify('status', { ...IDLE, state: 'error', detail: 'model folder is missing config.json' });
        assert.deepEqual(await items(v), ['tiny-gpt-es-en (decoder) Error model folder is missing config.json']);
        await shot(v, 'error');
        assert.equal(await v.page.locator('.status > .status-label').innerText(), 'Engine');
      },
      { width: 1100, height: 700 },
    ));
});
