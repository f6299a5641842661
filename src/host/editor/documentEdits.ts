/**
 * Editing the document a command works on (extension host): where Next Word and Continue go on from
 * the cursor, one undoable edit that reports whether the text really changed, and which documents
 * take no edits at all (read-only and virtual ones), so that Mask Word, Next Word and the panel's
 * Insert refuse them before the model runs.
 */
import * as vscode from 'vscode';
import { documentName } from '../analyses/documentName';
import { tabDocuments } from './documentTabs';
import { forDocument } from '../../protocol/neutralise';
import { cursorContext, type CursorContext } from '../commands/cursorContext';
import { t } from '../l10n';

/** Where a command goes on from `active` in `document` (cursorContext.ts), read around it only, never the whole text. */
export function cursorAt(document: vscode.TextDocument, active: vscode.Position): CursorContext {
  const read = (start: number, end: number): string => document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end)));
  // The end of the last line: its offset is the document's length (no whole read to count it).
  const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  return cursorContext(read, document.offsetAt(active), length);
}

/**
 * A model's texts (fillers, next words, a preview) as they may go into a document: a vocabulary can
 * hold bidi overrides and isolates (Trojan Source), ESC or NUL, which the quick pick shows as escapes
 * but an edit would write unseen into the code. They are left out (forDocument) and said: `notice`
 * names them (null: there were none); `empty`: some text held nothing else, so nothing is inserted.
 * Left out rather than refused: the visible text is what the person chose in the list.
 */
export function modelTexts(texts: readonly string[]): { readonly texts: readonly string[]; readonly notice: string | null; readonly empty: boolean } {
  const clean = texts.map(forDocument);
  const removed = [...new Set(clean.flatMap((c) => c.removed))];
  const empty = clean.some((c, i) => c.removed.length > 0 && c.text.trim() === '' && texts[i].trim() !== '');
  const list = removed.slice(0, 8).join(' ') + (removed.length > 8 ? ' …' : '');
  const notice =
    removed.length === 0
      ? null
      : empty
        ? t("The model's text holds nothing but invisible, control or incomplete characters ({0}); nothing was put in the document.", list)
        : t("The model's text held invisible, control or incomplete characters ({0}); they were left out of what went into the document.", list);
  return { texts: clean.map((c) => c.text), notice, empty };
}

/**
 * What became of an edit: made (`done`), refused with the text as it was (`refused`: a read-only
 * document), or refused because the text changed since it was asked (`changed`: an edit of the
 * person's reached the editor first, and the editor refuses an edit of an older version).
 */
export type EditOutcome = 'done' | 'refused' | 'changed';

/** Called just before an edit is applied (tests land an edit of their own there: `changed`). */
let beforeEdit: ((document: vscode.TextDocument) => void) | null = null;

export function onWillEditDocument(hook: ((document: vscode.TextDocument) => void) | null): void {
  beforeEdit = hook;
}

/**
 * Applies `edit` to `document` as one ordinary, undoable editor edit: in a visible editor of it,
 * or in one opened for it (a panel sharing the column may have hidden the editor). Not a
 * WorkspaceEdit, which may save a file it applies to. `done` only when the text changed: a read-only
 * document (a content provider's) answers an edit with true and keeps its text.
 */
