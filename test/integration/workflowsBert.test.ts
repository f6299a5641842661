// BERT's lessons inside a real extension host (issue 17), on untitled documents closed after each
// test: next-sentence prediction from the sentence at the cursor and the next one (the lecture's
// pair), from two selections, and from the panel's "try a random B"; labelling lines (decorations
// with the label) and fine-tuning a head on them, whose predictions label the other lines.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BertOutcome } from '../../src/host/bert/bertCommands';
import type { PostedMessage } from '../../src/host/webviews/webviewConnection';
import type { BertMessage } from '../../src/protocol/bert';
import { untitled as freshUntitled, until } from './editorHelpers';
import { api, openSideView } from './host';

const untitled = (content: string): Promise<vscode.TextEditor> => freshUntitled(content, 'plaintext');

const at = (editor: vscode.TextEditor, needle: string): vscode.Position => editor.document.positionAt(editor.document.getText().indexOf(needle));

describe('BERT lessons: next sentence and fine-tuning', function () {
  this.timeout(120_000);

  // Its own cleanup: these tests change no setting (resetWorkbench's switches write settings.json,
  // which, slow under load, could become the active editor in the next test).
  afterEach(async () => {
    const closing = vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.isDirty);
    for (const document of closing) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Give the extension host a moment to learn of the closes before the next test opens a document
    // under the same name; untitled() checks the text it gets either way, so this never fails a test.
    await until('the untitled documents to close', () => closing.every((d) => d.isClosed), 5_000).catch(() => undefined);
  });

  it('predicts the next sentence from the cursor’s sentence, from two selections, and for a random B from the panel', async () => {
    const lens = await api();
    const posted: BertMessage[] = [];
    const sub = lens.onDidPostToWebview((m: PostedMessage) => {
      if (m.method === 'bert') posted.push(m.params as BertMessage);
    });
    try {
      const editor = await untitled('I am going outside. I will be back after 6. You know nothing John snow. The shop opens at nine.');
      editor.selection = new vscode.Selection(at(editor, 'going'), at(editor, 'going'));
      // A fresh engine: the encoder loads for this lesson, which is not an analysis.
      await lens.killWorker();
      const first = (await vscode.commands.executeCommand('attentionLens.nextSentence')) as BertOutcome;
      assert.ok(first.ok && first.isNext !== undefined, JSON.stringify(first));
      // Once it is loaded the status bar leaves "loading" and names the model the next analysis uses.
      const status = lens.status();
      assert.notEqual(status.state, 'loading', JSON.stringify(status));
      assert.equal(status.kind, vscode.workspace.getConfiguration('attentionLens').get('analyzeWith'));
      // That model is not loaded (only the encoder ran): the line says what it is about, under a lesson of the other model.
      assert.equal(status.state, 'idle', JSON.stringify(status));
      // It says which analyses load it: those of its kind (08f5fd6), not a next-sentence or Mask Word run.
      assert.ok(status.detail.includes(`next ${status.kind} analysis`), JSON.stringify(status));
      // The encoder it loaded is held, and the status says so: the panel, beside the encoder's analysis, says that model is loaded before the default's "Not loaded".
      assert.equal(status.loaded?.length, 1, JSON.stringify(status));
      assert.ok(!status.loaded.includes(status.model), JSON.stringify(status));
      const shown = lens.bert.shown.nsp;
      assert.ok(shown && 'result' in shown);
      assert.equal(shown.a, 'I am going outside.');
      assert.equal(shown.b, 'I will be back after 6.');
      assert.equal(shown.result.isNext, first.isNext);
      assert.equal(shown.result.crossAttention.length, 4);
      await until('the panel to get the prediction', () => posted.some((p) => p.nsp && 'result' in p.nsp && p.nsp.result.isNext === first.isNext));

      // Two selections: A is the first, B the second.
      editor.selections = [
        new vscode.Selection(at(editor, 'I am'), at(editor, ' I will')),
        new vscode.Selection(at(editor, 'You know'), at(editor, ' The shop')),
      ];
      const second = (await vscode.commands.executeCommand('attentionLens.nextSentence')) as BertOutcome;
      assert.ok(second.ok);
      assert.equal(lens.bert.shown.nsp?.b, 'You know nothing John snow.');

      // The panel's button: a B from elsewhere, never A's own next sentence.
      const before = posted.length;
      assert.ok(lens.postFromPanel('bertAction', { action: 'randomB' }));
      await until('a random B', () => posted.length > before && posted[posted.length - 1]);
      const random = lens.bert.shown.nsp;
      assert.ok(random && 'result' in random);
      assert.equal(random.a, 'I am going outside.');
      assert.ok(['You know nothing John snow.', 'The shop opens at nine.'].includes(random.b), random.b);
    } finally {
      sub.dispose();
    }
  });

  it('labels lines (shown after them) and fine-tunes a head whose predictions label the other lines', async () => {
    const lens = await api();
    const code = ['const a = b + 1;', 'return list.map((x) => x * 2);', 'if (!ok) throw new Error("no");', 'let i = 0; i++;'];
    const prose = ['The cat sat by the window.', 'We walked along the river.', 'It was a long and cold winter.', 'She read the letter twice.'];
    const editor = await untitled([...code, ...prose, 'export function f(): void {}', 'My friend lives near the sea.'].join('\n'));
    const uri = editor.document.uri.toString();
    for (const [lines, label] of [
      [[0, 1, 2, 3], 'code'],
      [[4, 5, 6, 7], 'prose'],
    ] as const) {
      const r = (await vscode.commands.executeCommand('attentionLens.labelLine', { lines, label })) as BertOutcome;
      assert.ok(r.ok, JSON.stringify(r));
    }
    assert.deepEqual(
      lens.bert.labels.shown(uri).labelled.map(([line, label]) => `${line}:${label}`),
      ['0:code', '1:code', '2:code', '3:code', '4:prose', '5:prose', '6:prose', '7:prose'],
    );
    const tuned = (await vscode.commands.executeCommand('attentionLens.fineTune', { folds: 4 })) as BertOutcome;
    assert.ok(tuned.ok && tuned.accuracy !== undefined, JSON.stringify(tuned));
    assert.equal(tuned.predicted, 2);
    const shown = lens.bert.shown.fineTune;
    assert.ok(shown);
    assert.deepEqual(shown.result.labels, ['code', 'prose']);
    assert.equal(shown.result.folds, 4);
    assert.equal(
      shown.result.confusion.flat().reduce((a, b) => a + b, 0),
      8,
    );
    const predicted = lens.bert.labels.shown(uri).predicted;
    assert.deepEqual(
      predicted.map(([line]) => line),
      [8, 9],
    );
    for (const [, text] of predicted) assert.match(text, /^(code|prose) \(\d+\s?%\)$/);

    // An edit drops the predictions (they described other text); adding a line above moves the labels down.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'new first line\n'));
    await until('labels to move', () => lens.bert.labels.shown(uri).labelled[0]?.[0] === 1);
    assert.deepEqual(lens.bert.labels.shown(uri).predicted, []);
    lens.bert.labels.clear(uri);
  });

  it('shows the position encoding (a quick first paint, then the whole table) and the model’s scale in the side view', async () => {
    const lens = await api();
    const posted: PostedMessage[] = [];
    const sub = lens.onDidPostToWebview((m: PostedMessage) => {
      if (m.method === 'bert' || m.method === 'scale') posted.push(m);
    });
    try {
      await untitled('positions');
      const r = (await vscode.commands.executeCommand('attentionLens.showPositions')) as BertOutcome & { count?: number; kind?: string };
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.kind, 'learned');
      assert.equal(r.count, 512);
      const shown = lens.bert.shown.positions;
      assert.ok(shown && !shown.partial && shown.positions.kind === 'learned');
      assert.equal(shown.positions.similarity.length, 512 * 512);
      // Named as the panel's header names it, not by the embedded model's folder path.
      assert.equal(shown.model, 'tiny-bert-es-en');
      await until('the whole table in the panel', () =>
        posted.some((m) => m.method === 'bert' && (m.params as BertMessage).positions?.positions.count === 512),
      );
      await openSideView();
      // After the side view's replay of an earlier file's scale (another model's, maybe).
      const since = posted.length;
      const scale = (await vscode.commands.executeCommand('attentionLens.showScale')) as BertOutcome & { parameters?: number };
      assert.ok(scale.ok, JSON.stringify(scale));
      assert.equal(scale.parameters, 2956674, 'the embedded encoder’s model card');
      const ours = (): PostedMessage | undefined => posted.slice(since).find((m) => m.method === 'scale' && m.params !== null);
      await until('the scale in the side view', ours);
      assert.equal((ours()?.params as { scale: { model: string } }).scale.model, 'tiny-bert-es-en');
    } finally {
      sub.dispose();
    }
  });

  it('a fine-tuning runs under the analyses’ progress: its Cancel ends it, and nothing is shown or labelled', async () => {
    const lens = await api();
    const code = ['const a = b + 1;', 'return list.map((x) => x * 2);', 'if (!ok) throw new Error("no");', 'let i = 0; i++;'];
    const prose = ['The cat sat by the window.', 'We walked along the river.', 'It was a long and cold winter.', 'She read the letter twice.'];
    // Hundreds of other lines to label: the head's predictions take a while.
    const others = Array.from({ length: 400 }, (_, i) => (i % 2 ? `const v${i} = f(${i});` : `The river ran past mill number ${i}.`));
    const editor = await untitled([...code, ...prose, ...others].join('\n'));
    const uri = editor.document.uri.toString();
    try {
      await vscode.commands.executeCommand('attentionLens.labelLine', { lines: [0, 1, 2, 3], label: 'code' });
      await vscode.commands.executeCommand('attentionLens.labelLine', { lines: [4, 5, 6, 7], label: 'prose' });
      const shown = lens.bert.shown.id;
      const running = vscode.commands.executeCommand('attentionLens.fineTune', { folds: 4 }) as Thenable<BertOutcome>;
      // What a notification's Cancel does, as soon as the fine-tuning runs.
      await until('the fine-tuning to run under a progress with Cancel', () => lens.cancelAnalyses() > 0, 30_000);
      const outcome = await running;
      assert.ok(!outcome.ok && outcome.code === 'cancelled', JSON.stringify(outcome).slice(0, 300));
      assert.equal(lens.bert.shown.id, shown, 'the BERT tab shows nothing new');
      assert.deepEqual(lens.bert.labels.shown(uri).predicted, [], 'no line is labelled');
    } finally {
      lens.bert.labels.clear(uri);
    }
  });

  it('refuses to fine-tune without two labels', async () => {
    const editor = await untitled('one line\nanother line');
    await vscode.commands.executeCommand('attentionLens.labelLine', { lines: [0], label: 'a' });
    const r = (await vscode.commands.executeCommand('attentionLens.fineTune')) as BertOutcome;
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.code === 'bad-input');
    const lens = await api();
    lens.bert.labels.clear(editor.document.uri.toString());
  });
});
