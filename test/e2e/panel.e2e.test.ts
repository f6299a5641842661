// End to end, as a person would (plain Node driving Chromium): a real VS Code workbench from
// code-server with the extension loaded, a sample file opened through Quick Open, text selected
// with the keyboard, the command run from the palette, and the tokens read from inside the panel's
// webview. A screenshot of the panel is saved to test-results/ as an artifact.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { notifications, openFile, runCommand, selectText, webview } from '../../tools/vscode/workbenchUi';
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

    // The heatmap was drawn: its canvas is there and has a size.
    const canvas = panel.locator('canvas').first();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 10 && box.height > 10, 'the heatmap canvas is laid out');

    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, vsix ? 'e2e-panel-vsix.png' : 'e2e-panel.png') });
  });
});
