/**
 * Turns a model reference (a local folder in the Optimum layout, or a Hugging Face hub id) into a
 * local folder whose files are all present (engine runtime).
 *
 * Hub ids are fetched file by file from `remoteHost` + `remotePathTemplate` (the same settings
 * transformers.js uses, so a mirror or a local test server stands in for the hub) into
 * `<cacheDir>/hub/<id>/…`, the layout of transformers.js's own file cache. We download the files
 * ourselves: transformers.js 4.3.1 offers no way to fetch `onnx/model.onnx` without also building
 * a session from it (the patcher needs the original bytes first), and its FileCache takes no abort
 * signal and checks neither length nor hash. Here (each file: hubDownload.ts):
 *  - each file is written to a temporary name and renamed when complete; its length is checked
 *    against Content-Length and, where the hub names the LFS object (an `X-Linked-Etag` or `ETag`
 *    that is a SHA-256), its hash too — a mismatch is `model-corrupt` and nothing is kept;
 *  - a folder is trusted only once every file arrived and a completion marker was written last,
 *    so a cancelled or failed download is resumed file by file but never loaded half-done;
 *  - processes sharing the cache download a model one at a time (downloadLock.ts): the others wait
 *    and find it complete, or resume it; a dead process's partial files are removed;
 *  - a host that cannot be reached (connection refused, name not found, no network, no answer
 *    within `connectTimeoutMs`) fails at once with a message that says so: retrying a dead
 *    network only makes the person wait; failures of a reachable host (a connection cut mid-file,
 *    HTTP 5xx, a short body) are retried a bounded number of times with exponential back-off;
 *    404, cancellation and a body silent for `bodyIdleMs` (a host that stalls) are not;
 *  - a JSON file that does not parse (an HTML error page served with status 200) is not kept;
 *  - config.json comes first and `checkConfig` may refuse the architecture before the weights
 *    (hundreds of MB) are fetched.
 */
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WeightsPrecision } from '../protocol/analysis';
import type { LoadProgress } from '../protocol/engineApi';
import { EngineError } from './errors';
import { withoutCredentials } from './hubFetch';
import { download, exists, withRetries } from './hubDownload';
import { folderOf, isFolderRef } from './folderRefs';
import { checkModelFile, checkRequiredFile, diskFull, readModelJson, refuseUnfollowableLinks, unfollowableLink } from './modelFiles';
import { partialName, removePartials, withDownloadLock } from './downloadLock';
import { shownPath } from './paths';

export { folderOf, isFolderRef, isRelativeFolderRef } from './folderRefs';
export { BODY_IDLE_MS } from './hubDownload';
export { withoutCredentials } from './hubFetch';

/** The host reads a chosen folder's config.json through this (it imports the engine only through modelSource). */
export { readModelJson };

/** The weights file transformers.js names for each precision of the weights (Optimum / transformers.js layout). */
export const MODEL_FILES: Readonly<Record<WeightsPrecision, string>> = { fp32: 'model.onnx', fp16: 'model_fp16.onnx', q8: 'model_quantized.onnx' };
/**
 * Older decoder conversions (transformers.js v2, e.g. some Xenova/* GPT-2 snapshots) have only the
 * merged decoder, whose past-key-value inputs the engine feeds empty; it is tried second. A plain
 * `optimum-cli export onnx` writes model.onnx beside config.json; that is tried last.
 */
const LEGACY_FILES: Readonly<Record<WeightsPrecision, string>> = {
  fp32: 'decoder_model_merged.onnx',
  fp16: 'decoder_model_merged_fp16.onnx',
  q8: 'decoder_model_merged_quantized.onnx',
};

export function weightCandidates(weights: WeightsPrecision): string[] {
  return [`onnx/${MODEL_FILES[weights]}`, `onnx/${LEGACY_FILES[weights]}`, MODEL_FILES[weights]];
}

