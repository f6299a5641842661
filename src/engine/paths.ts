/**
 * Where the package's own files are at run time (engine runtime), whether the code runs bundled
 * from dist/ or from the TypeScript sources: the package root is the nearest folder above this
 * module whose package.json is ours. The embedded models live under <root>/models.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { neutralName } from '../protocol/neutralise';

let cachedRoot: string | null = null;

export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'attention-lens') return (cachedRoot = dir);
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('attention-lens: cannot find the package root');
    dir = parent;
  }
}

export const EMBEDDED_ENCODER = 'tiny-bert-es-en';
export const EMBEDDED_DECODER = 'tiny-gpt-es-en';

export function embeddedModel(name: string): string {
  return path.join(packageRoot(), 'models', name);
}

/**
 * The one per-user cache of downloaded and patched models that the CLI and the extension share by
 * default (the extension's `attentionLens.cacheDir` setting and the CLI's `--cache-dir` override
 * it), so a model downloaded by one is not downloaded again by the other. A shared folder rather
 * than VS Code's global storage because the CLI cannot know where that is (it differs between
 * VS Code, its Insiders build, code-server and remote hosts). XDG_CACHE_HOME wins everywhere.
 */
export function defaultCacheDir(): string {
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, 'attention-lens');
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'attention-lens', 'cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'attention-lens');
  return path.join(os.homedir(), '.cache', 'attention-lens');
}

/**
 * `folder` as a message shows it: the home folder written "~" (`~/.cache/attention-lens`), as
 * VS Code's labels write it, except on Windows, where "~" says nothing to a reader. The
 * attentionLens.cacheDir setting reads "~" back as the home folder, as a shell does. A name
 * (neutralName): a newline in it reads `\x0A`, not as a space.
 */
export function shownPath(folder: string, home: string = os.homedir(), platform: NodeJS.Platform = process.platform): string {
  return neutralName(tilde(folder, home, platform));
}

function tilde(folder: string, home: string, platform: NodeJS.Platform): string {
  if (platform === 'win32' || !home || home === '/' || !path.isAbsolute(folder)) return folder;
  const base = home.replace(/\/+$/, '');
  return folder === base ? '~' : folder.startsWith(`${base}/`) ? `~${folder.slice(base.length)}` : folder;
}

/**
 * `text` (a library's message, onnxruntime's "Load model from /root/.cache/…/model_attn.onnx
 * failed: …") with each mention of `folder` written as shownPath writes it.
 */
export function withShownPath(text: string, folder: string): string {
  return folder ? text.split(folder).join(shownPath(folder)) : text;
}
