// Unusual documents through the editor commands in the real extension host: a selection of only
// whitespace (Analyze Selection says what to do instead; Mask Word masks nothing rather than the
// next word, which holds the space in a byte-level token) and a read-only virtual document (a
// content provider's, as a Git revision is shown, or an output channel, named as its tab names
// it): Mask Word and Next Word refuse it before the model runs, and a continuation's Insert says
// why nothing was inserted, where the editor answers the edit with "done" and keeps its text. Characters the byte-level
// tokenizer splits into pieces (emoji, flags, Arabic and Hebrew letters, U+FFFD): each piece maps
// to the whole character, and the surprisal heatmap, the settling strip and the spotlight colour
// that character once, not once per piece (stacked translucent colours read as a darker band).
// A notebook's Markdown cell, whose editor answers an edit with "done" and keeps its text while
// the cell is shown rendered: Mask Word's filler still goes in. A word at the cursor that ends at a
// bidi isolate's closing U+2069 (Trojan Source): the filler replaces the word, not the control.
// Text edited while its analysis runs (a cold start): the dropped result is said, with Analyze Again.
// A minified file of one long line: the window's notice offers no other line to start from; a line
// of megabytes goes to the worker as the cut around the cursor, its tokens where the editor has them.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench, untitled, until, withNotices } from './editorHelpers';
import { api, next, setting } from './host';

