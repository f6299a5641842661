// The Course tab (webview/course/) in headless Chromium, on the real panel page: the unit the host posts
// (title, progress, explanation, question, hints, try your own, glossary), the student's actions sent back
// by keyboard (next, previous, reset, an answer), the host's verdict shown, the explanation's Markdown
// never parsed as HTML, and the unit's view opened, or the closest one when the panel lacks it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { CourseMessage } from '../../src/protocol/courseMessages';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

const UNIT: CourseMessage = {
  packId: 'transformers-en',
  packTitle: 'Transformers, on your own text',
  index: 2,
  total: 11,
  done: 2,
  unitId: 'attention-table',
  section: 'Self-attention',
  title: 'The attention table',
  markdown:
    'Each token plays **three** roles: *query*, key and `value`.\n\n- rows are queries\n- columns are keys\n\n<img src=x onerror="document.body.dataset.owned=1">',
  view: 'matrix',
  prompt: 'Which token does “bank” attend to most?',
  choices: ['On', 'river', 'bank', 'stones'],
  hints: ['Each row of the matrix is a query.', 'Find the row of “bank”.'],
  tryOwn: 'Analyze a sentence of yours with an ambiguous word.',
  glossary: [
    { id: 'query', term: 'query', definition: 'What a token looks for.' },
    { id: 'key', term: 'key', definition: 'What a token offers.' },
  ],
  answered: null,
  problem: null,
  bringForward: true,
  tabSize: 4,
};

type Action = { do: string; index?: number; unitId?: string; choice?: number };
const actions = (v: ViewPage): Promise<Action[]> => v.sent<Action>('course');
const course = (v: ViewPage) => v.page.locator('section.course');

async function withUnit(test: (v: ViewPage) => Promise<void>, message: CourseMessage = UNIT): Promise<void> {
  await withView(session, 'panel', async (v) => {
    await v.analysis(RIVER);
    await v.notify('course', message);
    await test(v);
  });
}

