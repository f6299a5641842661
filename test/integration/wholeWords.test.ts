// Whole words in the real extension host: Mask Word on a word the embedded encoder splits into two
// pieces (found at test time) offers whole words — no newline, no piece glued to nothing — and the
// chosen one replaces the whole word as one undo step; a selection inside a word still gets its
// token's fillers, pieces included; Next Word offers words completed to a word boundary, with the
// token-level list one step away.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { resetWorkbench, until, untitled as freshUntitled } from './editorHelpers';
import type { ShownNotice } from '../../src/host/notify';
import { t as translate } from '../../src/host/l10n';
import { choiceText } from '../../src/protocol/tokenText';
import { api, next, setting } from './host';
import { otherModel, slowHubDecoder, SOON_MS } from './slowHub';

type MaskOutcome = RunOutcome & { masks?: { word: string; whole: boolean; choices: string[] }[]; applied?: string | null; appliedAll?: (string | null)[] };
type WordOutcome = RunOutcome & { level?: 'word' | 'token'; choices?: string[]; applied?: string | null };

const WORD = /^[\p{L}\p{N}\p{M}_]+(?:['’-][\p{L}\p{N}\p{M}_]+)*$/u;
const TEXT = 'The river bank was steep, so we sat on the grass and watched the water flow past the old mill.\n';

const untitled = (content: string): Promise<vscode.TextEditor> => freshUntitled(content, 'markdown');

function cursorAt(editor: vscode.TextEditor, offset: number): void {
  const p = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(p, p);
}

/** The first word of TEXT that the encoder splits into exactly two pieces: its offset and the masked run. */
async function twoPieceWord(editor: vscode.TextEditor): Promise<{ start: number; word: string; outcome: MaskOutcome }> {
  const lens = await api();
  for (const match of TEXT.matchAll(/[a-z]{3,}/g)) {
    cursorAt(editor, match.index + 1);
    const outcome = (await vscode.commands.executeCommand('attentionLens.maskWord', {})) as MaskOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const masked = lens.analysis(outcome.analysisId)!.result.tokens.filter((t) => t.masked);
    if (masked.length === 2) return { start: match.index, word: match[0], outcome };
  }
  assert.fail('no word of the sentence is two pieces for this encoder');
}

describe('Whole words', function () {
  this.timeout(120_000);

  afterEach(resetWorkbench);

  it('Mask Word on a word of two pieces offers whole words; the chosen one replaces the whole word, undone in one step', async () => {
    const lens = await api();
    const editor = await untitled(TEXT);
    const { start, word, outcome } = await twoPieceWord(editor);
    assert.ok(outcome.ok);
    const [mask] = outcome.masks!;
    assert.equal(mask.word, word);
    assert.ok(mask.choices.length >= 3, JSON.stringify(mask.choices));
    for (const choice of mask.choices) assert.match(choice, WORD, `a whole word, not a piece or whitespace: ${JSON.stringify(mask.choices)}`);
    assert.equal(mask.whole, true, 'a whole word is filled as a whole word');
    // The panel still lists each masked position's token fillers (the first piece's, pieces included).
    const shown = lens.analysis(outcome.analysisId)!;
    assert.equal(shown.result.predictions.masked.length, 2);

    const before = editor.document.getText();
    cursorAt(editor, start + 1);
    const applied = (await vscode.commands.executeCommand('attentionLens.maskWord', { pick: 0 })) as MaskOutcome;
    assert.ok(applied.ok, JSON.stringify(applied));
    assert.equal(applied.applied, applied.masks![0].choices[0]);
    assert.equal(editor.document.getText(), before.slice(0, start) + applied.applied + before.slice(start + word.length), 'the whole word is replaced');
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo restores the word');
  });

  it('a selection inside a word masks its tokens and offers all their fillers, pieces included, as the list reads them', async () => {
    const lens = await api();
    const editor = await untitled(TEXT);
    const { start, word } = await twoPieceWord(editor);
    // The word's second half: part of a word.
    const from = start + Math.ceil(word.length / 2);
    editor.selection = new vscode.Selection(editor.document.positionAt(from), editor.document.positionAt(start + word.length));
    const outcome = (await vscode.commands.executeCommand('attentionLens.maskWord', {})) as MaskOutcome;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.masks![0].whole, false);
    const shown = lens.analysis(outcome.analysisId)!;
    const first = shown.result.tokens.findIndex((t) => t.masked);
    // As a script is handed them: a half-character filler reads as the list reads it, not as the raw U+FFFD the model decodes it to.
    const tokens = shown.result.predictions.masked.find((m) => m.position === first)!.top.map((c) => choiceText(c, translate));
    assert.deepEqual(outcome.masks![0].choices, tokens, 'the token-level list, unfiltered');
  });

  it('Mask Word in code reads the function around the word: the word itself is offered, and choosing it keeps the text', async () => {
    const code = 'function add(a, b) {\n  return a + b;\n}\n';
    const editor = await freshUntitled(code, 'javascript');
    cursorAt(editor, code.indexOf('return') + 2);
    const offered = (await vscode.commands.executeCommand('attentionLens.maskWord', {})) as MaskOutcome;
    assert.ok(offered.ok, JSON.stringify(offered));
    const same = offered.masks![0].choices.indexOf('return');
    assert.ok(same >= 0, `the encoder offers the word itself: ${JSON.stringify(offered.masks)}`);
    cursorAt(editor, code.indexOf('return') + 2);
    const kept = (await vscode.commands.executeCommand('attentionLens.maskWord', { pick: same })) as MaskOutcome;
    assert.ok(kept.ok, JSON.stringify(kept));
    assert.equal(kept.applied, 'return');
    assert.equal(editor.document.getText(), code, 'the text is as it was');
  });

  it('Mask Word at a cursor masks the word without the punctuation around it (¿ ¡ « » “ ”), in any document', async () => {
    // Plain text's word pattern keeps ¿, «, “ on a word: "¿Dónde" was masked, and the filler chosen
    // replaced the question mark with it.
    const text = '¿Dónde está «el banco»? ¡Qué “frío” hace!\n';
    const editor = await freshUntitled(text, 'plaintext');
    for (const [word, want] of [
      ['Dónde', 'Dónde'],
      ['banco', 'banco'],
      ['Qué', 'Qué'],
      ['frío', 'frío'],
    ]) {
      cursorAt(editor, text.indexOf(word) + 1);
      const outcome = (await vscode.commands.executeCommand('attentionLens.maskWord', {})) as MaskOutcome;
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.masks![0].word, want);
    }
  });

  it('a model changed during a whole-word search drops its fillers and says so once, as an analysis does', async () => {
    const lens = await api();
    // Thirty long words, each a cursor: one search per mask, dozens of model runs each — seconds,
    // so the setting (written in well under a second) changes while the search runs.
    const words = 'extraordinarily incomprehensible notwithstanding counterproductive misunderstanding'.split(' ');
    const sentence = `The ${words.join(' and ')} kept the committee busy for weeks.`;
    const editor = await untitled(`${new Array(6).fill(sentence).join(' ')}\n`);
    const text = editor.document.getText();
    editor.selections = [...text.matchAll(new RegExp(words.join('|'), 'g'))].map((m) => {
      const p = editor.document.positionAt(m.index + 2);
      return new vscode.Selection(p, p);
    });
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    // Another encoder (a copy of the embedded one at another path).
    const other = otherModel('encoder');
    try {
      const before = lens.cache().entries;
      const running = vscode.commands.executeCommand('attentionLens.maskWord', {}) as Thenable<MaskOutcome>;
      // The masked analysis is stored before its words are searched: then the setting changes.
      await until('the masked analysis', () => lens.cache().entries > before, 60_000);
      await setting('encoderModel', other);
      const outcome = await running;
      assert.equal(outcome.ok, false, `the previous model's fillers were offered: ${JSON.stringify(outcome).slice(0, 300)}`);
      assert.equal(outcome.code, 'cancelled', JSON.stringify(outcome));
      await until('the notice', () => shown.length > 0, 5_000);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0].message, /model changed during the analysis/u);
    } finally {
      sub.dispose();
      await setting('encoderModel', undefined);
    }
  });

  it("a model changed while Compare runs the other one drops the comparison: no model's analysis beside another's guess", async function () {
    this.timeout(240_000);
    const lens = await api();
    // The decoder from a stand-in hub, its weights sent slowly: the encoder has been analyzed when
    // its setting names another folder (a copy: another model), while the decoder still loads.
    const hub = await slowHubDecoder();
    const editor = await untitled(TEXT);
    cursorAt(editor, TEXT.indexOf('bank') + 1);
    const shown: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => shown.push(n));
    try {
      const loading = next(lens.onDidChangeStatus, (s) => s.state === 'loading' && s.kind === 'decoder', 60_000);
      const running = vscode.commands.executeCommand('attentionLens.compareModels') as Thenable<RunOutcome>;
      await loading;
      const changed = Date.now();
      await setting('encoderModel', otherModel('encoder'));
      const outcome = await running;
      assert.equal(outcome.ok, false, `the previous encoder's analysis was shown: ${JSON.stringify(outcome).slice(0, 300)}`);
      // At once: not once the decoder's load is over (a minute here).
      assert.ok(Date.now() - changed < SOON_MS, `Compare ended ${Date.now() - changed} ms after the setting changed`);
      await until('the notice', () => shown.length > 0, 5_000);
      assert.match(shown[0].message, /model changed during the analysis/u);
    } finally {
      sub.dispose();
      await setting('encoderModel', undefined);
      await hub.stop();
    }
  });

  it("Compare's encoder guess in code reads the block around the word, as Mask Word does", async () => {
    const code = 'function add(a, b) {\n  return a + b;\n}\n';
    const editor = await freshUntitled(code, 'javascript');
    cursorAt(editor, code.indexOf('return') + 2);
    const outcome = (await vscode.commands.executeCommand('attentionLens.compareModels')) as RunOutcome & { guess?: { encoderFillers: { token: string }[] } };
    assert.ok(outcome.ok && outcome.guess, JSON.stringify(outcome));
    const fillers = outcome.guess.encoderFillers.map((c) => c.token.trim());
    assert.ok(fillers.includes('return'), `the encoder offers the word itself: ${JSON.stringify(fillers)}`);
  });

  it('Next Word offers words completed to a word boundary, and the token-level list on request', async () => {
    const lens = await api();
    const prompt = 'The river bank was steep, so we sat on the gr';
    const editor = await untitled(prompt);
    cursorAt(editor, prompt.length);
    const words = (await vscode.commands.executeCommand('attentionLens.nextWord', {})) as WordOutcome;
    assert.ok(words.ok, JSON.stringify(words));
    assert.equal(words.level, 'word');
    const tokens = (await vscode.commands.executeCommand('attentionLens.nextWord', { tokens: true })) as WordOutcome;
    assert.ok(tokens.ok, JSON.stringify(tokens));
    assert.equal(tokens.level, 'token');
    const next = lens.analysis(tokens.analysisId)!.result.predictions.next.slice(0, lens.config().topK);
    assert.deepEqual(
      tokens.choices,
      next.map((c) => c.token),
      'the token list is the decoder’s next tokens',
    );
    // Every word starts with one of those tokens and goes on only with pieces glued to it.
    for (const w of words.choices!)
      assert.ok(
        next.some((c) => w.startsWith(c.token)),
        `${JSON.stringify(w)} starts with a next token`,
      );

    // The top word, inserted: the model's next token after it starts a new word.
    const applied = (await vscode.commands.executeCommand('attentionLens.nextWord', { pick: 0 })) as WordOutcome;
    assert.equal(applied.applied, words.choices![0]);
    assert.equal(editor.document.getText(), prompt + applied.applied);
    const end = editor.document.getText().length;
    cursorAt(editor, end);
    const after = (await vscode.commands.executeCommand('attentionLens.nextWord', { tokens: true })) as WordOutcome;
    const top = after.choices![0];
    const endsInWord = /[\p{L}\p{N}_]$/u.test(applied.applied!) && !applied.applied!.includes('\n');
    if (endsInWord)
      assert.doesNotMatch(
        top,
        /^[\p{L}\p{N}_]/u,
        `the word ${JSON.stringify(applied.applied)} is complete: the next token ${JSON.stringify(top)} starts another`,
      );
  });
});
