/**
 * Editor helpers of the editor-first integration tests (extension host, bundled into each test
 * file): open a sample, find and select text, wait for a condition, read a decoration's text, read
 * one head's matrix from the engine worker, and reset the workbench after each test.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/host/extension';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import { NO_CLEANING } from '../../src/protocol/views';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { api } from './host';

export async function open(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0];
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

/**
 * A new untitled editor holding `content`, active. A new untitled document takes the name the last
 * test's closed one had (Untitled-1), and under load the extension host has handed back that closed
 * document, old text and all (seen: Next Word edited "sat on the grass" into "gratass"; the labelling
 * test labelled the next-sentence test's document; a 30 s wait on the same document did not end it).
 * So each try waits a few seconds for this editor, with this text, to be the active one, then opens
 * the document again.
 */
export async function untitled(content: string, language: string): Promise<vscode.TextEditor> {
  for (let attempt = 1; ; attempt++) {
    const document = await vscode.workspace.openTextDocument({ content, language });
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const editor = await until(
      'the document to be the active editor, with its text',
      () => {
        const active = vscode.window.activeTextEditor;
        return active?.document === document && document.getText() === content && active;
      },
      3_000,
    ).catch((error: unknown) => {
      if (attempt >= 8) throw error;
      return null;
    });
    if (editor) return editor;
  }
}

export function offsetOf(editor: vscode.TextEditor, needle: string, from = 0): number {
  const at = editor.document.getText().indexOf(needle, from);
  assert.ok(at >= 0, `${needle} is in the document`);
  return at;
}

export function selectText(editor: vscode.TextEditor, needle: string): void {
  const start = offsetOf(editor, needle);
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + needle.length));
}

export async function until<T>(what: string, probe: () => T | null | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function rangeText(document: vscode.TextDocument, r: readonly [number, number, number, number]): string {
  return document.getText(new vscode.Range(r[0], r[1], r[2], r[3]));
}

/** One head's whole probability matrix of a kept analysis, as float32, from the engine worker. */
export async function headMatrix(lens: AttentionLensApi, shown: ShownAnalysis, layer: number, head: number): Promise<Float32Array> {
  const t = shown.result.attention.length;
  const reply = await lens.view('matrix', {
    key: shown.result.attention.key,
    layer,
    combine: { kind: 'head', head },
    stage: 'probs',
    cleaning: NO_CLEANING,
    rows: { start: 0, count: t },
    cols: { start: 0, count: t },
    encoding: 'f32',
  });
  assert.equal(reply.block, 1);
  return reply.data as Float32Array;
}

/** Turns the spotlight and the heatmap off and closes every editor, reverting what a test left edited. */
export async function resetWorkbench(): Promise<void> {
  await vscode.commands.executeCommand('attentionLens.toggleSpotlight', false);
  await vscode.commands.executeCommand('attentionLens.clearSurprisal');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  // Whatever a failed test left edited goes back to the file's text, so that no sample is saved changed.
  // Not the user's own files: settings.json is dirty for a moment while a test's
  // setting is written, and opening it then raced VS Code's own write ("another editor opened in the
  // meantime"), which failed this hook and skipped the rest of the file's tests.
  // (The harness's profile keeps the user's files under user-data/User: tools/vscode/codeServer.ts.)
  const own = (d: vscode.TextDocument): boolean => !d.uri.path.includes('/user-data/User/');
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && own(d))) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand(document.isUntitled ? 'workbench.action.revertAndCloseActiveEditor' : 'workbench.action.files.revert');
  }
  // A fresh layout for the next test: the panel opens beside the editor again.
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The text of every hover at a document offset, as the editor would show them (Markdown). */
export async function hoverAt(document: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(offset))) as vscode.Hover[];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Runs `command` and collects the notifications the extension shows meanwhile (and 300 ms after). */
export async function withNotices(command: string, args?: unknown): Promise<{ outcome: RunOutcome & Record<string, unknown>; shown: ShownNotice[] }> {
  const lens = await api();
  const shown: ShownNotice[] = [];
  const sub = lens.onDidNotify((n) => shown.push(n));
  try {
    const outcome = (await vscode.commands.executeCommand(command, args)) as RunOutcome & Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 300));
    return { outcome, shown };
  } finally {
    sub.dispose();
  }
}