/** The other precisions tried, nearest first, when the chosen one's weights are missing and falling back is allowed. */
const FALLBACKS: Record<WeightsPrecision, readonly WeightsPrecision[]> = { fp32: ['fp16', 'q8'], fp16: ['fp32', 'q8'], q8: ['fp16', 'fp32'] };

export const OPTIONAL_FILES = ['tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json'] as const;
/** Written last into a downloaded hub folder: without it the folder is not trusted. */
export const COMPLETE_MARKER = '.attention-lens-complete.json';

export interface SourceOptions {
  readonly cacheDir: string;
  readonly allowRemote: boolean;
  readonly remoteHost: string;
  readonly remotePathTemplate: string;
  /** Which weights to use (default fp32: onnx/model.onnx). */
  readonly weights?: WeightsPrecision;
  /** When the model has no weights of that precision, use another precision's instead (the result says which ran). */
  readonly weightsFallback?: boolean;
  readonly onProgress?: (event: LoadProgress) => void;
  readonly signal?: AbortSignal;
  /** Called with config.json before the weights are fetched; throw to refuse the model. */
  readonly checkConfig?: (config: Record<string, unknown>, label: string) => void;
  /** Attempts per file after a network error (default 3). */
  readonly retries?: number;
  /** The first back-off in ms; it doubles per attempt (default 500). */
  readonly retryDelayMs?: number;
  /** How long to wait for a host's first answer (connection and headers), ms (default 5000). */
  readonly connectTimeoutMs?: number;
  /**
   * How long a file's body may send nothing before the download fails, ms (default 20000): a host
   * that stops mid-file and never closes would otherwise hold the load forever. Not retried.
   */
  readonly bodyIdleMs?: number;
}

export interface ResolvedModel {
  /** What the user asked for (folder path or hub id). */
  readonly id: string;
  readonly folder: string;
  /** The weights file inside the folder, e.g. `onnx/model.onnx`. */
  readonly modelFile: string;
  /** The precision of `modelFile`: the one asked for, or another when falling back was allowed. */
  readonly weights: WeightsPrecision;
  /** True for a hub download kept in the cache (it may be deleted when found corrupt). */
  readonly downloaded: boolean;
}

/** owner/name or name; no `.` or `..` part, so an id never names a folder outside the cache. */
export const HUB_ID = /^(?!\.{1,2}(\/|$))(?!.*\/\.{1,2}$)[\w.-]+(\/[\w.-]+)?$/;

/** Where a hub id's files live in the cache. */
export function hubFolder(cacheDir: string, id: string): string {
  return path.join(cacheDir, 'hub', ...id.split('/'));
}

/** Whether a hub id was downloaded completely (no network; a cancelled download does not count). */
export async function isCached(cacheDir: string, id: string): Promise<boolean> {
  return exists(path.join(hubFolder(cacheDir, id), COMPLETE_MARKER));
}

async function presentWeights(folder: string, precision: WeightsPrecision): Promise<string | null> {
  for (const file of weightCandidates(precision)) if (await exists(path.join(folder, file))) return file;
  return null;
}

