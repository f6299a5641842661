/**
 * Makes a folder and its missing parents, one at a time (plain Node). `mkdir(dir, { recursive: true })`
 * loops for ever where a parent refuses with ENOENT (a folder under /proc), which hung a download
 * into such a model cache; this ends with that ENOENT.
 *
 *   await makeFolder(path.join(cacheDir, 'hub', 'org'));
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

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
