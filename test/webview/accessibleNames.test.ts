// What a screen reader says of the panel's controls in Spanish: every picker, field, box and button
// of every tab has a name (its label, or an aria-label), read from the page's accessibility tree;
// and a slider's decimal value is said as the page writes it, with a decimal comma.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { bertMessage, CODE, NSP, RIVER, TUNE } from './support/specs';

const session = sharedSession();
after(() => session.close());

/** The controls of the page's accessibility tree that have no name (role, then what follows it). */
async function unnamed(v: ViewPage, where: string): Promise<string[]> {
  const tree = await v.page.locator('body').ariaSnapshot();
  return tree
    .split('\n')
    .filter((line) => /^\s*- (combobox|textbox|spinbutton|slider|checkbox|radio|button|tab)(:|$| \[)/.test(line))
    .map((line) => `${where}: ${line.trim()}`);
}

describe('the panel’s controls, in Spanish', () => {
  for (const [name, spec] of [
    ['an encoder', RIVER],
    ['a decoder', CODE],
  ] as const) {
    it(`all have a name a screen reader says, on every tab (${name})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(spec);
          await v.notify('bert', bertMessage(1, { nsp: NSP, fineTune: TUNE }));
          const missing: string[] = [];
          for (const view of ['Matriz', 'Cabezas', 'Modelo']) {
            await openTab(v, 'Atención');
            await openTab(v, view);
            missing.push(...(await unnamed(v, `Atención/${view}`)));
          }
          for (const tab of ['Predicciones', 'Comparar', 'Por dentro', 'Representaciones', 'BERT', 'Curso']) {
            await openTab(v, tab);
            missing.push(...(await unnamed(v, tab)));
          }
          assert.deepEqual(missing, []);
        },
        { locale: 'es' },
      ));
  }
});

describe('the Predictions tab’s sliders, in Spanish', () => {
  it('say their value with a decimal comma, as the readout beside them writes it', () =>
    withView(
      session,
      'panel',
      async (v) => {
        await v.analysis(CODE);
        await openTab(v, 'Predicciones');
        const said = (id: string) => v.page.locator(`#${id}`).getAttribute('aria-valuetext');
        assert.deepEqual([await said('nw-temperature'), await said('nw-topp')], ['1,00', '1,00']);
        await v.page.evaluate(() => {
          for (const [id, value] of [
            ['nw-temperature', '0.55'],
            ['nw-topp', '0.9'],
          ]) {
            const input = document.getElementById(id) as HTMLInputElement;
            input.value = value;
            input.dispatchEvent(new Event('input'));
          }
        });
        assert.deepEqual([await said('nw-temperature'), await said('nw-topp')], ['0,55', '0,90']);
      },
      { locale: 'es' },
    ));
});

describe('the chosen heads’ checkboxes', () => {
  for (const [locale, names] of [
    ['en', { heads: 'Heads', chosen: 'Mean of chosen heads', set: 'Heads in the set', boxes: ['Head 0', 'Head 1'] }],
    ['es', { heads: 'Cabezas', chosen: 'Media de las cabezas elegidas', set: 'Cabezas del conjunto', boxes: ['Cabeza 0', 'Cabeza 1'] }],
  ] as const)
    it(`say which head each one is, not a bare number (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await v.page.getByRole('combobox', { name: names.heads, exact: true }).selectOption({ label: names.chosen });
          await v.settle();
          const set = v.page.locator('#panel-tab-attention-panel').getByRole('group', { name: names.set });
          for (const name of names.boxes) assert.equal(await set.getByRole('checkbox', { name, exact: true }).count(), 1, name);
        },
        { locale },
      ));
});
