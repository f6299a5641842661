// Inside a real VS Code extension host (code-server here, Electron elsewhere), with the workspace
// folder `samples/`: activation, commands, Analyze Selection end to end through the worker and the
// panel's page, the hover, settings applied without reload, and recovery from a killed worker.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { EXTENSION_ID, api, next, setting } from './host';

function sample(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the samples folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function select(name: string, needle: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(sample(name));
  const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  const start = document.getText().indexOf(needle);
  assert.ok(start >= 0, `${needle} is in ${name}`);
  editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + needle.length));
  return editor;
}

describe('Attention Lens in the extension host', function () {
  this.timeout(120_000);

  after(async () => {
    await setting('maxTokens', undefined);
  });

  it('activates without starting the engine worker', async () => {
    const started = performance.now();
    const lens = await api();
    console.log(`    activation took ${(performance.now() - started).toFixed(1)} ms`);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(lens.workerRunning(), false, 'the worker starts on first use, not at activation');
    assert.equal(lens.status().state, 'idle');
  });

  it('registers every contributed command', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 6);
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('Analyze Selection analyzes exactly the selection and the panel renders tokens whose ranges match it', async () => {
    const lens = await api();
    const needle = 'The river bank was steep, so we sat on the grass';
    const editor = await select('river.md', needle);
    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis');
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const shown = (await posted).params as ShownAnalysis;
    assert.equal(shown.id, outcome.analysisId);
    await next(lens.onDidRenderInPanel, (r) => r.analysisId === outcome.analysisId);

    const { document, selection } = editor;
    const texts = shown.result.tokens.flatMap((t, i) => {
      const r = shown.ranges[i];
      if (!r) return [];
      const range = new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
      assert.ok(selection.contains(range), `token ${i} (${t.text}) lies inside the selection`);
      return [document.getText(range)];
    });
    assert.equal(texts.join(''), needle, 'the tokens cover the selected text, in order, and nothing else');
    assert.deepEqual(shown.result.analyzed, { start: 0, end: needle.length });
    assert.equal(shown.result.model.kind, 'decoder');
    assert.equal(shown.document.version, document.version);
    assert.equal(lens.workerRunning(), true);
    // The webview gets the shape and the worker's key, never the tensors.
    assert.ok(!('probs' in shown.result.attention), 'no tensors are posted to the webview');
    assert.ok(Number.isSafeInteger(shown.result.attention.key) && shown.result.attention.key > 0);
    assert.equal(shown.result.attention.length, shown.result.tokens.length);
    assert.equal(shown.result.attention.hasScores, true, 'the worker keeps the scores before softmax for the matrix view');
  });

  it('the hover over an analyzed word lists the tokens it attends to', async () => {
    const document = await vscode.workspace.openTextDocument(sample('river.md'));
    const offset = document.getText().indexOf('steep');
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 2))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Attention Lens/);
    // The word's tokens, the hovered one in bold, joined back: " steep" (a byte-level token carries its space).
    const pieces = /Tokens? (.*) — id \d+/.exec(text)?.[1] ?? '';
    assert.equal(pieces.replace(/\*\*/g, '').split(' · ').join(''), '␣steep', pieces);
    const attended = /Attends most to: (.*)/.exec(text)?.[1] ?? '';
    assert.ok(attended.split(' · ').length >= 3, `three or more attended tokens: ${attended}`);
    // Each weight as the panel's matrix writes it (0 to 1, "0.237"), not a percentage.
    for (const part of attended.split(' · ')) assert.match(part, / \d\.\d{3,}$/, attended);
    assert.match(text, /[Pp]robability [\d.e-]+% · rank \d+/, "the token's, whether or not its word is one token");
    assert.match(text, /command:attentionLens\.openToken/);
    // Outside the analyzed range: no hover of ours.
    const title = (await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 4))) as vscode.Hover[];
    assert.ok(!title.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('Attention Lens'))));
  });

  it('a changed setting changes the next analysis, without a reload', async () => {
    const lens = await api();
    await select('river.md', 'The bank raised its interest rates again, and the river kept flowing.');
    const before = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(before.ok);
    const applied = next(vscode.workspace.onDidChangeConfiguration, (e) => e.affectsConfiguration('attentionLens.maxTokens'));
    await setting('maxTokens', 8);
    await applied;
    assert.equal(lens.config().maxTokens, 8);
    const posted = next(lens.onDidPostToWebview, (m) => m.method === 'analysis');
    const after = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(after.ok);
    const shown = (await posted).params as ShownAnalysis;
    assert.equal(shown.result.tokens.length, 8);
    assert.ok(
      shown.result.notices.some((n) => /^Analyzed lines? [\d–]+ of \d+ \(8 of \d+ tokens\), around the cursor\.$/.test(n)),
      shown.result.notices.join(' | '),
    );
    await setting('maxTokens', undefined);
  });

  it('a worker killed mid-request gives a clear error, and the next request starts a new worker and succeeds', async () => {
    const lens = await api();
    // The wait below takes any held request for the analysis: the panel's view requests of the last
    // analysis (its render) and an editor's spotlight rows are held too, and one could satisfy it
    // before the analysis reaches the worker. With the panel and editors closed none is made, and a
    // turn lets those already sent pass their start before the hold is on.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await select('sample.ts', 'export function add');
    await lens.holdEngineRequests();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The worker holds each request at its start (a test hook) until it is killed: a request surely
    // runs there at the kill, however fast the analysis. Turned on, the hook starts the worker if none
    // runs (an earlier attempt of this test stopped it), so the retry below starts exactly one more.
    await lens.holdEngineRequests(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const early = await lens.holdEngineRequests();
    // Let go before failing: a hold left on would stall every later test's requests.
    if (early !== 0) await lens.holdEngineRequests(false);
    assert.equal(early, 0, 'a request held before the analysis started would pass for it');
    const starts = lens.workerStarts();
    const running = vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>;
    try {
      for (let tries = 0; (await lens.holdEngineRequests()) === 0; tries++) {
        assert.ok(tries < 600, 'the analysis reached the worker');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await lens.killWorker();
    } finally {
      // Only when the kill did not happen: a new worker holds nothing.
      await lens.holdEngineRequests(false);
    }
    const failed = await running;
    assert.equal(failed.ok, false);
    if (!failed.ok) {
      assert.equal(failed.code, 'worker-crashed');
      assert.match(failed.message, /engine worker stopped .*the next request starts a new one/);
    }
    assert.equal(lens.status().state, 'error');
    const retried = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(retried.ok, JSON.stringify(retried));
    assert.equal(lens.workerStarts(), starts + 1);
    assert.equal(lens.status().state, 'ready');
  });

  it('the panel follows the active editor to its latest analysis', async () => {
    const lens = await api();
    await select('river.md', 'The river bank was steep');
    const river = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    await select('sample.ts', 'export function add');
    const ts = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(river.ok && ts.ok);
    // A page that loads after the command answered is given its analysis again on `ready` (the replay): that
    // late post of sample.ts's analysis is not the panel following, so wait for river.md's, which must come.
    const followed = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'analysis' && (m.params as ShownAnalysis).id === river.analysisId);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sample('river.md')), vscode.ViewColumn.One);
    assert.equal(((await followed).params as ShownAnalysis).document.name, 'river.md');
  });

  it('Analyze Selection with no selection takes the paragraph around the cursor and says so', async () => {
    const lens = await api();
    const editor = await select('atencion.md', 'El ñandú');
    editor.selection = new vscode.Selection(editor.selection.start, editor.selection.start);
    const posted = next(lens.onDidPostToWebview, (m) => m.method === 'analysis');
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok);
    const shown = (await posted).params as ShownAnalysis;
    assert.match(shown.result.notices[0], /No selection: analyzed the paragraph around line \d+/);
    const first = shown.ranges.find((r) => r !== null)!;
    const line = editor.document.lineAt(first.startLine).text;
    assert.ok(line.startsWith('El mecanismo'), `the paragraph starts at its first line: ${line}`);
  });

  it('Analyze Selection with no selection in a Markdown code fence takes the statement, not the fences', async () => {
    const lens = await api();
    const content = 'Call it like this:\n```ts\nconst total = sum(\n  prices,\n  2);\n```\n';
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const at = document.positionAt(content.indexOf('total'));
    editor.selection = new vscode.Selection(at, at);
    const posted = next(lens.onDidPostToWebview, (m) => m.method === 'analysis');
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const shown = (await posted).params as ShownAnalysis;
    assert.match(shown.result.notices[0], /No selection: analyzed the statement around line 3/);
    const analyzed = shown.result.tokens.map((t) => t.text).join('');
    assert.doesNotMatch(analyzed, /`|Call/, analyzed);
    assert.equal(shown.ranges.find((r) => r !== null)!.startLine, 2);
  });
});

describe('Attention Lens commands beyond Analyze Selection', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await setting('decoderModel', undefined);
  });

  it('Mask Word at Cursor masks every token of the word for the encoder and applies the chosen filler as an undoable edit', async () => {
    const editor = await select('river.md', 'watched');
    const lines = editor.document.getText().split('\n');
    const lens = await api();
    const posted = next(lens.onDidPostToWebview, (m) => m.method === 'analysis' && (m.params as ShownAnalysis).result.tokens.some((t) => t.masked));
    const outcome = (await vscode.commands.executeCommand('attentionLens.maskWord', { pick: 0 })) as RunOutcome & { choices?: string[]; applied?: string };
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const shown = (await posted).params as ShownAnalysis;
    assert.equal(shown.result.model.kind, 'encoder');
    // The ranges describe the text before the filler replaced the word.
    const masked = shown.result.tokens.flatMap((t, i) => (t.masked ? [i] : []));
    const text = masked.map((i) => lines[shown.ranges[i]!.startLine].slice(shown.ranges[i]!.startCharacter, shown.ranges[i]!.endCharacter)).join('');
    assert.equal(text.trim(), 'watched', 'the masked tokens are exactly the word');
    assert.ok(outcome.choices && outcome.choices.length >= 5);
    assert.equal(outcome.applied, outcome.choices[0].trim());
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.ok(line.includes(`and ${outcome.applied} the water`), line);
    await vscode.commands.executeCommand('undo');
    assert.ok(editor.document.lineAt(editor.selection.active.line).text.includes('and watched the water'));
  });

  it('Predict Next Word at Cursor lists the decoder candidates and inserts the chosen one', async () => {
    const editor = await select('sample.ts', 'return a + b');
    const end = editor.document.positionAt(editor.document.offsetAt(editor.selection.end));
    editor.selection = new vscode.Selection(end, end);
    const outcome = (await vscode.commands.executeCommand('attentionLens.nextWord', { pick: 0 })) as RunOutcome & { choices?: string[]; applied?: string };
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.ok(outcome.choices && outcome.choices.length >= 5);
    assert.equal(outcome.applied, outcome.choices[0]);
    assert.ok(editor.document.lineAt(end.line).text.includes(`return a + b${outcome.applied};`), editor.document.lineAt(end.line).text);
  });

  it('a model folder that does not exist fails with a clear error and an error status', async () => {
    const lens = await api();
    await setting('decoderModel', '/nonexistent/model-folder');
    await select('river.md', 'The river bank');
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.ok(['file-not-found', 'model-files-missing', 'network'].includes(outcome.code), outcome.code);
      assert.match(outcome.message, /nonexistent/);
    }
    assert.equal(lens.status().state, 'error');
    assert.equal(lens.status().model, 'model-folder');
  });

  it('the hover link opens the panel on its token, and the panel is told to focus it', async () => {
    const lens = await api();
    await select('river.md', 'The river bank');
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok);
    const focus = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'focus');
    const opened = (await vscode.commands.executeCommand('attentionLens.openToken', { analysisId: analyzed.analysisId, token: 1 })) as RunOutcome;
    assert.ok(opened.ok);
    assert.deepEqual((await focus).params, { analysisId: analyzed.analysisId, token: 1 });
    const stale = (await vscode.commands.executeCommand('attentionLens.openToken', { analysisId: 99_999, token: 0 })) as RunOutcome;
    assert.equal(stale.ok, false);
  });

  // "analyzed names.txt" could be either of two tabs of that name; as VS Code's tab labels do, the
  // name carries the folder that tells them apart while both tabs are open, and only then.
  it('names a document by its folder too while another tab shows a document of the same name', async () => {
    const lens = await api();
    const root = mkdtempSync(path.join(os.tmpdir(), 'lens-names-'));
    const file = (folder: string): vscode.Uri => {
      mkdirSync(path.join(root, folder));
      writeFileSync(path.join(root, folder, 'names.txt'), 'The river bank was steep. We sat on the grass.\n');
      return vscode.Uri.file(path.join(root, folder, 'names.txt'));
    };
    const [src, other] = [file('src'), file('test')];
    const analyze = async (needle: string): Promise<string | undefined> => {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(src), { viewColumn: vscode.ViewColumn.One, preview: false });
      const start = editor.document.getText().indexOf(needle);
      editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + needle.length));
      const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(outcome.ok, JSON.stringify(outcome));
      return lens.analysis(outcome.analysisId)?.document.name;
    };
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other), { viewColumn: vscode.ViewColumn.One, preview: false });
      assert.equal(await analyze('The river bank was steep.'), 'src/names.txt');
      const tab = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === other.toString());
      assert.ok(tab, 'the other tab');
      await vscode.window.tabGroups.close(tab);
      assert.equal(await analyze('We sat on the grass.'), 'names.txt');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
