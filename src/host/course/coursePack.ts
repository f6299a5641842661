/**
 * Loads a course pack folder (extension host, free of `vscode` so that it is unit-tested in Node):
 * pack.json checked against the format and the glossary, the files it points to checked too, and
 * every problem reported at once. Files are read as the editor reads them (repr/fileText.ts: UTF-8,
 * or UTF-16 by its byte-order mark); one in another encoding is named as not UTF-8. The built-in pack lives in media/course/<language>/.
 *
 *   const loaded = await loadPack(path.join(extensionPath, 'media/course/es'), glossaryIds);
 *   loaded.read(loaded.pack.units[0].setup.sample)   // the unit's text
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CourseError, checkPackFiles, parsePack, type CoursePack, type Say } from '../../protocol/course/pack';
import type { Translate } from '../../protocol/locale';
import { decodeText, notTextBecause } from '../repr/fileText';

/** Pack files are small texts; anything larger is not one (and is not read whole). */
const MAX_FILE_BYTES = 1_000_000;

export interface LoadedPack {
  readonly folder: string;
  readonly pack: CoursePack;
  /** A file of the pack (already read and checked). */
  read(file: string): string;
}

/** A pack file's text, or why it could not be read as text. */
type Read = { readonly text: string } | { readonly unread: 'missing' | 'binary' | 'encoding' };

/**
 * A pack file as the editor would hold it (fileText.ts: UTF-8, or UTF-16 by its byte-order mark,
 * the mark dropped, which JSON.parse refuses), or why not.
 */
async function readSmall(file: string): Promise<Read> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return { unread: 'missing' };
    bytes = await readFile(file);
  } catch {
    return { unread: 'missing' };
  }
  const text = decodeText(bytes);
  return text === null ? { unread: notTextBecause(bytes) } : { text };
}

/** What to say of a file that exists but is not text the pack can read. */
function unreadable(file: string, why: 'binary' | 'encoding'): Say {
  return why === 'binary'
    ? (t: Translate) => t('{0}: not a text file', file)
    : (t: Translate) => t('{0}: not UTF-8 text (another encoding, such as Windows-1252?); save it as UTF-8', file);
}

/** The built-in pack's folder for a language ('es' or anything else: 'en'). */
export function builtInPackFolder(extensionPath: string, language: string): string {
  return path.join(extensionPath, 'media', 'course', language === 'es' ? 'es' : 'en');
}

export async function loadPack(folder: string, glossary: ReadonlySet<string> | null): Promise<LoadedPack> {
  const packFile = path.join(folder, 'pack.json');
  const read = await readSmall(packFile);
  if ('unread' in read) {
    const { unread } = read;
    if (unread === 'missing') throw new CourseError((t: Translate) => t('{0}: not found, or not a readable file under 1 MB', packFile));
    throw new CourseError(unreadable(packFile, unread));
  }
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (error) {
    throw new CourseError((t: Translate) => t('{0}: not valid JSON ({1})', packFile, error instanceof Error ? error.message : String(error)));
  }
  const pack = parsePack(json, packFile, glossary);
  const files = new Map<string, string>();
  const seen = new Set<string>();
  const unread: Say[] = [];
  for (const unit of pack.units) {
    for (const file of [unit.file, unit.setup.sample, ...(unit.question.labelled === undefined ? [] : [unit.question.labelled])]) {
      if (seen.has(file)) continue;
      seen.add(file);
      const content = await readSmall(path.join(folder, file));
      if (!('unread' in content)) files.set(file, content.text);
      else if (content.unread !== 'missing') unread.push(unreadable(file, content.unread));
    }
  }
  // The checks below read the texts: one not read as text would only add "missing" and "not in" to what is said here.
  if (unread.length > 0) throw new CourseError((t: Translate) => `${packFile}: ${unread.map((say) => say(t)).join('; ')}`);
  const problems = checkPackFiles(pack, (file) => files.get(file) ?? null);
  if (problems.length > 0) throw new CourseError((t: Translate) => `${packFile}: ${problems.map((say) => say(t)).join('; ')}`);
  return { folder, pack, read: (file) => files.get(file) ?? '' };
}
