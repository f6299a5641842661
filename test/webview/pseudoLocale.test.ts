// The pseudo-locale walk of the webviews, in headless Chromium: the panel and the side view get the
// pseudo-locale from the "host" (every t() result marked ⟦…⟧), are driven through their states —
// empty, loading, error, an encoder and a decoder analysis with hovers, readouts, combinations and
// cleaning, a continuation preview, encoder beside decoder; model status, summary, spotlight and
// legend — and every readable string (text, aria-label, title, placeholder…) must be marked, be
// the document's or model's own text, or be a number. The failure lists the strings that never
// went through t(), grouped by the source files that hold them (also written to
// test-results/pseudo-locale-webviews.txt). The same pages in Spanish format numbers for Spanish.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pseudoLocalize, unmarkedText } from '../../src/protocol/pseudoLocale';
import type { AnalysisSpec } from './support/analysisSpec';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { ROOT } from './support/server';
import { BANK_GUESS, CODE, PREVIEW, RIVER, SUMMARY } from './support/specs';
import { displayForms, readableStrings, unmarkedReport, type Seen } from './support/unmarked';

const session = sharedSession();
after(() => session.close());

/** What the host would send in the pseudo-locale: its own sentences (notices) marked. */
const hostSaid = (spec: AnalysisSpec): AnalysisSpec => ({ ...spec, notices: spec.notices?.map((n) => pseudoLocalize(n)) });

/** The document's and the model's own strings in the specs: they are shown as they are, never translated (nor is the product's name). */
function modelStrings(...specs: AnalysisSpec[]): string[] {
  const out: string[] = ['Attention Lens'];
  for (const s of specs) {
    out.push(s.documentName ?? '', s.modelId ?? '');
    for (const token of s.tokens) out.push(typeof token === 'string' ? token : token.text);
    for (const m of s.masked ?? []) for (const [c] of m.top) out.push(c);
    for (const [c] of s.next ?? []) out.push(c);
    for (const p of s.perToken ?? []) for (const [c] of p.top) out.push(c);
  }
  return out.filter(Boolean);
}

class Walk {
  readonly found: { state: string; seen: Seen; part: string }[] = [];
  constructor(
    private readonly v: ViewPage,
    private readonly allowed: readonly string[],
  ) {}

  async look(state: string): Promise<void> {
    await this.v.settle();
    for (const seen of await readableStrings(this.v.page)) {
      const part = unmarkedText(seen.text, this.allowed);
      if (part) this.found.push({ state, seen, part });
    }
  }
}

const reports: string[] = [];
function verdict(view: string, walk: Walk): void {
  const report = unmarkedReport(walk.found);
  reports.push(report ? `# ${view}\n${report}` : `# ${view}: every string marked`);
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'test-results', 'pseudo-locale-webviews.txt'), `${reports.join('\n\n')}\n`);
  const count = new Set(walk.found.map((f) => `${f.part} ${f.seen.where}`)).size;
  assert.equal(count, 0, `the ${view} shows ${count} string(s) that did not go through t(), by source file:\n${report}`);
}

async function hover(v: ViewPage, selector: string, fx = 0.5, fy = 0.5): Promise<void> {
  const box = await v.page.locator(selector).first().boundingBox();
  if (box) await v.page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
}

