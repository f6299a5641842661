// A developer reads their own code through the lens, in the real extension host: Python with tabs,
// Go, Rust with combining marks and emoji, JSON, YAML, a Markdown code fence, a file on disk with a
// byte-order mark and CRLF line ends. For each, every token's source range (what
// the panel reveals), every surprisal colour, every spotlight colour and every hover must land on
// exactly the characters the token stands for: the token's own text, decoded from its byte-level
// pieces, is the independent reference (a character split into pieces: the whole character).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { characterParts, isByteLevel, tokenSource } from '../../src/protocol/byteLevel';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import { resetWorkbench, untitled, withNotices } from './editorHelpers';
import { api, next, setting } from './host';

interface Case {
  readonly name: string;
  readonly language: string;
  readonly text: string;
}

const CASES: readonly Case[] = [
  { name: 'Python with tabs', language: 'python', text: 'def área(x):\n\tif x:\n\t\treturn "ñandú 😀"\n\treturn None\n' },
  { name: 'Go', language: 'go', text: 'package main\n\nfunc main() {\n\tfmt.Println("héllo, 世界")\n}\n' },
  { name: 'Rust with combining marks', language: 'rust', text: 'fn main() {\n    let s = "e\u0301te\u0301 👩🏽‍💻 n\u0303";\n    println!("{}", s);\n}\n' },
  { name: 'JSON', language: 'json', text: '{\n  "name": "río",\n  "n": [1, 2],\n  "flag": "🇪🇸"\n}\n' },
  { name: 'YAML', language: 'yaml', text: 'name: río\nitems:\n  - uno\n  - "dos 🚀"\n' },
  { name: 'Markdown with a code fence', language: 'markdown', text: 'Texto del río.\n\n```python\nx = "ñ"\t# 😀\n```\n' },
];

/** What each located token stands for in the document: its decoded text (a split character's whole). */
function sources(shown: ShownAnalysis): (string | null)[] {
  const { tokens } = shown.result;
  const byteLevel = isByteLevel(tokens);
  const parts = characterParts(tokens, byteLevel);
  return tokens.map((tok, i) => (tok.start === null ? null : (parts[i]?.whole ?? tokenSource(tok.text, byteLevel))));
}