/** Checks the Optimum layout; returns the weights file to use and its precision. */
export async function checkFolder(
  folder: string,
  label: string,
  precision: WeightsPrecision = 'fp32',
  fallback = false,
): Promise<{ file: string; weights: WeightsPrecision }> {
  await refuseUnfollowableLinks(folder, ['config.json', 'tokenizer.json', ...weightCandidates(precision), ...OPTIONAL_FILES], label);
  const missing: string[] = [];
  for (const file of ['config.json', 'tokenizer.json']) if (!(await exists(path.join(folder, file)))) missing.push(file);
  const found = await presentWeights(folder, precision);
  if (found && missing.length === 0) return checkFiles(folder, label, { file: found, weights: precision });
  const others: { file: string; weights: WeightsPrecision }[] = [];
  for (const other of found ? [] : FALLBACKS[precision]) {
    const file = await presentWeights(folder, other);
    if (file) others.push({ file, weights: other });
  }
  if (missing.length === 0 && others.length > 0) {
    if (fallback) return checkFiles(folder, label, others[0]);
    throw new EngineError(
      'model-files-missing',
      `model ${label} has no ${precision} weights (${weightCandidates(precision).join(', ')}); it has ${others.map((o) => `${o.weights} (${o.file})`).join(', ')}: choose that precision`,
    );
  }
  if (!found) missing.push(`onnx/${MODEL_FILES[precision]}`);
  throw new EngineError(
    'model-files-missing',
    `model ${label} is missing ${missing.join(', ')} (expected the Optimum layout: config.json, tokenizer.json, onnx/${MODEL_FILES[precision]})`,
  );
}

/** Every file a load reads is a regular file within its cap (modelFiles.ts): no FIFO, device or 300 MB config.json. */
async function checkFiles<T extends { file: string }>(folder: string, label: string, chosen: T): Promise<T> {
  for (const file of ['config.json', 'tokenizer.json', chosen.file]) await checkRequiredFile(folder, file, label);
  for (const file of OPTIONAL_FILES) if (await exists(path.join(folder, file))) await checkModelFile(folder, file, label);
  return chosen;
}

export async function resolveModel(ref: string, options: SourceOptions): Promise<ResolvedModel> {
  const trimmed = ref.trim();
  const precision = options.weights ?? 'fp32';
  if (!trimmed) throw new EngineError('bad-input', 'no model given');
  if (isFolderRef(trimmed)) {
    const asPath = folderOf(trimmed);
    // A folder's name may hold a newline or a bidi override: messages name it as shownPath writes it.
    const shown = shownPath(asPath);
    const link = await unfollowableLink(asPath);
    if (link) throw new EngineError('model-corrupt', `model folder ${shown} is ${link}; give the folder it stands for`);
    if (!(await exists(asPath))) throw new EngineError('file-not-found', `model folder not found: ${shown}`);
    if (!(await stat(asPath)).isDirectory())
      throw new EngineError('model-files-missing', `model ${shown} is a file; give the folder that holds config.json and onnx/model.onnx`);
    const found = await checkFolder(asPath, shown, precision, options.weightsFallback);
    return { id: trimmed, folder: asPath, modelFile: found.file, weights: found.weights, downloaded: false };
  }
  if (!HUB_ID.test(trimmed))
    throw new EngineError('bad-input', `not a model folder or hub id: ${trimmed} (a folder is an absolute path or starts with ./, ../ or ~)`);
  const folder = hubFolder(options.cacheDir, trimmed);
  if (await isCached(options.cacheDir, trimmed)) {
    const cached = await checkFolder(folder, trimmed, precision, options.weightsFallback).catch(() => null);
    if (cached) return { id: trimmed, folder, modelFile: cached.file, weights: cached.weights, downloaded: true };
  }
  // A folder of the id's name here was perhaps meant: whatever stops the hub model says how to name it.
  const hint = async (): Promise<string> => ((await exists(path.resolve(trimmed))) ? `; for the folder ${trimmed} here, write ./${trimmed}` : '');
  if (!options.allowRemote) throw new EngineError('model-files-missing', `model ${trimmed} is not cached and remote downloads are disabled${await hint()}`);
  // One process downloads at a time; a waiter then finds the model complete, or resumes it.
  const onWait = (): void => options.onProgress?.({ status: 'download', name: trimmed, file: 'another process is downloading it' });
  return withDownloadLock(folder, { signal: options.signal, onWait, label: trimmed }, async () => {
    const done = (await isCached(options.cacheDir, trimmed)) && (await checkFolder(folder, trimmed, precision, options.weightsFallback).catch(() => null));
    if (done) return { id: trimmed, folder, modelFile: done.file, weights: done.weights, downloaded: true };
    await removePartials(folder);
    return fetchModel(trimmed, folder, precision, options);
  }).catch(async (error: unknown) => {
    const more = error instanceof EngineError && error.code !== 'cancelled' ? await hint() : '';
    throw more ? new EngineError((error as EngineError).code, `${(error as EngineError).message}${more}`, { cause: error }) : error;
  });
}

