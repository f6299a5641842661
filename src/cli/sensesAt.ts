/**
 * `senses --at [FILE:]LINE:COL` (plain Node): the occurrence to analyze whatever the cap, as the
 * editor's cursor is. Past MAX_OCCURRENCES the engine reads the first ones; the occurrence that
 * holds `at` takes the last one's place. LINE and COL count from 1, COL in characters (UTF-16
 * units, as editors show them); FILE, one of the files given, is needed when there are several.
 *
 *   const at = parseAt('3:10', files);        // { file: 0, line: 3, column: 10 } or { error }
 *   const request = atOffset(at, texts[at.file]); // { source, offset } or { error }
 */
import { neutralName, neutralise } from '../protocol/neutralise';

export interface AtPlace {
  readonly file: number;
  readonly line: number;
  readonly column: number;
}

/** `value` as a place in one of `files`, or why it is none (refused before any model loads). */
export function parseAt(value: string, files: readonly string[]): AtPlace | { error: string } {
  const m = /^(?:([^]*):)?(\d+):(\d+)$/.exec(value);
  const line = Number(m?.[2]);
  const column = Number(m?.[3]);
  if (!m || line < 1 || column < 1) return { error: `--at must be LINE:COL or FILE:LINE:COL, counting from 1, got "${neutralise(value, 80)}"` };
  if (m[1] === undefined) {
    if (files.length > 1) return { error: `--at needs FILE:LINE:COL when there are ${files.length} files` };
    return { file: 0, line, column };
  }
  const file = files.indexOf(m[1]);
  if (file < 0) return { error: `--at names "${neutralName(m[1], 80)}", which is not one of the files given` };
  return { file, line, column };
}

/** The request's `at` for `place` in `text`, or why it is outside the text. */
export function atOffset(place: AtPlace, text: string): { source: number; offset: number } | { error: string } {
  const lines = text.split('\n');
  if (place.line > lines.length) return { error: `--at line ${place.line}: the text has ${lines.length} lines` };
  const width = lines[place.line - 1].replace(/\r$/, '').length;
  if (place.column > width) return { error: `--at line ${place.line}, column ${place.column}: the line has ${width} characters` };
  let offset = 0;
  for (let i = 0; i < place.line - 1; i++) offset += lines[i].length + 1;
  return { source: place.file, offset: offset + place.column - 1 };
}
