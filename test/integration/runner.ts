/**
 * The integration tests' entry point (extension host; bundled to out/integration/runner.cjs by
 * tools/vscode/buildTests.mjs, since the extension host require()s it). VS Code calls run() once
 * the window is up; it runs the *.test.cjs beside it with Mocha, in the order tools/vscode/testOrder.ts
 * writes (a test file not listed there fails the run), and resolves or rejects, which becomes the
 * launcher's exit code. Each test gets one line on the extension host's console, and the
 * run ends with one machine-readable line, also written to the file named by
 * ATTENTION_LENS_RESULT_FILE, which tools/vscode/runIntegration.ts reads:
 *   ATTENTION_LENS_RESULT {"passed":3,"failed":0,"pending":0,"flaky":[]}
 * A test that fails runs once more (Mocha's retries: a real extension host on a 2-core CI machine);
 * its first failure is printed in full, and one that then passes is listed as flaky, never hidden.
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { orderedTests, TEST_ORDER, type Suite } from '../../tools/vscode/testOrder';

export const RESULT_PREFIX = 'ATTENTION_LENS_RESULT ';

/** Prints the counts and writes them where the runner outside the extension host reads them. */
function report(counts: { passed: number; failed: number; pending: number; flaky: string[] }): void {
  console.log(RESULT_PREFIX + JSON.stringify(counts));
  const file = process.env.ATTENTION_LENS_RESULT_FILE;
  if (file) writeFileSync(file, JSON.stringify(counts));
}

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING, EVENT_TEST_RETRY } = Mocha.Runner.constants;

// Mocha's own reporters write through process.stdout, which the extension host does not forward.
class LineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let pending = 0;
    const retried = new Set<string>();
    runner.on(EVENT_TEST_RETRY, (test: Mocha.Test, error: Error) => {
      retried.add(test.fullTitle());
      console.log(`  ↻ ${test.fullTitle()}: failed, running it once more`);
      console.log(`    ${(error.stack ?? String(error)).split('\n').join('\n    ')}`);
    });
    const flaky: string[] = [];
    runner.on(EVENT_TEST_PASS, (test) => {
      passed++;
      if (retried.has(test.fullTitle())) flaky.push(test.fullTitle());
      console.log(`  ✓ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      pending++;
      console.log(`  - ${test.fullTitle()} (skipped)`);
    });
    runner.on(EVENT_TEST_FAIL, (test, error: Error) => {
      failed++;
      console.log(`  ✗ ${test.fullTitle()}`);
      console.log(`    ${(error.stack ?? String(error)).split('\n').join('\n    ')}`);
    });
    runner.once(EVENT_RUN_END, () => {
      console.log(`${passed} passing, ${failed} failing, ${pending} pending`);
      if (flaky.length) console.log(`flaky (failed, then passed on the second run): ${flaky.join(' | ')}`);
      report({ passed, failed, pending, flaky });
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: LineReporter, retries: 1 });
  const grep = process.env.ATTENTION_LENS_IT_GREP;
  if (grep) mocha.grep(grep);
  // The runner is bundled into each suite's folder: out/integration/ or out/untrusted/.
  const suite = path.basename(__dirname);
  return new Promise((resolve, reject) => {
    try {
      if (!(suite in TEST_ORDER)) throw new Error(`no test order for the suite ${suite}`);
      const files = orderedTests(suite as Suite, readdirSync(__dirname));
      for (const file of files) mocha.addFile(path.join(__dirname, file));
      console.log(`integration tests: ${files.join(', ') || 'none'} in VS Code ${vscode.version}`);
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
    } catch (error) {
      console.log(`integration run refused: ${error instanceof Error ? error.message : String(error)}`);
      report({ passed: 0, failed: 1, pending: 0, flaky: [] });
      reject(error);
    }
  });
}
