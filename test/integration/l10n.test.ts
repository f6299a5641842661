// Localization inside a real extension host: attentionLens.language switches the host's strings
// and the open panel to Spanish and back without a reload (the page starts again in the new
// language and draws its analysis anew); and the pseudo-locale walk of what the host shows —
// command titles (VS Code's, from package.nls.json), a notification, a hover and the Select Model
// quick pick — fails on every string that did not go through t(), listing them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import { unmarkedText } from '../../src/protocol/pseudoLocale';
import { showWhitespace } from '../../src/protocol/tokenText';
import { hoverAt, offsetOf, open, resetWorkbench, selectText, until } from './editorHelpers';
import { api, EXTENSION_ID, next, setting } from './host';

const SENTENCE = 'The river bank was steep, so we sat on the grass and watched the water.';

/** A hover's Markdown as a person reads it: escapes undone, link targets and emphasis gone. */
function readable(markdown: string): string[] {
  return markdown
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/\\(.)/g, '$1')
    .replace(/\*\*/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

describe('Localization', function () {
  this.timeout(180_000);

  // The editors (and with them the panel) close first: a language switch with the panel open would
  // start its page again, and that page's replay must not reach the next test file.
  afterEach(async () => {
    await resetWorkbench();
    (await api()).pseudoLocale(false);
    await setting('language', undefined);
  });

  it('attentionLens.language switches the host and the open panel to Spanish and back, without a reload', async () => {
    const lens = await api();
    assert.equal(lens.config().language, 'auto');
    assert.equal(lens.locale().language, 'en', `VS Code speaks ${vscode.env.language} here`);
    const editor = await open('river.md');
    selectText(editor, SENTENCE);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    assert.match(await hoverAt(editor.document, offsetOf(editor, 'steep') + 1), /\d\.\d+%/, 'English numbers');

    // The panel's page starts again in Spanish and draws the analysis it is given anew.
    const redrawn = next(lens.onDidRenderInPanel, (r) => r.analysisId === analyzed.analysisId, 60_000);
    await setting('language', 'es');
    await until('Spanish', () => lens.locale().language === 'es');
    await redrawn;
    assert.equal(lens.locale().bundle['Attention Lens: Select Model'], 'Attention Lens: Seleccionar modelo', 'the shipped bundle');
    const choices = await lens.modelChoices();
    assert.equal(choices[0].description, 'decodificador · incluido (tipo GPT, 4 capas × 4 cabezas) · sin descarga');
    assert.equal(choices.at(-1)?.label, 'Elegir una carpeta local…');
    assert.match(await hoverAt(editor.document, offsetOf(editor, 'steep') + 1), /\d,\d+\u00a0%/, 'Spanish numbers in the hover');

    await setting('language', 'en');
    await until('English', () => lens.locale().language === 'en');
    assert.equal((await lens.modelChoices()).at(-1)?.label, 'Choose a local folder…');
  });

  it('pseudo-locale: command titles, a notification, a hover and the Select Model quick pick show only localized strings', async () => {
    const lens = await api();
    const unmarked: string[] = [];
    const check = (where: string, text: string | undefined, allowed: readonly string[] = []): void => {
      const part = text === undefined ? null : unmarkedText(text, ['Attention Lens', ...allowed]);
      if (part) unmarked.push(`${where}: ${JSON.stringify(part)}  (in ${JSON.stringify(text)})`);
    };

    // Command titles are VS Code's to localize: each must be a key of package.nls.json, resolved.
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const raw = JSON.parse(readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string; title: string }[] };
    };
    const nls = JSON.parse(readFileSync(path.join(extension.extensionPath, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const shown = (extension.packageJSON as { contributes: { commands: { command: string; title: string; category: string }[] } }).contributes.commands;
    for (const command of raw.contributes.commands) {
      const key = /^%([\w.-]+)%$/.exec(command.title)?.[1];
      if (!key) unmarked.push(`command ${command.command}: title ${JSON.stringify(command.title)} is not a %key% of package.nls.json`);
      const resolved = shown.find((c) => c.command === command.command);
      assert.equal(resolved?.title, key ? nls[key] : command.title, `VS Code shows ${command.command} from package.nls.json`);
      assert.equal(resolved?.category, nls.category);
    }

    lens.pseudoLocale(true);
    assert.equal(lens.locale().pseudo, true);

    // A notification: with no editor, Analyze Selection and Compare refuse with the message they show.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const command of ['attentionLens.analyzeSelection', 'attentionLens.compareModels']) {
      const outcome = (await vscode.commands.executeCommand(command)) as { ok: boolean; message?: string };
      assert.equal(outcome.ok, false);
      check(`notification of ${command}`, outcome.message);
    }

    // The Select Model quick pick: model ids are the model's own names; everything else is ours.
    const choices = await lens.modelChoices();
    const ids = choices.filter((c) => c.action !== 'hub-id' && c.action !== 'folder').map((c) => c.label);
    for (const c of choices) {
      check(`quick pick item ${c.label}: label`, c.label, ids);
      check(`quick pick item ${c.label}: description`, c.description, ids);
      check(`quick pick item ${c.label}: detail`, c.detail, ids);
    }

    // A hover over an analyzed word: the document's tokens and the model's id are not ours to translate.
    const editor = await open('river.md');
    selectText(editor, SENTENCE);
    const analyzed = (await vscode.commands.executeCommand('attentionLens.analyzeSelection')) as RunOutcome;
    assert.ok(analyzed.ok, JSON.stringify(analyzed));
    const { result } = lens.analysis(analyzed.analysisId)!;
    const slices = result.tokens.flatMap((t) => (t.start === null || t.end === null ? [t.text] : [showWhitespace(SENTENCE.slice(t.start, t.end))]));
    const candidates = [...result.predictions.next, ...result.predictions.perToken.flatMap((p) => p.top)].map((c) => showWhitespace(c.token));
    const allowed = [result.model.id, ...slices, ...candidates];
    for (const line of readable(await hoverAt(editor.document, offsetOf(editor, 'steep') + 1))) check('hover', line, allowed);

    const report = [...new Set(unmarked)].join('\n');
    console.log(
      report ? `pseudo-locale, extension host — strings that did not go through t():\n${report}` : 'pseudo-locale, extension host: every string marked',
    );
    assert.equal(unmarked.length, 0, `strings that did not go through t():\n${report}`);
  });
});
