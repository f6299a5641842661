/**
 * Looks at the extension as a person would (plain Node): opens the workbench with the extension,
 * optionally opens a file, selects text and runs a command, then saves a screenshot of the window
 * and of the first webview's page. Also the smallest example of an end-to-end script.
 *
 *   node --import tsx tools/vscode/screenshot.ts --file river.md --select 3:1:48 \
 *     --command 'Attention Lens: Analyze Selection' --webview-text steep --out .cache/shot.png
 *   options: --workspace DIR (default samples/), --vsix PATH (instead of the development folder),
 *            --wait MS (extra settle time before the shot, default 1000)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './codeServer';
import { startWorkbench } from './workbench';
import { expectText, notifications, openFile, runCommand, selectText, webview } from './workbenchUi';

const { values } = parseArgs({
  options: {
    workspace: { type: 'string', default: path.join(REPO_ROOT, 'samples') },
    vsix: { type: 'string' },
    file: { type: 'string' },
    select: { type: 'string' },
    command: { type: 'string', multiple: true, default: [] },
    'webview-text': { type: 'string' },
    wait: { type: 'string', default: '1000' },
    out: { type: 'string', default: path.join(REPO_ROOT, '.cache/workbench.png') },
  },
});

const out = path.resolve(values.out!);
mkdirSync(path.dirname(out), { recursive: true });
const started = Date.now();
const wb = await startWorkbench({
  workspace: values.workspace,
  extensionDevelopmentPath: values.vsix ? undefined : REPO_ROOT,
  vsix: values.vsix,
});
let failed = false;
try {
  console.log(`workbench up in ${Date.now() - started} ms: ${wb.url}`);
  if (values.file) await openFile(wb.page, values.file);
  if (values.select) {
    const [line, column, length] = values.select.split(':').map(Number);
    await selectText(wb.page, { line, column, length });
  }
  for (const command of values.command!) await runCommand(wb.page, command);
  if (values['webview-text']) await expectText(webview(wb.page), values['webview-text']);
  await wb.page.waitForTimeout(Number(values.wait));
  await wb.page.screenshot({ path: out });
  console.log(`saved ${out}`);
  if (values['webview-text']) {
    const inner = out.replace(/\.png$/, '') + '-webview.png';
    await webview(wb.page).locator('body').screenshot({ path: inner });
    console.log(`saved ${inner}`);
  }
  const toasts = await notifications(wb.page);
  if (toasts.length) console.log(`notifications:\n  ${toasts.join('\n  ')}`);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : String(error));
  await wb.page.screenshot({ path: out }).catch(() => undefined);
  console.error(`saved ${out} as it was when it failed`);
} finally {
  await wb.close();
}
process.exitCode = failed ? 1 : 0;
