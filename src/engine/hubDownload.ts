/**
 * One file of a hub model, downloaded (engine runtime; modelSource.ts's resolveModel drives it):
 * written to a temporary name and renamed when complete, its length checked against
 * Content-Length and its SHA-256 against the hub's where the hub names it; a body longer than
 * announced or than its file's cap is cut off, one silent for `bodyIdleMs` is given up; network
 * failures of a reachable host are retried with back-off (withRetries), answers that would repeat
 * are not.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { neutralise } from '../protocol/neutralise';
import { EngineError } from './errors';
import { PermanentFetchError, announcedLength, get, unreachableReason, withoutCredentials } from './hubFetch';
import { capOf, diskFull } from './modelFiles';
import { partialName, wait } from './downloadLock';
import type { SourceOptions } from './modelSource';
import { makeCacheFolder } from './makeFolder';

/** The default of SourceOptions.bodyIdleMs. */
export const BODY_IDLE_MS = 20_000;

/** A body longer than announced or than its file's cap. */
class TooLong extends Error {}

/** A body that sent nothing for bodyIdleMs. */
class Stalled extends Error {}

/** Errors of a host that cannot be reached, or of an answer that would repeat: not worth retrying. */
const unreachable = new WeakSet<EngineError>();

export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export async function withRetries<T>(attempt: () => Promise<T>, options: SourceOptions): Promise<T> {
  const tries = Math.max(1, options.retries ?? 3);
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof EngineError) || error.code !== 'network' || unreachable.has(error) || n >= tries || options.signal?.aborted) throw error;
      await wait((options.retryDelayMs ?? 500) * 2 ** (n - 1), options.signal);
    }
  }
}

