/**
 * Model references in settings (pure; extension host and unit tests). A folder is decided by
 * syntax alone (modelSource.ts isFolderRef); a relative one (`./models/x`) means the workspace's
 * folder, and only in a trusted workspace: elsewhere it stays relative and is refused.
 */
import { folderOf, isRelativeFolderRef } from '../../engine/modelSource';

/** `ref` with a relative folder made absolute against `workspace` when the workspace is trusted. */
export function workspaceFolderRef(ref: string, trusted: boolean, workspace: string | undefined): string {
  if (!isRelativeFolderRef(ref) || !trusted || !workspace) return ref;
  return folderOf(ref, workspace);
}
