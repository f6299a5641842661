/**
 * Model references in settings (pure; extension host and unit tests). A folder is decided by
 * syntax alone (modelSource.ts isFolderRef); a relative one (`./models/x`) means the workspace's
 * folder, and only in a trusted workspace with one folder: elsewhere it stays relative and is
 * refused, with why (`relativeRefProblem`). In a multi-root workspace no root is "the" workspace
 * folder (the first one is only the first listed), so the message names the roots.
 *
 *   workspaceFolderRef('./m', true, [{ name: 'app', path: '/ws/app' }])   // '/ws/app/m'
 *   relativeRefProblem('./m', true, [app, docs])   // '… several folders (app, docs): give an absolute path'
 */
import path from 'node:path';
import { folderOf, isRelativeFolderRef } from '../../engine/modelSource';
import { neutralName } from '../../protocol/neutralise';
import { t } from '../l10n';

/** A folder of the workspace: its name as the Explorer shows it, and its path on disk. */
export interface WorkspaceRoot {
  readonly name: string;
  readonly path: string;
}

/**
 * `ref` in the one form that says which model it is: a relative folder made absolute against the
 * workspace's one folder when the workspace is trusted, and every folder that can be read as one
 * path (absolute, or under `~`) normalised — `/m/./x/`, `/m/x` and `~/…` name one folder, so one
 * model: the freshness check, the analysis cache and "same model" (ablation, continuation) compare
 * this form, and the engine loads each model once under it.
 */
export function workspaceFolderRef(ref: string, trusted: boolean, roots: readonly WorkspaceRoot[]): string {
  if (path.isAbsolute(ref) || /^~($|[\\/])/.test(ref)) return folderOf(ref);
  if (!isRelativeFolderRef(ref) || !trusted || roots.length !== 1) return ref;
  return folderOf(ref, roots[0].path);
}

/** Why `ref` (after workspaceFolderRef) cannot be read: null when it is not a relative folder. */
export function relativeRefProblem(ref: string, trusted: boolean, roots: readonly WorkspaceRoot[]): string | null {
  if (!isRelativeFolderRef(ref)) return null;
  // Names, escaped as names are (a newline as \x0A): the notification's one line would make it a space, another folder's name.
  const folder = neutralName(ref);
  if (!trusted) return t('the model folder {0} is relative to the workspace, which is not trusted: trust the workspace or give an absolute path', folder);
  if (roots.length > 1) {
    const names = roots.map((r) => neutralName(r.name)).join(', ');
    return t('the model folder {0} is relative, and this workspace has several folders ({1}): give an absolute path', folder, names);
  }
  return t('the model folder {0} is relative, and no workspace folder is open: give an absolute path', folder);
}
