// End to end in Spanish: a real workbench (code-server) with "attentionLens.language": "es" —
// code-server's --locale es does not change VS Code's display language without a language pack,
// which cannot be installed here (vscode.env.language stays "en"), so the setting stands in for
// it — a Spanish sample analyzed from the palette, then the panel, a hover and the side view, each
// checked for Spanish (the page's language, Spanish numbers) and saved as a screenshot for people
// to look at: test-results/e2e-es-panel.png, e2e-es-hover.png, e2e-es-side.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { goTo, notifications, openFile, runCommand, selectText, webview, webviewWith } from '../../tools/vscode/workbenchUi';
import { ROOT } from '../support/paths';

const RESULTS = path.join(ROOT, 'test-results');
/** Line 3 of samples/atencion.md. */
const LINE = 'El mecanismo de atención permite que cada palabra mire a las demás palabras de la frase.';
/** A Spanish percentage: decimal comma, no-break space before the sign. */
const SPANISH_PERCENT = /\d,\d+\u00a0%/;

describe('the extension in Spanish in a real workbench', { timeout: 300_000 }, () => {
  let wb: Workbench;

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

  it('the panel speaks Spanish: its page says so and its numbers are Spanish', async () => {
    const { page } = wb;
    await openFile(page, 'atencion.md');
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Analyze Selection');
    const panel = webview(page);
    try {
      await panel.locator('.token-list [role="option"]').first().waitFor({ timeout: 120_000 });
    } catch (error) {
      throw new Error(`no analysis; notifications: ${(await notifications(page)).join(' | ')}`, { cause: error });
    }
    assert.equal(await panel.locator('html').getAttribute('lang'), 'es');
    const values = await panel.locator('.predictions .bar-value').allTextContents();
    assert.ok(values.length > 0 && values.every((v) => SPANISH_PERCENT.test(v) || v === '<0,0001\u00a0%'), JSON.stringify(values));
    await page.screenshot({ path: path.join(RESULTS, 'e2e-es-panel.png') });
  });

  it('a hover over an analyzed word gives its numbers in Spanish', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, 3, LINE.indexOf('palabra') + 3);
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Attention Lens' }).first();
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), SPANISH_PERCENT);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-es-hover.png') });
    await page.keyboard.press('Escape');
  });

  it('the side view speaks Spanish too', async () => {
    const { page } = wb;
    await page.locator('.activitybar .action-item a[aria-label^="Attention Lens"]').first().click();
    // The spotlight on an analyzed word: the side view lists the tokens it attends to.
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'Attention Lens: Toggle Attention Spotlight');
    await goTo(page, 3, LINE.indexOf('palabra') + 3);
    const side = await webviewWith(page, /Foco de atención: a qué atiende/);
    assert.equal(await side.locator('html').getAttribute('lang'), 'es');
    // Probabilities as percentages; the spotlight's attention weights 0 to 1, as the matrix writes them.
    const values = await side.locator(':not(.spotlight-list) > ol.bars .bar-value').allTextContents();
    assert.ok(values.length > 0 && values.every((v) => SPANISH_PERCENT.test(v) || v === '<0,0001\u00a0%'), JSON.stringify(values));
    const weights = await side.locator('.spotlight-list .bar-value').allTextContents();
    assert.ok(weights.length > 0 && weights.every((v) => /^[01],\d{3,}$/.test(v)), JSON.stringify(weights));
    // The pointer leaves the activity bar, whose tooltip would cover the side view's headings.
    await page.mouse.move(200, 800);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-es-side.png') });
  });
});
