// The Inside tab's data in a real extension host: Inspect Query, Key and Value opens the panel on
// the Inside tab with the cursor's token as the query; the host forwards the inspector's and the
// lens's requests to the worker, whose q/k/v reproduce the attention row the matrix shows and whose
// lens, at the last layer, is the model's own prediction. Closes every editor (the panel too).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { PostedMessage } from '../../src/host/webviews/webviewConnection';
import { NO_CLEANING } from '../../src/protocol/views';
import { api, next } from './host';

const RIVER = 'The river bank was steep, so we sat on the grass';

describe('Inside: Inspect Query, Key and Value', function () {
  this.timeout(180_000);

  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('opens the Inside tab at the cursor’s token; q/k/v give the matrix row; the lens’s last layer is the prediction', async () => {
    const lens = await api();
    const folder = vscode.workspace.workspaceFolders![0];
    const editor = await vscode.window.showTextDocument(
      await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'river.md')),
      vscode.ViewColumn.One,
    );
    const start = editor.document.getText().indexOf(RIVER);
    assert.ok(start >= 0);
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + RIVER.length));
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    const shown = lens.analysis(analyzed.analysisId);
    assert.ok(shown);
    const bank = start + RIVER.indexOf('bank') + 1;
    editor.selection = new vscode.Selection(editor.document.positionAt(bank), editor.document.positionAt(bank));
    const token = shown.result.tokens.findIndex((t) => t.start !== null && t.end !== null && t.start <= bank - start && bank - start < t.end);
    assert.ok(token > 0);

    const posted: PostedMessage[] = [];
    const sub = lens.onDidPostToWebview((m) => m.view === 'panel' && posted.push(m));
    // The panel's page may still be starting (the analysis opened it): it is told when it is ready.
    const told = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'inside');
    const inspected = (await vscode.commands.executeCommand('attentionLens.inspectQkv')) as RunOutcome;
    assert.ok(inspected.ok && inspected.analysisId === analyzed.analysisId, JSON.stringify(inspected));
    assert.deepEqual((await told).params, { analysisId: analyzed.analysisId, view: 'qkv' });
    sub.dispose();
    const focus = posted.filter((m) => m.method === 'focus').map((m) => m.params);
    assert.deepEqual(focus.at(-1), { analysisId: analyzed.analysisId, token });

    const { key, layers } = shown.result.attention;
    const layer = layers - 1;
    const causal = shown.result.model.kind === 'decoder';
    for (const head of [0, shown.result.attention.heads - 1]) {
      const w = await lens.view('qkvWindow', { key, layer, head, query: token });
      const row = await lens.view('row', { key, layer, combine: { kind: 'head', head }, cleaning: NO_CLEANING, query: token });
      const d = w.headDim;
      const scores = Array.from({ length: w.length }, (_, j) =>
        causal && j > token ? -Infinity : w.q.reduce((s, q, e) => s + q * w.k[j * d + e], 0) * w.scale,
      );
      const top = Math.max(...scores);
      const z = scores.reduce((s, x) => s + Math.exp(x - top), 0);
      scores.forEach((s, j) => assert.ok(Math.abs(Math.exp(s - top) / z - row.weights[j]) < 2e-3, `head ${head}, key ${j}`));
    }

    const read = await lens.view('lens', { key, positions: [token], topK: 5 });
    const layersRead = read.positions[0].layers;
    assert.equal(layersRead.length, layers + 1, 'the embeddings and every block');
    if (causal) {
      const predicted = shown.result.predictions.perToken.find((p) => p.position === token + 1);
      assert.ok(predicted);
      assert.equal(layersRead[layers].top[0].id, predicted.top[0].id, 'the last layer’s top token is the model’s own prediction');
    } else assert.equal(read.kind, 'mlm');
  });
});
