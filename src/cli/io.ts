/**
 * The command-line tool's checks at its edges (plain Node): the numbers it accepts, the input file
 * (a regular file or stdin — never a folder, FIFO, socket or device, which would block or read
 * forever), the --json target (checked writable before any model loads), and what a closed pipe
 * or a full disk on stdout does (a quiet end; one line and exit 2).
 */
import { constants as bufferConstants } from 'node:buffer';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../engine/errors';
import { editorLineEnds } from '../protocol/editorText';
import { neutralName } from '../protocol/neutralise';

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

/** The most bytes read: a UTF-8 text of this many bytes always fits in a string (V8's longest, about 512 MiB). */
const MAX_INPUT_BYTES = bufferConstants.MAX_STRING_LENGTH;

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/** The refusal of an input over MAX_INPUT_BYTES (`size` when known). */
function tooLong(name: string, size?: number): EngineError {
  const what = size === undefined ? `${name} is longer than` : `${name} is ${mib(size)}, more than`;
  return new EngineError(
    'bad-input',
    `${what} the ${mib(MAX_INPUT_BYTES)} the command line reads; give it a part of the file (head -c 100M FILE | attention-lens analyze -)`,
  );
}

/** How much of the input's start is looked at to tell text from binary data. */
const SNIFF_BYTES = 65_536;
/** More than this share of the start that text would not hold: the input is not text. */
const BINARY_SHARE = 0.3;
/** C0 controls that text holds: tab, newline, vertical tab, form feed, carriage return, escape (colour codes in logs). */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);

/** Bytes of a valid UTF-8 sequence starting at `i` (0 when it is not one); a sequence cut by the end of `b` counts as valid. */
function utf8Length(b: Uint8Array, i: number): number {
  const x = b[i];
  const n = x >= 0xc2 && x <= 0xdf ? 2 : x >= 0xe0 && x <= 0xef ? 3 : x >= 0xf0 && x <= 0xf4 ? 4 : 0;
  // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
  const lo = x === 0xe0 ? 0xa0 : x === 0xf0 ? 0x90 : 0x80;
  const hi = x === 0xed ? 0x9f : x === 0xf4 ? 0x8f : 0xbf;
  for (let k = 1; k < n; k++) {
    if (i + k >= b.length) return b.length - i;
    const y = b[i + k];
    if (k === 1 ? y < lo || y > hi : (y & 0xc0) !== 0x80) return 0;
  }
  return n;
}

/** The share of `bytes` that text would not hold: NUL and other C0 controls (not TEXT_CONTROLS), and bytes of invalid UTF-8. */
export function binaryShare(bytes: Uint8Array): number {
  let odd = 0;
  for (let i = 0; i < bytes.length;) {
    const x = bytes[i];
    if (x < 0x80) {
      if (x < 0x20 && !TEXT_CONTROLS.has(x)) odd++;
      i++;
      continue;
    }
    const n = utf8Length(bytes, i);
    if (n === 0) odd++;
    i += Math.max(1, n);
  }
  return bytes.length === 0 ? 0 : odd / bytes.length;
}

/**
 * Refuses, with one line, a start of input that is UTF-16 (a byte-order mark FF FE or FE FF) or
 * binary data (a PNG, a gzip file: more than BINARY_SHARE of its first SNIFF_BYTES are NUL,
 * control bytes or invalid UTF-8).
 */
function checkStart(bytes: Buffer, name: string): void {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    throw new EngineError('bad-input', `${name} is UTF-16 text (it starts with a byte-order mark); convert it to UTF-8 first`);
  const start = bytes.subarray(0, SNIFF_BYTES);
  const share = binaryShare(start);
  if (share > BINARY_SHARE)
    throw new EngineError(
      'bad-input',
      `${name} does not look like UTF-8 text: ${Math.round(share * 100)}% of its first ${start.length} bytes are NUL, control bytes or invalid UTF-8; give a UTF-8 text file`,
    );
}

/**
 * `bytes` as UTF-8 text as the editor holds it: less a leading byte-order mark (EF BB BF), which
 * VS Code drops from a document, and with mixed line ends or lone CRs made one kind, as VS Code
 * makes them when it opens the file (editorText.ts); so offsets (--from, --to, the JSON's) and
 * what is analyzed match the editor's.
 */
