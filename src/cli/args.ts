/**
 * The command-line tool's one argument parser (plain Node), shared by `analyze` (main.ts) and the
 * representation subcommands (repr.ts): the options every subcommand takes (--model, --cache-dir,
 * --precision, --offline, --help), parse errors explained in one line, and the engine settings
 * those options choose.
 *
 *   const parsed = parseCli(argv, { count: { type: 'string' } }, ['--count']);
 *   if ('error' in parsed) return refuse(parsed.error);
 *   const settings = engineSettings(parsed.values);
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EngineError } from '../engine/errors';
import { defaultCacheDir, packageRoot } from '../engine/paths';
import { EngineClient } from '../engine/workerClient';
import type { EngineSettings } from '../protocol/engineApi';
import { neutralise } from '../protocol/neutralise';
import { checkCacheDir, wholeNumber } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every subcommand takes. */
export const COMMON_OPTIONS = {
  model: { type: 'string' },
  'cache-dir': { type: 'string' },
  precision: { type: 'string' },
  offline: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export type Values = Record<string, string | boolean | undefined>;

/**
 * Parses `argv` with the common options and `extra`; a parse error comes back as one line saying what
 * is wrong. `numeric` names the options that take whole numbers: "--from -1" reads as a number.
 */
export function parseCli(
  argv: readonly string[],
  extra: Options,
  numeric: readonly string[] = [],
): { values: Values; positionals: string[] } | { error: string } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { ...COMMON_OPTIONS, ...extra } });
    return { values: values as Values, positionals };
  } catch (error) {
    // "--from -1": parseArgs takes -1 for an option and calls it ambiguous; say what is wrong.
    const option = /^Option '(--[\w-]+)/.exec((error as Error).message)?.[1];
    const value = option ? argv[argv.indexOf(option) + 1] : undefined;
    if (option && value?.startsWith('-'))
      return {
        error: numeric.includes(option)
          ? `${option} must be a whole number ≥ 0 in decimal digits, got "${value}"`
          : `${option} needs a value; to give one that starts with "-", write ${option}=${value}`,
      };
    return { error: `${(error as Error).message.split('\n')[0]} (see attention-lens --help)` };
  }
}

/** A string option's value (undefined when absent or given as a flag). */
export const text = (values: Values, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

/** The engine settings the common options choose; a bad --precision or --cache-dir is refused. */
export function engineSettings(values: Values): EngineSettings & Required<Pick<EngineSettings, 'cacheDir' | 'weights'>> {
  const weights = text(values, 'precision') ?? 'fp32';
  if (weights !== 'fp32' && weights !== 'fp16' && weights !== 'q8')
    throw new EngineError('bad-input', `--precision must be fp32, fp16 or q8, got "${weights}"`);
  const offline = values.offline === true || ['1', 'true', 'yes'].includes((process.env.HF_HUB_OFFLINE ?? '').toLowerCase());
  const chosen = text(values, 'cache-dir');
  if (chosen !== undefined) checkCacheDir(chosen);
  return { cacheDir: chosen ?? defaultCacheDir(), precision: 'float32', allowRemote: !offline, weights };
}

/** --timeout S as milliseconds (default 120 s); 0 or anything but decimal digits is refused. */
export function timeoutMs(values: Values): number {
  const seconds = wholeNumber('timeout', text(values, 'timeout')) ?? 120;
  if (seconds === 0) throw new EngineError('bad-input', '--timeout must be at least 1 (seconds)');
  return seconds * 1000;
}

/**
 * The engine every subcommand runs on: in a process of its own, stopped when --timeout S pass with
 * no reply and no progress (a hung tokenizer, a model that never answers), which in this process
 * nothing could interrupt. Throws a bad-input EngineError for a bad --precision or --timeout.
 */
export function cliEngine(values: Values): EngineClient {
  return new EngineClient({ workerPath: path.join(packageRoot(), 'dist', 'worker.cjs'), settings: engineSettings(values), timeoutMs: timeoutMs(values) });
}

/**
 * An engine refusal in the CLI's words. The engine ends a model's missing precision with "choose that
 * precision", which suits the extension (it offers a button); in a terminal the person needs the option
 * that does it: "run again with --precision fp32".
 */
export function cliWords(message: string): string {
  const m = /; it has (.+): choose that precision$/u.exec(message);
  if (!m) return message;
  const options = [...m[1].matchAll(/\b(fp32|fp16|q8) \(/gu)].map((p) => `--precision ${p[1]}`);
  return options.length ? `${message.slice(0, m.index)}; it has ${m[1]}: run again with ${options.join(' or ')}` : message;
}

/** One line on stderr: "attention-lens: " and the message in the CLI's words, neutralised (it may quote a file, a word or a model). */
export function fail(message: string): void {
  process.stderr.write(`attention-lens: ${neutralise(cliWords(message), 1000)}\n`);
}

/**
 * The exit codes, one meaning each: 0 done; 1 an unexpected error (a defect of the tool); 2 refused,
 * with one line saying why (the arguments, the input, the model, the output); 3 the engine stopped
 * before it answered (--timeout passed in silence, or its process died): the same command may
 * succeed when run again, or with a longer --timeout.
 */
export const EXIT = { done: 0, unexpected: 1, refused: 2, stopped: 3 } as const;

export const EXIT_USAGE = `exit status: ${EXIT.done} done; ${EXIT.refused} refused, with one line saying why (arguments, input, model or output);
${EXIT.stopped} the engine stopped before it answered (--timeout passed, or its process died): running again may succeed;
${EXIT.unexpected} an unexpected error (a defect: please report it).`;

/** fail, and the exit code of a refusal: 2. */
export function refuse(message: string): number {
  fail(message);
  return EXIT.refused;
}

/** One line for anything a command threw, and its exit code (EXIT). */
export function failed(error: unknown): number {
  if (!(error instanceof EngineError)) {
    fail(`unexpected error: ${(error as Error)?.message ?? String(error)}`);
    return EXIT.unexpected;
  }
  fail(error.message);
  return error.code === 'timeout' || error.code === 'worker-crashed' ? EXIT.stopped : EXIT.refused;
}

/**
 * The refusal of a value after a flag that takes none (`senses F --json out.json`, written as `analyze`
 * takes it): the value would be read as one more input file, and nothing written. Null when none.
 */
export function flagValueProblem(argv: readonly string[], flag: string): string | null {
  const at = argv.indexOf(flag);
  const next = at < 0 ? undefined : argv[at + 1];
  if (next === undefined || next.startsWith('-')) return null;
  return `${flag} takes no file here: the JSON goes to stdout (redirect it: ${flag} > FILE); put input files before ${flag}`;
}
