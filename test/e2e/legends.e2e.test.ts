// End to end in a real workbench: the side view says why the spotlight lights nothing outside the
// analyzed text and its "Analyze here" button fixes that; with the spotlight and the surprisal
// heatmap both on, the side view shows a legend for each, in their own colour families.
// Next Word's quick pick offers whole words under its own title, and the token-level list one item
// away; with the cursor inside a word, the quick pick itself says the word goes after the whole word
// (no pop-up). Screenshots go to test-results/ (e2e-spotlight-outside.png, e2e-legends.png,
// e2e-legends-side.png, e2e-next-word.png, e2e-next-token.png, e2e-next-word-inside.png).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { goTo, notifications, openFile, runCommand, selectText, webviewWith } from '../../tools/vscode/workbenchUi';
import { ROOT } from '../support/paths';

const RESULTS = path.join(ROOT, 'test-results');
const LINE = 'The river bank was steep, so we sat on the grass and watched the water.';

describe('the side view’s spotlight feedback and legends in a real workbench', { timeout: 300_000 }, () => {
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({ workspace: path.join(ROOT, 'samples'), extensionDevelopmentPath: ROOT, viewport: { width: 1400, height: 900 } });
    mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await wb?.close();
  });

  it('outside the analyzed text the side view says so, and Analyze here lights the spotlight up', async () => {
    const { page } = wb;
    await openFile(page, 'river.md');
    await page.locator('.activitybar .action-item a[aria-label^="Attention Lens"]').first().click();
    await webviewWith(page, 'Open panel');
    await page.locator('.monaco-editor .view-lines').first().click();
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Analyze Selection');
    await webviewWith(page, /Next token|Masked-token fillers/, 120_000);
    await page.locator('.monaco-editor .view-lines').first().click();
    await runCommand(page, 'Attention Lens: Toggle Attention Spotlight');
    // Line 4 was not analyzed.
    await goTo(page, 4, 5);
    const side = await webviewWith(page, /Nothing lights up/);
    assert.match(await side.locator('.spotlight-outside').innerText(), /outside the analyzed text \(line 3 of river\.md\)/);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-spotlight-outside.png') });
    await side.getByRole('button', { name: 'Analyze here' }).click();
    await side.locator('.spotlight-list .bar').first().waitFor({ timeout: 120_000 });
  });

  it('with the spotlight and the heatmap on, the side view has a legend for each', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Show Surprisal Heatmap');
    const side = await webviewWith(page, /Surprisal \(bits\)/, 120_000);
    await goTo(page, 3, LINE.indexOf('grass') + 3);
    await side.locator('.weight-legend .legend-band').first().waitFor({ timeout: 60_000 });
    assert.equal(await side.locator('.weight-legend .legend-band').count(), 5);
    assert.equal(await side.locator('.band-legend .legend-band').count(), 6);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-legends.png') });
    await page.locator('.part.sidebar').screenshot({ path: path.join(RESULTS, 'e2e-legends-side.png') });
  });

  it('Next Word offers whole words, titled so, and the next tokens one item away', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    // A word being typed: "gr" with nothing after it. Inside a whole word ("gr|ass") Next Word goes on
    // after the word instead (wordEnd.ts), so the rest of "grass" is cut first (never saved).
    await selectText(page, { line: 3, column: LINE.indexOf('grass') + 3, length: 3 });
    await page.keyboard.press('Delete');
    await runCommand(page, 'Attention Lens: Predict Next Word at Cursor');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: 'Next word after the cursor' }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(RESULTS, 'e2e-next-word.png') });
    // The cursor ends "gr": a completion reads as the whole word, with what it adds beside it.
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    assert.match(await first.locator('.label-name').innerText(), /^gr\p{L}+$/u);
    assert.match(await first.locator('.label-description').innerText(), /^adds “\p{L}+” · /u);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Next tokens instead' }).click();
    await title.filter({ hasText: 'Next token after the cursor' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(RESULTS, 'e2e-next-token.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
  });

  it('Next Word inside a word says so in its quick pick, not in a pop-up', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    // "gr|ass": the word goes after "grass" (wordEnd.ts), which a pop-up said each time, over the list.
    await goTo(page, 3, LINE.indexOf('grass') + 3);
    await runCommand(page, 'Attention Lens: Predict Next Word at Cursor');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: 'Next word after the cursor' }).waitFor({ timeout: 120_000 });
    const input = page.locator('.quick-input-widget input').first();
    assert.match((await input.getAttribute('placeholder')) ?? '', /whole word “grass” \(the cursor was inside it\)/);
    // What a screen reader is told of the list's box says it too.
    assert.match((await input.getAttribute('aria-label')) ?? '', /whole word “grass” \(the cursor was inside it\)/);
    await page.screenshot({ path: path.join(RESULTS, 'e2e-next-word-inside.png') });
    assert.deepEqual(
      (await notifications(page)).filter((n) => /inside/.test(n)),
      [],
    );
    await page.keyboard.press('Escape');
  });
});
