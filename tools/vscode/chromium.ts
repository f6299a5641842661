/**
 * Headless Chromium for every browser-driven check (plain Node, Playwright side): Debian's
 * /usr/bin/chromium, since Playwright's own browser builds cannot be downloaded here, with flags
 * that keep it off the network and quiet on a machine without a GPU.
 *
 *   const browser = await launchChromium();
 *   const page = await browser.newPage();
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ATTENTION_LENS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run tools/vscode/install.sh (Debian package chromium)`);
  }
  const headless = options.headless ?? true;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    args: CHROMIUM_ARGS.filter((arg) => headless || arg !== '--headless'),
  });
}
