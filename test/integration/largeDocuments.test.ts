// A large document (30 MB of prose; LENS_LARGE_MB sets another size) through the editor commands in
// the real extension host: Analyze Selection, Compare, Mask Word and Next Word each answer, cold
// (first run), warm and after an edit, and print what they took. The extension host caches a
// document's whole text per version (a second getText() of an unchanged document is the same string,
// no copy): the first read after an edit is what costs (35–90 ms at 30 MB on a shared 2-core machine),
// so a command that reads the whole text several times pays that once, not per read.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { resetWorkbench } from './editorHelpers';

const LINE = 'The river bank was steep, so we sat on the grass and watched the water run past the old mill.\n';

describe('A large document through the editor commands', function () {
  this.timeout(600_000);
  afterEach(() => resetWorkbench());

  it('each command answers on a 30 MB document; a repeated whole read is cached', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lens-large-')), 'large.txt');
    const lines = Math.ceil((Number(process.env.LENS_LARGE_MB ?? 30) * 1e6) / LINE.length);
    writeFileSync(file, LINE.repeat(lines));
    const document = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const middle = Math.floor(lines / 2);
    editor.selection = new vscode.Selection(middle, LINE.indexOf('grass') + 2, middle, LINE.indexOf('grass') + 2);
    const reads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      assert.equal(document.getText().length, LINE.length * lines);
      reads.push(performance.now() - t0);
    }
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const ranged: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      document.getText(whole);
      ranged.push(performance.now() - t0);
    }
    const results = [
      `whole getText(), three times: ${reads.map((r) => r.toFixed(1)).join(', ')} ms`,
      `getText(range of it all), three times: ${ranged.map((r) => r.toFixed(1)).join(', ')} ms`,
    ];
    for (const round of ['cold', 'warm', 'edited']) {
      if (round === 'edited') await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'A'));
      for (const [command, args] of [
        ['attentionLens.analyzeSelection', undefined],
        ['attentionLens.compareModels', undefined],
        ['attentionLens.maskWord', {}],
        ['attentionLens.nextWord', {}],
      ] as const) {
        const t0 = performance.now();
        const outcome = (await vscode.commands.executeCommand(command, args)) as { ok: boolean };
        results.push(`${round} ${command}: ${(performance.now() - t0).toFixed(0)} ms`);
        assert.equal(outcome.ok, true, `${round} ${command}: ${JSON.stringify(outcome)}`);
      }
    }
    console.log(`large document, ${((LINE.length * lines) / 1e6).toFixed(1)} MB:\n  ${results.join('\n  ')}`);
  });
});
