/**
 * The on-disk cache of patched models (engine runtime). A model folder is patched once per
 * (content hash of onnx/model.onnx — or the chosen precision's weights —, patcher version, patch
 * options) into
 *   <cacheDir>/patched/<hash>-p<version>-<options>/{config.json, tokenizer*.json, onnx/model_attn.onnx, lens.json}
 * which transformers.js loads with `model_file_name: 'model_attn'`. Hashing a 500 MB file takes
 * seconds, so hashes are remembered per (path, size, mtime). Entries are written to a temporary
 * folder and renamed into place, so a crash mid-patch never leaves an entry that looks complete.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from './errors';
import type { AttentionSite } from './onnx/findAttention';
import { PATCHER_VERSION, patchModelBytes, type PatchedOutputs, type PatchOptions } from './onnx/patch';
import { OPTIONAL_FILES } from './modelSource';

export interface PatchedModel {
  readonly folder: string;
  readonly sites: readonly AttentionSite[];
  readonly outputs: PatchedOutputs;
  readonly notices: readonly string[];
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
    await mkdir(path.dirname(indexFile), { recursive: true });
    const tmp = temporary(indexFile);
    await writeFile(tmp, JSON.stringify(index));
    await rename(tmp, indexFile);
  });
  indexUpdates = update.catch(() => undefined);
  await update;
  return digest;
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
  try {
    const manifest = JSON.parse(await readFile(path.join(folder, 'lens.json'), 'utf8')) as Manifest;
    if (manifest.patcherVersion === PATCHER_VERSION && manifest.sourceHash === sourceHash) {
      await copyMetadata(sourceFolder, folder); // configs may be edited without touching the weights
      return { folder, sites: manifest.sites, outputs: manifest.outputs, notices: manifest.notices, fresh: false };
    }
  } catch {
    // not cached yet
  }
  onPatching?.();
  const bytes = await readFile(modelFile);
  const fileLabel = `${label} (${weights})`;
  const result = patchModelBytes(bytes, options, fileLabel);
  const tmp = temporary(folder);
  await mkdir(path.join(tmp, 'onnx'), { recursive: true });
  try {
    await writeFile(path.join(tmp, 'onnx', 'model_attn.onnx'), result.bytes);
    await copyMetadata(sourceFolder, tmp);
    const manifest: Manifest = {
      patcherVersion: PATCHER_VERSION,
      source: path.resolve(sourceFolder),
      modelFile: weights,
      sourceHash,
      sites: result.sites,
      outputs: result.outputs,
      notices: result.notices,
    };
    await writeFile(path.join(tmp, 'lens.json'), JSON.stringify(manifest, null, 1));
    await rm(folder, { recursive: true, force: true });
    await rename(tmp, folder);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw new EngineError('internal', `could not write the patched model for ${label} to ${cacheDir}: ${(error as Error).message}`, { cause: error });
  }
  return { folder, sites: result.sites, outputs: result.outputs, notices: result.notices, fresh: true };
}

async function copyMetadata(from: string, to: string): Promise<void> {
  for (const file of ['config.json', 'tokenizer.json', ...OPTIONAL_FILES]) {
    try {
      await copyFile(path.join(from, file), path.join(to, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
