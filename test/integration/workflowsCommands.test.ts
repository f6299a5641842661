// (Named to run after extension.test: that one checks a fresh activation.)
// The editor-first commands inside a real extension host: several masks at once applied as one
// undoable edit, the hover's links and its mask link through the real quick pick, the continuation
// preview and its insertion, the encoder beside the decoder, and cursor → panel sync.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { ComparisonMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { headMatrix, offsetOf, open, resetWorkbench, selectText, until } from './editorHelpers';
import { api, next } from './host';

describe('Editor-first exploration: commands', function () {
  this.timeout(120_000);

  afterEach(resetWorkbench);

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
    // The encoder ran last (the masked word); the status bar is back on the model the next analysis uses.
    assert.equal(lens.status().kind, vscode.workspace.getConfiguration('attentionLens').get('analyzeWith'));
    assert.equal(lens.status().state, 'ready');
    const text = (s: ShownAnalysis): string =>
      s.ranges.flatMap((r) => (r ? [editor.document.getText(new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter))] : [])).join('');
    assert.equal(text(comparison.encoder).replace(/\s+/g, ' ').trim(), needle);
    assert.equal(text(comparison.decoder), needle);
    // Bidirectional vs causal: the decoder's upper triangle is empty in every head of layer 0, the
    // encoder's is not (its head 0 looks at the previous token, its head 1 at the next one).
    const upper = async (s: ShownAnalysis): Promise<number> => {
      const t = s.result.attention.length;
      let most = 0;
      for (let head = 0; head < s.result.attention.heads; head++) {
        const m = await headMatrix(lens, s, 0, head);
        let sum = 0;
        for (let q = 0; q < t; q++) for (let k = q + 1; k < t; k++) sum += m[q * t + k];
        most = Math.max(most, sum);
      }
      return most;
    };
    const [decoderUpper, encoderUpper] = [await upper(comparison.decoder), await upper(comparison.encoder)];
    assert.ok(decoderUpper < 1e-3, `decoder upper triangle ${decoderUpper}`);
    assert.ok(encoderUpper > 0.5, `encoder upper triangle ${encoderUpper}`);
    assert.ok(comparison.guess, 'the cursor is on a word');
    assert.equal(comparison.guess.word, 'grass');
    assert.ok(comparison.guess.encoderFillers.length >= 5);
    // The word whole: the engine's whole-word fillers (words, not pieces), the decoder's probability over all its tokens.
    assert.equal(comparison.guess.encoderWhole, true);
    assert.ok(comparison.guess.encoderFillers.every((f) => f.token === f.token.trim() && f.token.length > 0));
    const at = needle.indexOf('grass');
    const byDecoder = comparison.decoder.result.tokens.filter((t) => t.start !== null && t.end !== null && t.end > at && t.start < at + 5);
    assert.ok(comparison.guess.decoder && comparison.guess.decoder.rank >= 1);
    assert.equal(comparison.guess.decoder.pieces, byDecoder.length);
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
