/**
 * The command-line tool as a child process for the hostile suite (plain Node, tests only): runs
 * `node dist/cli.cjs …` under /usr/bin/time, so that each case can assert its exit code, its one
 * stderr line, and its time (s) and peak memory (kB). Build first: `node tools/build.mjs`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { built } from '../../support/build';
import { scratch } from '../../support/paths';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock seconds and peak resident memory in kB, as /usr/bin/time measured them. */
  readonly seconds: number;
  readonly kb: number;
}

const times = scratch('lens-hostile-time-');
let runs = 0;

/**
 * Runs the CLI with `args`. `stdout`: 'pipe' (collected), or a shell redirection target such as
 * '/dev/full' (the child's stdout opened on it). `input` goes to stdin; `env` adds variables.
 */
export function cli(
  args: readonly string[],
  options: { input?: string | Buffer; stdout?: 'pipe' | string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  const timeFile = path.join(times, `run-${process.pid}-${runs++}.txt`);
  const command = ['-f', '%e %M', '-o', timeFile, process.execPath, built('cli.cjs'), ...args];
  return new Promise((resolve, reject) => {
    const redirect = options.stdout && options.stdout !== 'pipe' ? options.stdout : null;
    const child = redirect
      ? spawn('/bin/sh', ['-c', `exec /usr/bin/time "$@" > "${redirect}"`, 'sh', ...command], { env: { ...process.env, ...options.env } })
      : spawn('/usr/bin/time', command, { env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => {
      clearTimeout(timer);
      let seconds = Number.NaN;
      let kb = Number.NaN;
      try {
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        [seconds, kb] = last.split(' ').map(Number);
        rmSync(timeFile, { force: true });
      } catch {
        // killed before /usr/bin/time wrote: NaN says so
      }
      // /usr/bin/time reports "Command exited with non-zero status N" in its -o file only.
      resolve({ code, stdout, stderr, seconds, kb });
    });
  });
}

/** The one-line failure contract: exit 2, exactly one line on stderr starting "attention-lens: ", no control characters. */
export function oneLine(run: CliRun): string {
  const lines = run.stderr.split('\n');
  if (run.code !== 2 || lines.length !== 2 || lines[1] !== '' || !lines[0].startsWith('attention-lens: ') || /[\p{Cc}\p{Cf}]/u.test(lines[0]))
    throw new Error(`expected exit 2 and one clean stderr line, got exit ${run.code} and ${JSON.stringify(run.stderr)}`);
  return lines[0];
}
