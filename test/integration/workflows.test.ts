// (Named to run after extension.test: that one checks a fresh activation.)
// The editor-first decorations inside a real extension host: the spotlight's and the surprisal
// heatmap's ranges and intensity buckets, read back through the extension's API, re-analysis after
// an edit with nothing stale shown, untitled documents, two editors, Spanish prose.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { surprisalBucket, WEIGHT_BUCKETS } from '../../src/host/editor/buckets';
import { headMatrix, offsetOf, open, rangeText, resetWorkbench, selectText, until } from './editorHelpers';
import { api, next } from './host';

describe('Editor-first exploration: decorations', function () {
  this.timeout(120_000);

  afterEach(resetWorkbench);

  it('the spotlight decorates what the token under the cursor attends to, graded by weight, and clears on toggle and edit', async () => {
    const lens = await api();
    const editor = await open('river.md');
    const needle = 'The river bank was steep, so we sat on the grass';
    selectText(editor, needle);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok);
    assert.equal(await vscode.commands.executeCommand('attentionLens.toggleSpotlight'), true);
    assert.equal(lens.spotlightEnabled(), true);
    const grass = offsetOf(editor, 'grass');
    editor.selection = new vscode.Selection(editor.document.positionAt(grass + 2), editor.document.positionAt(grass + 2));
    const uri = editor.document.uri.toString();
    const applied = await until('spotlight decorations', () => lens.decorations(uri).spotlight.length > 0 && lens.decorations(uri).spotlight);

    // The expected row, from the analysis itself: decoder, layer = last, mean over heads.
    const shown = lens.analysis(analyzed.analysisId)!;
    const { attention, tokens } = shown.result;
    const query = tokens.findIndex((t) => t.start !== null && t.start <= grass - offsetOf(editor, needle) + 2 && grass - offsetOf(editor, needle) + 2 < t.end!);
    const layer = attention.layers - 1;
    // Each head's whole matrix from the worker, averaged here (the spotlight asks for the mean row).
    const heads = await Promise.all(Array.from({ length: attention.heads }, (_, h) => headMatrix(lens, shown, layer, h)));
    const t = attention.length;
    const row = tokens.map((_, k) => heads.reduce((sum, m) => sum + m[query * t + k], 0) / attention.heads);
    const order = row
      .map((w, k) => ({ w, k }))
      .filter((a) => a.w > 0 && tokens[a.k].start !== null)
      .sort((a, b) => b.w - a.w || a.k - b.k)
      .slice(0, lens.config().spotlightTokens);
    const max = order[0].w;
    const expected = order.flatMap(({ w, k }) => {
      const bucket = Math.min(WEIGHT_BUCKETS - 1, Math.floor((w / max) * WEIGHT_BUCKETS - 1e-9));
      return w < 0.05 * max
        ? []
        : [
            {
              text: editor.document
                .getText()
                .slice(offsetOf(editor, needle) + tokens[k].start!, offsetOf(editor, needle) + tokens[k].end!)
                .trim(),
              bucket,
            },
          ];
    });
    assert.deepEqual(
      applied.map((d) => ({ text: d.text, bucket: d.bucket })),
      expected,
    );
    assert.equal(applied[0].bucket, WEIGHT_BUCKETS - 1, 'the strongest key gets the strongest bucket');
    for (const d of applied) assert.equal(rangeText(editor.document, d.range), d.text);

    // How long from a cursor move to the new decorations (printed, not asserted: a figure for the report).
    const times: number[] = [];
    const host: number[] = [];
    for (const word of ['river', 'steep', 'sat', 'bank', 'grass']) {
      const at = offsetOf(editor, word, offsetOf(editor, needle)) + 1;
      const updated = next(lens.onDidUpdateSpotlight, (u) => u === uri, 10_000);
      const started = performance.now();
      editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
      await updated;
      times.push(performance.now() - started);
      host.push(lens.spotlightUpdateMs());
      assert.ok(lens.decorations(uri).spotlight.length > 0);
    }
    console.log(
      `    spotlight update after a cursor move (cached analysis): ${times.map((t) => t.toFixed(1)).join(', ')} ms round trip; ${host.map((t) => t.toFixed(2)).join(', ')} ms on the host`,
    );

    // Off: cleared. On again, then an edit: cleared at once (the analysis described other text).
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight');
    assert.equal(lens.decorations(uri).spotlight.length, 0);
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight');
    await until('spotlight again', () => lens.decorations(uri).spotlight.length > 0);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'x'));
    assert.equal(lens.decorations(uri).spotlight.length, 0);
  });

  it('the surprisal heatmap colours each token by its bits, follows edits with a debounce and never shows stale colours', async () => {
    const lens = await api();
    const editor = await open('river.md');
    const uri = editor.document.uri.toString();
    selectText(editor, 'The river bank was steep, so we sat on the grass and watched the water.');
    const colored = next(lens.onDidApplySurprisal, (e) => e.uri === uri);
    const outcome = (await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    await colored;
    const check = (analysisId: number): void => {
      const shown = lens.analysis(analysisId)!;
      const { tokens, predictions } = shown.result;
      const applied = lens.decorations(uri).surprisal;
      const source = (i: number): string => {
        const r = shown.ranges[i]!;
        return editor.document.getText(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter)).trim();
      };
      // One decoration per predicted token that has text to colour (a whitespace-only token has none).
      const expected = predictions.perToken.map((p) => ({ text: source(p.position), bucket: surprisalBucket(p.surprisal) })).filter((e) => e.text !== '');
      assert.ok(expected.length >= predictions.perToken.length - 2);
      assert.deepEqual(
        applied.map((d) => ({ text: d.text, bucket: d.bucket })),
        expected,
      );
      assert.ok(new Set(applied.map((d) => d.bucket)).size >= 2, 'more than one band is used');
      assert.ok(tokens.length > applied.length - 1);
    };
    check(outcome.analysisId);

    // An edit inside the range: colours go at once; after the debounce the new version is coloured.
    const target = editor.document.version + 1;
    const recolored = next(lens.onDidApplySurprisal, (e) => e.uri === uri && e.version === target, 30_000);
    const at = editor.document.positionAt(offsetOf(editor, 'steep') + 'steep'.length);
    await editor.edit((e) => e.insert(at, ' and muddy'));
    assert.equal(lens.decorations(uri).surprisal.length, 0, 'no stale colours on changed text');
    const again = await recolored;
    assert.notEqual(again.analysisId, outcome.analysisId);
    check(again.analysisId);
    const muddy = offsetOf(editor, 'muddy');
    const inserted = new vscode.Range(editor.document.positionAt(muddy), editor.document.positionAt(muddy + 'muddy'.length));
    assert.ok(
      lens.decorations(uri).surprisal.some((d) => inserted.contains(new vscode.Range(d.range[0], d.range[1], d.range[2], d.range[3]))),
      'the inserted word is coloured too',
    );
    assert.equal(lens.cache().has(outcome.analysisId), false, 'the analysis of the old version left the cache');

    await vscode.commands.executeCommand('attentionLens.clearSurprisal');
    assert.equal(lens.decorations(uri).surprisal.length, 0);
  });

  it('the surprisal heatmap works on an untitled document, in two editors at once', async () => {
    const lens = await api();
    const document = await vscode.workspace.openTextDocument({ content: 'function add(a, b) {\n  return a + b;\n}\n', language: 'javascript' });
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const second = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Two, preserveFocus: false });
    second.selection = new vscode.Selection(0, 0, 2, 1);
    const outcome = (await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const applied = lens.decorations(document.uri.toString()).surprisal;
    assert.ok(applied.length >= 8, `${applied.length} tokens coloured`);
    assert.ok(applied.some((d) => d.text === 'return'));
    assert.equal(vscode.window.visibleTextEditors.filter((e) => e.document === document).length, 2);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Spanish prose: the heatmap covers accented letters, and the spotlight works there too', async () => {
    const lens = await api();
    const editor = await open('atencion.md');
    const uri = editor.document.uri.toString();
    selectText(editor, 'El ñandú y el pingüino no vuelan, pero corren y nadan muy bien.');
    const outcome = (await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const applied = lens.decorations(uri).surprisal;
    assert.ok(applied.length >= 10, `${applied.length} tokens coloured`);
    const covered = applied.map((d) => d.text).join('');
    for (const ch of ['ñ', 'ú', 'ü']) assert.ok(covered.includes(ch), `a decoration covers “${ch}”: ${JSON.stringify(applied.map((d) => d.text))}`);
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true);
    const at = offsetOf(editor, 'pingüino') + 5;
    const lit = next(lens.onDidUpdateSpotlight, (u) => u === uri, 10_000);
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
    await lit;
    assert.ok(lens.decorations(uri).spotlight.length >= 2);
  });
});
