/**
 * The command-line tool's checks at its edges (plain Node): the numbers it accepts, the input file
 * (a regular file or stdin — never a folder, FIFO, socket or device, which would block or read
 * forever), the --json target (checked writable before any model loads), and what a closed pipe
 * or a full disk on stdout does (a quiet end; one line and exit 2).
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../engine/errors';

/** Arguments that take a number accept only plain decimal digits ('', 0x5, 1e1, -1, 1.0 are refused). */
export function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n))
    throw new EngineError('bad-input', `--${name} must be a whole number ≥ 0 in decimal digits, got "${value}"`);
  return n;
}

/** A comma-separated list of whole numbers: "1,2"; empty items ("1,,2", "1,") are refused. */
export function wholeNumbers(name: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((item) => wholeNumber(name, item.trim()) as number);
}

/** What a file that is not a regular file is, in words (null for a regular file). */
function specialKind(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFile(): boolean;
}): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the disk';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOENT':
      return 'no such file or folder';
    default:
      return e.code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Reads FILE as UTF-8 after checking it is a regular file ('-' reads stdin). */
export async function readInput(file: string, stdin: AsyncIterable<unknown>): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('file-not-found', `file not found: ${file}`);
    throw new EngineError('bad-input', `cannot read ${file}: ${errnoText(error)}`);
  }
  const kind = specialKind(info);
  if (kind) throw new EngineError('bad-input', `${file} is ${kind}, not a file: give a text file, or - for stdin`);
  // Opened without blocking, then checked again: the path may have been swapped for a FIFO since.
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new EngineError('bad-input', `cannot read ${file}: ${errnoText(error)}`);
  }
  try {
    const opened = specialKind(await handle.stat());
    if (opened) throw new EngineError('bad-input', `${file} is ${opened}, not a file: give a text file, or - for stdin`);
    return await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('bad-input', `cannot read ${file}: ${errnoText(error)}`);
  } finally {
    await handle.close();
  }
}

/** Refuses a --json target that cannot be written, before any model loads. */
export async function checkWritable(target: string): Promise<void> {
  if (target === '-') return;
  const refuse = (why: string): never => {
    throw new EngineError('bad-input', `--json ${target} cannot be written: ${why}`);
  };
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : refuse(errnoText(error))));
  if (info) {
    if (info.isDirectory()) refuse('it is a folder');
    await access(target, constants.W_OK).catch((error: unknown) => refuse(errnoText(error)));
    return;
  }
  const folder = path.dirname(path.resolve(target));
  const parent = await stat(folder).catch((error: unknown) => refuse(`its folder ${folder}: ${errnoText(error)}`));
  if (!parent.isDirectory()) refuse(`${folder} is not a folder`);
  await access(folder, constants.W_OK).catch((error: unknown) => refuse(`its folder ${folder}: ${errnoText(error)}`));
}

/** The one line for a failed write of the output (stdout or --json). */
export function writeFailure(where: string, error: unknown): EngineError {
  return new EngineError('bad-input', `cannot write ${where}: ${errnoText(error)}`);
}

/**
 * stdout's failures: a closed pipe (`| head`) ends the process quietly with exit 0, any other
 * write error (a full disk: `> /dev/full`) prints one line and exits 2.
 */
export function guardStdout(stream: NodeJS.WriteStream, fail: (line: string) => void): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    fail(writeFailure('the output', error).message);
    process.exit(2);
  });
}
