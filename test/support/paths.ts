/** Paths and scratch folders shared by the tests (plain Node). */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'models');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** A fresh temporary folder, removed when the process exits. */
export function scratch(prefix = 'lens-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
