/**
 * Model references that name a folder (engine runtime, pure; the host reaches it through
 * modelSource.ts): decided from the syntax alone, never by looking at the disk.
 */
import os from 'node:os';
import path from 'node:path';

/**
 * Whether a model reference names a folder, from its syntax alone: an absolute path, or one that
 * starts with `./`, `../` or `~` (`.` and `..` too). Anything else is a hub id, even when a folder
 * of that name exists here — a cloned repository must not replace the hub model a person chose.
 */
export function isFolderRef(ref: string): boolean {
  return path.isAbsolute(ref) || /^[A-Za-z]:[\\/]/.test(ref) || /^(~|\.{1,2})($|[\\/])/.test(ref);
}

/** A folder reference relative to where it is read (`./x`, `../x`): the caller must say relative to what. */
export function isRelativeFolderRef(ref: string): boolean {
  return /^\.{1,2}($|[\\/])/.test(ref.trim());
}

/** The folder a folder reference names: `~` is the home folder, a relative one is taken from `base`. */
export function folderOf(ref: string, base: string = process.cwd()): string {
  const home = /^~($|[\\/])/.test(ref) ? path.join(os.homedir(), ref.slice(1)) : ref;
  return path.resolve(base, home);
}
