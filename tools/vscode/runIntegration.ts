/**
 * Runs the integration tests (test/integration/*.test.ts) inside a real VS Code extension host
 * through @vscode/test-electron's runTests(), with code-server in headless Chromium standing in
 * for the desktop executable (launcher.sh). Ends with one line CI reads, "N passed, N failed",
 * taken from the counts the in-host runner writes to a file (test/integration/runner.ts). The files
 * run in the order tools/vscode/testOrder.ts writes; a test file missing from it fails the run here,
 * before VS Code starts.
 *
 *   node --import tsx tools/vscode/runIntegration.ts                 # the development folder
 *   node --import tsx tools/vscode/runIntegration.ts --vsix x.vsix   # an installed .vsix instead
 *   options: --workspace DIR (default samples/), --extension DIR (default the repository),
 *            --grep PATTERN, --no-build (tests already built),
 *            --desktop (let runTests download and run desktop VS Code, where the internet is reachable),
 *            --untrusted (test/untrusted/ in an untrusted folder written to a temporary place: untrusted.ts)
 */
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { orderedTests } from './testOrder';
import { assertInstalled, REPO_ROOT } from './codeServer';
import { writeUntrustedWorkspace } from './untrusted';

interface Counts {
  passed: number;
  failed: number;
}

/** The counts the in-host runner wrote, if it wrote any. */
function readResult(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Counts>;
  return { passed: Number(parsed.passed) || 0, failed: Number(parsed.failed) || 0 };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      workspace: { type: 'string', default: path.join(REPO_ROOT, 'samples') },
      extension: { type: 'string', default: REPO_ROOT },
      grep: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      desktop: { type: 'boolean', default: false },
      untrusted: { type: 'boolean', default: false },
    },
  });
  const untrusted = values.untrusted!;
  if (untrusted && (values.desktop || values.vsix)) throw new Error('--untrusted runs on code-server from the development folder only');
  const suite = untrusted ? 'untrusted' : 'integration';
  // Throws naming a test file the order does not list (or a listed one that is gone).
  orderedTests(suite, readdirSync(path.join(REPO_ROOT, 'test', suite)));
  const temporaryWorkspace = untrusted ? path.join(mkdtempSync(path.join(os.tmpdir(), 'lens-untrusted-')), 'workspace') : undefined;
  if (temporaryWorkspace) writeUntrustedWorkspace(temporaryWorkspace, path.join(REPO_ROOT, 'models', 'tiny-gpt-es-en'));
  const workspace = temporaryWorkspace ?? path.resolve(values.workspace!);
  const vsix = values.vsix ? path.resolve(values.vsix) : undefined;
  if (vsix && !existsSync(vsix)) throw new Error(`${vsix} does not exist`);
  if (vsix && values.desktop) throw new Error('--vsix runs on code-server only; install the .vsix into desktop VS Code by hand');
  const extension = path.resolve(values.extension!);
  if (!vsix && extension === REPO_ROOT && !existsSync(path.join(REPO_ROOT, 'dist/extension.cjs'))) {
    throw new Error('dist/extension.cjs is missing: run `node tools/build.mjs` first');
  }
  if (!values.desktop) assertInstalled();
  if (!values['no-build']) execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools/vscode/buildTests.mjs'), '--suite', suite], { stdio: 'inherit' });

  const resultDir = mkdtempSync(path.join(os.tmpdir(), 'lens-it-result-'));
  const resultFile = path.join(resultDir, 'result.json');
  const started = Date.now();
  let exitCode = 0;
  try {
    await runTests({
      vscodeExecutablePath: values.desktop ? undefined : path.join(REPO_ROOT, 'tools/vscode/launcher.sh'),
      // With --vsix the launcher installs the package and loads no development folder.
      extensionDevelopmentPath: extension,
      extensionTestsPath: path.join(REPO_ROOT, 'out', suite, 'runner.cjs'),
      launchArgs: [workspace],
      extensionTestsEnv: {
        ATTENTION_LENS_IT_WORKSPACE: workspace,
        ATTENTION_LENS_RESULT_FILE: resultFile,
        ...(vsix ? { ATTENTION_LENS_VSIX: vsix } : {}),
        ...(values.grep ? { ATTENTION_LENS_IT_GREP: values.grep } : {}),
        ...(untrusted ? { ATTENTION_LENS_UNTRUSTED: '1' } : {}),
      },
    });
  } catch (error) {
    exitCode = 1;
    console.error(`integration run failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const counts = readResult(resultFile) ?? { passed: 0, failed: 0 };
  rmSync(resultDir, { recursive: true, force: true });
  if (temporaryWorkspace) rmSync(path.dirname(temporaryWorkspace), { recursive: true, force: true });
  // A run that crashed after its last result, or printed none, or ran nothing is a failure.
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  if (counts.passed + counts.failed === 0) counts.failed = 1;
  console.log(`integration tests took ${((Date.now() - started) / 1000).toFixed(1)} s${vsix ? ` against ${path.basename(vsix)}` : ''}`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}
