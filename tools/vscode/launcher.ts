/**
 * Stands in for the VS Code executable that @vscode/test-electron's runTests() spawns (plain Node,
 * through launcher.sh): it reads the same command line (--extensionDevelopmentPath=,
 * --extensionTestsPath=, a folder to open) and runs the tests in code-server's extension host
 * with the workbench in headless Chromium, then exits with the test runner's code.
 *
 * Environment:
 *   ATTENTION_LENS_VSIX=path.vsix    install this instead of loading the development folder
 *   ATTENTION_LENS_IT_TIMEOUT_S=1500 give up (exit 1) after this many seconds (a guard against a hang,
 *                                    well above the suite's own time: ~10 min on CI's two cores)
 *   ATTENTION_LENS_IT_VERBOSE=1      also print code-server's log and the page's console
 *   ATTENTION_LENS_UNTRUSTED=1       open the folder untrusted (untrusted.ts); trust it when a test asks
 */
import path from 'node:path';
import { grantTrust, TRUST_REQUEST, USER_SETTINGS } from './untrusted';
import { startWorkbench, type Workbench } from './workbench';

interface LaunchArgs {
  extensionDevelopmentPath: string[];
  extensionTestsPath?: string;
  workspace?: string;
}

// Desktop flags runTests always passes (--no-sandbox, --disable-updates, --user-data-dir=...) mean
// nothing here: code-server gets its own throwaway profile. They are ignored.
export function parseArgs(argv: readonly string[]): LaunchArgs {
  const out: LaunchArgs = { extensionDevelopmentPath: [] };
  for (const arg of argv) {
    const [flag, ...rest] = arg.split('=');
    const value = rest.join('=');
    if (flag === '--extensionDevelopmentPath' && value) out.extensionDevelopmentPath.push(path.resolve(value));
    else if (flag === '--extensionTestsPath' && value) out.extensionTestsPath = path.resolve(value);
    else if (!arg.startsWith('-')) out.workspace = path.resolve(arg);
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) {
    console.error('launcher: --extensionTestsPath=... is required');
    return 2;
  }
  const vsix = process.env.ATTENTION_LENS_VSIX || undefined;
  const timeoutS = Number(process.env.ATTENTION_LENS_IT_TIMEOUT_S) || 1500;
  const verbose = !!process.env.ATTENTION_LENS_IT_VERBOSE;
  const untrusted = !!process.env.ATTENTION_LENS_UNTRUSTED;

  let workbench: Workbench | undefined;
  // The extension host's console; in the untrusted run a test's TRUST_REQUEST line has the page trust the folder.
  const onLog = (_type: string, message: string): void => {
    process.stdout.write(`${message}\n`);
    if (!untrusted || !message.includes(TRUST_REQUEST)) return;
    const page = workbench?.page;
    if (!page) return console.error('launcher: a trust request came before the workbench was up');
    grantTrust(page).then(
      () => console.log('launcher: trusted the workspace'),
      (error: unknown) => console.error(`launcher: could not trust the workspace: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      console.error(`launcher: the integration tests did not finish within ${timeoutS} s (ATTENTION_LENS_IT_TIMEOUT_S); stopping`);
      resolve(1);
    }, timeoutS * 1000);
  });
  const started = Date.now();
  const run = async () => {
    workbench = await startWorkbench({
      workspace: args.workspace,
      // With a .vsix the development folder is not loaded: the installed copy is what is tested.
      extensionDevelopmentPath: vsix ? [] : args.extensionDevelopmentPath,
      vsix,
      extensionTestsPath: args.extensionTestsPath,
      untrusted,
      settings: untrusted ? USER_SETTINGS : undefined,
      onLog,
      onServerOutput: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
    });
    if (workbench.installedExtension) console.log(`launcher: installed ${vsix} into ${workbench.installedExtension}`);
    console.log(`launcher: ${workbench.url}`);
    return workbench.exit;
  };
  // runTests forwards Ctrl+C as SIGINT: stop what was started rather than leave it running.
  const interrupted = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`launcher: ${signal}, stopping`);
        resolve(130);
      });
    }
  });
  const running = run();
  let code: number;
  try {
    code = await Promise.race([running, timedOut, interrupted]);
  } catch (error) {
    console.error(`launcher: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  } finally {
    clearTimeout(timer);
  }
  // A timeout may strike while the workbench is still starting: let that finish (briefly) so
  // that close() reaches the code-server it started.
  if (!workbench) await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, 30_000))]);
  await workbench?.close();
  if (verbose) console.log(`launcher: exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

const code = await main();
process.exit(code);