export async function editDocument(
  document: vscode.TextDocument,
  edit: (builder: vscode.TextEditorEdit) => void,
  column?: vscode.ViewColumn,
): Promise<EditOutcome> {
  const version = document.version;
  const outcome = async (applying: Thenable<boolean>): Promise<EditOutcome> => {
    const moved = document.version;
    const applied = await applying;
    // Made: the version moved past the one it was asked of. Refused while it moved: another edit came first.
    if (applied && document.version !== moved) return 'done';
    return document.version !== version ? 'changed' : 'refused';
  };
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  beforeEdit?.(document);
  let done: EditOutcome | undefined;
  if (visible) {
    try {
      done = await outcome(visible.edit(edit));
    } catch {
      // The editor went away meanwhile (hidden by the panel): open one below.
    }
  }
  if (done === undefined) {
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false });
    if (document.version !== version) return 'changed';
    done = await outcome(editor.edit(edit));
  }
  if (done !== 'refused' || document.uri.scheme !== 'vscode-notebook-cell') return done;
  // A notebook's Markdown cell shown rendered answers its editor's edit with true and keeps its text;
  // the notebook takes the same edit as a workspace edit (a cell is always open: nothing is saved).
  return outcome(vscode.workspace.applyEdit(asWorkspaceEdit(document, edit)));
}

/** The edits `edit` makes through an editor's builder, as a workspace edit of `document`. */
function asWorkspaceEdit(document: vscode.TextDocument, edit: (builder: vscode.TextEditorEdit) => void): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  const range = (where: vscode.Position | vscode.Range | vscode.Selection): vscode.Range =>
    where instanceof vscode.Position ? new vscode.Range(where, where) : where;
  edit({
    replace: (where, text) => workspaceEdit.replace(document.uri, range(where), text),
    insert: (at, text) => workspaceEdit.insert(document.uri, at, text),
    delete: (where) => workspaceEdit.delete(document.uri, where),
    setEndOfLine: (eol) => workspaceEdit.set(document.uri, [vscode.TextEdit.setEndOfLine(eol)]),
  });
  return workspaceEdit;
}

/**
 * Schemes with no file system whose documents still take edits: untitled files, notebook cells, the
 * interactive window's input, the source control and comment input boxes, the walkthrough snippets.
 */
const EDITABLE_WITHOUT_FILE_SYSTEM: ReadonlySet<string> = new Set([
  'untitled',
  'vscode-notebook-cell',
  'vscode-interactive-input',
  'vscode-scm',
  'comment',
  'walkThroughSnippet',
]);

/**
 * A document whose file system takes no writes (a read-only provider, a Git revision), that has no
 * file system at all (a content provider's virtual document, an output channel) and is none of the
 * editable kinds above, or that the `files.readonlyInclude` setting makes read-only (generated code,
 * a vendored folder) and `files.readonlyExclude` does not exempt: Mask Word and Next Word refuse it
 * before running the model. (An editor made read-only for the session is not visible to the API;
 * editDocument then says that nothing changed.)
 */
export function isReadOnly(document: vscode.TextDocument): boolean {
  const writable = vscode.workspace.fs.isWritableFileSystem(document.uri.scheme);
  if (writable === false || (writable === undefined && !EDITABLE_WITHOUT_FILE_SYSTEM.has(document.uri.scheme))) return true;
  return !document.isUntitled && matchesSetting(document, 'readonlyInclude') && !matchesSetting(document, 'readonlyExclude');
}

/**
 * Whether a glob that `files.<key>` turns on matches the document, as the editor reads them: a
 * relative glob against the document's workspace folder, an absolute one (or one outside any
 * folder) against the whole path.
 */
function matchesSetting(document: vscode.TextDocument, key: 'readonlyInclude' | 'readonlyExclude'): boolean {
  const globs = vscode.workspace.getConfiguration('files', document.uri).get<unknown>(key);
  if (typeof globs !== 'object' || globs === null) return false;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return Object.entries(globs).some(([glob, on]) => {
    if (on !== true) return false;
    const pattern = folder && !isAbsoluteGlob(glob) ? new vscode.RelativePattern(folder, glob) : glob;
    return vscode.languages.match({ pattern }, document) > 0;
  });
}

function isAbsoluteGlob(glob: string): boolean {
  return glob.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(glob) || glob.startsWith('**');
}

export function readOnlyMessage(document: vscode.TextDocument): string {
  return t('{0} is read-only: nothing can be inserted or replaced in it.', documentName(document, tabDocuments()));
}
