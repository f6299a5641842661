/**
 * The on-disk cache of patched models (engine runtime). A model folder is patched once per
 * (content hash of onnx/model.onnx — or the chosen precision's weights —, patcher version, patch
 * options) into
 *   <cacheDir>/patched/<hash>-p<version>-<options>/{config.json, tokenizer*.json, onnx/model_attn.onnx, lens.json}
 * (and onnx/lens_head.onnx, the layer lens's output head: onnx/lensHead.ts)
 * which transformers.js loads with `model_file_name: 'model_attn'`. Hashing a 500 MB file takes
 * seconds, so hashes are remembered per (path, size, mtime). Entries are written to a temporary
 * folder and renamed into place, so a crash mid-patch never leaves an entry that looks complete.
 * Several processes may patch the same model at once (four CLIs, two windows): the first rename
 * wins and the others use its entry; an entry is never removed while it may be in use, only a
 * broken one is moved aside first. The files copied beside the weights (config, tokenizer) are
 * replaced by rename too, never rewritten in place under a reader. Temporary files that a process
 * which died left behind are removed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from './errors';
import { diskFull } from './modelFiles';
import { shownPath } from './paths';
import type { AttentionSite } from './onnx/findAttention';
import { PATCHER_VERSION, patchModelBytes, type PatchedOutputs, type PatchOptions } from './onnx/patch';
import { OPTIONAL_FILES } from './modelSource';
import { cannotMake, cannotWrite, makeFolder } from './makeFolder';

export interface PatchedModel {
  readonly folder: string;
  readonly sites: readonly AttentionSite[];
  readonly outputs: PatchedOutputs;
  readonly notices: readonly string[];
  /** The rows of the graph's learned position table; null: none found (onnx/positionTable.ts). */
  readonly positionRows: number | null;
  /** The rows of the graph's token embedding table; null: none found, or a cache entry written before it was recorded. */
  readonly tokenRows: number | null;
  /** True when this call wrote the entry (false: served from the cache). */
  readonly fresh: boolean;
}

export interface Manifest {
  readonly patcherVersion: number;
  /** The folder the entry was patched from and the weights file in it (for the cache listing). */
  readonly source?: string;
  readonly modelFile?: string;
  readonly sourceHash: string;
  readonly sites: readonly AttentionSite[];
  readonly outputs: PatchedOutputs;
  readonly notices: readonly string[];
  readonly positionRows: number | null;
  readonly tokenRows?: number | null;
}

function optionsKey(options: PatchOptions): string {
  const probes = options.probes ? `p${options.probes.heads}x${options.probes.width}` : '';
  return [options.precision === 'float16' ? 'f16' : 'f32', options.scores ? 's' : '', `k${options.topK ?? 0}`, options.nextTokenStats ? 'n' : '', probes].join(
    '',
  );
}

/** A temporary name no other write of this process or another one uses (same millisecond included). */
let written = 0;
function temporary(target: string): string {
  return `${target}.tmp-${process.pid}-${Date.now()}-${++written}`;
}

/** A day: a temporary file this old is stale even if a process with its pid runs (another one, or another machine's). */
const STALE_MS = 24 * 3600 * 1000;
const cleaned = new Set<string>();

/** Removes temporary files and folders of `dir` whose writer is gone (once per process and folder). */
async function cleanStale(dir: string): Promise<void> {
  if (cleaned.has(dir)) return;
  cleaned.add(dir);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = /\.tmp-(\d+)-(\d+)-\d+(?:-stale)?$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    if (alive(Number(m[1])) && Date.now() - Number(m[2]) < STALE_MS) continue;
    await rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readManifest(folder: string, sourceHash: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(folder, 'lens.json'), 'utf8')) as Manifest;
    return manifest.patcherVersion === PATCHER_VERSION && manifest.sourceHash === sourceHash ? manifest : null;
  } catch {
    return null;
  }
}

/**
 * Renames the finished `tmp` entry to `folder`. When another process got there first, its entry
 * (the same patch of the same bytes) is kept and `tmp` removed: its manifest is returned. A broken
 * entry in the way (no valid manifest) is moved aside before the rename, then removed.
 */
async function place(tmp: string, folder: string, sourceHash: string): Promise<Manifest | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(tmp, folder);
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') || attempt >= 3) throw error;
    }
    const theirs = await readManifest(folder, sourceHash);
    if (theirs) {
      await rm(tmp, { recursive: true, force: true });
      return theirs;
    }
    const aside = `${temporary(folder)}-stale`;
    await rename(folder, aside).catch(() => undefined);
    await rm(aside, { recursive: true, force: true });
  }
}

