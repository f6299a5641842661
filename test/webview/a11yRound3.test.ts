// What a screen reader says of the panel, round 3, in headless Chromium on the real panel: a selected
// masked token says "masked" once (its name), not again in its description; the BERT tab's confusion
// matrix has no nameless column header; Word Senses' tables scope their headers, and its Contextual
// table tells apart two tokens of the same text; the word-order table has a name.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { bertMessage, RIVER, TUNE } from './support/specs';

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
          await v.page.locator('#token-0').focus();
          for (let i = 0; i < 4; i++) await v.page.keyboard.press('ArrowRight');
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
