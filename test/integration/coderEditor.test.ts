// A developer reads their own code with the editor-side features, in the real extension host.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ShownNotice } from '../../src/host/notify';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { hoverAt, resetWorkbench, untitled } from './editorHelpers';
import { api, next, setting } from './host';

/** A TypeScript module of `count` lines, CRLF line ends and tabs, as a developer's long file. */
function longModule(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++)
    lines.push(
      i % 7 === 0 ? `export function f${i}<T extends object>(x: T): T {` : i % 7 === 6 ? '}' : `\tconst v${i} = x as unknown as { a: ${i} }; // línea ${i}`,
    );
  return lines.join('\r\n');
}

/**
 * `longModule(count)` in an untitled editor, selected whole: the last line its heatmap colours, and
 * the heatmap turned on over the whole text again (resolves once it is coloured).
 */
async function selectedModule(count: number): Promise<{ uri: string; lastLine: () => number; heatmap: () => Promise<void> }> {
  const lens = await api();
  const editor = await untitled(longModule(count), 'typescript');
  const { document } = editor;
  const uri = document.uri.toString();
  return {
    uri,
    lastLine: () => Math.max(...lens.decorations(uri).surprisal.map((d) => d.range[2])),
    heatmap: async () => {
      editor.selection = new vscode.Selection(0, 0, document.lineCount - 1, 0);
      const coloured = next(lens.onDidApplySurprisal, (e) => e.uri === uri);
      await vscode.commands.executeCommand('attentionLens.surprisalHeatmap');
      await coloured;
    },
  };
}

describe('Coder: a developer’s own code through the editor features', function () {
  this.timeout(180_000);
  afterEach(() => resetWorkbench());

  // Select All in a 3,000-line file, then the heatmap: it coloured the first 32 lines, the model's
  // token limit, and said nothing; the rest of the file looked as if it had nothing surprising.
  it('the heatmap over more than the model reads at once says which lines it coloured, once', async () => {
    const lens = await api();
    const editor = await untitled(longModule(3000), 'typescript');
    const { document } = editor;
    const uri = document.uri.toString();
    editor.selection = new vscode.Selection(0, 0, document.lineCount - 1, 0);
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      const coloured = next(lens.onDidApplySurprisal, (e) => e.uri === uri);
      await vscode.commands.executeCommand('attentionLens.surprisalHeatmap');
      await coloured;
      const decorations = lens.decorations(uri).surprisal;
      const last = Math.max(...decorations.map((d) => d.range[2])) + 1;
      assert.ok(last < 3000, 'a part of the file is coloured');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0].message, new RegExp(`lines 1–${last}\\b`, 'u'), shown[0].message);
      assert.match(shown[0].message, /attentionLens\.maxTokens/u, shown[0].message);

      // An edit above: coloured again, and not said again.
      const again = next(lens.onDidApplySurprisal, (e) => e.uri === uri);
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// a new first line\r\n'));
      await again;
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(shown.length, 1, JSON.stringify(shown));
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand('attentionLens.clearSurprisal');
    }
  });

  // The heatmap and the settling strip both fill each token's background: on together, a token took
  // a blend of a band of each (red over teal) that neither legend has, and both legends stayed.
  it('the heatmap and the settling strip are not on one text at once: the one turned on takes its place', async () => {
    const lens = await api();
    const editor = await untitled('def área(x):\n\treturn f"{x} ñandú"  # the river bank\n', 'python');
    const { document } = editor;
    const uri = document.uri.toString();
    editor.selection = new vscode.Selection(0, 0, 1, 40);
    try {
      const settled = next(lens.onDidApplySettling, (e) => e.uri === uri);
      await vscode.commands.executeCommand('attentionLens.toggleSettling');
      await settled;
      assert.ok(lens.decorations(uri).settling.length > 0, 'the settling strip colours the text');
      const coloured = next(lens.onDidApplySurprisal, (e) => e.uri === uri);
      await vscode.commands.executeCommand('attentionLens.surprisalHeatmap');
      await coloured;
      assert.ok(lens.decorations(uri).surprisal.length > 0, 'the heatmap colours it');
      assert.deepEqual(lens.decorations(uri).settling, [], 'the settling strip gave way');
      // And the other way round.
      const again = next(lens.onDidApplySettling, (e) => e.uri === uri);
      await vscode.commands.executeCommand('attentionLens.toggleSettling');
      await again;
      assert.ok(lens.decorations(uri).settling.length > 0);
      assert.deepEqual(lens.decorations(uri).surprisal, [], 'the heatmap gave way');
    } finally {
      await vscode.commands.executeCommand('attentionLens.clearSurprisal');
      if (lens.decorations(uri).settling.length) await vscode.commands.executeCommand('attentionLens.toggleSettling');
    }
  });

  // The notice above names attentionLens.maxTokens: raising it left the colours as they were until
  // the next edit or the next run of the command, as if the setting needed a reload.
  it('raising attentionLens.maxTokens colours more of the text at once', async () => {
    const lens = await api();
    const { uri, lastLine, heatmap } = await selectedModule(600);
    try {
      await setting('maxTokens', 128);
      await heatmap();
      const before = lastLine();
      const again = next(lens.onDidApplySurprisal, (e) => e.uri === uri, 20_000);
      await setting('maxTokens', 512);
      await again;
      assert.ok(lastLine() > before, `coloured to line ${lastLine()}, before ${before}`);
    } finally {
      await vscode.commands.executeCommand('attentionLens.clearSurprisal');
      await setting('maxTokens', undefined);
    }
  });

  // The heatmap's analyses are kept for reuse; one made under a smaller maxTokens covers less
  // text, and turning the heatmap on again after raising the limit gave back that cut analysis.
  it('the heatmap turned on again after raising attentionLens.maxTokens colours more, not the analysis made under the old limit', async () => {
    const { lastLine, heatmap } = await selectedModule(600);
    try {
      await setting('maxTokens', 128);
      await heatmap();
      const before = lastLine();
      await vscode.commands.executeCommand('attentionLens.clearSurprisal');
      await setting('maxTokens', 512);
      await heatmap();
      assert.ok(lastLine() > before, `coloured to line ${lastLine()}, before ${before}`);
    } finally {
      await vscode.commands.executeCommand('attentionLens.clearSurprisal');
      await setting('maxTokens', undefined);
    }
  });

  // The hover's "Mask this word" over a token of a 1,000-character base64 run ran Mask Word, which
  // refuses such a run (longer than a word): a link that could only say no.
  it('the hover over a long run without a break offers no Mask this word, which would refuse it; a word beside it does', async () => {
    const blob = 'QUJDRA'.repeat(166) + 'QUJD';
    const text = `const logo = "${blob}"; // the bank\n`;
    const editor = await untitled(text, 'javascript');
    const { document } = editor;
    editor.selection = new vscode.Selection(0, 0, 0, text.length - 1);
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const inRun = await hoverAt(document, text.indexOf(blob) + 500);
    assert.match(inRun, /Tokens/u, inRun.slice(0, 300));
    assert.doesNotMatch(inRun, /maskWord/u, 'no Mask this word in the run');
    const word = await hoverAt(document, text.indexOf('bank') + 1);
    assert.match(word, /maskWord/u, 'a word of ordinary length still offers it');
  });
});
