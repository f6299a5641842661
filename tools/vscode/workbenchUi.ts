/**
 * Driving the VS Code workbench as a person would, for end-to-end checks (plain Node, Playwright
 * side, on a page from startWorkbench()): quick open, the command palette, the cursor and
 * selection, and the webviews, which sit two iframes deep (`iframe.webview.ready`, whose
 * `#active-frame` holds the extension's page).
 *
 *   await openFile(wb.page, 'river.md');
 *   await selectText(wb.page, { line: 3, column: 1, length: 20 });
 *   await runCommand(wb.page, 'Attention Lens: Analyze Selection');
 *   await expectText(webview(wb.page), 'steep');
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';

async function quickInput(page: Page, keys: string, text: string): Promise<Locator> {
  await page.keyboard.press(keys);
  const widget = page.locator(QUICK_INPUT);
  await widget.waitFor({ state: 'visible' });
  const input = widget.locator('input');
  await input.fill(text);
  return widget;
}

/** Runs a command by its palette label, e.g. 'Attention Lens: Show Panel'. */
export async function runCommand(page: Page, label: string): Promise<void> {
  const widget = await quickInput(page, 'F1', `>${label}`);
  // The palette filters as it types; wait for the row itself, not just any first row.
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
  // The palette closes (at once: a command that reloads the window must not find the page gone), or the
  // command's own quick input takes its place (Next Word, Ablate Heads): then the widget stays visible, but
  // its input no longer holds the palette's '>' filter.
  if (
    await widget.waitFor({ state: 'hidden', timeout: 3000 }).then(
      () => true,
      () => false,
    )
  )
    return;
  const input = widget.locator('input');
  for (const deadline = Date.now() + 30_000; ; await page.waitForTimeout(100)) {
    if (!(await widget.isVisible())) return;
    if (!(await input.inputValue().catch(() => '')).startsWith('>')) return;
    if (Date.now() > deadline) throw new Error(`the command palette stayed open after running ${label}`);
  }
}

/** Opens a workspace file through Quick Open and waits for its editor tab. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').at(-1)!;
  const widget = await quickInput(page, 'Control+P', relativePath);
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor();
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
}

/** Moves the cursor of the active editor (1-based, as the status bar shows it). */
export async function goTo(page: Page, line: number, column = 1): Promise<void> {
  await quickInput(page, 'Control+G', `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/** Selects `length` characters from a position of the active editor. */
export async function selectText(page: Page, at: { line: number; column?: number; length: number }): Promise<void> {
  await goTo(page, at.line, at.column ?? 1);
  for (let i = 0; i < at.length; i++) await page.keyboard.press('Shift+ArrowRight');
}

/**
 * The page inside the n-th ready webview (0: the first in document order). Webviews that are
 * hidden keep their iframe, so pick by index or narrow by content.
 */
export function webview(page: Page, index = 0): FrameLocator {
  return page.locator('iframe.webview.ready').nth(index).contentFrame().locator('#active-frame').contentFrame();
}

/** The ready webview whose page shows `text` (the panel and the side view are both webviews). */
export async function webviewWith(page: Page, text: string | RegExp, timeoutMs = 60_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const count = await page.locator('iframe.webview.ready').count();
    for (let i = 0; i < count; i++) {
      const frame = webview(page, i);
      if (
        (await frame
          .getByText(text)
          .count()
          .catch(() => 0)) > 0
      )
        return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows "${text}"`);
}

/** Waits until the frame shows `text` somewhere. */
export async function expectText(frame: FrameLocator, text: string, timeoutMs = 30_000): Promise<void> {
  await frame.getByText(text).first().waitFor({ timeout: timeoutMs });
}

/** The workbench's notification toasts, as text (errors from the extension land there). */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
}
