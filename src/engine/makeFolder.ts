/**
 * Makes a folder and its missing parents, one at a time (plain Node). `mkdir(dir, { recursive: true })`
 * loops for ever where a parent refuses with ENOENT (a folder under /proc), which hung a download
 * into such a model cache; this ends with that ENOENT.
 *
 *   await makeFolder(path.join(cacheDir, 'hub', 'org'));
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from './errors';
import { diskFull } from './modelFiles';
import { shownPath } from './paths';

/** mkdir of one folder; one that is there already (as a folder) is fine. */
async function makeOne(folder: string): Promise<void> {
  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw error;
  }
}

export async function makeFolder(folder: string): Promise<void> {
  try {
    return await makeOne(folder);
  } catch (error) {
    const parent = path.dirname(folder);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === folder) throw error;
  }
  await makeFolder(path.dirname(folder));
  await makeOne(folder);
}

/** Node's codes for a folder that cannot be made, in words. */
const UNMAKEABLE: Readonly<Record<string, string>> = {
  ENOENT: 'its parent takes no new folders',
  ENOTDIR: 'a file is in the way',
  EEXIST: 'a file of that name is there',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
};

/**
 * A model cache folder that cannot be made as the error a person can act on — the folder and the
 * setting that moves the cache — or null for any other error (Node's raw "ENOENT: no such file or
 * directory, mkdir '…'" said neither). The code is disk-full's: nothing can be stored there.
 */
export function cannotMake(error: unknown, folder: string): EngineError | null {
  const { code, path: refused } = (error as NodeJS.ErrnoException | null) ?? {};
  if (!code || !UNMAKEABLE[code]) return null;
  return new EngineError(
    'disk-full',
    `the model cache folder ${shownPath(refused ?? folder)} cannot be made (${UNMAKEABLE[code]}): choose another folder with the attentionLens.cacheDir setting (--cache-dir for the command line)`,
    { cause: error },
  );
}

/** makeFolder for the model cache: a full disk or a folder that cannot be made, in words (`folder` names it). */
export function makeCacheFolder(folder: string, named = folder): Promise<void> {
  return makeFolder(folder).catch((error: unknown) => Promise.reject(diskFull(error, named) ?? cannotMake(error, named) ?? error));
}

/**
 * A model cache folder that is there but cannot be written (a read-only disk, another user's
 * folder) as the error a person can act on, or null for any other error: Node's raw
 * "EACCES: permission denied, open '…/model.lock'" named neither the folder nor the setting.
 */
export function cannotWrite(error: unknown, folder: string): EngineError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') return null;
  return new EngineError(
    'disk-full',
    `the model cache folder ${shownPath(folder)} cannot be written (${UNMAKEABLE[code]}): choose another folder with the attentionLens.cacheDir setting (--cache-dir for the command line)`,
    { cause: error },
  );
}
