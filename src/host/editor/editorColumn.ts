/**
 * Where the panel shows a document it points into (extension host): a token revealed from the
 * panel, an occurrence of a word. Opened with no column, a document goes into the active group —
 * the panel's own, when the keyboard or the mouse is in the panel — and takes the panel's place
 * there (a hidden panel's page is discarded). So: the column where the document is on screen, else
 * where it has a tab, else the first group that is not the panel's, else a new one beside.
 */
import * as vscode from 'vscode';

export function columnFor(document: vscode.TextDocument, panelColumn: vscode.ViewColumn | undefined): vscode.ViewColumn {
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (visible?.viewColumn !== undefined) return visible.viewColumn;
  const uri = document.uri.toString();
  const groups = vscode.window.tabGroups.all.filter((g) => g.viewColumn !== panelColumn);
  const withTab = groups.find((g) => g.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri));
  return (withTab ?? groups[0])?.viewColumn ?? vscode.ViewColumn.Beside;
}
