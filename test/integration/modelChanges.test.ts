// A model setting changed while a command still runs (its model loading from a slow stand-in
// hub): every command that runs a model and then shows or writes what it found drops the previous
// model's result and says so once, as an analysis does — the lessons (Word Senses, Word Order,
// Next Sentence, Fine-Tune, Positions, Scale) as much as Mask Word, Next Word and Compare.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ShownNotice } from '../../src/host/notify';
import type { PostedMessage } from '../../src/host/webviews/webviewConnection';
import { resetWorkbench, until, untitled } from './editorHelpers';
import { api, EXTENSION_ID, next, openSideView, setting } from './host';
import { otherModel, slowHubModels, SOON_MS } from './slowHub';

const LINES = [
  'const a = b + 1;',
  'return list.map((x) => x * 2);',
  'if (!ok) throw new Error("no");',
  'let i = 0; i++;',
  'The cat sat by the bank of the river.',
  'We walked along the river bank.',
  'It was a long and cold winter.',
  'She read the letter twice.',
];

describe('Model changes during commands', function () {
  this.timeout(240_000);

  afterEach(resetWorkbench);

  it("drops every lesson's result when its model changes meanwhile, and says so once per command", async () => {
    const lens = await api();
    const models = `${vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath}/models`;
    const hub = await slowHubModels(['encoder', 'decoder'], 150);
    const editor = await untitled(`${LINES.join('\n')}\n`, 'plaintext');
    const uri = editor.document.uri.toString();
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      for (const [lines, label] of [
        [[0, 1, 2, 3], 'code'],
        [[4, 5, 6, 7], 'prose'],
      ] as const)
        assert.ok(((await vscode.commands.executeCommand('attentionLens.labelLine', { lines, label })) as RunOutcome).ok);
      // The cursor on "river" (twice in the text), on a line of several words to shuffle.
      const at = editor.document.positionAt(editor.document.getText().indexOf('river') + 2);
      editor.selection = new vscode.Selection(at, at);
      const bertShown = lens.bert.shown.id;
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 60_000);
      const commands: [string, unknown][] = [
        ['wordSenses', undefined],
        ['shuffleWords', undefined],
        ['nextSentence', { a: 'I am going outside.', b: 'I will be back after 6.' }],
        ['fineTune', { folds: 4 }],
        ['showPositions', { kind: 'decoder' }],
        ['showScale', { kind: 'decoder' }],
      ];
      const running = commands.map(([command, args]) => vscode.commands.executeCommand(`attentionLens.${command}`, args) as Thenable<RunOutcome>);
      await loading;
      const changed = Date.now();
      // The embedded models, named otherwise than the stand-in hub's: other settings, the same models.
      await setting('encoderModel', `${models}/./tiny-bert-es-en`);
      await setting('decoderModel', `${models}/./tiny-gpt-es-en`);
      const outcomes = await Promise.all(running);
      // At once, as a closed document's work ends: not once the previous models' loads are over (a minute and more here).
      assert.ok(Date.now() - changed < SOON_MS, `the commands ended ${Date.now() - changed} ms after the settings changed`);
      outcomes.forEach((outcome, i) =>
        assert.deepEqual(
          { command: commands[i][0], ok: outcome.ok, code: outcome.ok ? null : outcome.code },
          { command: commands[i][0], ok: false, code: 'cancelled' },
          `the previous model's result was kept: ${JSON.stringify(outcome).slice(0, 300)}`,
        ),
      );
      await until('the notices', () => shown.length >= commands.length, 10_000);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        shown.map((n) => /model changed during the analysis/u.test(n.message)),
        commands.map(() => true),
        JSON.stringify(shown.map((n) => n.message)),
      );
      assert.equal(lens.bert.shown.id, bertShown, 'the BERT tab shows no previous model’s result');
      assert.deepEqual(lens.bert.labels.shown(uri).predicted, [], 'no line is labelled by the previous model’s head');
    } finally {
      sub.dispose();
      lens.bert.labels.clear(uri);
      await hub.stop();
    }
  });

  it("the panel's Continue on an analysis of the previous model is refused, said once: no preview mixes two models", async () => {
    const lens = await api();
    const editor = await untitled('The river bank was steep, so we sat on the', 'markdown');
    editor.selection = new vscode.Selection(0, 0, 0, editor.document.getText().length);
    const drawn = next(lens.onDidRenderInPanel, () => true);
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(lens.analysis(outcome.analysisId)!.result.model.kind, 'decoder');
    await drawn;
    const previews: unknown[] = [];
    const shown: ShownNotice[] = [];
    const subs = [lens.onDidPostToWebview((m) => m.method === 'preview' && previews.push(m.params)), lens.onDidNotify((n) => shown.push(n))];
    // Another decoder (a copy of the embedded one at another path, so its steps would run).
    await setting('decoderModel', otherModel('decoder'));
    try {
      assert.ok(lens.postFromPanel('continue', { analysisId: outcome.analysisId, steps: 2, greedy: true, controls: { temperature: 1, topK: 0, topP: 1 } }));
      await until('the refusal', () => shown.length > 0 || previews.length > 0, 30_000);
      await new Promise((r) => setTimeout(r, 1_000));
      assert.deepEqual(previews, [], "the previous model's analysis was continued with another model");
      assert.equal(shown.length, 1, JSON.stringify(shown.map((n) => n.message)));
      assert.match(shown[0].message, /model setting changed since this analysis/u);
    } finally {
      for (const sub of subs) sub.dispose();
      await setting('decoderModel', undefined);
    }
  });

  it("the side view's scale and the editor's colours of a model go when it changes: never shown or replayed for another", async () => {
    const lens = await api();
    await openSideView();
    const side: PostedMessage[] = [];
    const sub = lens.onDidPostToWebview((m) => m.view === 'side' && (m.method === 'scale' || m.method === 'settling') && side.push(m));
    const last = (method: string) => side.filter((m) => m.method === method).at(-1)?.params;
    const editor = await untitled('The river bank was steep, so we sat on the grass.\n', 'markdown');
    const uri = editor.document.uri.toString();
    editor.selection = new vscode.Selection(0, 0, 0, 30);
    try {
      assert.ok(((await vscode.commands.executeCommand('attentionLens.showScale', { kind: 'decoder' })) as RunOutcome).ok);
      const strip = (await vscode.commands.executeCommand('attentionLens.toggleSettling')) as RunOutcome & { on?: boolean };
      assert.ok(strip.ok && strip.on, JSON.stringify(strip).slice(0, 300));
      await until('the scale and the legend', () => last('scale') && last('settling'), 10_000);
      assert.ok(lens.decorations(uri).settling.length > 0);
      await setting('decoderModel', otherModel('decoder'));
      await until('the previous model’s scale and legend to go', () => last('scale') === null && last('settling') === null, 10_000);
      assert.deepEqual(lens.decorations(uri).settling, [], 'the previous model’s colours stay in the editor');
      // The page starts again (hidden and shown): it replays no section of the previous model.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      const replayed = next(lens.onDidPostToWebview, (m) => m.view === 'side' && m.method === 'scale', 15_000);
      await openSideView();
      assert.equal((await replayed).params, null);
    } finally {
      sub.dispose();
      await setting('decoderModel', undefined);
    }
  });

  it('commands run while their model loads share its one load notification, and each gets its result', async () => {
    const lens = await api();
    const hub = await slowHubModels(['decoder'], 40);
    try {
      const before = lens.modelLoads();
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading', 60_000);
      const scale = vscode.commands.executeCommand('attentionLens.showScale', { kind: 'decoder' }) as Thenable<RunOutcome>;
      await loading;
      const positions = vscode.commands.executeCommand('attentionLens.showPositions', { kind: 'decoder' }) as Thenable<RunOutcome>;
      const outcomes = await Promise.all([scale, positions]);
      for (const outcome of outcomes) assert.ok(outcome.ok, JSON.stringify(outcome).slice(0, 300));
      assert.equal(lens.modelLoads() - before, 1, 'one "loading" notification for one model');
    } finally {
      await hub.stop();
    }
  });
});
