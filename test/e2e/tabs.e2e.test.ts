// End to end in a real workbench at 1400 × 900, the panel beside the editor (half the editor
// area): each of the panel's tabs after analysing two lines of river.md — Attention's Matrix,
// Heads and Model, Predictions, Inside's Q/K/V and Layer lens, Compare after Compare Encoder and Decoder, and BERT
// after Predict Next Sentence on the lecture's pair — each checked to fit about one screen of the panel, and
// saved as a screenshot (test-results/e2e-tab-*.png) — and Representations after Word Senses and the Word-Order
// Experiment (two screenshots: it scrolls).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { goTo, notifications, openFile, runCommand, selectText, webviewWith } from '../../tools/vscode/workbenchUi';
import { PANEL_TABS, tabLabel } from '../../src/protocol/panelTabs';
import { ROOT } from '../support/paths';

const RESULTS = path.join(ROOT, 'test-results');
const LINE = 'The river bank was steep, so we sat on the grass and watched the water.';

describe('the panel’s tabs in a real workbench at 1400 × 900', { timeout: 400_000 }, () => {
  let wb: Workbench;
  let panel: FrameLocator;

  before(async () => {
    wb = await startWorkbench({ workspace: path.join(ROOT, 'samples'), extensionDevelopmentPath: ROOT, viewport: { width: 1400, height: 900 } });
    mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await wb?.close();
  });

  /** Selects a tab of the panel by its name and saves the window as e2e-tab-<file>.png. */
  const shoot = async (tab: string, file: string): Promise<void> => {
    await panel.getByRole('tab', { name: tab, exact: true }).click();
    await panel.locator('.panel-body > .tab-panels > .tab-panel:not([hidden])').waitFor();
    await wb.page.waitForTimeout(500);
    await wb.page.screenshot({ path: path.join(RESULTS, `e2e-tab-${file}.png`) });
    // About one screen: what the open tab scrolls beyond is at most what it shows.
    const fits = await panel
      .locator('.panel-body > .tab-panels > .tab-panel:not([hidden])')
      .evaluate((node) => ({ beyond: node.scrollHeight - node.clientHeight, shown: node.clientHeight }));
    assert.ok(fits.beyond <= fits.shown, `${tab}: ${fits.beyond} px to scroll beyond the ${fits.shown} px shown`);
  };

  it('analyses two lines; the panel opens beside the editor at about half width', async () => {
    const { page } = wb;
    await openFile(page, 'river.md');
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Analyze Selection');
    try {
      panel = await webviewWith(page, 'Engine', 120_000);
      await panel.locator('.token-list [role="option"]').first().waitFor({ timeout: 120_000 });
    } catch (error) {
      await page.screenshot({ path: path.join(RESULTS, 'e2e-tab-failure.png') });
      throw new Error(`no panel with tokens; notifications: ${(await notifications(page)).join(' | ')}`, { cause: error });
    }
    const frame = await page.locator('iframe.webview.ready').first().boundingBox();
    assert.ok(frame && frame.width > 450 && frame.width < 760, `the panel is ${frame?.width} px wide`);
  });

  it('Attention: the matrix, the heads and the model grid', async () => {
    // The registry's tabs, in its order (src/protocol/panelTabs.ts).
    assert.deepEqual(
      await panel.getByRole('tablist', { name: 'Views', exact: true }).getByRole('tab').allInnerTexts(),
      PANEL_TABS.map((tab) => tabLabel(tab.id)),
    );
    await shoot(tabLabel('attention'), 'attention');
    await shoot('Matrix', 'matrix');
    await shoot('Heads', 'heads');
    await shoot('Model', 'model');
    // A click on a head in the model grid opens it in the matrix, brought forward.
    const grid = panel.locator('.model-grid');
    const box = await grid.boundingBox();
    assert.ok(box);
    await grid.click({ position: { x: box.width * 0.4, y: box.height * 0.3 } });
    await panel.getByRole('tab', { name: 'Matrix', exact: true, selected: true }).waitFor({ timeout: 10_000 });
    await wb.page.waitForTimeout(500);
    await wb.page.screenshot({ path: path.join(RESULTS, 'e2e-tab-model-click.png') });
  });

  it('Predictions', async () => {
    await shoot(tabLabel('predictions'), 'predictions');
  });

  it('Inside: the Q/K/V inspector and the layer lens, with the model’s numbers', async () => {
    await panel.getByRole('tab', { name: tabLabel('inside'), exact: true }).click();
    await panel.locator('.qkv-softmax .qkv-cell').first().waitFor({ timeout: 60_000 });
    await shoot('Q/K/V', 'inside-qkv');
    assert.match(await panel.getByTestId('qkv-check').innerText(), /equals row .* of the attention matrix of layer \d+, head \d+/);
    await panel.getByRole('tab', { name: 'Layer lens', exact: true }).click();
    await panel.locator('.lens-canvas[data-layers]').waitFor({ state: 'attached', timeout: 60_000 });
    await shoot('Layer lens', 'inside-lens');
  });

  it('Compare, after Compare Encoder and Decoder with the cursor on a word', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, 3, LINE.indexOf('bank') + 2);
    await runCommand(page, 'Attention Lens: Compare Encoder and Decoder');
    await panel.locator('.compare-columns').first().waitFor({ timeout: 180_000 });
    await panel.getByRole('tab', { name: tabLabel('compare'), exact: true, selected: true }).waitFor({ timeout: 10_000 });
    await shoot(tabLabel('compare'), 'compare');
  });

  it('Representations, after Word Senses on "bank" and the Word-Order Experiment on line 3', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, 3, LINE.indexOf('bank') + 2);
    await runCommand(page, 'Attention Lens: Compare Word Senses at Cursor');
    await panel.locator('.repr-plot .repr-point').first().waitFor({ timeout: 180_000 });
    await panel.getByRole('tab', { name: tabLabel('repr'), exact: true, selected: true }).waitFor({ timeout: 10_000 });
    assert.equal(await panel.locator('.repr-plot .repr-point').count(), 3, 'bank in the heading, line 3 and line 6');
    await page.locator('.monaco-editor .view-lines').first().click();
    await selectText(page, { line: 3, length: LINE.length });
    await runCommand(page, 'Attention Lens: Test Word Order on Selection');
    await panel.locator('.repr-bag').waitFor({ timeout: 180_000 });
    await wb.page.waitForTimeout(500);
    await wb.page.screenshot({ path: path.join(RESULTS, 'e2e-tab-representations.png') });
    await panel.locator('.repr-order').scrollIntoViewIfNeeded();
    await wb.page.waitForTimeout(300);
    await wb.page.screenshot({ path: path.join(RESULTS, 'e2e-tab-representations-order.png') });
  });

  it('BERT, after Predict Next Sentence on the lecture’s pair (line 4 of river.md)', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, 4, 3);
    await runCommand(page, 'Attention Lens: Predict Next Sentence (BERT)');
    await panel.locator('.bert-nsp .bert-p').waitFor({ timeout: 120_000 });
    await panel.getByRole('tab', { name: tabLabel('bert'), exact: true, selected: true }).waitFor({ timeout: 10_000 });
    assert.equal(await panel.locator('.bert-pair dd').first().innerText(), 'I am going outside.');
    await shoot(tabLabel('bert'), 'bert');
  });
});
