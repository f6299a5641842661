// Hostile documents, round 13, through the editor commands in the real extension host: a minified
// file of 5 MB on one line with the cursor in its middle (Analyze Selection, the hover, Next Word,
// Mask Word and Word Senses each answer, and none blocks the extension host's event loop for a
// second: a timer in this same process measures the longest gap between its ticks), the same on a
// plain-text file of 50,000 lines with the cursor at its end, and selections
// that hold no visible character (only combining marks, only zero-width characters), and either side
// of a diff editor (the original side is focused with the compare editor's own command).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { hoverAt, resetWorkbench, until, untitled, withNotices } from './editorHelpers';

/** Runs `work` while a 20 ms timer measures the event loop's longest stall (ms) and the time taken. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; stall: number }> {
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 20);
  const t0 = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - t0;
    stall = Math.max(stall, performance.now() - last);
    return { value, ms, stall };
  } finally {
    clearInterval(timer);
  }
}

describe('Hostile documents, round 13', function () {
  this.timeout(300_000);
  afterEach(() => resetWorkbench());

  it('a minified file of 5 MB on one line: each command answers, none stalls the host for a second', async () => {
    let text = '';
    for (let i = 0; text.length < 5_000_000; i++) text += `var river${i}=function(b,c){return b+c*${i}};`;
    const editor = await untitled(text, 'javascript');
    const cursor = text.indexOf('river', 2_500_000) + 2;
    const place = (): void => {
      editor.selection = new vscode.Selection(editor.document.positionAt(cursor), editor.document.positionAt(cursor));
    };
    const took: Record<string, { ms: number; stall: number }> = {};
    place();
    const analyzed = await timed(() => withNotices('attentionLens.analyzeSelection'));
    assert.ok(analyzed.value.outcome.ok, JSON.stringify(analyzed.value.outcome));
    took.analyze = analyzed;
    place();
    const senses = await timed(() => withNotices('attentionLens.wordSenses'));
    took.senses = senses;
    place();
    const masked = await timed(() => withNotices('attentionLens.maskWord', { pick: 0 }));
    took.mask = masked;
    await vscode.commands.executeCommand('undo');
    place();
    const nextWord = await timed(() => withNotices('attentionLens.nextWord', { pick: 0 }));
    took.next = nextWord;
    // Every hover provider answers executeHoverProvider; in JavaScript, TypeScript's own reads the
    // 5 MB file (tens of seconds, stalling the host itself): ours is timed alone, on a plain-text copy.
    const plain = await untitled(text, 'plaintext');
    plain.selection = new vscode.Selection(plain.document.positionAt(cursor), plain.document.positionAt(cursor));
    assert.ok((await withNotices('attentionLens.analyzeSelection')).outcome.ok);
    const hover = await timed(() => hoverAt(plain.document, cursor));
    assert.match(hover.value, /Attention Lens/);
    took.hover = hover;
    console.log(`5 MB one line: ${JSON.stringify(took, (k, v: unknown) => (k === 'value' ? undefined : typeof v === 'number' ? Math.round(v) : v))}`);
    for (const [name, { stall }] of Object.entries(took)) assert.ok(stall < 1000, `${name} stalled the host ${Math.round(stall)} ms`);
    for (const [name, r] of Object.entries({ senses, masked, nextWord }))
      assert.ok(r.value.outcome.ok || r.value.shown.length === 1, `${name}: ${JSON.stringify(r.value)}`);
  });

  it('a file of 50,000 lines, the cursor at its end: each command answers, none stalls the host for a second', async () => {
    // One paragraph (no blank line), as a log or a pasted text: Mask Word's scope cuts it into sentences.
    const text = Array.from({ length: 50_000 }, (_, i) => `Line ${i}: the river ran past the old bank and we watched it go.`).join('\n');
    const cursor = text.lastIndexOf('river') + 2;
    const editor = await untitled(text, 'plaintext');
    const place = (): void => {
      editor.selection = new vscode.Selection(editor.document.positionAt(cursor), editor.document.positionAt(cursor));
    };
    const took: Record<string, { ms: number; stall: number }> = {};
    place();
    took.analyze = await timed(() => withNotices('attentionLens.analyzeSelection'));
    place();
    took.senses = await timed(() => withNotices('attentionLens.wordSenses'));
    place();
    const masked = await timed(() => withNotices('attentionLens.maskWord', { pick: 0 }));
    took.mask = masked;
    assert.ok(masked.value.outcome.ok, JSON.stringify(masked.value));
    await vscode.commands.executeCommand('undo');
    place();
    const next = await timed(() => withNotices('attentionLens.nextWord', { pick: 0 }));
    took.next = next;
    assert.ok(next.value.outcome.ok, JSON.stringify(next.value));
    await vscode.commands.executeCommand('undo');
    place();
    assert.ok((await withNotices('attentionLens.analyzeSelection')).outcome.ok);
    const hover = await timed(() => hoverAt(editor.document, cursor));
    assert.match(hover.value, /Attention Lens/);
    took.hover = hover;
    console.log(
      `50,000 lines, cursor at the end: ${JSON.stringify(took, (k, v: unknown) => (k === 'value' ? undefined : typeof v === 'number' ? Math.round(v) : v))}`,
    );
    for (const [name, { stall }] of Object.entries(took)) assert.ok(stall < 1000, `${name} stalled the host ${Math.round(stall)} ms`);
  });

  for (const [name, text, selected] of [
    ['only combining marks', 'The cafe\u0301 was open.\n\u0301\u0302\u0303\u0304\nWe sat down.\n', '\u0301\u0302\u0303\u0304'],
    ['only zero-width characters', 'The cafe was open.\n\u200B\u200C\u200D\u2060\uFEFF\nWe sat down.\n', '\u200B\u200C\u200D\u2060\uFEFF'],
  ] as const) {
    it(`a selection of ${name}: Analyze Selection and Mask Word each say one thing, and edit nothing`, async () => {
      const editor = await untitled(text, 'plaintext');
      const start = text.indexOf(selected);
      const select = (): void => {
        editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + selected.length));
      };
      select();
      const analyzed = await withNotices('attentionLens.analyzeSelection');
      console.log(`${name}: analyze ${JSON.stringify(analyzed)}`);
      select();
      const masked = await withNotices('attentionLens.maskWord', { pick: 0 });
      console.log(`${name}: mask ${JSON.stringify(masked)}`);
      assert.equal(editor.document.getText(), text, 'the text is as it was');
      assert.ok(masked.shown.length <= 1, JSON.stringify(masked.shown));
    });
  }
  for (const side of ['original', 'modified'] as const) {
    it(`the ${side} side of a diff editor: Mask Word replaces the word on that side`, async () => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'lens-diff-'));
      const [left, right] = ['before.txt', 'after.txt'].map((n) => vscode.Uri.file(path.join(folder, n)));
      const texts = { original: 'The river bank was steep.\n', modified: 'The river bank was very steep.\n' };
      writeFileSync(left.fsPath, texts.original);
      writeFileSync(right.fsPath, texts.modified);
      await vscode.commands.executeCommand('vscode.diff', left, right, 'lens diff');
      if (side === 'original') await vscode.commands.executeCommand('workbench.action.compareEditor.focusSecondarySide');
      const editor = await until(`the ${side} side`, () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.fsPath === (side === 'original' ? left : right).fsPath ? e : null;
      });
      editor.selection = new vscode.Selection(0, 6, 0, 6);
      const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
      const now = editor.document.getText();
      assert.ok(outcome.ok, JSON.stringify({ outcome, shown }));
      assert.equal(now, texts[side].replace('river', String(outcome.applied)), 'the filler replaced the word on that side');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      rmSync(folder, { recursive: true, force: true });
    });
  }
});
