import path from 'node:path';
import type * as vscode from 'vscode';

/**
 * A document's name as its editor tab shows it: the file's name, or an untitled document's title
 * (`Untitled-1`; the course's copies have a path, `/unit.txt`, whose slash no tab shows), or an
 * output channel's name.
 */
export function documentName(document: vscode.TextDocument): string {
  const name = path.posix.basename(document.uri.path) || document.uri.path;
  // An extension's output channel is the document "extension-output-<extension id>-#<n>-<channel name>".
  return (document.uri.scheme === 'output' && name.replace(/^extension-output-.+?-#\d+-/u, '')) || name;
}