describe('Unusual documents through the editor commands', function () {
  this.timeout(120_000);
  afterEach(() => resetWorkbench());

  it('a selection of only whitespace: Analyze Selection says what to do, Mask Word replaces nothing', async () => {
    const text = 'The river bank was steep.\n\n   \n\t\nWe sat on the grass.\n';
    const editor = await untitled(text, 'plaintext');
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    const analyzed = await withNotices('attentionLens.analyzeSelection');
    assert.equal(analyzed.outcome.ok, false);
    assert.equal(analyzed.shown.length, 1, JSON.stringify(analyzed.shown));
    assert.equal(analyzed.shown[0].severity, 'info', 'a refusal, not a failure');
    assert.match(analyzed.shown[0].message, /only whitespace: select some text/);

    // One space: its byte-level token is " river"; the filler must not replace "river".
    for (const selection of [new vscode.Selection(0, 3, 0, 4), new vscode.Selection(1, 0, 3, 1)]) {
      editor.selection = selection;
      const masked = await withNotices('attentionLens.maskWord', { pick: 0 });
      assert.equal(masked.outcome.ok, false, JSON.stringify(masked.outcome));
      assert.equal(editor.document.getText(), text, 'the text is as it was');
      assert.equal(masked.shown.length, 1, JSON.stringify(masked.shown));
      assert.match(masked.shown[0].message, /Put the cursor on a word/);
    }
  });

  it('a file of only whitespace: Analyze Selection says it holds only whitespace, not that it is empty', async () => {
    const editor = await untitled('   \n\t\t\n   \n', 'plaintext');
    editor.selection = new vscode.Selection(1, 1, 1, 1);
    const { outcome, shown } = await withNotices('attentionLens.analyzeSelection');
    assert.equal(outcome.ok, false, JSON.stringify(outcome));
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].message, /There is nothing to analyze: Untitled-\d+ holds only whitespace\./);
  });

  it('Compare with the cursor on the empty line at the end of a file says so, as Analyze Selection does', async () => {
    const text = 'El río bajaba lleno de agua.\n\nLos niños jugaban en la orilla.\n';
    const editor = await untitled(text, 'plaintext');
    for (const at of [text.length, text.indexOf('\n\n') + 1]) {
      editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
      const { outcome, shown } = await withNotices('attentionLens.compareModels');
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      assert.equal(outcome.analysisId, undefined, 'no model ran');
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0].message, /The cursor is on an empty line: put it on some text, or select the text to compare\./);
    }
  });

  it('a read-only virtual document: Mask Word and Next Word refuse it at once, Insert says why nothing came', async () => {
    const text = 'The river bank was steep, so we sat on the grass.\n';
    const provider = vscode.workspace.registerTextDocumentContentProvider('lens-virtual', { provideTextDocumentContent: () => text });
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('lens-virtual:/notes.md'));
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      editor.selection = new vscode.Selection(0, 10, 0, 10);
      const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(analyzed.ok, `it can be analyzed: ${JSON.stringify(analyzed)}`);
      for (const command of ['attentionLens.maskWord', 'attentionLens.nextWord']) {
        const { outcome, shown } = await withNotices(command, { pick: 0 });
        assert.equal(outcome.ok, false, `${command}: ${JSON.stringify(outcome)}`);
        assert.equal(outcome.analysisId, undefined, `${command} ran no model`);
        assert.equal(shown.length, 1, JSON.stringify(shown));
        assert.match(shown[0].message, /notes\.md is read-only/);
        assert.equal(document.getText(), text);
      }
      editor.selection = new vscode.Selection(0, 14, 0, 14);
      const continued = await withNotices('attentionLens.continueText', { steps: 2, insert: true });
      assert.equal(continued.outcome.inserted, false, JSON.stringify(continued.outcome));
      assert.equal(document.getText(), text);
      assert.ok(
        continued.shown.some((n) => /notes\.md is read-only/.test(n.message)),
        `the refused insert is said: ${JSON.stringify(continued.shown)}`,
      );
    } finally {
      provider.dispose();
    }
    // An output channel is read-only too, and is named as its tab names it.
    const channel = vscode.window.createOutputChannel('Lens notes');
    try {
      channel.appendLine(text);
      channel.show();
      const output = await until('the channel document', () =>
        vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.uri.path.endsWith('Lens notes')),
      );
      const editor = await vscode.window.showTextDocument(output);
      editor.selection = new vscode.Selection(0, 10, 0, 10);
      const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      assert.equal(shown[0]?.message, 'Attention Lens: Lens notes is read-only: nothing can be inserted or replaced in it.');
    } finally {
      channel.dispose();
    }
  });

  it('characters split into byte pieces are coloured once by the heatmap, the settling strip and the spotlight', async () => {
    const lens = await api();
    const text = 'The family 👩‍👩‍👧‍👦 and שלום, مرحبا \uFFFD and 🇪🇸 sat on the river bank.\n';
    const editor = await untitled(text, 'plaintext');
    const uri = editor.document.uri.toString();
    editor.selection = new vscode.Selection(0, 0, 0, text.length - 1);
    const overlaps = (name: string, applied: readonly { range: readonly number[]; text: string }[]): void => {
      assert.ok(applied.length > 0, `${name}: some decorations`);
      const seen = new Map<string, string>();
      for (const d of applied) {
        const key = d.range.join(':');
        assert.ok(!seen.has(key), `${name}: ${JSON.stringify(d.text)} is decorated more than once`);
        seen.set(key, d.text);
      }
    };
    assert.ok(((await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome).ok);
    overlaps('surprisal', lens.decorations(uri).surprisal);
    await vscode.commands.executeCommand('attentionLens.clearSurprisal');
    assert.ok(((await vscode.commands.executeCommand('attentionLens.toggleSettling')) as RunOutcome).ok);
    overlaps('settling', lens.decorations(uri).settling);
    await vscode.commands.executeCommand('attentionLens.toggleSettling');

    await setting('spotlightTokens', 64);
    try {
      assert.ok(((await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome).ok);
      await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
      await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true);
      const at = text.indexOf('river');
      editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
      await until('spotlight decorations', () => lens.decorations(uri).spotlight.length > 0);
      overlaps('spotlight', lens.decorations(uri).spotlight);
    } finally {
      await setting('spotlightTokens', undefined);
    }
  });

  it("Mask Word's filler goes into a notebook's Markdown cell", async () => {
    const text = 'The river bank was steep, so we sat on the grass.';
    const notebook = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, text, 'markdown'),
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'x = compute(a, b)', 'python'),
      ]),
    );
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(0).document;
    const editor = await vscode.window.showTextDocument(cell);
    const at = text.indexOf('bank') + 1;
    editor.selection = new vscode.Selection(0, at, 0, at);
    const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(shown.length, 0, JSON.stringify(shown));
    const applied = outcome.applied as string;
    assert.ok(applied, JSON.stringify(outcome));
    assert.equal(cell.getText(), text.replace('bank', applied), 'the filler replaced the word in the cell');
  });

  it('Mask Word at a word beside bidi controls replaces the word and keeps the controls', async () => {
    const text = 'const role = "user\u2066 // admin\u2069"; if (ok\u200B) go();\n';
    const editor = await untitled(text, 'javascript');
    const at = text.indexOf('admin') + 2;
    editor.selection = new vscode.Selection(0, at, 0, at);
    const { outcome } = await withNotices('attentionLens.maskWord', { pick: 0 });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const masks = outcome.masks as { word: string }[];
    assert.equal(masks[0].word, 'admin', 'the masked word has no control character');
    const applied = outcome.applied as string;
    assert.equal(editor.document.getText(), text.replace('admin', applied), 'only the word was replaced');
  });

  it('an edit during the analysis drops its result and says so, with Analyze Again', async () => {
    const lens = await api();
    const text = 'The river bank was steep, so we sat on the grass and watched the water.\n';
    const editor = await untitled(text, 'plaintext');
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    /** Runs `command` from a cold start (worker and model), editing the text once the engine is at work. */
    const editedDuring = async (command: string, args?: unknown): Promise<ShownNotice> => {
      await lens.killWorker();
      await new Promise((r) => setTimeout(r, 300));
      shown.length = 0;
      // Edited once the engine is at work (loading the model), not before the command read the text.
      const loading = next(lens.onDidChangeStatus, () => true, 30_000);
      const running = vscode.commands.executeCommand(command, args) as Thenable<RunOutcome>;
      await loading;
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'So. ')));
      const outcome = await running;
      assert.equal(outcome.ok, false, `${command}: ${JSON.stringify(outcome)}`);
      await until('the notice', () => shown.length > 0, 5_000);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      // Next Word's edit, landing after its words came back, is refused: the same drop (editRaces.test.ts).
      assert.match(shown[0].message, /text changed (during the analysis|while the next words were found)/);
      assert.ok(shown[0].actions.includes('Analyze Again'), JSON.stringify(shown[0]));
      return shown[0];
    };
    try {
      editor.selection = new vscode.Selection(0, 0, 0, text.length - 1);
      const notice = await editedDuring('attentionLens.analyzeSelection');
      const shownAgain = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis', 60_000);
      assert.ok(lens.chooseInNotification(notice.id, 'Analyze Again'));
      await shownAgain;
      await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
      const end = editor.document.positionAt(editor.document.getText().indexOf(' the water'));
      editor.selection = new vscode.Selection(end, end);
      await editedDuring('attentionLens.nextWord', { pick: 0 });
    } finally {
      sub.dispose();
    }
  });

  it('a minified file of one long line: the window notice offers no line to start from', async () => {
    let text = '';
    for (let i = 0; text.length < 20_000; i++) text += `var a${i}=function(b,c){return b+c*${i}};`;
    const editor = await untitled(text, 'javascript');
    editor.selection = new vscode.Selection(0, 10_000, 0, 10_000);
    const { outcome, shown } = await withNotices('attentionLens.analyzeSelection');
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].message, /Analyzed line 1 of 1 \(512 of (about )?\d+ tokens\), around the cursor/);
    assert.deepEqual(shown[0].actions, ['From the Selection Start'], 'no "From a Line…" in a text of one line');
  });

  it('a line of megabytes: the window around the cursor, each token on its own characters of the line', async () => {
    // The host sent the whole line to the worker (engineRequest.ts now sends the cut the engine reads):
    // the offsets it moves back must put each token on its own text.
    let text = '';
    for (let i = 0; text.length < 2_000_000; i++) text += `var a${i}=function(b,c){return b+c*${i}};`;
    const editor = await untitled(text, 'javascript');
    const cursor = 1_234_567;
    editor.selection = new vscode.Selection(0, cursor, 0, cursor);
    const { outcome, shown } = await withNotices('attentionLens.analyzeSelection');
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.match(shown[0]?.message ?? '', /Analyzed line 1 of 1 \(512 of about \d+ tokens\), around the cursor/);
    const analysis = (await api()).analysis(outcome.analysisId);
    assert.ok(analysis);
    const { tokens } = analysis.result;
    let checked = 0;
    analysis.ranges.forEach((r, i) => {
      if (!r || tokens[i].start === null) return;
      const doc = editor.document.getText(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter));
      assert.equal(doc, text.slice(tokens[i].start ?? 0, tokens[i].end ?? 0), `token ${i}`);
      assert.equal(editor.document.offsetAt(new vscode.Position(r.startLine, r.startCharacter)), tokens[i].start, `token ${i}`);
      checked++;
    });
    assert.ok(checked > 400, `${checked} tokens checked`);
    const at = tokens.findIndex((t) => t.start !== null && t.end !== null && t.start <= cursor && cursor < t.end);
    assert.ok(at > 100 && at < tokens.length - 100, `the cursor's token ${at} of ${tokens.length} near the middle`);
  });
});
