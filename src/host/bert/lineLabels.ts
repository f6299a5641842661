/**
 * The labels a user gives lines for live fine-tuning, per document, and their decorations
 * (extension host): a labelled line shows its label after its text; after fine-tuning, each
 * unlabelled line shows the head's label and probability, fainter. Labels follow their lines when
 * lines are added or removed above them; the predictions describe one version of the text and go
 * at the first edit. A document under a new name (renamed, saved as) keeps both there.
 */
import * as vscode from 'vscode';
import { neutralise } from '../../protocol/neutralise';
import { isLeaving, movedTo, onDidDropDocument } from '../editor/documentTabs';

/** Lines labelled in one document, at most (a lesson, not a data set). */
export const MAX_LABELLED = 2000;

export class LineLabels implements vscode.Disposable {
  private readonly labels = new Map<string, Map<number, string>>();
  private readonly predictions = new Map<string, Map<number, string>>();
  private readonly labelled = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontWeight: 'bold' },
  });
  private readonly predicted = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.labelled,
      this.predicted,
      vscode.workspace.onDidChangeTextDocument((e) => this.edited(e)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.paintAll()),
      onDidDropDocument((d) => {
        const [uri, to] = [d.uri.toString(), movedTo(d)?.to.uri.toString()];
        for (const map of [this.labels, this.predictions]) {
          const held = map.get(uri);
          map.delete(uri);
          if (to && held) map.set(to, held);
        }
        if (to) this.paintAll();
      }),
    ];
  }

  /** The labels of a document: line → label. */
  of(uri: string): ReadonlyMap<number, string> {
    return this.labels.get(uri) ?? new Map();
  }

  /** Every label used in the document, in order of first use. */
  names(uri: string): string[] {
    return [...new Set(this.of(uri).values())];
  }

  /** Labels (or, with null, unlabels) lines; false when the document would hold too many. */
  set(uri: string, lines: readonly number[], label: string | null): boolean {
    let map = this.labels.get(uri);
    if (!map) this.labels.set(uri, (map = new Map()));
    for (const line of lines) {
      if (label === null) map.delete(line);
      else if (map.size < MAX_LABELLED || map.has(line)) map.set(line, label);
      else return false;
    }
    this.predictions.get(uri)?.clear();
    this.paintAll();
    return true;
  }

  clear(uri: string): void {
    this.labels.delete(uri);
    this.predictions.delete(uri);
    this.paintAll();
  }

  /** The head's labels for unlabelled lines, shown until the next edit. */
  predict(uri: string, lines: ReadonlyMap<number, string>): void {
    this.predictions.set(uri, new Map(lines));
    this.paintAll();
  }

  /** What the editor shows for a document (tests): line → text after the line, labelled and predicted. */
  shown(uri: string): { labelled: [number, string][]; predicted: [number, string][] } {
    return { labelled: [...this.of(uri)].sort((a, b) => a[0] - b[0]), predicted: [...(this.predictions.get(uri) ?? [])].sort((a, b) => a[0] - b[0]) };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private edited(e: vscode.TextDocumentChangeEvent): void {
    const uri = e.document.uri.toString();
    // Saved as a file, the untitled document is emptied before it closes: its labels and predictions go to the file.
    if (e.contentChanges.length === 0 || isLeaving(e)) return;
    this.predictions.delete(uri);
    const map = this.labels.get(uri);
    if (map && map.size > 0) {
      // Changes come last-first in the document: each shifts the labels below it.
      for (const change of e.contentChanges) {
        const added = (change.text.match(/\n/g) ?? []).length - (change.range.end.line - change.range.start.line);
        if (added === 0) continue;
        // Text inserted at the very start of a line pushes that line down too.
        const pushes = change.range.isEmpty && change.range.start.character === 0;
        const moved = [...map].map(([line, label]): [number, string] | null => {
          if (line < change.range.start.line || (line === change.range.start.line && !pushes)) return [line, label];
          if (line <= change.range.end.line && added < 0) return null;
          return [line + added, label];
        });
        map.clear();
        for (const entry of moved) if (entry) map.set(entry[0], entry[1]);
      }
    }
    this.paintAll();
  }

  private paintAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const uri = editor.document.uri.toString();
      const lines = editor.document.lineCount;
      const options = (map: ReadonlyMap<number, string> | undefined, format: (label: string) => string): vscode.DecorationOptions[] =>
        [...(map ?? [])]
          .filter(([line]) => line < lines)
          .map(([line, label]) => {
            const end = editor.document.lineAt(line).range.end;
            return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: format(neutralise(label, 80)) } } };
          });
      editor.setDecorations(
        this.labelled,
        options(this.labels.get(uri), (label) => `◆ ${label}`),
      );
      editor.setDecorations(
        this.predicted,
        options(this.predictions.get(uri), (label) => `→ ${label}`),
      );
    }
  }
}
