// What a screen reader says when the keyboard lands somewhere in the panel, in headless Chromium:
// every element the Tab key reaches, on every tab and view, has a role that takes a name (not a bare
// div or canvas, whose aria-label screen readers may drop) and a name, in English and Spanish. Read
// from Chromium's own accessibility tree (the DevTools protocol), as assistive technology gets it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { answer, DECODER } from './support/insideFixtures';
import { bertMessage, NSP, postWordOrder, ROTARY, SUMMARY, TUNE } from './support/specs';

const session = sharedSession();
after(() => session.close());

interface AxNode {
  ignored?: boolean;
  role?: { value?: string };
  name?: { value?: string };
  properties?: { name: string; value?: { value?: unknown } }[];
}

/** The focusable nodes of the page's accessibility tree that a screen reader could not name well: "role name". */
async function unnamedStops(v: ViewPage, where: string): Promise<string[]> {
  const cdp = await v.context.newCDPSession(v.page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && n.properties?.some((p) => p.name === 'focusable' && p.value?.value === true))
    .filter((n) => n.role?.value !== 'RootWebArea')
    .filter((n) => ['generic', 'Canvas', 'none', 'Section'].includes(n.role?.value ?? '') || !n.name?.value)
    .map((n) => `${where}: ${n.role?.value} "${n.name?.value ?? ''}"`);
}

describe('every stop of the keyboard in the panel', () => {
  for (const [locale, tabs] of [
    [
      'en',
      { views: ['Matrix', 'Heads', 'Model'], others: ['Predictions', 'Compare'], inside: 'Inside', lens: 'Layer lens', late: ['Representations', 'BERT'] },
    ],
    [
      'es',
      {
        views: ['Matriz', 'Cabezas', 'Modelo'],
        others: ['Predicciones', 'Comparar'],
        inside: 'Por dentro',
        lens: 'Lente por capas',
        late: ['Representaciones', 'BERT'],
      },
    ],
  ] as const) {
    it(`has a role that takes a name, and a name (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          answer(v, 'logit');
          await v.analysis(DECODER);
          const missing: string[] = [];
          for (const view of tabs.views) {
            await openTab(v, view);
            missing.push(...(await unnamedStops(v, view)));
          }
          for (const tab of tabs.others) {
            await openTab(v, tab);
            missing.push(...(await unnamedStops(v, tab)));
          }
          await openTab(v, tabs.inside);
          missing.push(...(await unnamedStops(v, 'Q/K/V')));
          await openTab(v, tabs.lens);
          missing.push(...(await unnamedStops(v, tabs.lens)));
          await postWordOrder(v, 1, { background: true });
          await v.notify('bert', bertMessage(1, { nsp: NSP, fineTune: TUNE, positions: ROTARY }));
          for (const tab of tabs.late) {
            await openTab(v, tab);
            missing.push(...(await unnamedStops(v, tab)));
          }
          assert.deepEqual(missing, []);
        },
        { locale },
      ));
  }
});

describe('every stop of the keyboard in the side view', () => {
  for (const locale of ['en', 'es'] as const)
    it(`has a role that takes a name, and a name (${locale})`, () =>
      withView(
        session,
        'side',
        async (v) => {
          await v.notify('summary', SUMMARY);
          assert.deepEqual(await unnamedStops(v, 'side'), []);
        },
        { locale, width: 320, height: 600 },
      ));
});
