// A document that closes while its analysis runs (a slow model from a stand-in hub), in the real
// extension host. Closed by the person: the analysis stops at once (its progress with it) and nothing
// is said. An untitled document saved as a file meanwhile: the same text is there under the new
// name, so the person is told once, with Analyze Again, which analyzes the saved file. Another open
// document with the same text is not taken for the closed one's new name. A document renamed, or
// an untitled one saved under a name, after its analysis: the analysis follows it to its new name.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench, until, untitled } from './editorHelpers';
import { writeFileSync } from 'node:fs';
import type { PostedMessage } from '../../src/host/webviews/webviewConnection';
import { api, next } from './host';
import { slowHubDecoder } from './slowHub';

const TEXT = 'The river bank was steep, so we sat on the grass and watched the water.\n';

/** Starts Analyze Selection on the whole of `editor` and resolves once the slow model loads. */
async function analyzing(editor: vscode.TextEditor): Promise<{ running: Thenable<RunOutcome> }> {
  const lens = await api();
  editor.selection = new vscode.Selection(0, 0, 0, TEXT.length - 1);
  const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading' && s.kind === 'decoder', 30_000);
  const running = vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>;
  await loading;
  // Wrapped: an async function returning the thenable itself would wait for it.
  return { running };
}

describe('A document closed during its analysis', function () {
  this.timeout(150_000);
  afterEach(() => resetWorkbench());

  it('closed by the person: the analysis stops at once and says nothing', async () => {
    const lens = await api();
    const hub = await slowHubDecoder();
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      const editor = await untitled(TEXT, 'plaintext');
      const { running } = await analyzing(editor);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await until('the document to close', () => editor.document.isClosed, 10_000);
      const closedAt = Date.now();
      const outcome = await running;
      // The slow model takes a minute and more to come: the analysis did not wait for it.
      assert.ok(Date.now() - closedAt < 10_000, `the analysis ran on for ${Date.now() - closedAt} ms after its document closed`);
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      assert.equal(outcome.code, 'cancelled');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(shown, [], 'the person closed it: nothing to say');
    } finally {
      sub.dispose();
      await hub.stop();
    }
  });

  it('closed by the person while a file with the same text is open: that file is not taken for its new name', async () => {
    const lens = await api();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'lens-copy-'));
    const copy = vscode.Uri.file(path.join(folder, 'copy.txt'));
    writeFileSync(copy.fsPath, TEXT);
    const hub = await slowHubDecoder();
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(copy), vscode.ViewColumn.Two);
      const editor = await untitled(TEXT, 'plaintext');
      const { running } = await analyzing(editor);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await until('the document to close', () => editor.document.isClosed, 10_000);
      const outcome = await running;
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        shown.map((n) => n.message),
        [],
        'the person closed it: nothing to say',
      );
    } finally {
      sub.dispose();
      await hub.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('an untitled document saved as a file: said once, and Analyze Again analyzes the file', async () => {
    const lens = await api();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'lens-saved-'));
    const file = vscode.Uri.file(path.join(folder, 'notes.txt'));
    const hub = await slowHubDecoder();
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    let stopped = false;
    try {
      // An untitled document with a path saves there without a dialog.
      const document = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), TEXT)));
      const { running } = await analyzing(editor);
      assert.ok(await document.save(), 'saved');
      const savedAt = Date.now();
      const outcome = await running;
      assert.ok(Date.now() - savedAt < 10_000, `the analysis ran on for ${Date.now() - savedAt} ms after its document was saved`);
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      await until('the notice', () => shown.length > 0, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0].message, /was saved as notes\.txt during the analysis, so nothing was shown/);
      assert.deepEqual(shown[0].actions, ['Analyze Again']);
      // The embedded model again (quick), then Analyze Again: the saved file is analyzed.
      await hub.stop();
      stopped = true;
      const before = lens.lastAnalysisId() ?? 0;
      assert.ok(lens.chooseInNotification(shown[0].id, 'Analyze Again'));
      const id = await until('the saved file’s analysis', () => ((lens.lastAnalysisId() ?? 0) > before ? lens.lastAnalysisId() : null), 60_000);
      assert.equal(lens.analysis(id!)?.document.uri, file.toString());
    } finally {
      sub.dispose();
      if (!stopped) await hub.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('A document under a new name after its analysis', function () {
  this.timeout(120_000);
  let folder = '';
  beforeEach(() => (folder = mkdtempSync(path.join(os.tmpdir(), 'lens-moved-'))));
  afterEach(async () => {
    await resetWorkbench();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Analyzes the whole of `editor`'s text; the analysis' id, once the panel shows it. */
  async function analyzed(editor: vscode.TextEditor): Promise<number> {
    const lens = await api();
    const posted: PostedMessage[] = [];
    const sub = lens.onDidPostToWebview((m) => posted.push(m));
    try {
      editor.selection = new vscode.Selection(0, 0, 0, TEXT.length - 1);
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const shows = (m: PostedMessage): boolean => m.view === 'panel' && m.method === 'analysis' && (m.params as { id: number }).id === outcome.analysisId;
      await until('the panel to show the analysis', () => posted.some(shows), 30_000);
      return outcome.analysisId;
    } finally {
      sub.dispose();
    }
  }

  /** The open document named `uri`, once it is open. */
  function opened(uri: vscode.Uri): Promise<vscode.TextDocument> {
    return until(`${uri.fsPath} to open`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed), 10_000);
  }

  /** Our hover's text at `needle` of `document` ('' when there is none). */
  async function hoverAt(document: vscode.TextDocument, needle: string): Promise<string> {
    const at = document.positionAt(document.getText().indexOf(needle) + 2);
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, at)) as vscode.Hover[];
    return hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .filter((c) => c.includes('Attention Lens'))
      .join('\n');
  }

  /** Moves the document (`move`), and checks that analysis `id` follows it to `target` and the panel does not call it closed. */
  async function assertFollows(id: number, move: () => Thenable<boolean>, target: vscode.Uri): Promise<void> {
    const lens = await api();
    const posted: PostedMessage[] = [];
    const sub = lens.onDidPostToWebview((m) => posted.push(m));
    try {
      assert.ok(await move(), 'moved');
      const document = await opened(target);
      // The close is heard a moment after the new name opens.
      await new Promise((r) => setTimeout(r, 500));
      await followed(id, document, posted);
    } finally {
      sub.dispose();
    }
  }

  async function followed(id: number, document: vscode.TextDocument, posted: readonly PostedMessage[]): Promise<void> {
    const lens = await api();
    const closed = posted.filter((m) => m.view === 'panel' && m.method === 'closed' && (m.params as { closed: boolean }).closed);
    assert.deepEqual(
      closed,
      [],
      `the panel calls the document closed: ${posted.map((m) => m.view + '.' + m.method + JSON.stringify(m.params).slice(0, 80)).join(' ')}`,
    );
    const named = posted.filter((m) => m.view === 'panel' && m.method === 'analysis').map((m) => (m.params as { document: { uri: string } }).document.uri);
    assert.equal(named.at(-1), document.uri.toString(), `the panel does not name the new document: ${posted.map((m) => m.view + '.' + m.method).join(' ')}`);
    assert.equal(lens.analysis(id)?.document.uri, document.uri.toString(), 'the analysis is not of the new name');
    assert.equal(lens.lastAnalysisId(), id);
    assert.match(await hoverAt(document, 'steep'), /Attention Lens/, 'no hover on the document under its new name');
  }

  it('an untitled document saved under a name: its analysis follows it', async () => {
    const file = vscode.Uri.file(path.join(folder, 'saved.txt'));
    const document = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), TEXT)));
    const id = await analyzed(editor);
    await assertFollows(id, () => document.save(), file);
  });

  it('a file renamed: its analysis follows it', async () => {
    const from = vscode.Uri.file(path.join(folder, 'before.txt'));
    const to = vscode.Uri.file(path.join(folder, 'after.txt'));
    writeFileSync(from.fsPath, TEXT);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(from), vscode.ViewColumn.One);
    const id = await analyzed(editor);
    // The spotlight on, from the cursor's word: it lights up the document under its new name too.
    const at = editor.document.positionAt(TEXT.indexOf('steep') + 2);
    editor.selection = new vscode.Selection(at, at);
    assert.equal(await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true), true);
    const lens = await api();
    await until('the spotlight', () => lens.decorations(from.toString()).spotlight.length > 0, 10_000);
    // A token selected in the panel: the editor highlights it.
    assert.ok(lens.postFromPanel('token', { analysisId: id, token: 3 }), 'the panel is open');
    await until('the panel’s token highlighted', () => lens.decorations(from.toString()).highlight.length > 0, 5_000);
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    await assertFollows(id, () => vscode.workspace.applyEdit(edit), to);
    await until('the spotlight under the new name', () => lens.decorations(to.toString()).spotlight.length > 0, 5_000);
    // Nothing stays recorded under the old name (it would be reported, and repainted, for a document opened there later).
    await until(
      'no spotlight or highlight left under the old name',
      () => {
        const old = lens.decorations(from.toString());
        return old.spotlight.length === 0 && old.highlight.length === 0;
      },
      5_000,
    );
  });

  it('a file renamed after a continuation: its preview still goes in, into the file under its new name', async () => {
    const from = vscode.Uri.file(path.join(folder, 'continued.txt'));
    const to = vscode.Uri.file(path.join(folder, 'continued-renamed.txt'));
    writeFileSync(from.fsPath, TEXT);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(from), vscode.ViewColumn.One);
    const at = editor.document.positionAt(TEXT.indexOf('steep') + 'steep'.length);
    editor.selection = new vscode.Selection(at, at);
    const preview = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 2 })) as RunOutcome & { previewId?: number; text?: string };
    assert.ok(preview.ok && preview.previewId && preview.text, JSON.stringify(preview));
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit), 'moved');
    const document = await opened(to);
    await new Promise((r) => setTimeout(r, 500));
    const inserted = (await vscode.commands.executeCommand('attentionLens.insertPreview', { previewId: preview.previewId })) as RunOutcome;
    assert.ok(inserted.ok, JSON.stringify(inserted));
    const offset = TEXT.indexOf('steep') + 'steep'.length;
    assert.equal(document.getText(), TEXT.slice(0, offset) + preview.text + TEXT.slice(offset));
  });

  it('a file renamed with lines labelled: the labels and predictions follow it', async () => {
    const lens = await api();
    const from = vscode.Uri.file(path.join(folder, 'labelled.txt'));
    const to = vscode.Uri.file(path.join(folder, 'labelled-renamed.txt'));
    writeFileSync(from.fsPath, TEXT + 'Another line.\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(from), vscode.ViewColumn.One);
    assert.ok(lens.bert.labels.set(from.toString(), [0], 'river'));
    lens.bert.labels.predict(from.toString(), new Map([[1, 'other']]));
    const shown = lens.bert.labels.shown(from.toString());
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit), 'moved');
    await opened(to);
    await until('the labels under the new name', () => lens.bert.labels.shown(to.toString()).labelled.length > 0, 5_000);
    assert.deepEqual(lens.bert.labels.shown(to.toString()), shown);
    assert.deepEqual(lens.bert.labels.shown(from.toString()), { labelled: [], predicted: [] });
    lens.bert.labels.clear(to.toString());
  });

  /** A new untitled document named after `file` (saving it writes `file`, no dialog), holding TEXT, shown. */
  async function untitledFor(file: vscode.Uri, text = TEXT): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), text)));
    return editor;
  }

  it('an untitled document saved under a name with the heatmap on: its colours follow it, none stay under the old name', async () => {
    const lens = await api();
    const file = vscode.Uri.file(path.join(folder, 'hot-saved.txt'));
    const editor = await untitledFor(file);
    const from = editor.document.uri.toString();
    editor.selection = new vscode.Selection(0, 0, 0, TEXT.length - 1);
    const outcome = (await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const before = lens.decorations(from).surprisal;
    assert.ok(before.length > 0, 'no heatmap');
    assert.ok(await editor.document.save(), 'saved');
    await opened(file);
    await until('the heatmap under the new name', () => lens.decorations(file.toString()).surprisal.length > 0, 10_000);
    assert.deepEqual(lens.decorations(file.toString()).surprisal, before, 'the same colours, on the same text');
    await until('no colours left under the untitled name', () => lens.decorations(from).surprisal.length === 0, 5_000);
  });

  it('an untitled document saved under a name with lines labelled: the labels and predictions follow it', async () => {
    const lens = await api();
    const file = vscode.Uri.file(path.join(folder, 'labelled-saved.txt'));
    const editor = await untitledFor(file, TEXT + 'Another line.\n');
    const from = editor.document.uri.toString();
    assert.ok(lens.bert.labels.set(from, [0], 'river'));
    lens.bert.labels.predict(from, new Map([[1, 'other']]));
    const shown = lens.bert.labels.shown(from);
    assert.ok(await editor.document.save(), 'saved');
    await opened(file);
    await until('the labels under the new name', () => lens.bert.labels.shown(file.toString()).labelled.length > 0, 5_000);
    assert.deepEqual(lens.bert.labels.shown(file.toString()), shown);
    assert.deepEqual(lens.bert.labels.shown(from), { labelled: [], predicted: [] });
    lens.bert.labels.clear(file.toString());
  });

  it('an untitled document saved under a name after a continuation: its preview goes into the file', async () => {
    const file = vscode.Uri.file(path.join(folder, 'continued-saved.txt'));
    const editor = await untitledFor(file);
    const offset = TEXT.indexOf('steep') + 'steep'.length;
    editor.selection = new vscode.Selection(editor.document.positionAt(offset), editor.document.positionAt(offset));
    const preview = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 2 })) as RunOutcome & { previewId?: number; text?: string };
    assert.ok(preview.ok && preview.previewId && preview.text, JSON.stringify(preview));
    assert.ok(await editor.document.save(), 'saved');
    const document = await opened(file);
    await new Promise((r) => setTimeout(r, 500));
    const inserted = (await vscode.commands.executeCommand('attentionLens.insertPreview', { previewId: preview.previewId })) as RunOutcome;
    assert.ok(inserted.ok, JSON.stringify(inserted));
    assert.equal(document.getText(), TEXT.slice(0, offset) + preview.text + TEXT.slice(offset));
  });

  it('a file renamed with the heatmap on: its colours follow it, and an edit there colours it again', async () => {
    const lens = await api();
    const from = vscode.Uri.file(path.join(folder, 'hot.txt'));
    const to = vscode.Uri.file(path.join(folder, 'hot-renamed.txt'));
    writeFileSync(from.fsPath, TEXT);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(from), vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 0, TEXT.length - 1);
    const outcome = (await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const before = lens.decorations(from.toString()).surprisal.length;
    assert.ok(before > 0, 'no heatmap');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit), 'moved');
    const document = await opened(to);
    await until('the heatmap under the new name', () => lens.decorations(to.toString()).surprisal.length === before, 5_000);
    await until('no colours left under the old name', () => lens.decorations(from.toString()).surprisal.length === 0, 5_000);
    const moved = vscode.window.visibleTextEditors.find((e) => e.document === document);
    assert.ok(moved, 'the renamed file is not shown');
    const again = next(lens.onDidApplySurprisal, (a) => a.uri === to.toString(), 60_000);
    assert.ok(await moved.edit((e) => e.insert(new vscode.Position(0, 0), 'Then ')));
    await again;
    assert.ok(lens.decorations(to.toString()).surprisal.length > 0, 'the edit under the new name is not coloured again');
  });
});
