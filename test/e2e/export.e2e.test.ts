// End to end, as a person would: analyze a selection, click the matrix view's CSV and PNG export
// buttons inside the panel's webview, accept the save dialog the host opens (code-server's simple
// dialog, prefilled with the workspace folder and the file's name), and read the files written to
// the test's own workspace folder: the CSV is a tokens × tokens table of probabilities, the PNG a
// PNG of a plausible size.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { startWorkbench, type Workbench } from '../../tools/vscode/workbench';
import { notifications, openFile, runCommand, selectText, webview } from '../../tools/vscode/workbenchUi';
import { ROOT } from '../support/paths';

/** Splits CSV text into rows of fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** Clicks an export button of the matrix view and accepts the save dialog; returns the file written. */
async function exportFrom(page: Page, panel: FrameLocator, folder: string, label: 'CSV' | 'PNG', ext: string): Promise<string> {
  const before = new Set(readdirSync(folder));
  await panel.locator('.matrix-section .export-bar').getByRole('button', { name: label, exact: true }).click();
  const dialog = page.locator('.quick-input-widget');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  const input = dialog.locator('input');
  // The simple dialog fills its path in as it reads the folder: wait for the whole of it.
  let value = '';
  for (const until = Date.now() + 15_000; Date.now() < until && !value.endsWith(ext);) {
    value = await input.inputValue();
    if (!value.endsWith(ext)) await page.waitForTimeout(100);
  }
  assert.equal(path.dirname(value), folder, 'the dialog opens on the workspace folder');
  assert.ok(value.endsWith(ext), `the dialog offers the export's name: ${value}`);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const added = readdirSync(folder).filter((f) => !before.has(f) && f.endsWith(ext));
    if (added.length === 1) {
      const file = path.join(folder, added[0]);
      // The host writes the file in one go; wait until it is there with content.
      if (existsSync(file) && readFileSync(file).length > 0) return file;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no ${ext} file appeared in ${folder}; notifications: ${(await notifications(page)).join(' | ')}`);
}

describe('exporting from the panel in a real workbench', { timeout: 300_000 }, () => {
  let wb: Workbench;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-export-'));
    copyFileSync(path.join(ROOT, 'samples', 'river.md'), path.join(folder, 'river.md'));
    wb = await startWorkbench({ workspace: folder, extensionDevelopmentPath: ROOT, viewport: { width: 1400, height: 900 } });
  });

  after(async () => {
    await wb?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('the matrix view exports its numbers as CSV and its picture as PNG into the chosen folder', async () => {
    const { page } = wb;
    await openFile(page, 'river.md');
    await selectText(page, { line: 3, column: 1, length: 'The river bank was steep'.length });
    await runCommand(page, 'Attention Lens: Analyze Selection');
    const panel = webview(page);
    const tokens = panel.locator('.token-list [role="option"]');
    try {
      await tokens.first().waitFor({ timeout: 120_000 });
      await panel.locator('.matrix-section canvas').first().waitFor({ timeout: 30_000 });
    } catch (error) {
      throw new Error(`the panel showed no matrix; notifications: ${(await notifications(page)).join(' | ')}`, { cause: error });
    }
    const count = await tokens.count();
    assert.ok(count >= 5, `tokens: ${count}`);

    const csvFile = await exportFrom(page, panel, folder, 'CSV', '.csv');
    assert.match(path.basename(csvFile), /^layer\d+-[\w-]+-matrix\.csv$/);
    const rows = parseCsv(readFileSync(csvFile, 'utf8'));
    assert.equal(rows[0][0], 'query \\ key', 'a header row');
    assert.equal(rows.length, count + 1, 'a row per token after the header');
    for (const [r, row] of rows.entries()) assert.equal(row.length, count + 1, `row ${r} has a label and a column per token`);
    for (const row of rows.slice(1)) {
      const values = row.slice(1).map((v) => (v === '' ? 0 : Number(v)));
      assert.ok(
        values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1),
        `probabilities: ${row.join(',')}`,
      );
      const sum = values.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 0.05, `each query's attention sums to 1 (${sum}): ${row.join(',')}`);
    }

    const pngFile = await exportFrom(page, panel, folder, 'PNG', '.png');
    const png = readFileSync(pngFile);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width >= 50 && height >= 50 && width <= 8000 && height <= 8000, `a picture of the view: ${width}×${height}`);
  });
});