function rangeOf(shown: ShownAnalysis, i: number): vscode.Range {
  const r = shown.ranges[i]!;
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

/** Every token's source range holds exactly its text; returns the analysis's located tokens. */
function checkRanges(document: vscode.TextDocument, shown: ShownAnalysis, label: string): number[] {
  const want = sources(shown);
  const located = want.flatMap((s, i) => (s === null ? [] : [i]));
  assert.ok(located.length > 3, `${label}: some tokens`);
  // A position cannot fall between the CR and the LF of a line end: a whitespace token the tokenizer
  // cut there ("\r\n\r" then "\n" on a blank CRLF line) takes the whole line end, at both edges.
  const crlf = document.eol === vscode.EndOfLine.CRLF;
  const widened = (s: string): string => (crlf ? s.replace(/^\n/, '\r\n').replace(/\r$/, '\r\n') : s);
  for (const i of located) {
    assert.equal(document.getText(rangeOf(shown, i)), widened(want[i]!), `${label}: token ${i} ${JSON.stringify(shown.result.tokens[i].text)}`);
  }
  return located;
}

/** Each decoration is one token's text without its leading whitespace, ending where the token ends. */
function checkDecorations(
  document: vscode.TextDocument,
  shown: ShownAnalysis,
  applied: readonly { range: readonly number[]; text: string }[],
  label: string,
): void {
  assert.ok(applied.length > 0, `${label}: some decorations`);
  const want = sources(shown);
  for (const d of applied) {
    const end = new vscode.Position(d.range[2], d.range[3]);
    const start = new vscode.Position(d.range[0], d.range[1]);
    assert.equal(document.getText(new vscode.Range(start, end)), d.text, `${label}: the recorded text is the range's`);
    assert.notEqual(d.text.trim(), '', `${label}: a decoration on no text at ${d.range.join(':')}`);
    const token = want.findIndex((s, i) => s !== null && rangeOf(shown, i).end.isEqual(end) && s.trimStart() === d.text);
    assert.ok(token >= 0, `${label}: ${JSON.stringify(d.text)} at ${d.range.join(':')} is no token's text`);
  }
}

async function analyzeAll(editor: vscode.TextEditor, label: string): Promise<ShownAnalysis> {
  const lens = await api();
  const { document } = editor;
  editor.selection = new vscode.Selection(new vscode.Position(0, 0), document.positionAt(document.getText().length));
  const outcome = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
  assert.ok(outcome.ok, `${label}: ${JSON.stringify(outcome)}`);
  return lens.analysis(outcome.analysisId)!;
}

/** `editor` active again after the panel opened beside it (a diff's side stays in its diff). */
async function refocus(editor: vscode.TextEditor): Promise<vscode.TextEditor> {
  const active = vscode.window.activeTextEditor;
  if (active?.document === editor.document) return active;
  return vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** Ranges, hovers, surprisal colours and spotlight colours of `editor`'s whole text. */
async function checkDocument(shownIn: vscode.TextEditor, label: string): Promise<void> {
  const lens = await api();
  let editor = shownIn;
  const { document } = editor;
  const uri = document.uri.toString();
  const shown = await analyzeAll(editor, label);
  const located = checkRanges(document, shown, label);
  const want = sources(shown);

  // The hover over a token's first character covers that token's characters (its source range), a
  // line-end token cut before an LF included.
  const cutBeforeLf = (k: number): boolean => document.eol === vscode.EndOfLine.CRLF && want[k]!.trim() === '' && want[k]!.endsWith('\r');
  for (const i of located.filter((k) => want[k]!.trim() !== '' || cutBeforeLf(k)).slice(0, 30)) {
    const range = rangeOf(shown, i);
    const at = document.offsetAt(range.start) + ((want[i]!.length - want[i]!.trimStart().length) % want[i]!.length);
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, document.positionAt(at))) as vscode.Hover[];
    const ours = hovers.find((h) => h.range?.start.isEqual(range.start) || h.range?.end.isEqual(range.end));
    assert.ok(ours, `${label}: a hover on token ${i} ${JSON.stringify(want[i])}: ${JSON.stringify(hovers.map((h) => h.range))}`);
    assert.ok(ours.range?.isEqual(range), `${label}: the hover's range of token ${i} ${JSON.stringify(want[i])}: ${JSON.stringify(ours.range)}`);
  }

  editor = await refocus(editor);
  editor.selection = new vscode.Selection(new vscode.Position(0, 0), document.positionAt(document.getText().length));
  const coloured = next(lens.onDidApplySurprisal, (e) => e.uri === uri);
  assert.ok(((await vscode.commands.executeCommand('attentionLens.surprisalHeatmap')) as RunOutcome).ok, label);
  const { analysisId } = await coloured;
  checkDecorations(document, lens.analysis(analysisId)!, lens.decorations(uri).surprisal, `${label}, surprisal`);
  await vscode.commands.executeCommand('attentionLens.clearSurprisal');

  await setting('spotlightTokens', 64);
  try {
    const again = await analyzeAll(editor, label);
    editor = await refocus(editor);
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight', true);
    const last = located[located.length - 1];
    const lit = next(lens.onDidUpdateSpotlight, (u) => u === uri && lens.decorations(uri).spotlight.length > 0);
    editor.selection = new vscode.Selection(rangeOf(again, last).end, rangeOf(again, last).end);
    await lit;
    checkDecorations(document, again, lens.decorations(uri).spotlight, `${label}, spotlight`);
  } finally {
    await vscode.commands.executeCommand('attentionLens.toggleSpotlight', false);
    await setting('spotlightTokens', undefined);
  }
}

