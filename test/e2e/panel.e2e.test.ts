// End to end, as a person would (plain Node driving Chromium): a real VS Code workbench from
// code-server with the extension loaded, a sample file opened through Quick Open, text selected
// with the keyboard, the command run from the palette, and the tokens read from inside the panel's
// webview. A screenshot of the panel is saved to test-results/ as an artifact.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { notifications, openFile, runCommand, selectText, webview, webviewWith } from '../../tools/vscode/workbenchUi';
import { ROOT } from '../support/paths';

const RESULTS = path.join(ROOT, 'test-results');

const vsix = process.env.ATTENTION_LENS_VSIX;

describe(`the panel in a real workbench (${vsix ? 'installed .vsix' : 'development folder'})`, { timeout: 300_000 }, () => {
  let wb: Workbench;

  before(async () => {
    wb = await startWorkbench({
      workspace: path.join(ROOT, 'samples'),
      ...(vsix ? { vsix } : { extensionDevelopmentPath: ROOT }),
      viewport: { width: 1400, height: 900 },
    });
  });

  after(async () => {
    await wb?.close();
  });

  it('select text, run Analyze Selection from the palette, read the tokens inside the panel', async () => {
    const { page } = wb;
    await openFile(page, 'river.md');
    // Line 3 is "The river bank was steep, so we sat on the grass and watched the water."
    await selectText(page, { line: 3, column: 1, length: 'The river bank was steep'.length });
    await runCommand(page, 'Attention Lens: Analyze Selection');

    const panel = webview(page);
    const tokens = panel.locator('.token-list [role="option"]');
    try {
      await tokens.first().waitFor({ timeout: 120_000 });
    } catch (error) {
      throw new Error(`the panel showed no tokens; notifications: ${(await notifications(page)).join(' | ')}`, { cause: error });
    }
    const texts = (await tokens.allTextContents()).map((t) => t.replace(/␣/g, ' '));
    assert.equal(texts.join('').replace(/\s+/g, ' ').trim(), 'The river bank was steep', `tokens: ${JSON.stringify(texts)}`);
    assert.ok(texts.length >= 5, 'a word-piece tokenizer splits this into five or more tokens');

    // Clicking a token reveals and selects its source text in the editor (the status bar says how much).
    // A word-start token of a byte-level vocabulary carries its space (" river"), and so does its range.
    const third = texts.findIndex((t, i) => i > 0 && /^ ?[a-z]{3,}$/.test(t));
    assert.ok(third > 0, `a token of three or more letters: ${JSON.stringify(texts)}`);
    await tokens.nth(third).click();
    // Read from the editor's own drawing rather than the status bar: the status bar counts the
    // selection only while the text editor has focus, which the clicked webview can take back after
    // the host gave it to the editor (a loaded CI run once timed out here, on the status bar).
    try {
      const deadline = Date.now() + 30_000;
      while (!(await selectsChars(page, 'The river bank was steep', texts[third].length))) {
        if (Date.now() > deadline) throw new Error('timed out after 30 s');
        await page.waitForTimeout(200);
      }
    } catch (error) {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, 'e2e-panel-reveal-failure.png') });
      throw new Error(
        `the editor did not select the clicked token "${texts[third]}"; status bar: ${(await page.locator('.statusbar-item').allInnerTexts()).join(' | ')}`,
        { cause: error },
      );
    }

    // The heatmap was drawn: its canvas is there and has a size.
    const canvas = panel.locator('canvas').first();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 10 && box.height > 10, 'the heatmap canvas is laid out');

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, vsix ? 'e2e-panel-vsix.png' : 'e2e-panel.png') });
  });

  it('the side view in the activity bar summarizes the last analysis', async () => {
    const { page } = wb;
    await page.locator('.activitybar .action-item a[aria-label^="Attention Lens"]').first().click();
    const side = await webviewWith(page, 'Open panel');
    await side.getByText('river.md').first().waitFor({ timeout: 30_000 });
    await side
      .getByText(/tiny-gpt-es-en · decoder · \d+ tokens/)
      .first()
      .waitFor({ timeout: 30_000 });
    assert.ok((await side.getByRole('button', { name: 'Open panel' }).count()) === 1);
    await page.screenshot({ path: path.join(RESULTS, vsix ? 'e2e-side-vsix.png' : 'e2e-side.png') });
  });

  it('the panel comes back after a window reload (its serializer restores it)', async () => {
    const { page } = wb;
    // Through the command, as a person would: it shuts the window down cleanly, so the workbench
    // saves its editors (a bare page reload may drop the last layout).
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    try {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.tabs-container .tab', { hasText: 'Attention Lens' }).first().waitFor({ timeout: 60_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(RESULTS, 'e2e-reload-failure.png') });
      throw error;
    }
    // A fresh extension host has no analyses yet: the restored page offers to analyze.
    await webviewWith(page, 'Select text and run Attention Lens: Analyze Selection.');
  });
});

/**
 * Whether the first text editor draws one selection on `line` (text it contains), `length`
 * characters wide: monospace, so a character is the line's drawn width over its length.
 */
async function selectsChars(page: Page, line: string, length: number): Promise<boolean> {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const selections = editor.locator('.view-overlays .selected-text');
  const drawn = editor.locator('.view-line', { hasText: line }).first().locator('> span');
  if ((await selections.count()) !== 1) return false;
  const [box, lineBox, text] = await Promise.all([selections.first().boundingBox(), drawn.boundingBox(), drawn.textContent()]);
  if (!box || !lineBox || !text) return false;
  const charWidth = lineBox.width / text.length;
  const onLine = Math.abs(box.y - lineBox.y) < lineBox.height;
  return onLine && Math.abs(box.width - length * charWidth) < Math.max(2, charWidth / 2);
}
