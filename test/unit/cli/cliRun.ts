// Running the built CLI as a child process, for the CLI tests: its exit code and both streams, with a cache
// folder of the test's own; and the check of a refusal (exit 2, nothing on stdout, one line on stderr).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { built } from '../../support/build';

export interface CliRun {
  /** Always a number: a run that ended without one throws (see cliWith). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Room for the largest --json a test asks for (200 occurrences' senses are about 1.4 MB; spawnSync's default is 1 MiB). */
const MAX_BUFFER = 256 * 1024 * 1024;

/**
 * The CLI with `--cache-dir cache` after the given arguments; `input` goes to its stdin. A run that
 * did not end with an exit code (its output cut at `maxBuffer`, a signal) throws, saying why:
 * its streams are then partial and its code null.
 */
export function cliWith(cache: string, { maxBuffer = MAX_BUFFER }: { maxBuffer?: number } = {}): (args: string[], input?: string) => CliRun {
  return (args, input) => {
    const r = spawnSync(process.execPath, [built('cli.cjs'), ...args, '--cache-dir', cache], { encoding: 'utf8', input, maxBuffer });
    if (r.status === null) {
      const command = ['attention-lens', ...args].join(' ');
      const why =
        (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOBUFS'
          ? `its output passed ${maxBuffer} bytes (ENOBUFS)`
          : (r.error?.message ?? `killed by ${r.signal}`);
      throw new Error(`${command} did not finish: ${why}; stderr: ${((r.stderr as string | null) ?? '').slice(0, 2000) || '(empty)'}`);
    }
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}

/** Writes `text` to `name` in `folder` and returns its path. */
export function writeIn(folder: string, name: string, text: string): string {
  const p = path.join(folder, name);
  writeFileSync(p, text);
  return p;
}

/** A refusal: exit 2, nothing on stdout, one line on stderr, "attention-lens: …" matching `pattern`. */
export function refused(r: CliRun, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^attention-lens: /);
  assert.match(lines[0], pattern);
}
