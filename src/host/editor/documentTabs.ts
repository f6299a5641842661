/**
 * The tabs that show text documents (extension host). Closing a document's last tab does not close
 * the document for extensions (VS Code may hold it for minutes, and onDidCloseTextDocument waits
 * till then), but for the person it is closed: `watchDocumentTabs` says when the last tab showing a
 * document closes, and when a tab shows one again; `onDidDropDocument`, when a document is closed for good.
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

/**
 * A document closed for good, not one the editor closed and opened again as it was: changing a
 * document's language closes it and opens it again at once, with the same text and version, and
 * what describes it (its analyses, the panel, its colours and labels) is still true of it. (VS Code
 * keeps the same document object then; a file opened again from disk with other text is another.)
 */
export function onDidDropDocument(listener: (document: vscode.TextDocument) => void): vscode.Disposable {
  return vscode.workspace.onDidCloseTextDocument((closed) => {
    const uri = closed.uri.toString();
    const { version } = closed;
    const text = closed.getText();
    // The editor opens it again in the same batch of changes: look once that batch is through.
    setTimeout(() => {
      const again = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri && !d.isClosed);
      if (!again || again.version !== version || again.getText() !== text) listener(closed);
    }, 0);
  });
}

/** The successors found so far (a retry of the closed document's command goes to its successor). */
const successors = new WeakMap<vscode.TextDocument, vscode.TextDocument>();

/**
 * The document that took a closed one's place: an untitled document saved as a file, or a file
 * renamed, closes, and the same text (`text`, the closed one's as it was read: an untitled document
 * is emptied as it closes) is open under the new name. Without `text`, the one found before.
 * undefined: none (a plain close).
 */
export function successorOf(document: vscode.TextDocument, text?: string): vscode.TextDocument | undefined {
  const known = successors.get(document);
  if (known && !known.isClosed) return known;
  if (text === undefined) return undefined;
  const uri = document.uri.toString();
  const found = vscode.workspace.textDocuments.find((d) => !d.isClosed && !d.isUntitled && d.uri.toString() !== uri && d.getText() === text);
  if (found) successors.set(document, found);
  return found;
}
