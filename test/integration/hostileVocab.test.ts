// A vocabulary with Trojan Source characters in its tokens, through the commands that put a model's
// text into the document (Mask Word, Next Word, a continuation's Insert). The stand-in models are the
// embedded ones with every vocabulary entry given a twin key of the same id that carries a bidi
// override (U+202E), an isolate (U+2066), ESC and NUL: the text still tokenizes as before, but every
// id decodes to the twin. The quick pick shows those as escapes; the document must get the visible
// text only, and a notification says which characters were left out.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { resetWorkbench, untitled, withNotices } from './editorHelpers';
import { EXTENSION_ID, setting } from './host';

/** GPT-2's byte-level alphabet: the character that stands for each byte in a byte-level vocabulary. */
function byteLevel(text: string): string {
  const visible = [...range(33, 126), ...range(161, 172), ...range(174, 255)];
  const map = new Map<number, number>(visible.map((b) => [b, b]));
  let extra = 0;
  for (let b = 0; b < 256; b++) if (!map.has(b)) map.set(b, 256 + extra++);
  return [...Buffer.from(text, 'utf8')].map((b) => String.fromCodePoint(map.get(b)!)).join('');
}
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** The embedded model `name`, copied, with a twin key for every vocabulary entry (see the file comment). */
function standIn(root: string, name: string, twin: (token: string) => string, keep: (token: string) => boolean = () => false): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const folder = path.join(root, `${name}-trojan`);
  cpSync(path.join(extension.extensionPath, 'models', name), folder, { recursive: true });
  const file = path.join(folder, 'tokenizer.json');
  const tokenizer = JSON.parse(readFileSync(file, 'utf8')) as { model: { vocab: Record<string, number> } };
  const vocab = { ...tokenizer.model.vocab };
  for (const [token, id] of Object.entries(tokenizer.model.vocab)) if (!keep(token)) vocab[twin(token)] = id;
  tokenizer.model.vocab = vocab;
  writeFileSync(file, JSON.stringify(tokenizer));
  return folder;
}

describe('A vocabulary with bidi and control characters: what goes into the document', function () {
  this.timeout(180_000);
  let root = '';

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lens-trojan-'));
  });

  afterEach(() => resetWorkbench());

  after(async () => {
    for (const key of ['decoderModel', 'encoderModel', 'analyzeWith']) await setting(key, undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('Next Word and Insert put in the visible text, and say which characters were left out', async () => {
    await setting(
      'decoderModel',
      standIn(root, 'tiny-gpt-es-en', (token) => byteLevel('\u202E') + token + byteLevel('\u2066\u001b\u0000')),
    );
    const text = 'The river bank was steep, so we sat on the';
    for (const args of [{ pick: 0, tokens: true }, { pick: 0 }]) {
      const editor = await untitled(text, 'plaintext');
      editor.selection = new vscode.Selection(0, text.length, 0, text.length);
      const { outcome, shown } = await withNotices('attentionLens.nextWord', args);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.ok(
        (outcome.choices as string[]).every((c) => c.includes('\u202E')),
        `the stand-in's candidates carry the override: ${JSON.stringify(outcome.choices)}`,
      );
      const now = editor.document.getText();
      assert.ok(now.length > text.length && now.startsWith(text), `something visible was inserted: ${JSON.stringify(now)}`);
      assert.doesNotMatch(now, HIDDEN, `no bidi or control character in ${JSON.stringify(now)}`);
      assert.equal(outcome.applied, now.slice(text.length), 'the outcome says what went in');
      assert.ok(
        shown.some((n) => n.message.includes('\\u202E') && n.message.includes('\\x1B') && /left out/.test(n.message)),
        `it is said: ${JSON.stringify(shown)}`,
      );
      await resetWorkbench();
    }
    const editor = await untitled(text, 'plaintext');
    editor.selection = new vscode.Selection(0, text.length, 0, text.length);
    const continued = await withNotices('attentionLens.continueText', { steps: 3, insert: true });
    assert.equal(continued.outcome.inserted, true, JSON.stringify(continued.outcome));
    assert.match(String(continued.outcome.text), /\u202E/, 'the preview is the model text');
    const now = editor.document.getText();
    assert.ok(now.length > text.length, `the preview went in: ${JSON.stringify(now)}`);
    assert.doesNotMatch(now, HIDDEN, `no bidi or control character in ${JSON.stringify(now)}`);
    assert.ok(
      continued.shown.some((n) => n.message.includes('\\u2066') && /left out/.test(n.message)),
      JSON.stringify(continued.shown),
    );
  });

  it('Mask Word replaces the word with the visible filler, and says which characters were left out', async () => {
    const text = 'The river bank was steep, so we sat on the grass and watched the water.';
    // The specials ([MASK] among them) and the text's own tokens keep their text: an encoder's masked
    // word is found in the source by its tokens' text. The fillers, other words, carry the isolate.
    const own = byteLevel(text);
    const keep = (token: string): boolean => /^\[[A-Z]+\]$|^<\|/.test(token) || own.includes(token);
    await setting(
      'encoderModel',
      standIn(root, 'tiny-bert-es-en', (token) => byteLevel('\u2067') + token + byteLevel('\u202E'), keep),
    );
    const editor = await untitled(text, 'plaintext');
    const at = text.indexOf('grass') + 2;
    editor.selection = new vscode.Selection(0, at, 0, at);
    const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.ok(HIDDEN.test((outcome.choices as string[])[0]), `the stand-in's filler carries the isolate: ${JSON.stringify(outcome.choices)}`);
    const now = editor.document.getText();
    assert.notEqual(now, text, 'a filler went in');
    assert.doesNotMatch(now, HIDDEN, `no bidi or control character in ${JSON.stringify(now)}`);
    assert.ok(now.includes(` on the ${String(outcome.applied)} and watched`), `the filler, trimmed, is what went in: ${JSON.stringify(outcome.applied)}`);
    assert.ok(
      shown.some((n) => n.message.includes('\\u2067') && /left out/.test(n.message)),
      JSON.stringify(shown),
    );
  });
});
