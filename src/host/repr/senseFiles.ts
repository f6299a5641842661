/**
 * The texts Word Senses reads (extension host): the active document, or files the user picks in
 * the open dialog, read within bounds (MAX_SENSE_TEXTS files, MAX_FILE_BYTES each; a file that is
 * not text, as fileText.ts reads it, is left out), with one line for each thing left out. A picked file already open
 * in an editor is read as the editor has it. Each source keeps the text the engine read, so that a
 * reveal can tell whether the file has changed since.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { MAX_SENSE_TEXTS } from '../../protocol/reprViews';
import { t } from '../l10n';
import { decodeText, notTextBecause } from './fileText';

/** One text Word Senses read: where it is, its short name, and the text as read. */
export interface SenseSource {
  readonly uri: vscode.Uri;
  readonly name: string;
  readonly text: string;
}

/** The largest file read (bytes). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The open dialog for the files to search; undefined when the user cancels. */
export async function pickSenseFiles(): Promise<readonly vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: t('Find the word in these files'),
    title: t('Word senses: pick the files to search (at most {0})', MAX_SENSE_TEXTS),
    filters: { [t('Text files')]: ['txt', 'md', 'markdown', 'rst', 'tex', 'text', 'csv', 'tsv'], [t('All files')]: ['*'] },
  });
}

/**
 * The files a caller names in the command's arguments: Uris from a script or the tests, absolute
 * paths from a keybinding's args (JSON, which holds no Uri). Undefined when none are named (the open
 * dialog asks); null when `files` is not a list of those (the command says so: a string or a
 * relative path would otherwise be read character by character, or from wherever VS Code runs).
 */
export function namedSenseFiles(files: unknown): vscode.Uri[] | null | undefined {
  if (files === undefined) return undefined;
  if (!Array.isArray(files)) return null;
  const uris = files.map((f: unknown) => (f instanceof vscode.Uri ? f : typeof f === 'string' && path.isAbsolute(f) ? vscode.Uri.file(f) : null));
  return uris.every((u) => u !== null) ? uris : null;
}

/** Reads the picked files within the bounds; `notices` says what was left out (file names neutralised by the notifier). */
export async function readSenseFiles(uris: readonly vscode.Uri[]): Promise<{ sources: SenseSource[]; notices: string[] }> {
  const notices: string[] = [];
  const taken = uris.slice(0, MAX_SENSE_TEXTS);
  if (uris.length > taken.length) notices.push(t('Word senses read {0} of {1} files (at most {2}).', taken.length, uris.length, MAX_SENSE_TEXTS));
  const sources: SenseSource[] = [];
  for (const uri of taken) {
    const name = path.basename(uri.path);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      sources.push({ uri, name, text: open.getText() });
      continue;
    }
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_FILE_BYTES) {
        notices.push(t('{0} is larger than {1} MiB: left out.', name, MAX_FILE_BYTES / 1048576));
        continue;
      }
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      notices.push(t('{0} could not be read: left out.', name));
      continue;
    }
    const text = decodeText(bytes);
    if (text === null)
      notices.push(
        notTextBecause(bytes) === 'binary'
          ? t('{0} is not text: left out.', name)
          : t('{0} is not UTF-8 text (another encoding, such as Windows-1252?): left out. Save it as UTF-8 to search it.', name),
      );
    else sources.push({ uri, name, text });
  }
  return { sources, notices };
}

/** The 1-based line of character `at` of `text`. */
export function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
