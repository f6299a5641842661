/**
 * The tabs that show text documents (extension host). Closing a document's last tab does not close
 * the document for extensions (VS Code may hold it for minutes, and onDidCloseTextDocument waits
 * till then), but for the person it is closed: `watchDocumentTabs` says when the last tab showing a
 * document closes, and when a tab shows one again; `onDidDropDocument`, when a document is closed for good.
 */
import * as vscode from 'vscode';

/** The documents a tab shows: a text editor's, both sides of a diff's. */
function tabDocumentsOf(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff) return [input.original, input.modified];
  return [];
}

function tabUris(tab: vscode.Tab): string[] {
  return tabDocumentsOf(tab).map(String);
}

/** The documents the tabs show, of every group (a name tells its document from theirs: documentName.ts). */
export function tabDocuments(): vscode.Uri[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.flatMap(tabDocumentsOf));
}

export function watchDocumentTabs(closed: (uri: string) => void, shown: (uri: string) => void): vscode.Disposable {
  return vscode.window.tabGroups.onDidChangeTabs((e) => {
    // A tab moved to another group closes and opens: its document is still shown.
    const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs.flatMap(tabUris)));
    // A tab of a document being renamed, or of an untitled one being saved as a file, shows it under its new name: not closed (watchDocumentMoves).
    for (const uri of new Set(e.closed.flatMap(tabUris))) if (!open.has(uri) && !renaming(uri) && !savedAs(uri)) closed(uri);
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

/** A document under a new name: the one that took its place, and its own version then (its text's). */
export interface Move {
  readonly to: vscode.TextDocument;
  readonly version: number;
}

/** The moves heard (a retry of the closed document's command goes to its successor). */
const moves = new WeakMap<vscode.TextDocument, Move>();
/** Untitled documents whose text a file was just saved with: the move, if they close within MOVE_MS. */
const saving = new Map<vscode.TextDocument, Move & { readonly at: number }>();
const MOVE_MS = 2_000;
/** Untitled documents closed because they were saved as a file (watchDocumentMoves), and when. */
const saved = new Map<string, number>();
/** Files and folders being renamed (onWillRenameFiles), and when. */
const renames = new Map<string, number>();

function renaming(uri: string): boolean {
  const now = Date.now();
  for (const [from, at] of renames) if (now - at > MOVE_MS) renames.delete(from);
  return [...renames.keys()].some((from) => uri === from || uri.startsWith(`${from}/`));
}

/**
 * Whether the untitled document `uri` was just saved as a file: it closes, then its tab gives way
 * to the file's, and the tab's close must not read as the person's (the document's own close,
 * heard a moment later through onDidDropDocument, may come after it under load).
 */
function savedAs(uri: string): boolean {
  const now = Date.now();
  for (const [from, at] of saved) if (now - at > MOVE_MS) saved.delete(from);
  return saved.has(uri);
}

function openDocument(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === uri);
}

/**
 * Hears documents taking a new name, so that what describes them follows (registered once, at
 * activation): a file or folder renamed (`onDidRenameFiles`: the new document opens before the old
 * one closes), and an untitled document saved as a file (the file opens and is saved with its
 * text, then the untitled one closes, emptied). Only these: another open document with the same
 * text (a copy, another empty untitled one) never takes a closed one's place.
 */
export function watchDocumentMoves(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.onWillRenameFiles((e) => {
      for (const { oldUri } of e.files) renames.set(oldUri.toString(), Date.now());
    }),
    vscode.workspace.onDidRenameFiles((e) => {
      for (const { oldUri, newUri } of e.files) {
        const [from, to] = [oldUri.toString(), newUri.toString()];
        for (const document of vscode.workspace.textDocuments) {
          const uri = document.uri.toString();
          if (document.isClosed || (uri !== from && !uri.startsWith(`${from}/`))) continue;
          const successor = openDocument(to + uri.slice(from.length));
          if (successor && successor.getText() === document.getText()) moves.set(document, { to: successor, version: document.version });
        }
      }
    }),
    vscode.workspace.onDidSaveTextDocument((saved) => {
      if (saved.isUntitled) return;
      const now = Date.now();
      for (const [document, move] of saving) if (now - move.at > MOVE_MS) saving.delete(document);
      const text = saved.getText();
      for (const d of vscode.workspace.textDocuments)
        if (d.isUntitled && !d.isClosed && d.getText() === text) saving.set(d, { to: saved, version: d.version, at: now });
    }),
    vscode.workspace.onDidCloseTextDocument((closed) => {
      const move = saving.get(closed);
      saving.delete(closed);
      if (!move || Date.now() - move.at > MOVE_MS) return;
      moves.set(closed, { to: move.to, version: move.version });
      saved.set(closed.uri.toString(), Date.now());
      // One file takes one document's place: another untitled one with the same text stays itself.
      for (const [document, other] of saving) if (other.to === move.to) saving.delete(document);
    }),
  );
}

/**
 * Whether `e` is VS Code emptying an untitled document whose text a file was just saved with (saved
 * as): it reverts the untitled one before closing it. Not an edit of the person's: what describes
 * the text (colours, labels) is about to follow it to the file, and must not be cleared or moved.
 */
export function isLeaving(e: vscode.TextDocumentChangeEvent): boolean {
  const move = saving.get(e.document);
  return move !== undefined && Date.now() - move.at <= MOVE_MS && e.document.getText() === '';
}

/** The move of a document closed for good, if it took a new name (watchDocumentMoves); undefined: a plain close. */
export function movedTo(document: vscode.TextDocument): Move | undefined {
  const move = moves.get(document);
  return move && !move.to.isClosed ? move : undefined;
}

/**
 * The document that took a closed one's place: an untitled document saved as a file, or a file
 * renamed (watchDocumentMoves). undefined: none (a plain close). The move is heard when it happens:
 * a document that merely has the same text is not one.
 */
export function successorOf(document: vscode.TextDocument): vscode.TextDocument | undefined {
  return movedTo(document)?.to;
}
