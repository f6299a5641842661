// End to end in a real workbench (code-server) with "attentionLens.language": "es" (code-server has no
// Spanish language pack, so VS Code's own chrome and the manifest's walkthrough stay English; the course and
// the panel speak Spanish): the walkthrough opens a unit — the sample opened, its question in a quick pick,
// the panel with its Course tab forward — and the stepper in the panel advances to the next unit, whose
// question is answered there. Screenshots for people to look at: test-results/e2e-course-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { notifications, webviewWith } from '../../tools/vscode/workbenchUi';
import { ROOT } from '../support/paths';

const RESULTS = path.join(ROOT, 'test-results');
const PACK = JSON.parse(readFileSync(path.join(ROOT, 'media', 'course', 'es', 'pack.json'), 'utf8')) as {
  units: { hints: string[]; section: string; question: { prompt: string } }[];
};
/** The first unit's first hint, as the built-in Spanish pack words it. */
const FIRST_HINT = PACK.units[0].hints[0];
/** "Unidad N de <the pack's length>". */
const unit = (n: number): string => `Unidad ${n} de ${PACK.units.length}`;
const shot = (wb: Workbench, name: string) => wb.page.screenshot({ path: path.join(RESULTS, `e2e-course-${name}.png`) });

describe('the course from the walkthrough, in Spanish, in a real workbench', { timeout: 400_000 }, () => {
  let wb: Workbench;
  let panel: FrameLocator;

  before(async () => {
    wb = await startWorkbench({
      workspace: path.join(ROOT, 'samples'),
      extensionDevelopmentPath: ROOT,
      settings: { 'attentionLens.language': 'es' },
      viewport: { width: 1400, height: 900 },
    });
    mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await wb?.close();
  });

  it('the walkthrough opens the first unit: its question in a quick pick, the Course tab forward', async () => {
    const { page } = wb;
    try {
      // The palette's command opens a second quick pick in the same widget (runCommand would wait for it to close).
      await page.keyboard.press('F1');
      const widget = page.locator('.quick-input-widget');
      await widget.locator('input').fill('>Welcome: Open Walkthrough');
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor();
      await page.keyboard.press('Enter');
      const walkthrough = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Transformers, on your own text' }).first();
      await walkthrough.waitFor({ timeout: 30_000 });
      await walkthrough.click();
      const step = page.locator('.getting-started-step', { hasText: 'Does word order matter?' }).first();
      await step.waitFor({ timeout: 30_000 });
      await step.click();
      await shot(wb, 'walkthrough');
      await page.locator('.getting-started-step.expanded').getByText('Open this unit', { exact: true }).first().click();
      // The command path asks in a quick pick, in the course's language.
      const question = page.locator('.quick-input-widget', { hasText: unit(1) });
      await question.waitFor({ state: 'visible', timeout: 180_000 });
      await shot(wb, 'question');
      // The pick names the lecture's section the unit follows, as the Course tab does.
      assert.ok((await question.textContent())?.includes(`(en la clase: ${PACK.units[0].section})`), 'the quick pick names the section');
      // The question itself is read whole: in the title, which wraps (the placeholder is one line, cut at the pick's width).
      assert.ok(
        (await question.locator('.quick-input-title').textContent())?.includes(PACK.units[0].question.prompt),
        'the quick pick’s title holds the whole question',
      );
      // A hint is a row of the pick, under the choices (the pick's one-line placeholder cut it off).
      await question.locator('.monaco-list-row', { hasText: 'Ver una pista (1 de 2)' }).click();
      await question.locator('.monaco-list-row', { hasText: FIRST_HINT }).waitFor({ timeout: 10_000 });
      await question.locator('.monaco-list-row', { hasText: 'Ver una pista (2 de 2)' }).waitFor({ timeout: 10_000 });
      // The pick fades in again: the shot waits for it, as the unit's does.
      await page.waitForTimeout(300);
      await shot(wb, 'question-hint');
      await page.keyboard.press('Escape');
      panel = await webviewWith(page, unit(1), 60_000);
    } catch (error) {
      await shot(wb, 'failure');
      throw new Error(`the walkthrough did not open the unit; notifications: ${(await notifications(page)).join(' | ')}`, { cause: error });
    }
    assert.equal(await panel.getByRole('tab', { name: 'Curso', exact: true }).getAttribute('aria-selected'), 'true', 'the Course tab is forward');
    assert.equal(await panel.locator('.course-title').textContent(), '¿Importa el orden de las palabras?');
    assert.ok((await panel.locator('.course-choice').count()) >= 2, 'the question, with its two answers');
    await shot(wb, 'unit1');
  });

  it('the stepper advances: Next opens the second unit, whose question is answered in the panel', async () => {
    await panel.getByRole('button', { name: 'Siguiente', exact: true }).click();
    await panel.getByText(unit(2), { exact: true }).waitFor({ timeout: 180_000 });
    assert.equal(await panel.locator('.course-title').textContent(), 'Una misma escritura, dos significados');
    await panel.locator('.course-choice').first().waitFor({ timeout: 120_000 });
    assert.deepEqual(await panel.locator('.course-choice').allTextContents(), ['Idénticos (coseno 1)', 'Distintos (coseno menor que 1)']);
    await panel.getByRole('button', { name: /Ver una pista/ }).click();
    await panel.locator('.course-hint-list li').first().waitFor();
    await panel.locator('.course-choice').first().click();
    await panel.locator('.course-verdict:not(:empty)').waitFor({ timeout: 30_000 });
    const verdict = (await panel.locator('.course-verdict').textContent()) ?? '';
    // The label's bracket gives way to the measured figure: the cosine is said once.
    assert.match(verdict, /El modelo: (Idénticos|Distintos) \(similitud coseno −?\d,\d{4}\)\.$/);
    assert.equal(await panel.locator('.course-choice.model').count(), 1, 'the model’s answer is marked once answered');
    await wb.page.waitForTimeout(300);
    await shot(wb, 'unit2-answered');
  });
});
