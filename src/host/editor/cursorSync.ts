/**
 * Cursor ↔ panel sync (extension host). Moving the cursor onto a token of an analyzed range of
 * the current document version selects that token in the panel (the `focus` message); selecting
 * a token in the panel highlights it in the editor with a decoration and scrolls it into view,
 * without moving the cursor (so the two directions cannot chase each other).
 */
import * as vscode from 'vscode';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import { onDidDropDocument } from './documentTabs';
import { BucketedDecorations, tokenRange, type AppliedDecoration } from './editorDecorations';
import { SELECTED_TOKEN_COLOR } from './themeColors';
import type { PanelContent } from '../webviews/panelContent';

export class CursorSync implements vscode.Disposable {
  private readonly highlight = new BucketedDecorations([{ color: SELECTED_TOKEN_COLOR, border: true }]);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly store: AnalysisStore,
    private readonly panel: PanelContent,
  ) {
    this.subscriptions.push(
      panel.onDidSelectToken((entry, token) => this.panelSelected(entry, token)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.highlight.appliedTo(e.document.uri.toString()).length) this.highlight.apply(e.document, []);
      }),
      // Closed, or under a new name: nothing stays recorded under the old one.
      onDidDropDocument((d) => this.forget(d.uri.toString())),
    );
  }

  /** The panel selected `token` of an analysis: highlight it where it came from. */
  panelSelected(entry: StoredAnalysis, token: number | null): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === entry.uri);
    if (!document) return;
    const t = token === null ? null : entry.shown.result.tokens[token];
    if (!t || t.start === null || t.end === null || document.version !== entry.version) {
      this.highlight.apply(document, []);
      return;
    }
    const range = tokenRange(document, entry.base, t.start, t.end);
    this.highlight.apply(document, range ? [{ range, bucket: 0 }] : []);
    if (!range) return;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === document) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  appliedTo(uri: string): readonly AppliedDecoration[] {
    return this.highlight.appliedTo(uri);
  }

  /** Lets go of what was recorded for `uri`, unless a document is open under that name again. */
  private forget(uri: string): void {
    if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri && !d.isClosed)) this.highlight.forget(uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.highlight.dispose();
  }

  private cursorMoved(editor: vscode.TextEditor): void {
    if (!this.panel.visible) return;
    const { document } = editor;
    // The analysis the panel shows wins when it covers the cursor (after Compare, the decoder's, not the
    // masked run that made its guess).
    const hit = this.store.at(document.uri.toString(), document.version, document.offsetAt(editor.selection.active), this.panel.current);
    if (!hit) return;
    this.panel.focus(hit.entry, hit.token);
  }
}