/** `address` parsed when it is an http:// or https:// address (what fetch can download from), else null. */
function webAddress(address: string): URL | null {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function remoteUrl(id: string, file: string, remoteHost: string, remotePathTemplate: string): string {
  // "hub.example.com" used to read "Invalid URL", and ftp:// or file:// "fetch failed" from no host.
  // A password is never shown, with or without a scheme ("user:secret@hub.example.com").
  if (!webAddress(remoteHost))
    throw new EngineError(
      'bad-input',
      `cannot download ${id}: the hub address ${JSON.stringify(withoutCredentials(remoteHost).replace(/^[^/@]*@/, ''))} is not an http:// or https:// address (check HF_ENDPOINT, or the hub address setting)`,
    );
  const repo = remotePathTemplate.replaceAll('{model}', id).replaceAll('{revision}', 'main');
  const base = remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`;
  return new URL(`${repo.replace(/^\//, '')}${repo.endsWith('/') ? '' : '/'}${file}`, base).toString();
}

function cancelled(id: string, file: string): EngineError {
  return new EngineError('cancelled', `download of ${id}/${file} cancelled`);
}

/** The longest reason from fetch (or the server behind it) that a download message quotes. */
const REASON_MAX = 200;

/**
 * Why a fetch threw, in one line of at most REASON_MAX characters: its message (a redirect's scheme
 * is the server's text, a fetch failure's cause undici's) with the code of its cause where the message
 * lacks it ("fetch failed (UND_ERR_SOCKET)"), neutralised: a newline is a space, a control escaped.
 */
function fetchReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const withCode = typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  return neutralise(withCode, REASON_MAX);
}

/** Downloads one file unless it is there already; false when an optional file does not exist. */
export async function download(
  id: string,
  file: string,
  folder: string,
  options: SourceOptions,
  required: boolean,
  counter: { index: number; count: number },
): Promise<boolean> {
  const target = path.join(folder, file);
  if (await exists(target)) return true;
  if (options.signal?.aborted) throw cancelled(id, file);
  const url = remoteUrl(id, file, options.remoteHost, options.remotePathTemplate);
  options.onProgress?.({ status: 'initiate', name: id, file });
  let response: Response;
  let sha256: string | null;
  let bodySignal: AbortSignal;
  try {
    ({ response, sha256, body: bodySignal } = await get(url, options.signal, options.connectTimeoutMs ?? 5000));
  } catch (error) {
    if (options.signal?.aborted) throw cancelled(id, file);
    const host = new URL(url).host;
    const reason = unreachableReason(error);
    if (reason) {
      const failure = new EngineError('network', `cannot reach ${host} to download ${id} (${reason}): check the network connection and the hub address`, {
        cause: error,
      });
      unreachable.add(failure);
      throw failure;
    }
    const failure = new EngineError('network', `could not download ${id}/${file} from ${host}: ${fetchReason(error)}`, { cause: error });
    if (error instanceof PermanentFetchError) unreachable.add(failure);
    throw failure;
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const missing = response.status === 404 || response.status === 401;
    if (!required && missing) return false;
    if (missing && file === 'config.json') {
      throw new EngineError(
        'model-files-missing',
        `model ${id} was not found on the hub (HTTP ${response.status} for config.json): check the id; private and gated repositories are not supported`,
      );
    }
    if (missing && file.startsWith('onnx/')) {
      throw new EngineError(
        'model-files-missing',
        `model ${id} has no ONNX weights (${file}) on the hub: choose a repository converted for transformers.js, or export the model with optimum-cli export onnx and choose the folder`,
      );
    }
    if (missing) throw new EngineError('model-files-missing', `model ${id} has no ${file} on the hub (HTTP ${response.status})`);
    throw new EngineError('network', `could not download ${id}/${file}: HTTP ${response.status}`);
  }
  options.onProgress?.({ status: 'download', name: id, file });
  // A body longer than announced, or than such a file can be (modelFiles.ts), is cut off.
  const total = announcedLength(response.headers);
  const limit = total || capOf(file);
  let loaded = 0;
  await makeCacheFolder(path.dirname(target), folder);
  const partial = partialName(target);
  const hash = createHash('sha256');
  const idleMs = options.bodyIdleMs ?? BODY_IDLE_MS;
  const idle = new AbortController();
  let silent: ReturnType<typeof setTimeout> | undefined;
  const listen = (): void => {
    clearTimeout(silent);
    silent = setTimeout(() => idle.abort(new Stalled()), idleMs);
  };
  listen();
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      listen();
      loaded += chunk.length;
      if (loaded > limit)
        return callback(
          new TooLong(
            total ? `the host sent more than the ${total} bytes it announced` : `it is larger than the ${limit} bytes a ${path.basename(file)} can be`,
          ),
        );
      hash.update(chunk);
      options.onProgress?.({
        status: 'progress',
        name: id,
        file,
        loaded,
        total,
        progress: total ? (loaded / total) * 100 : 0,
        fileIndex: counter.index,
        fileCount: counter.count,
      });
      callback(null, chunk);
    },
  });
  try {
    const signal = AbortSignal.any([bodySignal, idle.signal]);
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), count, createWriteStream(partial), { signal });
    if (total && loaded !== total) throw new Error(`received ${loaded} of ${total} bytes`);
  } catch (error) {
    await rm(partial, { force: true });
    if (options.signal?.aborted) throw cancelled(id, file);
    const full = diskFull(error, folder);
    if (full) throw full;
    if (error instanceof TooLong)
      throw new EngineError('model-corrupt', `download of ${id}/${file} was stopped: ${error.message}; it was not kept`, { cause: error });
    const of = total ? `${loaded} of ${total} bytes` : `${loaded} bytes`;
    if (idle.signal.aborted) {
      const failure = new EngineError('network', `download of ${id}/${file} failed: the host sent nothing for ${Math.round(idleMs / 1000)} s after ${of}`);
      unreachable.add(failure);
      throw failure;
    }
    // undici says only "terminated" (or "other side closed") when the host hangs up mid-body.
    const reason = total && loaded < total && !(error as Error).message.startsWith('received') ? `the connection closed after ${of}` : (error as Error).message;
    throw new EngineError('network', `download of ${id}/${file} failed: ${reason}`, { cause: error });
  } finally {
    clearTimeout(silent);
  }
  const digest = hash.digest('hex');
  if (sha256 && digest !== sha256) {
    await rm(partial, { force: true });
    throw new EngineError(
      'model-corrupt',
      `download of ${id}/${file} is corrupt (SHA-256 ${digest.slice(0, 12)}…, the hub says ${sha256.slice(0, 12)}…); it was not kept`,
    );
  }
  await rename(partial, target);
  options.onProgress?.({ status: 'done', name: id, file });
  return true;
}
