// Runs one node:test suite with the spec reporter (plain Node). The one place that says which files
// a suite holds; the npm scripts and tools/test.sh both call it. (Node 20's --test does not expand
// `**` globs itself.)
//
//   node tools/suite.mjs unit                          # every *.test.ts under test/unit (npm run test:unit)
//   node tools/suite.mjs webview                       # test/webview/*.test.ts, Chromium (npm run test:webview)
//   node tools/suite.mjs e2e                           # every *.test.ts under test/e2e (npm run test:e2e)
//   node tools/suite.mjs unit align --test-only        # files whose path contains "align"; options go to node --test
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const SUITES = {
  unit: { dir: 'test/unit', recursive: true },
  webview: { dir: 'test/webview', recursive: false }, // test/webview/support holds helpers only
  e2e: { dir: 'test/e2e', recursive: true },
  hostile: { dir: 'test/hostile', recursive: true }, // hostile inputs: CLI child processes, engine client (issue 14)
};

const [name, ...rest] = process.argv.slice(2);
const suite = SUITES[name];
if (!suite) {
  console.error(`usage: node tools/suite.mjs ${Object.keys(SUITES).join('|')} [path filter…] [node --test options…]`);
  process.exit(2);
}
const options = rest.filter((arg) => arg.startsWith('-'));
const filters = rest.filter((arg) => !arg.startsWith('-'));
const files = readdirSync(path.join(root, suite.dir), { recursive: suite.recursive })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => path.join(suite.dir, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no test files in ${suite.dir}${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...options, ...files], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
