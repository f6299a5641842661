/**
 * Bucketed editor decorations (extension host): one TextEditorDecorationType per intensity
 * bucket, created once and disposed with the extension, applied to every visible editor of a
 * document (or to one of them: the spotlight's belong to the editor the cursor is in), and
 * recorded per document so that the integration tests (through the extension's API) can read
 * exactly which ranges got which bucket, and in which editors' columns.
 */
import * as vscode from 'vscode';
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
  /** The view columns of the editors that show a document's decorations now. */
  private readonly columns = new Map<string, (vscode.ViewColumn | undefined)[]>();

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

  /**
   * Sets the decorations of every visible editor showing `document` (an empty list clears them);
   * with `only`, of that editor alone, and the document's other editors are cleared.
   */
  apply(document: vscode.TextDocument, items: readonly { range: vscode.Range; bucket: number }[], only?: vscode.TextEditor): void {
    const uri = document.uri.toString();
    const byBucket = this.types.map((): vscode.Range[] => []);
    for (const item of items) byBucket[item.bucket]?.push(item.range);
    const painted: (vscode.ViewColumn | undefined)[] = [];
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== uri) continue;
      const paint = !only || editor === only;
      this.types.forEach((type, b) => editor.setDecorations(type, paint ? byBucket[b] : []));
      if (paint && items.length) painted.push(editor.viewColumn);
    }
    this.columns.set(uri, painted);
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

  /** Lets go of what was applied to `uri`, a document no editor shows any more (closed, or under a new name). */
  forget(uri: string): void {
    this.applied.delete(uri);
    this.columns.delete(uri);
  }

  /** What was last applied to the editors of `uri` (empty when cleared). */
  appliedTo(uri: string): readonly AppliedDecoration[] {
    return this.applied.get(uri) ?? [];
  }

  /** The view columns of the editors showing `uri`'s decorations (empty when cleared). */
  columnsOf(uri: string): readonly (vscode.ViewColumn | undefined)[] {
    return this.columns.get(uri) ?? [];
  }

  /** Applies the last recorded decorations again to `editor` (an editor that just became visible). */
  reapply(editor: vscode.TextEditor): void {
    const items = this.applied.get(editor.document.uri.toString());
    if (!items) return;
    const columns = this.columns.get(editor.document.uri.toString());
    if (columns && !columns.includes(editor.viewColumn)) columns.push(editor.viewColumn);
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
    this.columns.clear();
  }
}

/** The document offsets of an analyzed token, without the leading whitespace a byte-level token carries. */
export function tokenSpan(document: vscode.TextDocument, base: number, start: number, end: number): OffsetRange | null {
  let from = base + start;
  const to = base + end;
  const text = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(to)));
  from += text.length - text.trimStart().length;
  // A whitespace token ending between a CR and its LF reads one character short here (positions
  // cannot fall there), which left it a one-character span and an empty decoration: it has nothing to colour.
  return from < to && text.trim() !== '' ? { start: from, end: to } : null;
}

/** The range of an analyzed token in the document (tokenSpan's offsets as positions). */
export function tokenRange(document: vscode.TextDocument, base: number, start: number, end: number): vscode.Range | null {
  const span = tokenSpan(document, base, start, end);
  return span && spanRange(document, span);
}

export function spanRange(document: vscode.TextDocument, span: OffsetRange): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}
