/** Makes sure the bundles exist before a test uses them (plain Node). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

export function built(file: string): string {
  const full = path.join(ROOT, 'dist', file);
  if (!existsSync(full)) execFileSync(process.execPath, [path.join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  return full;
}