/** Downloads what is missing of a hub model into `folder`, then writes its completion marker (under the download lock). */
async function fetchModel(trimmed: string, folder: string, precision: WeightsPrecision, options: SourceOptions): Promise<ResolvedModel> {
  const count = 3 + OPTIONAL_FILES.length;
  let index = 0;
  const fetchOne = (file: string, required: boolean, counted = true): Promise<boolean> =>
    withRetries(() => download(trimmed, file, folder, options, required, { index: counted ? ++index : index, count }), options);
  await fetchOne('config.json', true);
  options.checkConfig?.(await checkJsonFile(trimmed, folder, 'config.json'), trimmed);
  await fetchOne('tokenizer.json', true);
  await checkJsonFile(trimmed, folder, 'tokenizer.json');
  const [preferred, ...others] = weightCandidates(precision);
  let modelFile: string | undefined = preferred;
  let ran = precision;
  if (!(await fetchOne(preferred, false))) {
    modelFile = undefined;
    for (const file of others) if (!modelFile && (await fetchOne(file, false, false))) modelFile = file;
    for (const other of options.weightsFallback ? FALLBACKS[precision] : [])
      for (const file of weightCandidates(other)) if (!modelFile && (await fetchOne(file, false, false))) [modelFile, ran] = [file, other];
    if (!modelFile) {
      if (precision !== 'fp32')
        throw new EngineError('model-files-missing', `model ${trimmed} has no ${precision} weights (${preferred}) on the hub; choose another precision`);
      throw new EngineError(
        'model-files-missing',
        `model ${trimmed} has no ONNX weights (${preferred}) on the hub: choose a repository converted for transformers.js, or export the model with optimum-cli export onnx and choose the folder`,
      );
    }
  }
  for (const file of OPTIONAL_FILES) if (await fetchOne(file, false)) await checkJsonFile(trimmed, folder, file);
  const sizes: Record<string, number> = {};
  for (const file of ['config.json', 'tokenizer.json', modelFile, ...OPTIONAL_FILES])
    if (await exists(path.join(folder, file))) sizes[file] = (await stat(path.join(folder, file))).size;
  await writeMarker(
    path.join(folder, COMPLETE_MARKER),
    JSON.stringify({ id: trimmed, files: sizes, host: withoutCredentials(options.remoteHost), completed: new Date().toISOString() }, null, 1),
  );
  options.onProgress?.({ status: 'ready', name: trimmed });
  return { id: trimmed, folder, modelFile, weights: ran, downloaded: true };
}

/** The completion marker, written aside and renamed (never read half-written); a full disk says so (with the folder and the setting). */
async function writeMarker(file: string, text: string): Promise<void> {
  const aside = partialName(file);
  await writeFile(aside, text)
    .then(() => rename(aside, file))
    .catch(async (error: unknown) => {
      await rm(aside, { force: true });
      throw diskFull(error, path.dirname(file)) ?? error;
    });
}

/**
 * A downloaded JSON file that does not parse (an HTML error page a proxy answered with status 200,
 * a cut-off file) is removed at once: kept, it would make every later load fail the same way, the
 * folder looking complete.
 */
async function checkJsonFile(id: string, folder: string, name: string): Promise<Record<string, unknown>> {
  try {
    return await readModelJson(folder, name, id);
  } catch (error) {
    await rm(path.join(folder, name), { force: true });
    throw new EngineError('model-corrupt', `${(error as Error).message}; the downloaded file was not kept`, { cause: error });
  }
}
