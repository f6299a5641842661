// What a screen reader says of the panel, round 4, in headless Chromium on the real panel: the token
// strip's readout says "masked" once on each path — in the tooltip the pointer shows (where no
// option's name is read with it), not in the description of the option the keyboard is on (whose
// name says it) — and it describes only the token it is about, never the selected one while it
// shows another. A reader who magnifies the screen can move the pointer onto the readout to read it
// (WCAG 1.4.13: it stays while pointed at, and goes when the pointer is off the token and it).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { focusToken } from './support/focus';
import { RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

interface AxNode {
  readonly ignored?: boolean;
  readonly role?: { readonly value?: string };
  readonly name?: { readonly value?: string };
  readonly description?: { readonly value?: string };
}

/** The options and the tooltip as Chromium's accessibility tree has them: role, name and description. */
async function strip(v: ViewPage): Promise<{ role: string; name: string; description: string }[]> {
  const cdp = await v.page.context().newCDPSession(v.page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as unknown as { nodes: AxNode[] };
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && ['option', 'tooltip'].includes(n.role?.value ?? ''))
    .map((n) => ({ role: n.role?.value ?? '', name: n.name?.value ?? '', description: n.description?.value ?? '' }));
}

const count = (text: string, word: string): number => text.split(word).length - 1;

describe('the token strip’s readout of a masked token', () => {
  for (const [locale, word] of [
    ['en', 'masked'],
    ['es', 'enmascarado'],
  ] as const) {
    it(`says it is masked once when the pointer shows it (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await v.page.locator('#token-4').hover();
          await v.settle();
          const nodes = await strip(v);
          const tip = nodes.filter((n) => n.role === 'tooltip');
          assert.equal(tip.length, 1, JSON.stringify(nodes));
          assert.match(tip[0].name, /bank/);
          assert.equal(count(tip[0].name, word), 1, `the tooltip says it: ${tip[0].name}`);
          // No option has the tooltip as its description (it would be said with the option's name).
          assert.deepEqual(
            nodes.filter((n) => n.role === 'option' && n.description !== ''),
            [],
          );
        },
        { locale },
      ));

    it(`says it once when the keyboard is on it, and once when the pointer is on it too (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await focusToken(v, 4);
          await v.page.locator('#token-4').hover();
          await v.settle();
          const option = (await strip(v)).filter((n) => n.role === 'option' && /bank/.test(n.name));
          assert.equal(option.length, 1);
          assert.match(option[0].description, /#4/, 'the readout is its description');
          assert.equal(count(`${option[0].name} ${option[0].description}`, word), 1, JSON.stringify(option[0]));
        },
        { locale },
      ));
  }

  it('is not the description of the selected token while it shows another one', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      // The keyboard on "On" (#1), the pointer on "bank" (#4): the readout shows #4.
      await focusToken(v, 1);
      await v.page.locator('#token-4').hover();
      await v.settle();
      assert.match(await v.page.locator('#token-tip').innerText(), /#4/);
      const nodes = await strip(v);
      const on = nodes.find((n) => n.role === 'option' && n.name === 'On');
      assert.ok(on, JSON.stringify(nodes));
      assert.doesNotMatch(on.description, /bank|#4/, `"On" is not described as "bank": ${on.description}`);
      // The pointer leaves: the readout is back on the keyboard's token, and describes it.
      await v.page.mouse.move(1000, 880);
      await v.settle();
      const back = (await strip(v)).find((n) => n.role === 'option' && n.name === 'On');
      assert.match(back?.description ?? '', /#1/);
    }));

  it('stays while the pointer moves from the token onto it, and goes when the pointer is off both', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      const token = (await v.page.locator('#token-4').boundingBox())!;
      await v.page.mouse.move(token.x + token.width / 2, token.y + token.height / 2);
      const tip = v.page.locator('#token-tip');
      assert.equal(await tip.isVisible(), true);
      const box = (await tip.boundingBox())!;
      // Straight down, across the gap between the token and its readout, to the readout's last line.
      await v.page.mouse.move(token.x + token.width / 2, box.y + box.height - 4, { steps: 12 });
      assert.equal(await tip.isVisible(), true, 'the readout is still there under the pointer');
      assert.match(await tip.innerText(), /#4/);
      // Off the readout, onto the tab below: it goes.
      await v.page.mouse.move(token.x + token.width / 2, box.y + box.height + 60, { steps: 6 });
      assert.equal(await tip.isVisible(), false);
    }));
});
