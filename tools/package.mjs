// `npm run package`: a platform-specific .vsix (linux-x64 by default; `--target win32-x64` etc.).
// Everything JavaScript is bundled into dist/ by esbuild, so the package carries only what cannot
// be bundled: onnxruntime-node's JavaScript with ONE platform's native binary, onnxruntime-common,
// the built webviews, media and the embedded models. The package is staged in .cache/vsix/ and
// handed to vsce with --no-dependencies, so no unused native package (sharp, other platforms'
// onnxruntime binaries, the CUDA installer's helpers) can slip in.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const target = arg('--target', 'linux-x64');
const [platform, arch] = target.split('-');
const stage = path.join(root, '.cache', 'vsix');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(root, arg('--out', `${manifest.name}-${manifest.version}-${target}.vsix`));

execFileSync(process.execPath, [path.join(root, 'tools/build.mjs'), '--production'], { stdio: 'inherit', cwd: root });

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const copy = (from, to = from, filter) => cpSync(path.join(root, from), path.join(stage, to), { recursive: true, filter });

// The manifest as the extension sees it: no scripts (vsce would run vscode:prepublish), no build
// tooling, and only the runtime packages that ship beside the bundles.
const ort = JSON.parse(readFileSync(path.join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8'));
const shipped = { ...manifest, dependencies: { 'onnxruntime-node': ort.version, 'onnxruntime-common': ort.dependencies['onnxruntime-common'] } };
delete shipped.devDependencies;
delete shipped.scripts;
delete shipped.bin;
delete shipped.private;
// The repository's install-script policy, not the extension's.
delete shipped.allowScripts;
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
// The manifest's translations (package.nls.*.json) and the UI's bundles; the style guide stays home.
for (const file of ['README.md', 'LICENSE', ...readdirSync(root).filter((name) => /^package\.nls(\.[\w-]+)?\.json$/.test(name))]) copy(file);
copy('l10n', 'l10n', (src) => !src.endsWith('.md'));
copy('dist', 'dist', (src) => !src.endsWith('.map') && !src.endsWith('cli.cjs'));
copy('media');
copy('models', 'models', (src) => !src.endsWith('.png'));

// onnxruntime-node: its JavaScript and one platform's binary; its own dependencies (adm-zip,
// global-agent) only serve the CUDA download script, which is not shipped. They go to
// dist/node_modules, where the bundles' require() finds them first: vsce --no-dependencies leaves
// out the top-level node_modules only.
const ortDir = 'node_modules/onnxruntime-node';
const runtime = (src) => !src.endsWith('.map') && !src.endsWith('.d.ts') && !src.endsWith('.ts');
for (const part of ['package.json', 'README.md', 'dist']) copy(`${ortDir}/${part}`, `dist/${ortDir}/${part}`, runtime);
copy(`${ortDir}/bin/napi-v6/${platform}/${arch}`, `dist/${ortDir}/bin/napi-v6/${platform}/${arch}`);
for (const part of ['package.json', 'README.md', 'dist/cjs'])
  copy(`node_modules/onnxruntime-common/${part}`, `dist/node_modules/onnxruntime-common/${part}`, runtime);
writeFileSync(path.join(stage, '.vscodeignore'), '**/*.map\n**/*.d.ts\n');

const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--target', target, '--out', out], {
  stdio: 'inherit',
  cwd: stage,
});
console.log(`${path.relative(root, out)}: ${(statSync(out).size / 1e6).toFixed(1)} MB, onnxruntime binary for ${target} only`);