describe('Code through the lens: ranges, hovers and colours on exactly each token', function () {
  this.timeout(180_000);
  afterEach(() => resetWorkbench());

  for (const c of CASES) {
    it(c.name, async () => {
      const editor = await untitled(c.text, c.language);
      await checkDocument(editor, c.name);
    });
  }

  it('a file on disk with a byte-order mark and CRLF line ends, by the decoder and the encoder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-code-'));
    const file = path.join(dir, 'bom.py');
    writeFileSync(file, '\uFEFFdef f(x):\r\n\treturn x  # café 😀\r\n\r\nprint(f(1))\r\n');
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      assert.equal(document.eol, vscode.EndOfLine.CRLF);
      assert.ok(!document.getText().startsWith('\uFEFF'), 'the editor drops the mark');
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      await checkDocument(editor, 'BOM and CRLF');
      await setting('analyzeWith', 'encoder');
      try {
        checkRanges(document, await analyzeAll(editor, 'BOM and CRLF, encoder'), 'BOM and CRLF, encoder');
      } finally {
        await setting('analyzeWith', undefined);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a Jupyter notebook's code cell", async () => {
    const notebook = await vscode.workspace.openNotebookDocument(
      'jupyter-notebook',
      new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Datos del río', 'markdown'),
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'for x in ríos:\n\tprint(f"{x} 😀")\n', 'python'),
      ]),
    );
    await vscode.window.showNotebookDocument(notebook);
    const editor = await vscode.window.showTextDocument(notebook.cellAt(1).document);
    await checkDocument(editor, 'notebook cell');
  });

  it('a file made read-only by files.readonlyInclude: Mask Word says so before the model runs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-code-'));
    const file = path.join(dir, 'schema.generated.py');
    const text = 'def área(x):\n\treturn x + 1\n';
    writeFileSync(file, text);
    await vscode.workspace.getConfiguration('files').update('readonlyInclude', { '**/*.generated.py': true }, vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      editor.selection = new vscode.Selection(1, 8, 1, 8);
      const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
      assert.equal(outcome.ok, false, JSON.stringify(outcome));
      assert.equal(document.getText(), text);
      // It ran the encoder and offered fillers, then said only "The editor refused the edit".
      assert.equal(outcome.analysisId, undefined, 'no model ran');
      assert.deepEqual(
        shown.map((n) => n.message),
        ['Attention Lens: schema.generated.py is read-only: nothing can be inserted or replaced in it.'],
      );
    } finally {
      await vscode.workspace.getConfiguration('files').update('readonlyInclude', undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a read-only file system (as a Git revision is): the writing commands say why, once', async () => {
    const text = 'def área(x):\n\treturn x + 1  # 😀\n';
    const bytes = new TextEncoder().encode(text);
    const changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
    const unwritable = (): never => {
      throw vscode.FileSystemError.NoPermissions('read-only');
    };
    const provider = vscode.workspace.registerFileSystemProvider(
      'lens-ro',
      {
        onDidChangeFile: changed.event,
        watch: () => new vscode.Disposable(() => undefined),
        stat: () => ({ type: vscode.FileType.File, ctime: 0, mtime: 0, size: bytes.length, permissions: vscode.FilePermission.Readonly }),
        readDirectory: () => [],
        readFile: () => bytes,
        createDirectory: unwritable,
        writeFile: unwritable,
        delete: unwritable,
        rename: unwritable,
      },
      { isReadonly: true },
    );
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('lens-ro:/rev/a.py'));
      const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
      editor.selection = new vscode.Selection(1, 8, 1, 8);
      for (const command of ['attentionLens.maskWord', 'attentionLens.nextWord']) {
        const { outcome, shown } = await withNotices(command, { pick: 0 });
        assert.equal(outcome.ok, false, `${command}: ${JSON.stringify(outcome)}`);
        assert.equal(outcome.analysisId, undefined, `${command} ran no model`);
        assert.deepEqual(
          shown.map((n) => n.message),
          ['Attention Lens: a.py is read-only: nothing can be inserted or replaced in it.'],
        );
        assert.equal(document.getText(), text);
      }
      editor.selection = new vscode.Selection(1, 10, 1, 10);
      const continued = await withNotices('attentionLens.continueText', { steps: 2, insert: true });
      assert.equal(continued.outcome.inserted, false, JSON.stringify(continued.outcome));
      assert.equal(document.getText(), text);
      assert.equal(continued.shown.filter((n) => /a\.py is read-only/.test(n.message)).length, 1, JSON.stringify(continued.shown));
    } finally {
      provider.dispose();
      changed.dispose();
    }
  });
});