describe('the Course tab', () => {
  it('Start the course by keyboard: the first unit’s title takes the focus, not the page', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await v.page.getByRole('tab', { name: 'Course', exact: true }).click();
      await course(v).getByRole('button', { name: 'Start the course' }).focus();
      await v.page.keyboard.press('Enter');
      assert.deepEqual((await actions(v)).at(-1), { do: 'start' });
      // The host opens the first unit; the button that asked is gone with the empty state.
      await v.notify('course', { ...UNIT, index: 0, bringForward: false });
      assert.equal(await v.page.evaluate(() => document.activeElement?.className), 'course-title');
      assert.equal(await v.page.evaluate(() => document.activeElement?.textContent), 'The attention table');
    }));

  it('Next to the last unit, or Previous to the first: the focus stays on the way through, not on the page', () =>
    withUnit(
      async (v) => {
        const focused = (): Promise<string | null | undefined> => v.page.evaluate(() => document.activeElement?.textContent);
        await course(v).getByRole('button', { name: 'Next', exact: true }).focus();
        await v.page.keyboard.press('Enter');
        await v.settle();
        assert.deepEqual((await actions(v)).at(-1), { do: 'open', index: 10 });
        await v.notify('course', { ...UNIT, index: 10, bringForward: false });
        assert.equal(await course(v).getByRole('button', { name: 'Next', exact: true }).isDisabled(), true);
        // Next is disabled: the focus goes to the other way, Previous.
        assert.equal(await focused(), 'Previous');
        await v.notify('course', { ...UNIT, index: 0, bringForward: false });
        // And back at the first unit, Previous disabled in its turn: to Next.
        assert.equal(await focused(), 'Next');
      },
      { ...UNIT, index: 9 },
    ));

  it('an answer given by keyboard: the focus goes to the verdict, said by a live region that was in the page before it', () =>
    withUnit(async (v) => {
      await course(v).getByRole('button', { name: 'bank' }).focus();
      // The region that will say the verdict, marked to tell it from one made with the verdict in it.
      await course(v)
        .locator('.course-verdict')
        .evaluate((node) => (node.dataset.before = 'yes'));
      await v.page.keyboard.press('Enter');
      await v.settle();
      const said = 'Not this time. The model: “river” (weight 0.312).';
      await v.notify('course', { ...UNIT, bringForward: false, done: 3, answered: { choice: 2, answer: 1, right: false, said } });
      const verdict = course(v).locator('.course-verdict');
      assert.equal(await verdict.textContent(), said);
      assert.equal(await verdict.getAttribute('aria-live'), 'polite');
      assert.equal(await verdict.getAttribute('data-before'), 'yes', 'the live region was there before its words (one made with them is not announced)');
      // The choices are disabled now: the focus is on the verdict, not the page's body.
      assert.equal(await v.page.evaluate(() => document.activeElement?.className), 'course-verdict');
    }));

  it('comes forward with the unit: title, progress, explanation as text, question, no answer given away', () =>
    withUnit(async (v) => {
      assert.equal(await v.page.getByRole('tab', { name: 'Course' }).getAttribute('aria-selected'), 'true');
      assert.equal(await course(v).locator('h2').textContent(), 'The attention table');
      assert.equal(await course(v).locator('.course-step').textContent(), 'Unit 3 of 11');
      // Where the unit is in the lecture, so that a student can find its slides.
      assert.equal(await course(v).locator('.course-section').textContent(), 'In the lecture: Self-attention');
      assert.deepEqual(
        await course(v)
          .locator('progress')
          .evaluate((p: HTMLProgressElement) => [p.value, p.max]),
        [2, 11],
      );
      const explanation = course(v).locator('.course-explanation');
      assert.equal(await explanation.locator('strong').textContent(), 'three');
      assert.equal(await explanation.locator('em').textContent(), 'query');
      assert.equal(await explanation.locator('code').textContent(), 'value');
      assert.equal(await explanation.locator('li').count(), 2);
      // The raw HTML is the text it was written as: no image, no handler run.
      assert.equal(await v.page.locator('.course img').count(), 0);
      assert.match((await explanation.textContent()) ?? '', /<img src=x onerror=/);
      assert.equal(await v.page.evaluate(() => document.body.dataset.owned), undefined);
      assert.deepEqual(await course(v).locator('.course-choice').allTextContents(), UNIT.choices);
      assert.equal(await course(v).locator('.course-choice.model, .course-choice:disabled').count(), 0, 'nothing marks the answer before it is given');
    }));

  it('a code block’s tabs go to the stops of the editor’s tab size the host sends, not to fixed stops of 4', () =>
    withUnit(
      async (v) => {
        const code = course(v).locator('.course-explanation pre code');
        assert.equal(await code.textContent(), 'if x:\n  return 1\nab  c');
        await v.notify('course', { ...UNIT, tabSize: 8, markdown: '```\nab\tc\n```', bringForward: false });
        assert.equal(await code.textContent(), 'ab      c');
      },
      { ...UNIT, tabSize: 2, markdown: 'Code:\n\n```\nif x:\n\treturn 1\nab\tc\n```' },
    ));

  it('Next, Previous and Reset by keyboard; an answer sent and the host’s verdict shown', () =>
    withUnit(async (v) => {
      await course(v).getByRole('button', { name: 'Next' }).focus();
      await v.page.keyboard.press('Enter');
      await v.page.keyboard.press('Shift+Tab');
      await v.page.keyboard.press('Space');
      for (let i = 0; i < 3; i++) await v.page.keyboard.press('Tab');
      assert.equal(await v.page.evaluate(() => document.activeElement?.textContent), 'Reset progress');
      await v.page.keyboard.press('Enter');
      await v.settle();
      assert.deepEqual(await actions(v), [{ do: 'open', index: 3 }, { do: 'open', index: 1 }, { do: 'reset' }]);
      await course(v).getByRole('button', { name: 'bank' }).focus();
      await v.page.keyboard.press('Enter');
      await v.settle();
      assert.deepEqual((await actions(v)).at(-1), { do: 'answer', unitId: 'attention-table', choice: 2 });
      await v.notify('course', {
        ...UNIT,
        bringForward: false,
        done: 3,
        answered: { choice: 2, answer: 1, right: false, said: 'Not this time. The model: “river” (weight 0.312).' },
      });
      assert.equal(await course(v).locator('.course-verdict').textContent(), 'Not this time. The model: “river” (weight 0.312).');
      assert.equal(await course(v).locator('.course-choice.model').textContent(), 'river');
      assert.equal(await course(v).locator('.course-choice.wrong').textContent(), 'bank');
      assert.equal(await course(v).locator('.course-choice:disabled').count(), 4);
      assert.equal(
        await course(v)
          .locator('progress')
          .evaluate((p: HTMLProgressElement) => p.value),
        3,
      );
    }));

  it('the first and last units disable Previous and Next', () =>
    withUnit(
      async (v) => {
        assert.equal(await course(v).getByRole('button', { name: 'Previous' }).isDisabled(), true);
        await v.notify('course', { ...UNIT, index: 10, unitId: 'gpt-and-scale' });
        assert.equal(await course(v).getByRole('button', { name: 'Previous' }).isDisabled(), false);
        assert.equal(await course(v).getByRole('button', { name: 'Next' }).isDisabled(), true);
      },
      { ...UNIT, index: 0, unitId: 'tokens' },
    ));

  it('hints one at a time, try your own text, and a term’s definition on focus or click', () =>
    withUnit(async (v) => {
      assert.equal(await course(v).locator('.course-hint-list li').count(), 0);
      await course(v).getByRole('button', { name: 'Show a hint (1 of 2)' }).focus();
      await v.page.keyboard.press('Enter');
      assert.deepEqual(await course(v).locator('.course-hint-list li').allTextContents(), [UNIT.hints[0]]);
      await v.page.keyboard.press('Enter');
      assert.deepEqual(await course(v).locator('.course-hint-list li').allTextContents(), UNIT.hints);
      assert.equal(
        await course(v)
          .getByRole('button', { name: /Show a hint/ })
          .count(),
        0,
        'no more hints to show',
      );
      await course(v).getByRole('button', { name: 'Try it with your own text' }).click();
      assert.match((await course(v).locator('.course-own').textContent()) ?? '', /ambiguous word/);
      await course(v).locator('.course-own').getByRole('button', { name: 'Analyze selection' }).click();
      await v.settle();
      assert.deepEqual((await v.sent('command')).at(-1), { command: 'analyzeSelection' });
      await course(v).locator('.course-term', { hasText: 'key' }).focus();
      assert.equal(await course(v).locator('.course-definition').textContent(), 'key: What a token offers.');
      await course(v).locator('.course-term', { hasText: 'query' }).click();
      assert.equal(await course(v).locator('.course-definition').textContent(), 'query: What a token looks for.');
      assert.equal(await course(v).locator('.course-term[aria-expanded="true"]').textContent(), 'query');
      // The same unit again (the host's verdict) keeps the hints shown; another unit starts without.
      await v.notify('course', { ...UNIT, bringForward: false });
      assert.equal(await course(v).locator('.course-hint-list li').count(), 2);
      await v.notify('course', { ...UNIT, index: 3, unitId: 'multi-head' });
      assert.equal(await course(v).locator('.course-hint-list li').count(), 0);
    }));

  it('opens the unit’s view, or the closest one the panel has', () =>
    withUnit(async (v) => {
      // The panel's tab and the Attention tab's view (other tabs' own lists follow).
      const selected = async () => (await v.page.locator('[role="tab"][aria-selected="true"]').allTextContents()).slice(0, 2);
      await v.notify('course', { ...UNIT, view: 'heads' });
      await course(v).getByRole('button', { name: 'Show the unit’s view' }).click();
      assert.deepEqual(await selected(), ['Attention', 'Heads']);
      await v.page.getByRole('tab', { name: 'Course' }).click();
      await v.notify('course', { ...UNIT, view: 'predictions' });
      await course(v).getByRole('button', { name: 'Show the unit’s view' }).click();
      assert.deepEqual((await selected())[0], 'Predictions');
      await v.page.getByRole('tab', { name: 'Course' }).click();
      // A view named after a panel tab opens that tab (the BERT tab, added after the course).
      await v.notify('course', { ...UNIT, view: 'bert' });
      await course(v).getByRole('button', { name: 'Show the unit’s view' }).click();
      assert.deepEqual((await selected())[0], 'BERT');
    }));

  it('a malformed unit is refused; a unit that could not be asked says why; no course offers to start one', () =>
    withUnit(async (v) => {
      const before = await v.rejected();
      await v.notify('course', { ...UNIT, answered: { choice: 9, answer: 0, right: false, said: 'x' } });
      await v.notify('course', { ...UNIT, index: 11 });
      assert.equal(await v.rejected(), before + 2);
      await v.notify('course', { ...UNIT, choices: null, problem: 'the model has no next-sentence head' });
      assert.equal(await course(v).locator('.course-problem').textContent(), 'the model has no next-sentence head');
      assert.equal(await course(v).locator('.course-choice').count(), 0);
      await v.notify('course', null);
      await course(v).getByRole('button', { name: 'Start the course' }).click();
      await v.settle();
      assert.deepEqual((await actions(v)).at(-1), { do: 'start' });
    }));

  it("a pack's bidi, terminal and zero-width characters show as escapes, not as hidden text that reorders the unit", () => {
    const hostile = (s: string): string => `\u202E${s}\u2066 \u001b[31m\u200B\u0000`;
    const unit: CourseMessage = {
      ...UNIT,
      packTitle: hostile('pack'),
      section: hostile('section'),
      title: hostile('title'),
      markdown: `${hostile('para')}\n\n${'w'.repeat(10_000)}\n\n- ${hostile('item')}\n\n\`\`\`\n${hostile('code')}\n\`\`\``,
      prompt: hostile('prompt'),
      hints: [hostile('hint')],
      tryOwn: hostile('own'),
    };
    return withUnit(async (v) => {
      await course(v)
        .getByRole('button', { name: /Show a hint/ })
        .click();
      await course(v).getByRole('button', { name: 'Try it with your own text' }).click();
      const text = (await course(v).textContent()) ?? '';
      assert.doesNotMatch(text, /[\p{Cc}\p{Cf}\u2028\u2029]/u, JSON.stringify(text));
      for (const word of ['pack', 'section', 'title', 'para', 'item', 'code', 'prompt', 'hint', 'own'])
        assert.ok(text.includes(`\\u202E${word}\\u2066 \\x1B[31m\\u200B\\x00`), `${word} in ${JSON.stringify(text)}`);
      // A 10,000-character line wraps within the tab rather than widening the page.
      const [scroll, width] = await course(v).evaluate((e: HTMLElement) => [e.scrollWidth, e.clientWidth]);
      assert.ok(scroll <= width + 1, `${scroll} > ${width}`);
    }, unit);
  });

  // Before, a tab became one space everywhere (visibleLines' rule), so a pack's code lost its
  // indentation: "def f():\n\treturn 1" read "def f():\n return 1".
  it("a code block's tabs keep its indentation (to tab stops of 4); a tab in prose is one space", () => {
    const unit: CourseMessage = { ...UNIT, markdown: 'One\ttwo.\n\n```\nif (x) {\n\treturn\t1;\n\t\t// two\n}\n```' };
    return withUnit(async (v) => {
      const code = await course(v).locator('pre code').textContent();
      assert.equal(code, 'if (x) {\n    return  1;\n        // two\n}');
      assert.equal(await course(v).locator('p', { hasText: 'two.' }).first().textContent(), 'One two.');
    }, unit);
  });
});
