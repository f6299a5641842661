/**
 * One download of a hub model at a time, across processes sharing a cache (engine runtime: CLIs,
 * engines of several windows). The holder creates `<folder>.lock` exclusively and touches it every
 * HEARTBEAT_MS while it downloads; the others wait until it is gone, then find the model complete
 * (its marker) or take their turn and resume from the files already there. A lock whose holder died
 * (its pid is gone on this host) or stopped touching it for STALE_MS is moved aside and removed.
 *
 * Correctness does not rest on the lock: every file and the completion marker are written aside
 * and renamed (modelSource.ts), so a reader never sees half a file whoever writes it. The lock
 * saves the bandwidth and the disk of N copies; in the rare race where two waiters break the same
 * stale lock at once, two downloads run and the last rename of each file wins, whole.
 *
 *   const model = await withDownloadLock(folder, { signal, onWait }, () => fetchEverything());
 */
import { hostname } from 'node:os';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from './errors';
import { diskFull } from './modelFiles';
import { cannotWrite, makeCacheFolder } from './makeFolder';

export const HEARTBEAT_MS = 2000;
export const STALE_MS = 30_000;
const POLL_MS = 150;

export interface LockOptions {
  readonly signal?: AbortSignal;
  /** Called about every second while another process holds the lock (a sign of life for deadlines). */
  readonly onWait?: () => void;
  /** The model's name in a cancellation's message. */
  readonly label?: string;
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

export function lockFile(folder: string): string {
  return `${folder}.lock`;
}

/** Where a file is written before it is renamed into place: this process's own name beside it. */
export function partialName(target: string): string {
  return `${target}.partial-${process.pid}-${Date.now()}`;
}

/** Removes the partial files left in `folder` (a process that died mid-file); only the lock's holder calls it. */
export async function removePartials(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder, { recursive: true });
  } catch {
    return;
  }
  for (const name of names) if (/\.partial-\d+-\d+$/.test(name)) await rm(path.join(folder, name), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock is left over: its holder is gone from this host, or it was not touched for STALE_MS. */
async function stale(file: string): Promise<boolean> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return false; // gone: not stale, free
  }
  if (Date.now() - info.mtimeMs > STALE_MS) return true;
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
    return holder.host === hostname() && Number.isInteger(holder.pid) && !alive(holder.pid!);
  } catch {
    return false; // being written this instant: give it the benefit of the doubt
  }
}

async function tryTake(file: string): Promise<boolean> {
  try {
    await writeFile(file, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw diskFull(error, path.dirname(file)) ?? cannotWrite(error, path.dirname(file)) ?? error;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** Runs `work` holding the folder's download lock; waits (cancellably) while another process holds it. */
export async function withDownloadLock<T>(folder: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const file = lockFile(folder);
  await makeCacheFolder(path.dirname(file));
  let lastSign = 0;
  while (!(await tryTake(file))) {
    if (options.signal?.aborted) throw new EngineError('cancelled', `download of ${options.label ?? path.basename(folder)} cancelled`);
    if (await stale(file)) {
      const aside = `${file}.stale-${process.pid}-${Date.now()}`;
      // Only one waiter's rename finds it; the others see it gone and try to take it.
      const broke = await rename(file, aside).then(
        () => true,
        () => false,
      );
      if (broke) await rm(aside, { force: true });
      continue;
    }
    if (Date.now() - lastSign >= 1000) {
      lastSign = Date.now();
      options.onWait?.();
    }
    await wait(POLL_MS, options.signal);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await rm(file, { force: true });
  }
}
