/**
 * Shared by the reliability hostile tests (plain Node): a model whose tokenizer hangs (a
 * pre-tokenizer regex with catastrophic backtracking), and the CLI run as a child process under
 * `/usr/bin/time`, which reports its elapsed seconds and peak memory.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';
import { HANGING_TEXT, writeBacktrackingTokenizerModel } from '../../../tools/fixtures/hostileModels';

/** A copy of tiny-gpt2 whose tokenizer backtracks catastrophically on HANGING_TEXT (tools/fixtures/hostileModels.ts). */
export function hangingTokenizerModel(): string {
  return writeBacktrackingTokenizerModel(fixture('tiny-gpt2'), path.join(scratch('lens-hostile-'), 'backtracking-gpt2'));
}

export { HANGING_TEXT };

export interface TimedRun {
  readonly code: number | null;
  readonly stdout: string;
  /** stderr without /usr/bin/time's own last line. */
  readonly stderr: string;
  readonly seconds: number;
  /** Peak resident memory, MB. */
  readonly peakMB: number;
}

/** Runs the bundled CLI under `/usr/bin/time -f '%e %M'`. */
export function timedCli(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, built('cli.cjs'), ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stderr.split('\n');
      const at = lines.map((l) => l.startsWith('TIME ')).lastIndexOf(true);
      if (at < 0) return reject(new Error(`no /usr/bin/time line in: ${stderr}`));
      const [, seconds, kb] = lines[at].split(' ');
      lines.splice(at, 1);
      // /usr/bin/time reports a child killed by a signal with a line of its own ("Command terminated by signal 9").
      const rest = lines.filter((l) => !l.startsWith('Command '));
      resolve({ code, stdout, stderr: rest.join('\n'), seconds: Number(seconds), peakMB: Number(kb) / 1024 });
    });
  });
}
