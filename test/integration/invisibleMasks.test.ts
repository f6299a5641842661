// Mask Word on characters that cannot be seen, in the real extension host: a BOM inside the text, a
// zero-width joiner of an emoji sequence, a zero-width space, a soft hyphen, a lone combining mark,
// a variation selector, a NUL. Under the cursor or selected alone, there is nothing a filler could
// stand for: the byte-level encoder masked their bytes and its filler glued two words ("ríono") or
// broke the emoji ("👩de💻"); a word-piece encoder drops them and the engine answered "no token of the
// analyzed text lies in characters 7–8". Now Mask Word says what is there (by code point) and what
// to do, edits nothing and runs no model. Selected at a word's edge, the filler replaces the word
// and leaves the invisible character where it was. Next Word's token that is half a character (U+FFFD)
// is not put in the document.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { resetWorkbench, untitled, withNotices } from './editorHelpers';
import { EXTENSION_ID, setting } from './host';

/** [what, text, the character, masked at an empty cursor on it or as a selection of it alone] */
const CASES: readonly (readonly [string, string, string, boolean])[] = [
  ['a BOM', 'El río \uFEFF está lleno.\n', '\uFEFF', false],
  ['a zero-width joiner', 'Hola 👩\u200D💻 amigo.\n', '\u200D', false],
  ['a zero-width space', 'El río\u200Bestá lleno.\n', '\u200B', false],
  ['a soft hyphen', 'El ex\u00ADamen fue duro.\n', '\u00AD', false],
  ['a lone combining mark', 'El río \u0301 está.\n', '\u0301', true],
  ['a lone combining mark', 'El río \u0301 está.\n', '\u0301', false],
  ['a variation selector', 'Mira ❤\uFE0F ahora.\n', '\uFE0F', false],
  ['a NUL', 'El río \u0000 está.\n', '\u0000', false],
];

async function maskInvisible(what: string, text: string, char: string, cursor: boolean): Promise<void> {
  const editor = await untitled(text, 'plaintext');
  const at = text.indexOf(char);
  const p = editor.document.positionAt(at);
  editor.selection = cursor ? new vscode.Selection(p, p) : new vscode.Selection(p, editor.document.positionAt(at + char.length));
  const { outcome, shown } = await withNotices('attentionLens.maskWord', { pick: 0 });
  const label = `${what} ${cursor ? 'under the cursor' : 'selected'}: ${JSON.stringify(outcome)}`;
  assert.equal(outcome.ok, false, label);
  assert.equal(outcome.analysisId, undefined, `${label}: no model ran`);
  assert.equal(editor.document.getText(), text, `${label}: the text is as it was`);
  assert.equal(shown.length, 1, JSON.stringify(shown));
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  // A combining accent shows (on a dotted circle): it is called a mark with no letter, not invisible (maskWordRefusal.ts).
  const said = /^\p{M}$/u.test(char) && char !== '\uFE0F' ? `only combining marks with no letter (${code})` : `only invisible characters (${code})`;
  assert.ok(shown[0].message.includes(said), `${label}: ${shown[0].message}`);
  assert.ok(!/engine|no token/i.test(shown[0].message), shown[0].message);
  await resetWorkbench();
}

