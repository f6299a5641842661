// Bundles the runtimes with esbuild (type-checking is `tsc -b`, run separately: esbuild does not
// type-check). Node targets are CommonJS; onnxruntime stays external because its native binary
// must sit beside its own JavaScript, and sharp (image pipelines, unused here) becomes an empty stub.
//
//   node tools/build.mjs               # once (npm run build)
//   node tools/build.mjs --production  # minified, no source maps (the .vsix)
//   node tools/build.mjs --watch       # rebuild on every change, one line per rebuild (npm run watch)
import { build, context } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning', absWorkingDir: root };

const node = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['onnxruntime-node', 'onnxruntime-common', 'vscode'],
  alias: { sharp: path.join(root, 'tools/stubs/sharp.cjs') },
  // The sources are ES modules that find their own files through import.meta.url.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

// The webviews are browser code: one IIFE per view plus a shared stylesheet, nothing external.
const browser = { ...common, platform: 'browser', format: 'iife', target: 'es2022' };

const entries = [
  { ...node, entryPoints: ['src/host/extension.ts'], outfile: 'dist/extension.cjs' },
  { ...node, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.cjs' },
  { ...node, entryPoints: ['src/engine/worker.ts'], outfile: 'dist/worker.cjs' },
  { ...browser, entryPoints: ['webview/panel/panel.ts'], outfile: 'dist/webview/panel.js' },
  { ...browser, entryPoints: ['webview/side/side.ts'], outfile: 'dist/webview/side.js' },
  { ...browser, entryPoints: ['webview/common/view.css'], outfile: 'dist/webview/view.css' },
];

await mkdir(path.join(root, 'dist'), { recursive: true });
// dist/ is CommonJS even though the package is "type": "module".
await writeFile(path.join(root, 'dist/package.json'), '{ "type": "commonjs" }\n');
const started = Date.now();
if (watch) {
  // esbuild's own report would print an error once per bundle that imports the file: rebuildReport prints each once.
  const report = rebuildReport();
  const contexts = await Promise.all(entries.map((entry) => context({ ...entry, logLevel: 'silent', plugins: [report.plugin(entry.outfile)] })));
  console.log(`watching ${entries.length} bundles (Ctrl+C stops)`);
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(entries.map((entry) => build(entry)));
  console.log(`built ${entries.map((e) => e.outfile).join(', ')} in ${Date.now() - started} ms`);
}

/**
 * The watch's output, per rebuild (the bundles a change reaches, rebuilt together): "[time] building", then
 * one line per distinct error or warning (file:line:col: error: text), then "[time] built …" or "[time] failed …".
 * The first and last lines are what .vscode/tasks.json's problem matcher waits for.
 */
function rebuildReport() {
  let running = 0;
  let since = 0;
  let done = [];
  const clock = () => new Date().toTimeString().slice(0, 8);
  const line = (kind) => (m) => `  ${m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : ''}${kind}: ${m.text}`;
  return {
    plugin: (outfile) => ({
      name: 'rebuild-report',
      setup(bundle) {
        bundle.onStart(() => {
          if (running++ > 0) return;
          since = Date.now();
          done = [];
          console.log(`[${clock()}] building`);
        });
        bundle.onEnd(({ errors, warnings }) => {
          done.push({ outfile, errors, warnings });
          if (--running > 0) return;
          const messages = new Set(done.flatMap((d) => [...d.errors.map(line('error')), ...d.warnings.map(line('warning'))]));
          const failed = done.filter((d) => d.errors.length > 0).map((d) => d.outfile);
          const summary =
            failed.length > 0 ? `failed: ${failed.join(', ')} not rebuilt` : `built ${done.map((d) => d.outfile).join(', ')} in ${Date.now() - since} ms`;
          console.log([...messages, `[${clock()}] ${summary}`].join('\n'));
        });
      },
    }),
  };
}