async function readIndex(indexFile: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(indexFile, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** Index updates of this process, one after the other, so concurrent loads do not drop each other's entries. */
let indexUpdates: Promise<unknown> = Promise.resolve();

async function hashFile(file: string, cacheDir: string): Promise<string> {
  const info = await stat(file);
  const indexFile = path.join(cacheDir, 'patched', 'hashes.json');
  const key = `${path.resolve(file)}|${info.size}|${info.mtimeMs}`;
  const known = (await readIndex(indexFile))[key];
  if (known) return known;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex').slice(0, 24);
  const update = indexUpdates.then(async () => {
    const index = await readIndex(indexFile);
    index[key] = digest;
    await makeFolder(path.dirname(indexFile));
    const tmp = temporary(indexFile);
    await writeFile(tmp, JSON.stringify(index));
    await rename(tmp, indexFile);
  });
  indexUpdates = update.catch(() => undefined);
  await update.catch((error: unknown) => Promise.reject(cannotStore(error, cacheDir, 'the model hashes', path.dirname(indexFile))));
  return digest;
}

/**
 * A failed write under the cache as the error a person can act on: a full disk, a folder that cannot
 * be made or written (makeFolder.ts), else what could not be written, where, and Node's code: its own
 * sentence ("EISDIR: illegal operation on a directory, rename '…' -> '…'") named a temporary file in full.
 */
function cannotStore(error: unknown, cacheDir: string, what: string, folder: string): EngineError {
  const made = (error as NodeJS.ErrnoException | null)?.syscall === 'mkdir' ? cannotMake(error, folder) : null;
  const known = diskFull(error, folder) ?? made ?? cannotWrite(error, cacheDir);
  if (known) return known;
  const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new EngineError(
    'internal',
    `could not write ${what} to ${shownPath(cacheDir)} (${why}): check that the folder can be written, or choose another with the attentionLens.cacheDir setting (--cache-dir for the command line)`,
    { cause: error },
  );
}

export async function ensurePatched(
  sourceFolder: string,
  label: string,
  options: PatchOptions,
  cacheDir: string,
  onPatching?: () => void,
  weights = 'onnx/model.onnx',
): Promise<PatchedModel> {
  const modelFile = path.join(sourceFolder, weights);
  const sourceHash = await hashFile(modelFile, cacheDir);
  const folder = path.join(cacheDir, 'patched', `${sourceHash}-p${PATCHER_VERSION}-${optionsKey(options)}`);
  const cached = await readManifest(folder, sourceHash);
  if (cached) {
    await copyMetadata(sourceFolder, folder); // configs may be edited without touching the weights
    return {
      folder,
      sites: cached.sites,
      outputs: cached.outputs,
      notices: cached.notices,
      positionRows: rowsOf(cached),
      tokenRows: rowsOf(cached, 'tokenRows'),
      fresh: false,
    };
  }
  await cleanStale(path.dirname(folder));
  onPatching?.();
  const bytes = await readFile(modelFile);
  const fileLabel = `model ${label}: ${weights}`;
  const result = patchModelBytes(bytes, options, fileLabel);
  const tmp = temporary(folder);
  try {
    await makeFolder(path.join(tmp, 'onnx'));
    await writeFile(path.join(tmp, 'onnx', 'model_attn.onnx'), result.bytes);
    const lens = result.outputs.probes?.lens;
    if (lens && result.lensBytes) await writeFile(path.join(tmp, 'onnx', lens.file), result.lensBytes);
    await copyMetadata(sourceFolder, tmp);
    const manifest: Manifest = {
      patcherVersion: PATCHER_VERSION,
      source: path.resolve(sourceFolder),
      modelFile: weights,
      sourceHash,
      sites: result.sites,
      outputs: result.outputs,
      notices: result.notices,
      positionRows: result.positionRows,
      tokenRows: result.tokenRows,
    };
    await writeFile(path.join(tmp, 'lens.json'), JSON.stringify(manifest, null, 1));
    const theirs = await place(tmp, folder, sourceHash);
    if (theirs)
      return {
        folder,
        sites: theirs.sites,
        outputs: theirs.outputs,
        notices: theirs.notices,
        positionRows: rowsOf(theirs),
        tokenRows: rowsOf(theirs, 'tokenRows'),
        fresh: false,
      };
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw cannotStore(error, cacheDir, `the patched model for ${label}`, path.dirname(folder));
  }
  return {
    folder,
    sites: result.sites,
    outputs: result.outputs,
    notices: result.notices,
    positionRows: result.positionRows,
    tokenRows: result.tokenRows,
    fresh: true,
  };
}

/** A manifest's position (or token) rows, when they are a count (the file is the cache's, but a count is checked before it bounds a run). */
function rowsOf(manifest: Manifest, field: 'positionRows' | 'tokenRows' = 'positionRows'): number | null {
  const rows = manifest[field];
  return typeof rows === 'number' && Number.isInteger(rows) && rows > 0 ? rows : null;
}

/** Brings the files beside the weights up to date: each changed one is written aside and renamed over (readers see the old or the new file whole). */
async function copyMetadata(from: string, to: string): Promise<void> {
  for (const file of ['config.json', 'tokenizer.json', ...OPTIONAL_FILES]) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(from, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const target = path.join(to, file);
    const current = await readFile(target).catch(() => null);
    if (current?.equals(bytes)) continue;
    const tmp = temporary(target);
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
}
