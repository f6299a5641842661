// Running the built CLI as a child process, for the CLI tests: its exit code and both streams, with a cache
// folder of the test's own; and the check of a refusal (exit 2, nothing on stdout, one line on stderr).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { built } from '../../support/build';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI with `--cache-dir cache` after the given arguments; `input` goes to its stdin. */
export function cliWith(cache: string): (args: string[], input?: string) => CliRun {
  return (args, input) => {
    const r = spawnSync(process.execPath, [built('cli.cjs'), ...args, '--cache-dir', cache], { encoding: 'utf8', input });
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
