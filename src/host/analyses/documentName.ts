import path from 'node:path';
import type * as vscode from 'vscode';
import { neutralName } from '../../protocol/neutralise';

/** What a name is read from: a document's address (a vscode.Uri's scheme, authority and path). */
type Address = Pick<vscode.Uri, 'scheme' | 'path'> & { readonly authority?: string };

/**
 * A document's name as its editor tab shows it: the file's name, or an untitled document's title
 * (`Untitled-1`; the course's copies have a path, `/unit.txt`, whose slash no tab shows), or an
 * output channel's name. Where a document that another tab shows (`tabs`: documentTabs.ts's
 * tabDocuments) has the same name, the name carries as many of its folders as tell the two apart,
 * as VS Code's tabs do (`src/a.py`, `test/a.py`): "analyzed a.py" could be either. Neutralised as
 * a name (neutralName): a newline in it reads `\x0A`, not as a space.
 *
 *   documentName(document, tabDocuments()) // 'a.py', or 'src/a.py' beside a tab of test/a.py
 */
export function documentName(document: vscode.TextDocument, tabs: readonly Address[]): string {
  return neutralName(tabName(document.uri, tabs));
}

function tabName(uri: Address, tabs: readonly Address[]): string {
  const name = baseName(uri);
  if (uri.scheme === 'output') return name;
  const same = key(uri);
  const mine = folders(uri);
  // The same file in another scheme (a diff's side) has the same folders: no folder tells those apart.
  const twins = tabs
    .filter((other) => key(other) !== same && other.scheme !== 'output' && baseName(other) === name)
    .map(folders)
    .filter((twin) => twin.join('/') !== mine.join('/'));
  if (twins.length === 0) return name;
  for (let n = 1; n <= mine.length; n++) {
    const tail = mine.slice(-n).join('/');
    if (twins.every((twin) => twin.slice(-n).join('/') !== tail)) return `${tail}/${name}`;
  }
  return name;
}

function baseName(uri: Address): string {
  const name = path.posix.basename(uri.path) || uri.path;
  // An extension's output channel is the document "extension-output-<extension id>-#<n>-<channel name>".
  return (uri.scheme === 'output' && name.replace(/^extension-output-.+?-#\d+-/u, '')) || name;
}

function key(uri: Address): string {
  return `${uri.scheme}:${uri.authority ?? ''}:${uri.path}`;
}

/** The folders above the document, outermost first. */
function folders(uri: Address): string[] {
  return path.posix.dirname(uri.path).split('/').filter(Boolean);
}
