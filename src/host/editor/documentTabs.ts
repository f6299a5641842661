/**
 * The tabs that show text documents (extension host). Closing a document's last tab does not close
 * the document for extensions (VS Code may hold it for minutes, and onDidCloseTextDocument waits
 * till then), but for the person it is closed: `watchDocumentTabs` says when the last tab showing a
 * document closes, and when a tab shows one again.
 */
import * as vscode from 'vscode';

/** The documents a tab shows: a text editor's, both sides of a diff's. */
function tabUris(tab: vscode.Tab): string[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return [input.uri.toString()];
  if (input instanceof vscode.TabInputTextDiff) return [input.original.toString(), input.modified.toString()];
  return [];
}

export function watchDocumentTabs(closed: (uri: string) => void, shown: (uri: string) => void): vscode.Disposable {
  return vscode.window.tabGroups.onDidChangeTabs((e) => {
    // A tab moved to another group closes and opens: its document is still shown.
    const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs.flatMap(tabUris)));
    for (const uri of new Set(e.closed.flatMap(tabUris))) if (!open.has(uri)) closed(uri);
    for (const uri of new Set(e.opened.flatMap(tabUris))) shown(uri);
  });
}
