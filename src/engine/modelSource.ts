/**
 * Turns a model reference (a local folder in the Optimum layout, or a Hugging Face hub id) into a
 * local folder whose files are all present (engine runtime).
 *
 * Hub ids are fetched file by file from `env.remoteHost` + `env.remotePathTemplate` (the same
 * settings transformers.js uses, so a mirror or a local test server stands in for the hub) into
 * `<cacheDir>/<id>/…`, the layout of transformers.js's own file cache. We download the files
 * ourselves because transformers.js offers no way to fetch `onnx/model.onnx` without also building
 * a session from it, and the patcher needs the original bytes first. Each file is written to a
 * temporary name and renamed when complete, so a broken download never leaves a file a later load
 * would trust.
 */
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { LoadProgress } from '../protocol/engineApi';
import { EngineError } from './errors';

export const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'onnx/model.onnx'] as const;
export const OPTIONAL_FILES = ['tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json'] as const;

/** transformers.js-style progress events (initiate | download | progress | done | ready) and patching. */
export type ProgressEvent = LoadProgress;

export interface SourceOptions {
  readonly cacheDir: string;
  readonly allowRemote: boolean;
  readonly remoteHost: string;
  readonly remotePathTemplate: string;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly signal?: AbortSignal;
}

export interface ResolvedModel {
  /** What the user asked for (folder path or hub id). */
  readonly id: string;
  readonly folder: string;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function looksLikePath(ref: string): boolean {
  return path.isAbsolute(ref) || ref.startsWith('.') || ref.includes('\\') || /^[A-Za-z]:[\\/]/.test(ref);
}

export async function checkFolder(folder: string, label: string): Promise<void> {
  const missing: string[] = [];
  for (const file of REQUIRED_FILES) if (!(await exists(path.join(folder, file)))) missing.push(file);
  if (missing.length > 0) {
    throw new EngineError('model-files-missing', `model ${label} is missing ${missing.join(', ')} (expected the Optimum layout: config.json, tokenizer.json, onnx/model.onnx)`);
  }
}

export async function resolveModel(ref: string, options: SourceOptions): Promise<ResolvedModel> {
  const trimmed = ref.trim();
  if (!trimmed) throw new EngineError('bad-input', 'no model given');
  const asPath = path.resolve(trimmed);
  if (looksLikePath(trimmed) || (await exists(asPath))) {
    if (!(await exists(asPath))) throw new EngineError('file-not-found', `model folder not found: ${asPath}`);
    if (!(await stat(asPath)).isDirectory()) throw new EngineError('model-files-missing', `model ${asPath} is a file; give the folder that holds config.json and onnx/model.onnx`);
    await checkFolder(asPath, asPath);
    return { id: trimmed, folder: asPath };
  }
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(trimmed)) throw new EngineError('bad-input', `not a model folder or hub id: ${trimmed}`);
  const folder = path.join(options.cacheDir, 'hub', trimmed);
  let complete = true;
  for (const file of REQUIRED_FILES) if (!(await exists(path.join(folder, file)))) complete = false;
  if (complete) return { id: trimmed, folder };
  if (!options.allowRemote) {
    throw new EngineError('model-files-missing', `model ${trimmed} is not cached and remote downloads are disabled`);
  }
  for (const file of REQUIRED_FILES) await download(trimmed, file, folder, options, true);
  for (const file of OPTIONAL_FILES) await download(trimmed, file, folder, options, false);
  options.onProgress?.({ status: 'ready', name: trimmed });
  return { id: trimmed, folder };
}

function remoteUrl(id: string, file: string, options: SourceOptions): string {
  const repo = options.remotePathTemplate.replaceAll('{model}', id).replaceAll('{revision}', 'main');
  const base = options.remoteHost.endsWith('/') ? options.remoteHost : `${options.remoteHost}/`;
  return new URL(`${repo.replace(/^\//, '')}${repo.endsWith('/') ? '' : '/'}${file}`, base).toString();
}

async function download(id: string, file: string, folder: string, options: SourceOptions, required: boolean): Promise<void> {
  const target = path.join(folder, file);
  if (await exists(target)) return;
  const url = remoteUrl(id, file, options);
  options.onProgress?.({ status: 'initiate', name: id, file });
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new EngineError('cancelled', `download of ${id}/${file} cancelled`);
    throw new EngineError('network', `could not download ${id}/${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok || !response.body) {
    if (!required && response.status === 404) return;
    if (response.status === 404) throw new EngineError('model-files-missing', `model ${id} has no ${file} on the hub (404)`);
    throw new EngineError('network', `could not download ${id}/${file}: HTTP ${response.status}`);
  }
  options.onProgress?.({ status: 'download', name: id, file });
  const total = Number(response.headers.get('content-length') ?? 0);
  let loaded = 0;
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    loaded += chunk.length;
    options.onProgress?.({ status: 'progress', name: id, file, loaded, total, progress: total ? (loaded / total) * 100 : 0 });
  });
  try {
    await pipeline(body, createWriteStream(partial), { signal: options.signal });
    if (total && loaded !== total) throw new Error(`received ${loaded} of ${total} bytes`);
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    if (options.signal?.aborted) throw new EngineError('cancelled', `download of ${id}/${file} cancelled`);
    throw new EngineError('network', `download of ${id}/${file} failed: ${(error as Error).message}`, { cause: error });
  }
  options.onProgress?.({ status: 'done', name: id, file });
}
