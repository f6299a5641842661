// What a screen reader says of the panel, round 3, in headless Chromium on the real panel: a selected
// masked token says "masked" once (its name), not again in its description; the BERT tab's confusion
// matrix has no nameless column header; Word Senses' tables scope their headers, and its Contextual
// table tells apart two tokens of the same text; the word-order table has a name.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { focusToken } from './support/focus';
import { occurrencesAt, postSenses, sensesLayer, sensesMessage, type SensesWire } from './support/senses';
import { bertMessage, postWordOrder, RIVER, TUNE } from './support/specs';

const session = sharedSession();
after(() => session.close());

interface AxNode {
  readonly name?: { readonly value?: string };
  readonly description?: { readonly value?: string };
}

/** The accessible description Chromium computes for the node whose name matches `name`. */
async function description(v: ViewPage, name: RegExp): Promise<string[]> {
  const cdp = await v.page.context().newCDPSession(v.page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: AxNode[] };
  await cdp.detach();
  return nodes.filter((n) => name.test(n.name?.value ?? '')).map((n) => n.description?.value ?? '');
}

describe('a selected masked token', () => {
  for (const [locale, word] of [
    ['en', 'masked'],
    ['es', 'enmascarado'],
  ] as const)
    it(`says it is masked once, in its name, not again in its description (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await focusToken(v, 4);
          await v.settle();
          assert.equal(await v.page.locator('#token-4').getAttribute('aria-selected'), 'true');
          assert.match(await v.page.locator('#token-tip').innerText(), new RegExp(word), 'the readout still shows it');
          // The option (its name says it), with the readout as its description.
          const said = (await description(v, new RegExp(`bank.*${word}`))).filter((d) => d.length > 0);
          assert.equal(said.length, 1, JSON.stringify(said));
          assert.doesNotMatch(said[0], new RegExp(word), `said once: ${said[0]}`);
        },
        { locale },
      ));
});

describe('the BERT tab’s confusion matrix', () => {
  it('has no empty column header in its top-left corner', () =>
    withView(session, 'panel', async (v) => {
      await v.notify('bert', bertMessage(1, { fineTune: TUNE }));
      const corner = v.page.locator('table.bert-confusion tr').first().locator('th, td').first();
      const tag = await corner.evaluate((e) => e.tagName);
      const text = (await corner.innerText()).trim();
      assert.ok(tag === 'TD' || text.length > 0, `the corner is ${tag} «${text}»`);
      const tree = await v.page.locator('table.bert-confusion').ariaSnapshot();
      assert.doesNotMatch(tree, /columnheader\s*(""|$|\n)/m, tree);
    }));
});

/** Three occurrences of "banco"; the first one's nearest tokens include "río" twice (at 20 and at 60). */
function senses(): SensesWire {
  const near = [
    { text: 'río', start: 20, end: 23, cosine: 0.921 },
    { text: 'río', start: 60, end: 63, cosine: 0.914 },
    { text: 'agua', start: 30, end: 34, cosine: 0.9 },
  ];
  const layer = (l: number) => sensesLayer(l, [1, 0.9, 0.9, 0.9, 1, 0.9, 0.9, 0.9, 1], [near, near.slice(2), near.slice(2)]);
  return sensesMessage({ id: 5, document: 'banco.txt', lines: [1, 2, 3], occurrences: occurrencesAt([40, 80, 100]), layers: [layer(0), layer(1)] });
}

describe('Word Senses’ Contextual table', () => {
  it('scopes its column headers', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, senses());
      const scopes = await v.page.locator('.repr-context thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('scope')));
      assert.deepEqual(scopes, ['col', 'col']);
    }));

  for (const [locale, before, after] of [
    ['en', /río, 17 characters before 0\.921/, /río, 15 characters after 0\.914/],
    ['es', /río, 17 caracteres antes 0,921/, /río, 15 caracteres después 0,914/],
  ] as const)
    it(`tells apart two nearest tokens of the same text by where they are (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await postSenses(v, senses());
          const row = (await v.page.locator('.repr-context tbody tr').first().innerText()).replace(/\s+/g, ' ');
          assert.match(row, before, row);
          assert.match(row, after, row);
          assert.match(row, /agua 0[.,]900/, `a text said once is left as it is: ${row}`);
        },
        { locale },
      ));
});

describe('the word-order table', () => {
  it('has a name and scoped column headers', () =>
    withView(session, 'panel', async (v) => {
      await postWordOrder(v, 3);
      const table = v.page.locator('table.repr-layers');
      assert.ok(((await table.getAttribute('aria-label')) ?? '').length > 0, 'named');
      assert.deepEqual(await table.locator('thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('scope'))), ['col', 'col']);
    }));
});