describe('pseudo-locale: every readable string of the webviews is localized', { timeout: 120_000 }, () => {
  it('the panel, through its states', () =>
    withView(
      session,
      'panel',
      async (v) => {
        const walk = new Walk(
          v,
          displayForms([...modelStrings(RIVER, CODE), 'tiny-bert-es-en', 'bank', ' return x', ' return', ' x', 'Ġshore', 'Ġbank', 'Ġside']),
        );
        await walk.look('empty');
        await v.notify('status', { model: 'tiny-bert-es-en', kind: 'encoder', state: 'loading', detail: pseudoLocalize('loading…'), progress: 0.4 });
        await walk.look('loading');
        await v.notify('status', { model: 'tiny-bert-es-en', kind: 'encoder', state: 'error', detail: pseudoLocalize('the engine stopped'), progress: null });
        await walk.look('error');
        await v.notify('status', { model: 'tiny-bert-es-en', kind: 'encoder', state: 'ready', detail: pseudoLocalize('ready'), progress: null });

        await v.analysis(hostSaid(RIVER));
        await walk.look('encoder analysis');
        await hover(v, '.matrix-plot');
        await walk.look('matrix readout');
        await hover(v, '.model-grid', 0.1, 0.1);
        await walk.look('model view readout');
        await v.page.locator('#token-3').click();
        await walk.look('token selected');
        for (const combine of ['mean', 'max', 'set', 'rollout']) {
          await v.page.selectOption('#combine-picker', combine);
          await walk.look(`combine: ${combine}`);
        }
        await v.page.selectOption('#combine-picker', 'head');
        for (const id of ['#clean-hideSpecial', '#clean-mergeSubwords', '#clean-hidePunctuation']) await v.page.locator(id).click();
        await walk.look('cleaning');

        await v.analysis(hostSaid(CODE));
        await walk.look('decoder analysis');
        await v.page.locator('#token-3').click();
        await walk.look('decoder token facts');
        await v.notify('preview', PREVIEW);
        await walk.look('continuation preview');
        await v.comparison(hostSaid(RIVER), hostSaid(CODE), BANK_GUESS);
        await walk.look('encoder beside decoder');
        verdict('panel', walk);
      },
      { locale: 'pseudo' },
    ));

  it('the side view, through its states', () =>
    withView(
      session,
      'side',
      async (v) => {
        const walk = new Walk(v, displayForms(['Attention Lens', 'tiny-gpt-es-en', 'main.ts', 'Ġreturn', 'Ġconst', 'ĊĠĠ', 'grass', '␣the', ',', 'river.md']));
        await walk.look('empty');
        await v.notify('status', { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'loading', detail: pseudoLocalize('loading…'), progress: null });
        await walk.look('loading');
        await v.notify('status', { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'ready', detail: pseudoLocalize('ready'), progress: null });
        await v.notify('summary', { ...SUMMARY, notices: SUMMARY.notices.map((n) => pseudoLocalize(n)) });
        await walk.look('summary');
        await v.notify('spotlight', {
          analysisId: 1,
          token: 'grass',
          view: pseudoLocalize('layer 3, mean of heads'),
          items: [
            { label: '␣the', weight: 0.23 },
            { label: ',', weight: 0.09 },
          ],
        });
        await v.notify('legend', { document: 'river.md', bands: ['< 1 bit', '1–2 bits', '≥ 12 bits'].map((b) => pseudoLocalize(b)) });
        await walk.look('spotlight and legend');
        verdict('side view', walk);
      },
      { locale: 'pseudo', width: 320, height: 700 },
    ));
});

describe('the webviews in Spanish', () => {
  it('format probabilities and bits for Spanish, and say the page is Spanish', () =>
    withView(
      session,
      'panel',
      async (v) => {
        assert.equal(await v.page.locator('html').getAttribute('lang'), 'es');
        await v.analysis(RIVER);
        assert.deepEqual(
          await v.page.locator('.predictions .bar-value').allTextContents(),
          ['41,2 %', '20,0 %', '0,040 %', '0,0010 %', '38,8 %'].map((s) => s.replace(' ', '\u00a0')),
        );
        await v.analysis(CODE);
        await v.page.locator('#token-3').click();
        await v.settle();
        assert.deepEqual(
          (await v.page.locator('.facts dd').allTextContents()).filter((s) => /%|bits/.test(s)),
          ['3,1\u00a0%', '5,00 bits'],
        );
      },
      { locale: 'es' },
    ));

  it('write the sampling controls’ values and a large rank for Spanish', () =>
    withView(
      session,
      'panel',
      async (v) => {
        const perToken = CODE.perToken?.map((p) => (p.position === 3 ? { ...p, rank: 12345 } : p));
        await v.analysis({ ...CODE, perToken });
        await v.page.locator('#token-3').click();
        await v.settle();
        const facts = await v.page.locator('.facts').innerText();
        assert.match(facts, /puesto\s*12\.345/, facts);
        await v.page.getByRole('tab', { name: 'Predicciones', exact: true }).click();
        await v.page.evaluate(() => {
          const input = document.getElementById('nw-temperature') as HTMLInputElement;
          input.value = '0.75';
          input.dispatchEvent(new Event('input'));
        });
        await v.settle();
        assert.equal(await v.page.locator('.nw-readout').innerText(), 'T = 0,75 · k = todos · p = 1,00');
      },
      { locale: 'es' },
    ));
});
