/**
 * Bucketed editor decorations (extension host): one TextEditorDecorationType per intensity
 * bucket, created once and disposed with the extension, applied to every visible editor of a
 * document, and recorded per document so that the integration tests (through the extension's
 * API) can read exactly which ranges got which bucket.
 */
import * as vscode from 'vscode';
import { documentName } from '../analyses/analysisRunner';
import { t } from '../l10n';
import type { OffsetRange } from './buckets';

export interface AppliedDecoration {
  /** [startLine, startCharacter, endLine, endCharacter]. */
  readonly range: readonly [number, number, number, number];
  readonly bucket: number;
  /** The decorated text, for tests and logs. */
  readonly text: string;
}

export interface BucketStyle {
  /** A contributed theme colour (themeColors.ts): the background, and the outline with `border`. */
  readonly color: string;
  readonly border?: boolean;
}

export class BucketedDecorations implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[];
  private readonly applied = new Map<string, AppliedDecoration[]>();

  constructor(styles: readonly BucketStyle[]) {
    this.types = styles.map((s) =>
      vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor(s.color),
        ...(s.border ? { outlineColor: new vscode.ThemeColor(s.color), outlineStyle: 'solid', outlineWidth: '1px' } : {}),
        borderRadius: '2px',
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      }),
    );
  }

  /** Sets the decorations of every visible editor showing `document` (an empty list clears them). */
  apply(document: vscode.TextDocument, items: readonly { range: vscode.Range; bucket: number }[]): void {
    const uri = document.uri.toString();
    const byBucket = this.types.map((): vscode.Range[] => []);
    for (const item of items) byBucket[item.bucket]?.push(item.range);
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri) continue;
      this.types.forEach((type, b) => editor.setDecorations(type, byBucket[b]));
    }
    if (items.length === 0) this.applied.delete(uri);
    else
      this.applied.set(
        uri,
        items.map(({ range, bucket }) => ({
          range: [range.start.line, range.start.character, range.end.line, range.end.character],
          bucket,
          text: document.getText(range),
        })),
      );
  }

  /** What was last applied to the editors of `uri` (empty when cleared). */
  appliedTo(uri: string): readonly AppliedDecoration[] {
    return this.applied.get(uri) ?? [];
  }

  /** Applies the last recorded decorations again to `editor` (an editor that just became visible). */
  reapply(editor: vscode.TextEditor): void {
    const items = this.applied.get(editor.document.uri.toString());
    if (!items) return;
    this.types.forEach((type, b) =>
      editor.setDecorations(
        type,
        items.filter((i) => i.bucket === b).map((i) => new vscode.Range(i.range[0], i.range[1], i.range[2], i.range[3])),
      ),
    );
  }

  dispose(): void {
    for (const t of this.types) t.dispose();
    this.applied.clear();
  }
}

/** The document offsets of an analyzed token, without the leading whitespace a byte-level token carries. */
export function tokenSpan(document: vscode.TextDocument, base: number, start: number, end: number): OffsetRange | null {
  let from = base + start;
  const to = base + end;
  const text = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(to)));
  from += text.length - text.trimStart().length;
  return from < to ? { start: from, end: to } : null;
}

/** The range of an analyzed token in the document (tokenSpan's offsets as positions). */
export function tokenRange(document: vscode.TextDocument, base: number, start: number, end: number): vscode.Range | null {
  const span = tokenSpan(document, base, start, end);
  return span && spanRange(document, span);
}

export function spanRange(document: vscode.TextDocument, span: OffsetRange): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

/**
 * Applies `edit` to `document` as one ordinary, undoable editor edit: in a visible editor of it,
 * or in one opened for it (a panel sharing the column may have hidden the editor). Not a
 * WorkspaceEdit, which may save a file it applies to. True only when the text changed: a read-only
 * document (a content provider's) answers an edit with true and keeps its text.
 */
export async function editDocument(
  document: vscode.TextDocument,
  edit: (builder: vscode.TextEditorEdit) => void,
  column?: vscode.ViewColumn,
): Promise<boolean> {
  const version = document.version;
  const changed = (applied: boolean): boolean => applied && document.version !== version;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  let done: boolean | undefined;
  if (visible) {
    try {
      done = changed(await visible.edit(edit));
    } catch {
      // The editor went away meanwhile (hidden by the panel): open one below.
    }
  }
  if (done === undefined) {
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false });
    done = changed(await editor.edit(edit));
  }
  if (done || document.uri.scheme !== 'vscode-notebook-cell') return done;
  // A notebook's Markdown cell shown rendered answers its editor's edit with true and keeps its text;
  // the notebook takes the same edit as a workspace edit (a cell is always open: nothing is saved).
  return changed(await vscode.workspace.applyEdit(asWorkspaceEdit(document, edit)));
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
 * A document whose file system takes no writes (a read-only provider, a Git revision), or that has
 * no file system at all (a content provider's virtual document, an output channel) and is none of
 * the editable kinds above: Mask Word and Next Word refuse it before running the model. (An editor
 * made read-only by a setting or for the session is not visible to the API; editDocument then says
 * that nothing changed.)
 */
export function isReadOnly(document: vscode.TextDocument): boolean {
  const writable = vscode.workspace.fs.isWritableFileSystem(document.uri.scheme);
  return writable === false || (writable === undefined && !EDITABLE_WITHOUT_FILE_SYSTEM.has(document.uri.scheme));
}

export function readOnlyMessage(document: vscode.TextDocument): string {
  return t('{0} is read-only: nothing can be inserted or replaced in it.', documentName(document));
}