describe('Invisible characters, and half ones, in the editor commands', function () {
  this.timeout(300_000);
  afterEach(() => resetWorkbench());

  it('alone under the cursor or selected: says what is there and edits nothing', async () => {
    for (const [what, text, char, cursor] of CASES) await maskInvisible(what, text, char, cursor);
  });

  it('with a word-piece encoder, which drops them: the same message, not the engine’s', async () => {
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    await setting('encoderModel', path.join(root, 'test', 'fixtures', 'models', 'tiny-bert'));
    try {
      for (const [what, text, char, cursor] of CASES) await maskInvisible(what, text, char, cursor);
    } finally {
      await setting('encoderModel', undefined);
    }
  });

  it('Next Word: a token that is half a character is not put in the document as U+FFFD', async () => {
    // Inside a Hebrew word the embedded decoder's next tokens are mostly half letters, which read "\uFFFD".
    const text = 'x = "مرحبا بالعالم" # שלום עולם\n';
    const editor = await untitled(text, 'python');
    const at = editor.document.positionAt(25);
    editor.selection = new vscode.Selection(at, at);
    const listed = await withNotices('attentionLens.nextWord', { tokens: true });
    const choices = listed.outcome.choices as string[];
    // A script gets what the list shows for it, not a raw U+FFFD it would write into the text.
    assert.ok(!choices.some((c) => c.includes('\uFFFD')), `a raw half character among ${JSON.stringify(choices)}`);
    const half = choices.findIndex((c) => /^part of a character \(token \d+\)$/.test(c));
    assert.ok(half >= 0, `a half character among ${JSON.stringify(choices)}`);
    const { outcome, shown } = await withNotices('attentionLens.nextWord', { tokens: true, pick: half });
    assert.equal(editor.document.getText(), text, `nothing put in: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.ok, false, JSON.stringify(outcome));
    // The cursor is inside "שלום": the next word goes after the whole word (wordEnd.ts), which is said first.
    assert.equal(shown.length, 2, JSON.stringify(shown));
    assert.match(shown[0].message, /The cursor was inside “שלום”/);
    assert.match(shown[1].message, /incomplete characters \(\\uFFFD\); nothing was put in the document/);
  });

  it('Next Word with the cursor inside an emoji sequence (a script’s) inserts after the whole sequence', async () => {
    const coder = '\u{1F468}\u200D\u{1F4BB}'; // man, zero-width joiner, laptop
    const text = `const ${coder} = 1\n`;
    const editor = await untitled(text, 'javascript');
    const at = text.indexOf(coder);
    // Between the man and the joiner: Next Word inserted there ("👨Utils" then the joiner and the laptop).
    editor.selection = new vscode.Selection(editor.document.positionAt(at + 2), editor.document.positionAt(at + 2));
    const { outcome } = await withNotices('attentionLens.nextWord', { tokens: true, pick: 0 });
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    const after = editor.document.getText();
    assert.ok(after.startsWith(`const ${coder}`), `the sequence is whole: ${JSON.stringify(after)}`);
    assert.equal(after, `const ${coder}${outcome.applied as string} = 1\n`);
  });

  it('Next Word with the cursor between a space and its accent (a script’s) reads the text up to the moved cursor', async () => {
    // The text before the cursor was read up to where the script put it (a bare space: "no text before the cursor").
    const text = ' \u0301';
    const editor = await untitled(text, 'plaintext');
    editor.selection = new vscode.Selection(0, 1, 0, 1);
    const { outcome, shown } = await withNotices('attentionLens.nextWord', { tokens: true });
    assert.equal(outcome.ok, true, `${JSON.stringify(outcome)} ${JSON.stringify(shown)}`);
    assert.equal(editor.document.getText(), text, 'no pick: nothing put in');
  });

  it('Continue with the cursor inside an emoji sequence inserts its preview after the whole sequence', async () => {
    const coder = '\u{1F468}\u200D\u{1F4BB}'; // man, zero-width joiner, laptop
    const text = `const ${coder} = 1\n`;
    const editor = await untitled(text, 'javascript');
    const at = text.indexOf(coder);
    editor.selection = new vscode.Selection(editor.document.positionAt(at + 2), editor.document.positionAt(at + 2));
    const { outcome } = await withNotices('attentionLens.continueText', { steps: 2, insert: true });
    assert.equal(outcome.inserted, true, JSON.stringify(outcome));
    const after = editor.document.getText();
    assert.ok(after.startsWith(`const ${coder}`) && after.endsWith(' = 1\n'), `the sequence is whole: ${JSON.stringify(after)}`);
  });

  it('a selection that starts or ends between the halves of an emoji (a script’s, a link’s) masks the whole emoji', async () => {
    const text = 'Hola 😀 amigo bueno.\n';
    const editor = await untitled(text, 'plaintext');
    const at = text.indexOf('😀');
    for (const [a, b] of [
      [at + 1, at + 2],
      [at, at + 1],
    ]) {
      editor.selection = new vscode.Selection(editor.document.positionAt(a), editor.document.positionAt(b));
      const { outcome, shown } = await withNotices('attentionLens.maskWord', {});
      assert.equal(outcome.ok, true, `[${a}, ${b}): ${JSON.stringify(outcome)} ${JSON.stringify(shown)}`);
      assert.deepEqual(
        (outcome.masks as { word: string }[]).map((m) => m.word),
        ['😀'],
      );
    }
  });

  it('selected with the word beside it: the filler replaces the word and keeps the invisible character', async () => {
    const text = 'El río\u200B está lleno.\n';
    const editor = await untitled(text, 'plaintext');
    const at = text.indexOf('río');
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + 'río\u200B'.length));
    const { outcome } = await withNotices('attentionLens.maskWord', { pick: 0 });
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    const after = editor.document.getText();
    assert.ok(after.startsWith('El ') && after.endsWith('\u200B está lleno.\n'), JSON.stringify(after));
    assert.ok(!after.includes('río'), JSON.stringify(after));
  });
});
