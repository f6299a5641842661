// Commands that cannot do what they were asked, inside a real extension host: they say so, in a
// notification, instead of claiming success, throwing or staying silent — a course reset that
// failed, a line argument that is no number, a read-only document; and an analysis can be
// cancelled while it runs.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { AttentionLensApi } from '../../src/host/extension';
import type { ShownNotice } from '../../src/host/notify';
import { open, resetWorkbench, untitled, until } from './editorHelpers';
import { api } from './host';

/** What `work` returns, with every notification shown while it ran. */
async function noticed<T>(lens: AttentionLensApi, work: () => Thenable<T>): Promise<{ result: T; shown: ShownNotice[] }> {
  const shown: ShownNotice[] = [];
  const sub = lens.onDidNotify((n) => shown.push(n));
  try {
    return { result: await work(), shown };
  } finally {
    sub.dispose();
  }
}

/** A file system whose one file reads `text` and which takes no writes: its documents are read-only. */
function readOnlyFiles(scheme: string, text: string): vscode.Disposable {
  const bytes = new TextEncoder().encode(text);
  const refuse = (): never => {
    throw vscode.FileSystemError.NoPermissions('read-only');
  };
  const provider: vscode.FileSystemProvider = {
    onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: (uri) =>
      uri.path === '/'
        ? { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 }
        : { type: vscode.FileType.File, ctime: 0, mtime: 0, size: bytes.length },
    readDirectory: () => [['river.md', vscode.FileType.File]],
    readFile: () => bytes,
    createDirectory: refuse,
    writeFile: refuse,
    delete: refuse,
    rename: refuse,
  };
  return vscode.workspace.registerFileSystemProvider(scheme, provider, { isReadonly: true, isCaseSensitive: true });
}

describe('Host refusals', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await resetWorkbench();
  });

  it('Reset Course Progress says the reset failed when it failed, and never that it reset', async () => {
    const lens = await api();
    const reset = lens.course.reset;
    lens.course.reset = () => Promise.reject(new Error('the progress could not be written'));
    try {
      const { shown } = await noticed(lens, () => vscode.commands.executeCommand('attentionLens.resetCourse'));
      assert.ok(
        shown.some((n) => n.severity === 'error' && n.message.includes('the progress could not be written')),
        JSON.stringify(shown),
      );
      assert.ok(!shown.some((n) => /progress reset/i.test(n.message)), JSON.stringify(shown));
    } finally {
      lens.course.reset = reset;
    }
  });
  it('Analyze from Line refuses a line that is no number, with a message, instead of throwing', async () => {
    const lens = await api();
    await open('river.md');
    for (const line of ['seven', null, Number.NaN, { n: 3 }]) {
      const { result, shown } = await noticed(lens, () => vscode.commands.executeCommand('attentionLens.analyzeFromLine', { line }) as Thenable<RunOutcome>);
      assert.equal(result.ok, false, `${JSON.stringify(line)}: ${JSON.stringify(result)}`);
      assert.ok(!result.ok && result.code === 'bad-input' && /line number/.test(result.message), JSON.stringify(result));
      assert.ok(
        shown.some((n) => !result.ok && n.message.includes(result.message)),
        JSON.stringify(shown),
      );
    }
  });
  it('Mask Word and Next Word refuse a read-only document at once, before the model runs, and say why', async () => {
    const lens = await api();
    const text = 'The river bank was steep, so we sat on the';
    const files = readOnlyFiles('attentionlens-readonly', text);
    try {
      // The id of the next analysis: one more than this one's.
      const before = await untitled(text, 'markdown');
      before.selection = new vscode.Selection(0, 5, 0, 5);
      const first = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
      assert.ok(first.ok, JSON.stringify(first));
      const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'attentionlens-readonly', path: '/river.md' }));
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      for (const [command, at] of [
        ['attentionLens.maskWord', 6],
        ['attentionLens.nextWord', text.length],
      ] as const) {
        editor.selection = new vscode.Selection(0, at, 0, at);
        const { result, shown } = await noticed(lens, () => vscode.commands.executeCommand(command, { pick: 0 }) as Thenable<RunOutcome>);
        assert.ok(!result.ok && /read-only/.test(result.message), `${command}: ${JSON.stringify(result)}`);
        assert.ok(
          shown.some((n) => !result.ok && n.message.includes(result.message)),
          `${command}: ${JSON.stringify(shown)}`,
        );
      }
      assert.equal(document.getText(), text);
      assert.equal(lens.lastAnalysisId(), first.analysisId, 'no model ran for an edit that could not be made');
    } finally {
      files.dispose();
    }
  });

  it('an analysis can be cancelled while it runs (its notification’s Cancel), and then ends as cancelled', async () => {
    const lens = await api();
    const lines = Array.from({ length: 120 }, (_, i) => `Line ${i + 1} says the river kept flowing past the old mill by the bridge.`);
    const editor = await untitled(lines.join('\n'), 'markdown');
    editor.selection = new vscode.Selection(0, 0, 119, 10);
    const analyzed = vscode.commands.executeCommand('attentionLens.analyzeSelection') as Thenable<RunOutcome>;
    await until('the analysis to run', () => lens.cancelAnalyses() > 0, 10_000);
    const outcome = await analyzed;
    assert.ok(!outcome.ok && outcome.code === 'cancelled', JSON.stringify(outcome));
  });

  it('a whole-word search (Mask Word) can be cancelled as an analysis can, and then ends as cancelled', async () => {
    // It had no Cancel: seconds of model runs on a slow model, with only a status-bar line.
    const lens = await api();
    const sentence = 'The river kept flowing past the old mill by the bridge, and the miller watched it go.';
    const text = Array.from({ length: 24 }, () => sentence).join(' ');
    const editor = await untitled(text, 'markdown');
    editor.selection = new vscode.Selection(0, 1, 0, 1);
    const first = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(first.ok, JSON.stringify(first));
    editor.selection = new vscode.Selection(0, 6, 0, 6); // in "river"
    const masked = vscode.commands.executeCommand('attentionLens.maskWord', { pick: 0 }) as Thenable<RunOutcome>;
    // Once the masked analysis is stored, what runs is the search for whole words: a cancel now is its own.
    await until('the whole-word search to run', () => (lens.lastAnalysisId() ?? 0) > first.analysisId && lens.cancelAnalyses() > 0, 10_000);
    const outcome = await masked;
    assert.ok(!outcome.ok && outcome.code === 'cancelled', JSON.stringify(outcome));
    assert.equal(editor.document.getText(), text, 'nothing replaced');
  });
});
