/**
 * Where the keyboard focus is, for the webview tests (plain Node, asking headless Chromium): the
 * focused element as a test names it, or BODY when the focus was lost to the page.
 *
 *   await v.page.keyboard.press('Enter');
 *   assert.equal(await focusedTagAndName(v), 'BUTTON Try a random B');
 */
import type { ViewPage } from './browser';

/** Its tag and name (aria-label, else its text): "BUTTON Shuffle again", "H3 Scale". */
export const focusedTagAndName = (v: ViewPage): Promise<string> =>
  v.page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return !a || a === document.body ? 'BODY' : `${a.tagName} ${a.getAttribute('aria-label') ?? (a.textContent ?? '').trim()}`;
  });

/** Its id, else its name (aria-label, else its text, white space folded), else its tag. */
export const focusedIdOrName = (v: ViewPage): Promise<string> =>
  v.page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return 'BODY';
    return a.id || a.getAttribute('aria-label') || (a.textContent ?? '').replace(/\s+/g, ' ').trim() || a.tagName;
  });

/**
 * Puts the keyboard on token `n` of the strip the way a reader gets there: focus on the first token,
 * then ArrowRight `n` times (so the option matches :focus-visible and the readout describes it).
 */
export async function focusToken(v: ViewPage, n: number): Promise<void> {
  await v.page.locator('#token-0').focus();
  for (let i = 0; i < n; i++) await v.page.keyboard.press('ArrowRight');
}