function utf8(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return editorLineEnds(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

/** `bytes` as text after checkStart (utf8); text with a few odd bytes is read, each invalid one as U+FFFD. */
export function decodeText(bytes: Buffer, name: string): string {
  checkStart(bytes, name);
  return utf8(bytes);
}

/**
 * Reads `chunks` (Buffers) to their end as decodeText does, checking the start as soon as it has
 * come (an endless binary stream is refused from its first SNIFF_BYTES) and refusing more than
 * MAX_INPUT_BYTES (an endless text stream ends there).
 */
async function readText(chunks: AsyncIterable<unknown>, name: string): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  let checked = false;
  for await (const chunk of chunks) {
    parts.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw tooLong(name);
    if (!checked && size >= SNIFF_BYTES) {
      checkStart(Buffer.concat(parts), name);
      checked = true;
    }
  }
  const bytes = Buffer.concat(parts);
  // A start already checked on its way in is not scanned again.
  return checked ? utf8(bytes) : decodeText(bytes, name);
}

/** A file as a message names it: "stdin" for '-', else neutralName's (a newline in it escaped, not read as a space). */
export const fileName = (file: string): string => (file === '-' ? 'stdin' : neutralName(file));

/** Reads FILE as UTF-8 after checking it is a regular file ('-' reads stdin) and that it holds text (decodeText). */
export async function readInput(file: string, stdin: AsyncIterable<unknown>): Promise<string> {
  if (file === '-') {
    return readText(stdin, 'stdin');
  }
  const name = fileName(file);
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('file-not-found', `file not found: ${name}`);
    throw new EngineError('bad-input', `cannot read ${name}: ${errnoText(error)}`);
  }
  const kind = specialKind(info);
  if (kind) throw new EngineError('bad-input', `${name} is ${kind}, not a file: give a text file, or - for stdin`);
  if (info.size > MAX_INPUT_BYTES) throw tooLong(name, info.size);
  // Opened without blocking, then checked again: the path may have been swapped for a FIFO since.
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new EngineError('bad-input', `cannot read ${name}: ${errnoText(error)}`);
  }
  try {
    const opened = specialKind(await handle.stat());
    if (opened) throw new EngineError('bad-input', `${name} is ${opened}, not a file: give a text file, or - for stdin`);
    // Read in chunks, not readFile: a file can stat as empty and read on without end (/proc/self/pagemap).
    return await readText(handle.createReadStream({ autoClose: false, highWaterMark: SNIFF_BYTES }), name);
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('bad-input', `cannot read ${name}: ${errnoText(error)}`);
  } finally {
    await handle.close();
  }
}

/**
 * Reads each of `files` as readInput does, in order. '-' may be one of them once: stdin is read to
 * its end for it, so a second '-' would be an empty text (or, read at the same time, half of it).
 */
export async function readInputs(files: readonly string[], stdin: AsyncIterable<unknown>): Promise<string[]> {
  if (files.filter((file) => file === '-').length > 1) throw new EngineError('bad-input', "stdin ('-') can be given once; give files for the other texts");
  const texts: string[] = [];
  for (const file of files) texts.push(await readInput(file, stdin));
  return texts;
}

/** Refuses a --json target that cannot be written, before any model loads. */
export async function checkWritable(target: string): Promise<void> {
  if (target === '-') return;
  const refuse = (why: string): never => {
    throw new EngineError('bad-input', `--json ${neutralName(target)} cannot be written: ${why}`);
  };
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : refuse(errnoText(error))));
  if (info) {
    if (info.isDirectory()) refuse('it is a folder');
    await access(target, constants.W_OK).catch((error: unknown) => refuse(errnoText(error)));
    return;
  }
  const folder = path.dirname(path.resolve(target));
  const parent = await stat(folder).catch((error: unknown) => refuse(`its folder ${neutralName(folder)}: ${errnoText(error)}`));
  if (!parent.isDirectory()) refuse(`${neutralName(folder)} is not a folder`);
  await access(folder, constants.W_OK).catch((error: unknown) => refuse(`its folder ${neutralName(folder)}: ${errnoText(error)}`));
}

/**
 * Makes the --cache-dir folder if it is missing, or refuses it with one line, before any model
 * loads: an empty one (it was read as the current folder), a file or a path below one (which read
 * "ENOTDIR: not a directory, mkdir …"), one that cannot be made or written. The missing folders
 * are made one at a time: Node's recursive mkdir loops for ever where a parent refuses with ENOENT
 * (under /proc).
 */
export function checkCacheDir(folder: string): void {
  const refuse = (why: string): never => {
    throw new EngineError('bad-input', `--cache-dir ${folder.trim() === '' ? JSON.stringify(folder) : neutralName(folder)} cannot be used: ${why}`);
  };
  if (folder.trim() === '') refuse('give a folder');
  const full = path.resolve(folder);
  const missing: string[] = [];
  for (let at = full; ;) {
    try {
      if (!statSync(at).isDirectory()) refuse(at === full ? 'it is not a folder' : `${neutralName(at)} is not a folder`);
      break;
    } catch (error) {
      if (error instanceof EngineError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(at) === at) refuse(errnoText(error));
      missing.unshift(at);
      at = path.dirname(at);
    }
  }
  for (const made of missing) {
    try {
      mkdirSync(made);
    } catch (error) {
      refuse(errnoText(error));
    }
  }
  try {
    accessSync(full, constants.W_OK);
  } catch (error) {
    refuse(errnoText(error));
  }
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
