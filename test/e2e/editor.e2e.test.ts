// End to end in a real workbench: the attention spotlight and the surprisal heatmap drawn in the
// editor itself, turned on from the command palette as a person would, with the side view's list
// and legend; and a token chosen in the panel highlighted in the editor; where the prediction settles
// (colours by layer, with its legend) and a head switched off from the quick pick, with what changed in
// the panel. Screenshots go to test-results/ (e2e-spotlight.png, e2e-surprisal.png, e2e-settling.png, e2e-ablation.png).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { goTo, notifications, openFile, runCommand, selectText, webview, webviewWith } from '../../tools/vscode/workbenchUi';
import { ROOT } from '../support/paths';

const RESULTS = path.join(ROOT, 'test-results');
const LINE = 'The river bank was steep, so we sat on the grass and watched the water.';

/** Decorations the extension set in the editor (VS Code names their classes ced-…). */
function decorations(page: Page) {
  return page.locator('.monaco-editor .view-overlays [class*="ced-"], .monaco-editor .view-lines [class*="ced-"]');
}

async function until(what: string, probe: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the spotlight and the surprisal heatmap in a real workbench', { timeout: 300_000 }, () => {
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({ workspace: path.join(ROOT, 'samples'), extensionDevelopmentPath: ROOT, viewport: { width: 1400, height: 900 } });
    mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await wb?.close();
  });

  it('the spotlight lights up what the token under the cursor attends to, and the side view lists it', async () => {
    const { page } = wb;
    await openFile(page, 'river.md');
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Analyze Selection');
    try {
      await webview(page).locator('.token-list [role="option"]').first().waitFor({ timeout: 120_000 });
    } catch (error) {
      throw new Error(`no analysis; notifications: ${(await notifications(page)).join(' | ')}`, { cause: error });
    }
    // Panel → editor: selecting a token in the panel highlights it in the editor (one more decoration).
    const plain = await decorations(page).count();
    await webview(page).locator('.token-list [role="option"]').nth(3).click();
    await until('the panel token highlighted in the editor', async () => (await decorations(page).count()) >= plain + 1);

    // The side view, for the spotlight's list.
    await page.locator('.activitybar .action-item a[aria-label^="Attention Lens"]').first().click();
    await webviewWith(page, 'Open panel');
    await page.locator('.monaco-editor .view-lines').first().click();
    const before = await decorations(page).count();
    await runCommand(page, 'Attention Lens: Toggle Attention Spotlight');
    await page.locator('.statusbar-item', { hasText: 'Spotlight' }).first().waitFor();
    await goTo(page, 3, LINE.indexOf('grass') + 3);
    await until('spotlight decorations', async () => (await decorations(page).count()) >= before + 3);
    const side = await webviewWith(page, /Spotlight:/);
    assert.ok((await side.getByText(/attends to/).count()) > 0);
    assert.ok((await side.locator('.spotlight-list .bar').count()) >= 3, 'the side view lists the attended tokens');
    await page.screenshot({ path: path.join(RESULTS, 'e2e-spotlight.png') });

    // Off again: the spotlight's decorations go (the panel's highlight of the token may stay).
    const lit = await decorations(page).count();
    await runCommand(page, 'Attention Lens: Toggle Attention Spotlight');
    await until('spotlight cleared', async () => (await decorations(page).count()) <= lit - 3);
  });

  it('the surprisal heatmap colours the selected tokens, with a legend in the side view', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    const before = await decorations(page).count();
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Show Surprisal Heatmap');
    await until('surprisal decorations', async () => (await decorations(page).count()) >= before + 10);
    const side = await webviewWith(page, /Surprisal \(bits\)/);
    assert.equal(await side.locator('.legend-band').count(), 6);
    // Move the cursor away so that the selection does not hide the colours.
    await goTo(page, 1, 1);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-surprisal.png') });
  });

  it('the settling strip colours tokens by layer with a legend; a head switched off shows what changed in the panel', async () => {
    const { page } = wb;
    await openFile(page, 'river.md');
    // The side view (for the legend), unless the tests before opened it.
    await webviewWith(page, 'Open panel', 3000).catch(async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Attention Lens"]').first().click();
      await webviewWith(page, 'Open panel');
    });
    await runCommand(page, 'Attention Lens: Clear Surprisal Heatmap');
    await page.locator('.monaco-editor .view-lines').first().click();
    const before = await decorations(page).count();
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Toggle Where Predictions Settle');
    await until('settling decorations', async () => (await decorations(page).count()) >= before + 10);
    const side = await webviewWith(page, /Where the prediction settles/);
    assert.ok((await side.locator('.settling-legend .legend-band').count()) >= 2);
    await goTo(page, 1, 1);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-settling.png') });

    // Switch head 1:0 off from the quick pick (a multi-select list of layer:head).
    // Not runCommand: the palette never hides, the command's own quick pick takes its place.
    const label = 'Attention Lens: Switch Heads Off (Ablate)';
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().fill(`>${label}`);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
    await page.keyboard.press('Enter');
    const pick = page.locator('.quick-input-widget.show-checkboxes');
    const row = pick.locator('.quick-input-list .monaco-list-row', { hasText: '1:0' }).first();
    await row.waitFor();
    // The row's checkbox (a Checkbox widget, role checkbox).
    await row.locator('[role="checkbox"], .monaco-checkbox, input[type="checkbox"]').first().click();
    await pick.locator('.quick-input-count').filter({ hasText: '1' }).waitFor();
    // OK (the quick input's first action button) accepts the checked heads.
    await pick.locator('.quick-input-action').first().locator('.monaco-button').first().click();
    await pick.waitFor({ state: 'hidden' });
    const panel = await webviewWith(page, /Heads 1:0 switched off/, 120_000);
    assert.equal(await panel.locator('.ablation .change-strip').count(), 1);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-ablation.png') });
    await panel.getByRole('button', { name: 'Restore' }).click();
    await runCommand(page, 'Attention Lens: Toggle Where Predictions Settle');
  });
});
