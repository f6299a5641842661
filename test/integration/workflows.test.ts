// (Named to run after extension.test: that one checks a fresh activation.)
// The editor-first features inside a real extension host: the spotlight's and the surprisal
// heatmap's decorations (ranges and intensity buckets, read back through the extension's API),
// re-analysis after an edit with nothing stale shown, several masks at once applied as one
// undoable edit, the hover's links and its mask link through the real quick pick, the
// continuation preview and its insertion, the encoder beside the decoder, and cursor → panel sync.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/host/extension';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ComparisonMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { surprisalBucket, WEIGHT_BUCKETS } from '../../src/host/editor/buckets';
import { NO_CLEANING } from '../../src/protocol/views';
import { api, next } from './host';

async function open(name: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders![0];
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

function offsetOf(editor: vscode.TextEditor, needle: string, from = 0): number {
  const at = editor.document.getText().indexOf(needle, from);
  assert.ok(at >= 0, `${needle} is in the document`);
  return at;
}

function selectText(editor: vscode.TextEditor, needle: string): void {
  const start = offsetOf(editor, needle);
  editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + needle.length));
}

async function until<T>(what: string, probe: () => T | null | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function rangeText(document: vscode.TextDocument, r: readonly [number, number, number, number]): string {
  return document.getText(new vscode.Range(r[0], r[1], r[2], r[3]));
}

describe('Editor-first exploration', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight', false);
    await vscode.commands.executeCommand('attentionLens.clearSurprisal');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    // Whatever a failed test left edited goes back to the file's text, so that no sample is saved changed.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand(document.isUntitled ? 'workbench.action.revertAndCloseActiveEditor' : 'workbench.action.files.revert');
    }
    // A fresh layout for the next test: the panel opens beside the editor again.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

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

  it('several cursors mask several words in one run; the chosen fillers go in as one undoable edit', async () => {
    const lens = await api();
    const editor = await open('river.md');
    const line = editor.document.getText();
    const river = offsetOf(editor, 'river bank was');
    const water = offsetOf(editor, 'water.');
    editor.selections = [river + 2, water + 1].map((o) => new vscode.Selection(editor.document.positionAt(o), editor.document.positionAt(o)));
    const outcome = (await vscode.commands.executeCommand('attentionLens.maskWord', { picks: [0, 1] })) as RunOutcome & {
      masks?: { word: string; choices: string[] }[];
      appliedAll?: (string | null)[];
    };
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.deepEqual(
      outcome.masks!.map((m) => m.word),
      ['river', 'water'],
    );
    for (const m of outcome.masks!) assert.ok(m.choices.length >= 5, `fillers for ${m.word}`);
    const shown = lens.analysis(outcome.analysisId)!;
    assert.equal(shown.result.model.kind, 'encoder');
    const masked = shown.result.tokens.flatMap((t, i) => (t.masked ? [i] : []));
    // The ranges describe the text before the fillers went in (`line`, the original text).
    const lineStarts = [0, ...[...line].flatMap((c, i) => (c === '\n' ? [i + 1] : []))];
    const maskedText = masked.map((i) => {
      const r = shown.ranges[i]!;
      return line.slice(lineStarts[r.startLine] + r.startCharacter, lineStarts[r.endLine] + r.endCharacter).trim();
    });
    assert.equal(maskedText.join(''), 'riverwater', `masked tokens: ${JSON.stringify(maskedText)}`);
    assert.equal(shown.result.predictions.masked.length, masked.length, 'the panel gets fillers for every masked position');
    const [first, second] = outcome.appliedAll!;
    assert.equal(first, outcome.masks![0].choices[0].trim());
    assert.equal(second, outcome.masks![1].choices[1].trim());
    const after = editor.document.getText();
    assert.ok(after.includes(`The ${first} bank was steep`), after);
    assert.ok(after.includes(`watched the ${second}.`), after);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), line, 'one undo restores both words');
  });

  it('the hover offers the panel and the mask link; the mask link opens the real quick pick of fillers', async () => {
    const editor = await open('river.md');
    selectText(editor, 'The river bank was steep, so we sat on the grass');
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok);
    const steep = offsetOf(editor, 'steep');
    const hovers = (await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      editor.document.uri,
      editor.document.positionAt(steep + 2),
    )) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\[Open in the Attention Lens panel\]\(command:attentionLens\.openToken\?/);
    const link = /\[Mask this word\]\(command:attentionLens\.maskWord\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    const [args] = JSON.parse(decodeURIComponent(link[1])) as [{ at: { uri: string; offset: number } }];
    assert.equal(args.at.uri, editor.document.uri.toString());
    assert.equal(
      editor.document.getWordRangeAtPosition(editor.document.positionAt(args.at.offset)) &&
        editor.document.getText(editor.document.getWordRangeAtPosition(editor.document.positionAt(args.at.offset))),
      'steep',
    );

    // Run the link as VS Code would, then accept the quick pick's first item.
    const before = editor.document.getText();
    const running = vscode.commands.executeCommand('attentionLens.maskWord', args) as Thenable<RunOutcome & { choices?: string[]; applied?: string | null }>;
    let outcome: (RunOutcome & { choices?: string[]; applied?: string | null }) | null = null;
    void running.then((o) => (outcome = o));
    await until('the filler applied', () => {
      if (outcome) return true;
      void vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return false;
    });
    const done = outcome as unknown as RunOutcome & { choices?: string[]; applied?: string | null };
    assert.ok(done.ok, JSON.stringify(done));
    assert.ok(done.choices && done.choices.length >= 5);
    assert.equal(done.applied, done.choices[0].trim());
    assert.equal(editor.document.getText(), before.slice(0, steep) + done.applied + before.slice(steep + 'steep'.length));
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('Continue generates a preview step by step, each step an analysis, and inserts it as one undoable edit', async () => {
    const lens = await api();
    const editor = await open('sample.ts');
    const end = offsetOf(editor, 'return a + b') + 'return a + b'.length;
    editor.selection = new vscode.Selection(editor.document.positionAt(end), editor.document.positionAt(end));
    const before = editor.document.getText();
    type Outcome = RunOutcome & { previewId?: number; text?: string; steps?: { analysisId: number; token: string; p: number }[]; inserted?: boolean };
    // A listening panel is told of every step; one still loading is told of the whole preview once it listens.
    const told = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'preview' && (m.params as { done: boolean }).done);
    const greedy = (await vscode.commands.executeCommand('attentionLens.continueText', { steps: 3 })) as Outcome;
    assert.ok(greedy.ok, JSON.stringify(greedy));
    assert.equal(greedy.steps!.length, 3);
    assert.equal(greedy.text, greedy.steps!.map((s) => s.token).join(''));
    const origin = lens.analysis(greedy.analysisId)!;
    assert.equal(greedy.steps![0].token, [...origin.result.predictions.next].sort((a, b) => b.p - a.p)[0].token, 'greedy takes the top candidate');
    assert.ok(origin.result.predictions.next.length >= 20, 'the engine was asked for enough candidates to re-shape');
    let tokens = origin.result.tokens.length;
    for (const step of greedy.steps!) {
      const shown = lens.analysis(step.analysisId)!;
      assert.ok(shown, 'each step is a stored analysis');
      assert.ok(shown.result.tokens.length > tokens, 'each step sees one more token');
      tokens = shown.result.tokens.length;
      assert.equal(shown.result.attention.layers, origin.result.attention.layers);
    }
    assert.equal(((await told).params as { steps: unknown[] }).steps.length, 3, 'the panel is told of every step');
    assert.equal(editor.document.getText(), before, 'a preview does not touch the document');

    const a = (await vscode.commands.executeCommand('attentionLens.continueText', {
      steps: 4,
      greedy: false,
      temperature: 1.5,
      topP: 0.95,
      seed: 42,
    })) as Outcome;
    const b = (await vscode.commands.executeCommand('attentionLens.continueText', {
      steps: 4,
      greedy: false,
      temperature: 1.5,
      topP: 0.95,
      seed: 42,
    })) as Outcome;
    assert.equal(a.text, b.text, 'the same seed samples the same continuation');

    const inserted = (await vscode.commands.executeCommand('attentionLens.insertPreview', { previewId: greedy.previewId })) as RunOutcome;
    assert.ok(inserted.ok, JSON.stringify(inserted));
    assert.equal(editor.document.getText(), before.slice(0, end) + greedy.text + before.slice(end));
    const stale = (await vscode.commands.executeCommand('attentionLens.insertPreview', { previewId: greedy.previewId })) as RunOutcome;
    assert.equal(stale.ok, false, 'a preview of an older version is not inserted');
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
  });

  it('Compare analyzes the same text with the encoder and the decoder and shows both side by side', async () => {
    const lens = await api();
    const editor = await open('river.md');
    const needle = 'The river bank was steep, so we sat on the grass';
    selectText(editor, needle);
    // The cursor (the selection's active end) is right after "grass": the word both models predict.
    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'comparison');
    const outcome = (await vscode.commands.executeCommand('attentionLens.compareModels')) as RunOutcome & { encoderId?: number; decoderId?: number };
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const comparison = (await posted).params as ComparisonMessage;
    assert.equal(comparison.encoder.id, outcome.encoderId);
    assert.equal(comparison.decoder.id, outcome.decoderId);
    assert.equal(comparison.encoder.result.model.kind, 'encoder');
    assert.equal(comparison.decoder.result.model.kind, 'decoder');
    const text = (s: ShownAnalysis): string =>
      s.ranges.flatMap((r) => (r ? [editor.document.getText(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter))] : [])).join('');
    assert.equal(text(comparison.encoder).replace(/\s+/g, ' ').trim(), needle);
    assert.equal(text(comparison.decoder), needle);
    // Bidirectional vs causal: the decoder's upper triangle is empty, the encoder's is not.
    const upper = async (s: ShownAnalysis): Promise<number> => {
      const t = s.result.attention.length;
      const m = await headMatrix(lens, s, 0, 0);
      let sum = 0;
      for (let q = 0; q < t; q++) for (let k = q + 1; k < t; k++) sum += m[q * t + k];
      return sum;
    };
    const [decoderUpper, encoderUpper] = [await upper(comparison.decoder), await upper(comparison.encoder)];
    assert.ok(decoderUpper < 1e-3, `decoder upper triangle ${decoderUpper}`);
    assert.ok(encoderUpper > 0.5, `encoder upper triangle ${encoderUpper}`);
    assert.ok(comparison.guess, 'the cursor is on a word');
    assert.equal(comparison.guess.word, 'grass');
    assert.ok(comparison.guess.encoderFillers.length >= 5);
    assert.ok(comparison.guess.decoder && comparison.guess.decoder.rank >= 1);
  });

  it('moving the cursor onto an analyzed token selects it in the panel', async () => {
    const lens = await api();
    const editor = await open('river.md');
    const needle = 'The river bank was steep';
    selectText(editor, needle);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok);
    await next(lens.onDidRenderInPanel, (r) => r.analysisId === analyzed.analysisId);
    const shown = lens.analysis(analyzed.analysisId)!;
    const start = offsetOf(editor, needle);
    const steep = offsetOf(editor, 'steep');
    const token = shown.result.tokens.findIndex((t) => t.start !== null && start + t.start <= steep + 1 && steep + 1 < start + t.end!);
    const focus = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'focus');
    editor.selection = new vscode.Selection(editor.document.positionAt(steep + 1), editor.document.positionAt(steep + 1));
    assert.deepEqual((await focus).params, { analysisId: analyzed.analysisId, token });
  });
});

/** One head's whole probability matrix of a kept analysis, as float32, from the engine worker. */
async function headMatrix(lens: AttentionLensApi, shown: ShownAnalysis, layer: number, head: number): Promise<Float32Array> {
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
