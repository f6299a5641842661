// The editor commands on code where a developer's cursors are, in the real extension host: Next Word
// with the cursor inside an identifier (it goes on after the whole word, as Mask Word takes the whole
// word, and says so), several selections for Analyze Selection and Compare (which one was read is
// said), and the name an empty or blank document is given (as its tab names it, not its path or id).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { resetWorkbench, until, untitled, withNotices } from './editorHelpers';
import { api } from './host';

describe('Commands on code and on several cursors', function () {
  this.timeout(180_000);
  afterEach(() => resetWorkbench());

  it('Next Word inside a word goes on after the whole word, and says so', async () => {
    // With the cursor at "value|s" the chosen word went in mid-identifier ("value;s"), and nothing
    // said the "s" after the cursor was not read.
    const text = 'const values = [1, 2];\nconst n = values.length;\n';
    const editor = await untitled(text, 'typescript');
    const inside = text.indexOf('values.length') + 'value'.length;
    editor.selection = new vscode.Selection(editor.document.positionAt(inside), editor.document.positionAt(inside));
    const { outcome, shown } = await withNotices('attentionLens.nextWord', { pick: 0 });
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    const applied = outcome.applied as string;
    assert.ok(applied, JSON.stringify(outcome));
    const end = inside + 1;
    assert.equal(editor.document.getText(), text.slice(0, end) + applied + text.slice(end), 'inserted after "values", not inside it');
    assert.ok(
      shown.some((n) => n.message.includes('The cursor was inside “values”')),
      JSON.stringify(shown),
    );
  });

  it('Continue Text inside a word goes on after the whole word too, and says so', async () => {
    // Continue inserted its preview at "value|s", as Next Word did, splitting the identifier.
    const text = 'const values = [1, 2];\nconst n = values.length;\n';
    const editor = await untitled(text, 'typescript');
    const inside = text.indexOf('values.length') + 'value'.length;
    editor.selection = new vscode.Selection(editor.document.positionAt(inside), editor.document.positionAt(inside));
    const { outcome, shown } = await withNotices('attentionLens.continueText', { steps: 2, insert: true, seed: 1 });
    assert.equal(outcome.inserted, true, JSON.stringify(outcome));
    const added = outcome.text as string;
    const end = inside + 1;
    assert.equal(editor.document.getText(), text.slice(0, end) + added + text.slice(end), 'inserted after "values", not inside it');
    assert.ok(
      shown.some((n) => n.message.includes('The cursor was inside “values”')),
      JSON.stringify(shown),
    );
  });

  it('Analyze Selection and Compare with several selections say which one they read', async () => {
    // Only the primary selection was read, and nothing said the others were left out.
    const text = 'def f(x):\n    return x + 1\n\n\ndef g(y):\n    return y * 2\n';
    const editor = await untitled(text, 'python');
    editor.selections = [new vscode.Selection(4, 0, 5, 16), new vscode.Selection(0, 0, 1, 16)];
    for (const [command, verb] of [
      ['attentionLens.analyzeSelection', 'analyzed'],
      ['attentionLens.compareModels', 'compared'],
    ]) {
      const { outcome, shown } = await withNotices(command);
      assert.equal(outcome.ok, true, `${command}: ${JSON.stringify(outcome)}`);
      assert.ok(
        shown.some((n) => n.message === `Attention Lens: 2 selections: ${verb} only the primary one, at line 5; to read another, select it alone.`),
        `${command}: ${JSON.stringify(shown)}`,
      );
    }
    // From a chosen line the selections are not read: nothing is said of them.
    const fromLine = await withNotices('attentionLens.analyzeFromLine', { line: 2 });
    assert.equal(fromLine.outcome.ok, true, JSON.stringify(fromLine.outcome));
    assert.ok(!fromLine.shown.some((n) => /selections/.test(n.message)), JSON.stringify(fromLine.shown));
    // One selection: nothing more is said.
    editor.selections = [new vscode.Selection(0, 0, 1, 16)];
    const one = await withNotices('attentionLens.analyzeSelection');
    assert.equal(one.outcome.ok, true);
    assert.ok(!one.shown.some((n) => /selections/.test(n.message)), JSON.stringify(one.shown));
  });

  it('Analyze Selection inside a multi-line template literal reads the whole template', async () => {
    // Each line of the template was read as code: with the cursor on "b", the block stopped at the
    // template's blank line, and the SQL after it was not read.
    const text = 'const a = 1;\n\nconst q = sql`\n  SELECT (a,\n    b\n\n  FROM t`;\n\nconst z = 2;\n';
    const editor = await untitled(text, 'typescript');
    const at = editor.document.positionAt(text.indexOf('    b') + 4);
    editor.selection = new vscode.Selection(at, at);
    const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const shown = (await api()).analysis(outcome.analysisId)!;
    assert.match(shown.result.notices[0], /No selection: analyzed the statement around line 5 \(lines 3–7\)/u);
  });

  it('an empty or blank document is named as its tab names it', async () => {
    // An empty file outside the workspace was named by its whole path, and an output channel by its raw id.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-empty-'));
    try {
      const file = path.join(dir, 'empty.py');
      writeFileSync(file, '');
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      const empty = await withNotices('attentionLens.analyzeSelection');
      assert.deepEqual(
        empty.shown.map((n) => n.message),
        ['Attention Lens: There is nothing to analyze: empty.py is empty.'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const channel = vscode.window.createOutputChannel('Lens blank');
    try {
      channel.append('   \n\n');
      channel.show();
      const output = await until('the channel document', () =>
        vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.uri.path.endsWith('Lens blank')),
      );
      await vscode.window.showTextDocument(output);
      await until('the channel text', () => output.getText() !== '');
      const blank = await withNotices('attentionLens.analyzeSelection');
      assert.deepEqual(
        blank.shown.map((n) => n.message),
        ['Attention Lens: There is nothing to analyze: Lens blank holds only whitespace.'],
      );
    } finally {
      channel.dispose();
    }
  });
});
