/**
 * Reading a model's files safely (engine runtime): every file of a model folder is checked before
 * anything reads it — a regular file (a link is followed, but a FIFO, socket or device is refused:
 * reading one blocks or never ends) no larger than its cap — and JSON is parsed with a message that
 * never echoes the file's content (a config.json linked to a system file must not print it).
 */
import { lstat, open, readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from './errors';
import { shownPath } from './paths';

const MB = 1024 * 1024;
/** config.json and the small tokenizer/generation JSON files: real ones are a few kB. */
export const JSON_MAX_BYTES = 4 * MB;
/** tokenizer.json holds the vocabulary and merges: large-vocabulary models reach tens of MB. */
export const TOKENIZER_MAX_BYTES = 64 * MB;
/** onnxruntime parses one ONNX file as one protobuf message, which cannot exceed 2 GiB. */
export const ONNX_MAX_BYTES = 2 * 1024 * MB - 1;

/** The cap of a model file by its name. */
export function capOf(file: string): number {
  const name = path.basename(file);
  if (name === 'tokenizer.json') return TOKENIZER_MAX_BYTES;
  if (name.endsWith('.onnx')) return ONNX_MAX_BYTES;
  return JSON_MAX_BYTES;
}

function size(bytes: number): string {
  return bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${(bytes / MB).toFixed(1)} MB`;
}

/** What a path that is not a regular file is, in words. */
function kindOf(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Why `file` is a symbolic link that cannot be followed — "a link that leads back to itself" (a
 * loop) or "a link to T, which does not exist" (a Hugging Face snapshot whose blob was deleted) —
 * or null when it is no such link. Where it is, "missing" or "not found" would send the person
 * looking for a file that is there.
 */
export async function unfollowableLink(file: string): Promise<string | null> {
  try {
    if (!(await lstat(file)).isSymbolicLink()) return null;
    await stat(file);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'a link that leads back to itself';
    if (code !== 'ENOENT') return null;
    const target = await readlink(file).catch(() => null);
    return target === null ? null : `a link to ${path.resolve(path.dirname(file), target)}, which does not exist`;
  }
}

/** Refuses the first of `files` (relative to `folder`) that is a link which cannot be followed. */
export async function refuseUnfollowableLinks(folder: string, files: readonly string[], label: string): Promise<void> {
  for (const file of files) {
    const why = await unfollowableLink(path.join(folder, file));
    if (why) throw new EngineError('model-corrupt', `model ${label}: ${file} is ${why}; replace it by the file it stands for`);
  }
}

/**
 * Refuses `file` (relative to `folder`) unless it is a regular file within its cap. Returns its
 * size. Throws `model-files-missing` when it does not exist.
 */
export async function checkModelFile(folder: string, file: string, label: string): Promise<number> {
  let info;
  try {
    info = await stat(path.join(folder, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EngineError('model-files-missing', `model ${label} has no ${file}`);
    throw new EngineError('model-files-missing', `model ${label}: ${file} cannot be read (${code ?? 'error'})`, { cause: error });
  }
  if (!info.isFile()) throw new EngineError('model-corrupt', `model ${label}: ${file} is ${kindOf(info)}, not a file; a model's files are regular files`);
  const cap = capOf(file);
  if (info.size > cap) {
    if (file.endsWith('.onnx'))
      throw new EngineError(
        'model-corrupt',
        `model ${label}: ${file} is ${size(info.size)}, more than the 2 GB onnxruntime reads from one ONNX file (larger models keep their weights in external data files, which Attention Lens does not load): choose fp16 or q8 weights, or a smaller model`,
      );
    throw new EngineError('model-corrupt', `model ${label}: ${file} is ${size(info.size)}, more than the ${size(cap)} such a file can be; it was not read`);
  }
  return info.size;
}

/** A Git LFS pointer's first line (its spec URL's host is left open): a pointer is at most a few hundred bytes. */
const LFS_POINTER = /^version https:\/\/git-lfs\.[^\s/]+\/spec\/v1\n/;

/**
 * `checkModelFile`, and a file every load needs that holds nothing usable is named before anything
 * parses it: "not valid JSON" or "no graph" would send the person looking for a defect inside.
 * Empty (a copy or download stopped at its start), or a Git LFS pointer (a clone without Git LFS).
 */
export async function checkRequiredFile(folder: string, file: string, label: string): Promise<void> {
  const bytes = await checkModelFile(folder, file, label);
  if (bytes === 0)
    throw new EngineError(
      'model-corrupt',
      `model ${label}: ${file} is empty (0 bytes), as a copy or download that stopped at its start leaves it; copy it again`,
    );
  if (bytes > 1024) return;
  const handle = await open(path.join(folder, file), 'r');
  const head = Buffer.alloc(bytes);
  try {
    await handle.read(head, 0, bytes, 0);
  } finally {
    await handle.close();
  }
  if (LFS_POINTER.test(head.toString('utf8')))
    throw new EngineError(
      'model-corrupt',
      `model ${label}: ${file} is a Git LFS pointer, not the file itself (the folder was cloned without Git LFS); run "git lfs pull" in the folder`,
    );
}

/** Reads and parses a model's JSON file after `checkModelFile`; a parse error never quotes the content. */
export async function readModelJson(folder: string, file: string, label: string): Promise<Record<string, unknown>> {
  await checkModelFile(folder, file, label);
  let text: string;
  try {
    text = await readFile(path.join(folder, file), 'utf8');
  } catch (error) {
    throw new EngineError('model-corrupt', `model ${label}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EngineError('model-corrupt', `model ${label}: ${file} is not valid JSON`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new EngineError('model-corrupt', `model ${label}: ${file} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * The first of `files` in `folder` that is not a JSON object, as `readModelJson` words it (absent
 * files are skipped), or null. For the files transformers.js parses itself (the tokenizer's, a
 * decoder's generation_config.json): its own error names no file, so a failed load asks here.
 */
export async function jsonFault(folder: string, files: readonly string[], label: string): Promise<EngineError | null> {
  for (const file of files) {
    if (!(await stat(path.join(folder, file)).catch(() => null))) continue;
    const fault = await readModelJson(folder, file, label).then(
      () => null,
      (error: unknown) => (error instanceof EngineError ? error : null),
    );
    if (fault) return fault;
  }
  return null;
}

/**
 * A full disk (ENOSPC, or a quota: EDQUOT) as the error a person can act on — the folder and the
 * setting that moves the cache — or null for any other error. Not a network error: never retried.
 */
export function diskFull(error: unknown, folder: string): EngineError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return null;
  return new EngineError(
    'disk-full',
    `the disk is full: nothing more can be written to ${shownPath(folder)}; free some space there, or move the model cache to another disk with the attentionLens.cacheDir setting (--cache-dir for the command line)`,
    { cause: error },
  );
}
