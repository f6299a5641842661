/**
 * Loads a course pack folder (extension host, free of `vscode` so that it is unit-tested in Node):
 * pack.json checked against the format and the glossary, the files it points to checked too, and
 * every problem reported at once. The built-in pack lives in media/course/<language>/.
 *
 *   const loaded = await loadPack(path.join(extensionPath, 'media/course/es'), glossaryIds);
 *   loaded.read(loaded.pack.units[0].setup.sample)   // the unit's text
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CourseError, checkPackFiles, parsePack, type CoursePack } from '../../protocol/course/pack';
import type { Translate } from '../../protocol/locale';

/** Pack files are small texts; anything larger is not one (and is not read whole). */
const MAX_FILE_BYTES = 1_000_000;

export interface LoadedPack {
  readonly folder: string;
  readonly pack: CoursePack;
  /** A file of the pack (already read and checked). */
  read(file: string): string;
}

async function readSmall(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return null;
    // Less a leading byte-order mark (editors on Windows write one), as VS Code drops it: JSON.parse refuses it.
    return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** The built-in pack's folder for a language ('es' or anything else: 'en'). */
export function builtInPackFolder(extensionPath: string, language: string): string {
  return path.join(extensionPath, 'media', 'course', language === 'es' ? 'es' : 'en');
}

export async function loadPack(folder: string, glossary: ReadonlySet<string> | null): Promise<LoadedPack> {
  const packFile = path.join(folder, 'pack.json');
  const text = await readSmall(packFile);
  if (text === null) throw new CourseError((t: Translate) => t('{0}: not found, or not a readable file under 1 MB', packFile));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CourseError((t: Translate) => t('{0}: not valid JSON ({1})', packFile, error instanceof Error ? error.message : String(error)));
  }
  const pack = parsePack(json, packFile, glossary);
  const files = new Map<string, string>();
  for (const unit of pack.units) {
    for (const file of [unit.file, unit.setup.sample, ...(unit.question.labelled === undefined ? [] : [unit.question.labelled])]) {
      if (files.has(file)) continue;
      const content = await readSmall(path.join(folder, file));
      if (content !== null) files.set(file, content);
    }
  }
  const problems = checkPackFiles(pack, (file) => files.get(file) ?? null);
  if (problems.length > 0) throw new CourseError((t: Translate) => `${packFile}: ${problems.map((say) => say(t)).join('; ')}`);
  return { folder, pack, read: (file) => files.get(file) ?? '' };
}
