import path from 'node:path';
import type * as vscode from 'vscode';

/**
 * A document's name as its editor tab shows it: the file's name, or an untitled document's title
 * (`Untitled-1`; the course's copies have a path, `/unit.txt`, whose slash no tab shows), or an
 * output channel's name. Where another of the `open` documents (vscode.workspace.textDocuments) has
 * the same name, the name carries as many of its folders as tell the two apart, as VS Code's tabs
 * do (`src/a.py`, `test/a.py`): "analyzed a.py" could be either.
 *
 *   documentName(document, vscode.workspace.textDocuments) // 'a.py', or 'src/a.py' beside test/a.py
 */
export function documentName(document: vscode.TextDocument, open: readonly vscode.TextDocument[]): string {
  const name = baseName(document);
  if (document.uri.scheme === 'output') return name;
  const same = key(document);
  const mine = folders(document);
  // The same file in another scheme (a diff's side) has the same folders: no folder tells those apart.
  const twins = open
    .filter((other) => key(other) !== same && other.uri.scheme !== 'output' && baseName(other) === name)
    .map(folders)
    .filter((twin) => twin.join('/') !== mine.join('/'));
  if (twins.length === 0) return name;
  for (let n = 1; n <= mine.length; n++) {
    const tail = mine.slice(-n).join('/');
    if (twins.every((twin) => twin.slice(-n).join('/') !== tail)) return `${tail}/${name}`;
  }
  return name;
}

function baseName(document: vscode.TextDocument): string {
  const name = path.posix.basename(document.uri.path) || document.uri.path;
  // An extension's output channel is the document "extension-output-<extension id>-#<n>-<channel name>".
  return (document.uri.scheme === 'output' && name.replace(/^extension-output-.+?-#\d+-/u, '')) || name;
}

function key(document: vscode.TextDocument): string {
  return `${document.uri.scheme}:${document.uri.authority ?? ''}:${document.uri.path}`;
}

/** The folders above the document, outermost first. */
function folders(document: vscode.TextDocument): string[] {
  return path.posix.dirname(document.uri.path).split('/').filter(Boolean);
}
