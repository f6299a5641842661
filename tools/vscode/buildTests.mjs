// Bundles the integration tests for the extension host, which require()s them: CommonJS .cjs files
// in out/integration/, one per test file plus the Mocha runner. `vscode` is provided by the
// extension host and `mocha` must be the runner's own copy (test files register their suites on
// it), so both stay external; mocha resolves from the repository's node_modules.
// `--suite untrusted` bundles test/untrusted/ (the Restricted Mode run) into out/untrusted/ instead,
// with the same runner.
import { build } from 'esbuild';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suite = process.argv.includes('--suite') ? process.argv[process.argv.indexOf('--suite') + 1] : 'integration';
if (!['integration', 'untrusted'].includes(suite)) throw new Error(`unknown suite ${suite}: integration or untrusted`);
const runner = path.join(root, 'test/integration/runner.ts');
const source = path.join(root, 'test', suite);
const outdir = path.join(root, 'out', suite);

const tests = (await readdir(source)).filter((name) => name.endsWith('.test.ts')).sort();
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await writeFile(path.join(outdir, 'package.json'), '{ "type": "commonjs" }\n');

const started = Date.now();
await build({
  absWorkingDir: root,
  // Named outputs: all beside each other in outdir, wherever the runner and the tests live.
  entryPoints: Object.fromEntries([['runner', runner], ...tests.map((name) => [name.replace(/\.ts$/, ''), path.join(source, name)])]),
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // For a debugger attached to the extension host; its stack traces still name the bundles.
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode', 'mocha', 'onnxruntime-node', 'onnxruntime-common'],
  alias: { sharp: path.join(root, 'tools/stubs/sharp.cjs') },
  // Shared sources find their files through import.meta.url, as in tools/build.mjs.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});
console.log(`built ${tests.length + 1} integration bundles into ${path.relative(root, outdir)}/ in ${Date.now() - started} ms`);
