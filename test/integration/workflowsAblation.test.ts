// (Named to run after extension.test and workflows.test; it closes its editors, its panel and its colours.)
// Inside the layers in a real extension host: switching a head off (Ablate Heads) changes the
// prediction and leaves the attention of the layers up to the head's own bit-identical, the cache
// and the hover know the ablation, Restore brings the original back; the settling strip colours each
// token by the layer where its prediction settles, names it in the hover, and clears.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { AblateOutcome } from '../../src/host/inside/ablation';
import { settlingBucket } from '../../src/host/editor/settlingBands';
import { settlingLayer } from '../../src/protocol/lens';
import { headMatrix, hoverAt, offsetOf, open, resetWorkbench, selectText, until, untitled } from './editorHelpers';
import { api, EXTENSION_ID, next, setting } from './host';
import { otherModel } from './slowHub';

describe('Inside the layers: head ablation and where the prediction settles', function () {
  this.timeout(180_000);

  afterEach(async () => {
    const lens = await api();
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    if (uri && lens.decorations(uri).settling.length > 0) await vscode.commands.executeCommand('attentionLens.toggleSettling');
    await resetWorkbench();
  });

  it('an analysis of the previous model is not ablated with the model selected now: that comparison would be of two models', async () => {
    const editor = await open('sample.ts');
    selectText(editor, 'export function mean(values: readonly number[]): number {');
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    const ablate = async () =>
      (await vscode.commands.executeCommand('attentionLens.ablateHeads', { analysisId: analyzed.analysisId, heads: [{ layer: 1, head: 0 }] })) as AblateOutcome;
    try {
      // The embedded decoder, named otherwise (its own path, a dot, a trailing slash): the same model.
      await setting('decoderModel', `${vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath}/models/./tiny-gpt-es-en/`);
      const same = await ablate();
      assert.ok(same.ok, `the same model, named otherwise, was taken for another: ${JSON.stringify(same).slice(0, 300)}`);
      await setting('decoderModel', otherModel('decoder'));
      const outcome = await ablate();
      assert.equal(outcome.ok, false, `ablated with another model than the analysis's: ${JSON.stringify(outcome).slice(0, 300)}`);
      assert.match(outcome.ok ? '' : outcome.message, /model/u);
    } finally {
      await setting('decoderModel', undefined);
    }
  });

  it('a failed colouring leaves nothing tracked: the next toggle turns the strip on, and an edit runs no heatmap', async () => {
    const lens = await api();
    const editor = await untitled('The river bank was steep, so we sat on the grass.\n', 'markdown');
    const uri = editor.document.uri.toString();
    editor.selection = new vscode.Selection(0, 0, 0, 30);
    const toggle = async () => (await vscode.commands.executeCommand('attentionLens.toggleSettling')) as RunOutcome & { on?: boolean };
    // A model folder that is not there: the engine fails each colouring's analysis.
    await setting('decoderModel', path.join(os.tmpdir(), `attention-lens-no-model-${process.pid}`));
    let failed: RunOutcome & { on?: boolean };
    let heatmap: RunOutcome;
    try {
      failed = await toggle();
      heatmap = (await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome;
    } finally {
      await setting('decoderModel', undefined);
    }
    assert.deepEqual({ ok: failed.ok, on: failed.on }, { ok: false, on: false }, JSON.stringify(failed).slice(0, 300));
    assert.equal(heatmap.ok, false, JSON.stringify(heatmap).slice(0, 300));
    // An edit after the failed heatmap: nothing tracked, so nothing is analyzed or coloured after the debounce.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'So '));
    await new Promise((r) => setTimeout(r, lens.config().surprisalDebounceMs + 1_500));
    assert.deepEqual(lens.decorations(uri).surprisal, [], 'the failed heatmap coloured the text after an edit');
    const again = await toggle();
    assert.ok(again.ok && again.on, `after a failed toggle the strip was taken for on: ${JSON.stringify(again).slice(0, 300)}`);
    assert.ok(lens.decorations(uri).settling.length > 0);
  });

  it('the settling strip after the encoder changed: the masked analysis is read again with the encoder selected now', async () => {
    // Its own document: a masked analysis left as river.md's latest would be the next test's strip.
    const editor = await untitled('The river bank was steep, so we sat on the grass.\n', 'markdown');
    const at = offsetOf(editor, 'bank') + 1;
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
    const masked = (await vscode.commands.executeCommand('attentionLens.maskWord', {})) as RunOutcome;
    assert.ok(masked.ok, JSON.stringify(masked));
    // Another encoder (a copy of the embedded one at another path).
    await setting('encoderModel', otherModel('encoder'));
    try {
      const outcome = (await vscode.commands.executeCommand('attentionLens.toggleSettling')) as RunOutcome & { on?: boolean };
      assert.ok(outcome.ok && outcome.on, JSON.stringify(outcome).slice(0, 300));
    } finally {
      await setting('encoderModel', undefined);
    }
  });

  it('a switched-off head changes the prediction, not the attention up to its layer; Restore shows the original again', async () => {
    const lens = await api();
    const editor = await open('sample.ts');
    selectText(editor, 'export function mean(values: readonly number[]): number {\n  if (values.length === 0) return 0;\n  let total = 0;');
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    const before = lens.analysis(analyzed.analysisId)!;
    assert.equal(before.result.model.kind, 'decoder');
    const { layers, heads } = before.result.attention;
    assert.ok(layers >= 3, 'the embedded decoder has layers after the ablated one');

    const told = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'ablation' && m.params !== null);
    const outcome = (await vscode.commands.executeCommand('attentionLens.ablateHeads', { heads: [{ layer: 1, head: 0 }] })) as AblateOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.originId, analyzed.analysisId);
    assert.equal(outcome.heads, '1:0');
    const after = lens.analysis(outcome.analysisId)!;
    assert.deepEqual(after.result.ablated, [{ layer: 1, head: 0 }]);
    assert.ok(
      after.result.notices.some((n) => n.includes('1:0')),
      'the panel’s notices name the heads',
    );
    const message = (await told).params as { before: { id: number }; after: { id: number } };
    assert.deepEqual([message.before.id, message.after.id], [analyzed.analysisId, outcome.analysisId], 'the panel gets before and after');

    // The head's output is scaled after its softmax: attention up to its layer is bit-identical, later layers differ.
    for (let layer = 0; layer <= 1; layer++)
      for (let head = 0; head < heads; head++)
        assert.deepEqual(await headMatrix(lens, after, layer, head), await headMatrix(lens, before, layer, head), `layer ${layer} head ${head} unchanged`);
    let laterDiffer = false;
    for (let head = 0; head < heads && !laterDiffer; head++) {
      const [a, b] = [await headMatrix(lens, after, 2, head), await headMatrix(lens, before, 2, head)];
      laterDiffer = a.some((x, i) => x !== b[i]);
    }
    assert.ok(laterDiffer, 'layer 2 reads a changed stream');
    const top = (s: typeof before) => s.result.predictions.next.map((c) => `${c.id}:${c.p}`).join(',');
    assert.notEqual(top(after), top(before), 'the next-token prediction changed');
    assert.notDeepEqual(
      after.result.predictions.perToken.map((p) => p.surprisal),
      before.result.predictions.perToken.map((p) => p.surprisal),
    );

    // The hover over the ablated analysis names the heads.
    const total = offsetOf(editor, 'total');
    assert.match(await hoverAt(editor.document, total + 1), /Heads 1:0 switched off/);

    // The same heads again: the cached ablation, not a new run; other heads: another analysis.
    const cached = (await vscode.commands.executeCommand('attentionLens.ablateHeads', {
      analysisId: analyzed.analysisId,
      heads: [{ layer: 1, head: 0 }],
    })) as AblateOutcome;
    assert.ok(cached.ok);
    assert.equal(cached.analysisId, outcome.analysisId);
    const refused = (await vscode.commands.executeCommand('attentionLens.ablateHeads', { heads: [{ layer: layers, head: 0 }] })) as AblateOutcome;
    assert.equal(refused.ok, false, 'a layer the model does not have is refused');

    const cleared = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'ablation' && m.params === null);
    const restored = (await vscode.commands.executeCommand('attentionLens.restoreHeads', { analysisId: outcome.analysisId })) as AblateOutcome;
    assert.ok(restored.ok);
    assert.equal(restored.analysisId, analyzed.analysisId, 'the original analysis, from the cache');
    await cleared;
    assert.equal(lens.analysis(restored.analysisId)!.result.ablated, undefined);
  });

  it('the settling strip colours each token by the layer its prediction settles at, names it in the hover, and clears', async () => {
    const lens = await api();
    const editor = await open('river.md');
    const uri = editor.document.uri.toString();
    selectText(editor, 'The river bank was steep, so we sat on the grass and watched the water.');
    const colored = next(lens.onDidApplySettling, (e) => e.uri === uri);
    const outcome = (await vscode.commands.executeCommand('attentionLens.toggleSettling')) as RunOutcome & { on?: boolean };
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.on, true);
    const { analysisId } = await colored;
    const shown = lens.analysis(analysisId)!;
    const positions = shown.result.lens?.positions ?? [];
    assert.equal(positions.length, shown.result.tokens.length, 'a decoder has the lens of every position, from one request');
    const applied = lens.decorations(uri).settling;
    const source = (i: number): string => {
      const r = shown.ranges[i]!;
      return editor.document.getText(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter)).trim();
    };
    const expected = positions
      .map((p) => ({ text: shown.ranges[p.position] ? source(p.position) : '', bucket: settlingBucket(settlingLayer(p)!, shown.result.model.layers) }))
      .filter((e) => e.text !== '');
    assert.deepEqual(
      applied.map((d) => ({ text: d.text, bucket: d.bucket })),
      expected,
    );
    assert.ok(new Set(applied.map((d) => d.bucket)).size >= 2, 'more than one layer band is used');
    assert.match(await hoverAt(editor.document, offsetOf(editor, 'grass') + 1), /Next-token prediction .* settles at layer \d/);

    // An edit clears the colours at once (never stale), then the new version is coloured.
    const target = editor.document.version + 1;
    const recolored = next(lens.onDidApplySettling, (e) => e.uri === uri && e.version === target);
    await editor.edit((e) => e.insert(editor.document.positionAt(offsetOf(editor, 'steep') + 5), ' and muddy'));
    assert.equal(lens.decorations(uri).settling.length, 0, 'no stale colours on changed text');
    await recolored;
    await until('colours again', () => lens.decorations(uri).settling.length > 0);

    const off = (await vscode.commands.executeCommand('attentionLens.toggleSettling')) as RunOutcome & { on?: boolean };
    assert.equal(off.on, false);
    assert.equal(lens.decorations(uri).settling.length, 0);
  });
});
