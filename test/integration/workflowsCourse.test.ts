// The guided course in the real extension host: every unit of the built-in pack, in Spanish and in
// English, opens its sample as a document with its passage selected, is analyzed by the unit's model,
// opens the panel on the unit's layer and head, and gets a question whose answer comes from that
// analysis (the panel's own rows and predictions). A broken teacher's pack is refused with one message.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { builtInPackFolder } from '../../src/host/course/coursePack';
import { EXTENSION_ID, api } from './host';

describe('the guided course', function () {
  this.timeout(240_000);
  // The units open documents and the panel: leave the workbench as the next file expects it.
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  const extensionPath = () => vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;

  for (const language of ['es', 'en']) {
    it(`${language}: every unit opens its view on the embedded models and asks a question the model answers`, async () => {
      const lens = await api();
      const loaded = await lens.course.load(builtInPackFolder(extensionPath(), language));
      assert.equal(loaded.pack.language, language);
      for (let index = 0; index < loaded.pack.units.length; index++) {
        const opened = await lens.course.openUnit(loaded, index);
        const { unit, entry, asked, document } = opened;
        const editor = vscode.window.visibleTextEditors.find((e) => e.document === document)!;
        assert.ok(editor, `${unit.id}: the sample is shown`);
        assert.equal(editor.document.getText(), loaded.read(unit.setup.sample), `${unit.id}: the sample is open, editable, as a new document`);
        assert.ok(editor.document.isUntitled, `${unit.id}: the student's copy, not the pack's file`);
        if (unit.setup.select) assert.equal(editor.document.getText(editor.selection), unit.setup.select, `${unit.id}: the passage is selected`);
        assert.equal(entry.shown.result.model.kind, unit.setup.model, `${unit.id}: analyzed by the unit's model`);
        const choice = lens.panelChoice(entry);
        const layers = entry.shown.result.attention.layers;
        assert.equal(
          choice.layer,
          unit.setup.layer === undefined || unit.setup.layer < 0 ? layers - 1 : unit.setup.layer,
          `${unit.id}: the panel opens on the unit's layer`,
        );
        assert.deepEqual(choice.combine, unit.setup.head === undefined ? { kind: 'mean' } : { kind: 'head', head: unit.setup.head }, `${unit.id}: and head`);
        assert.ok(asked.answer >= 0 && asked.answer < asked.choices.length && asked.choices.length >= 2, `${unit.id}: a question with choices`);
        const { next, masked } = entry.shown.result.predictions;
        if (unit.question.kind === 'nextToken') assert.equal(asked.choices[asked.answer], next[0].token, `${unit.id}: the model's first candidate`);
        if (unit.question.kind === 'maskedWord') assert.equal(asked.choices[asked.answer], masked[0].top[0].token, `${unit.id}: the encoder's first filler`);
        if (unit.question.kind === 'futureAttention')
          assert.equal(asked.answer, unit.setup.model === 'decoder' ? 0 : 1, `${unit.id}: zero only under the causal mask`);
        if (unit.question.kind === 'mostAttended') assert.ok(asked.value > 0 && asked.value <= 1, `${unit.id}: a weight of the row`);
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  }

  it("a teacher's pack with a mistake is refused, naming the unit and the field", async () => {
    const lens = await api();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'lens-pack-'));
    writeFileSync(
      path.join(folder, 'pack.json'),
      JSON.stringify({
        format: 1,
        id: 'mine',
        language: 'es',
        title: 'Mío',
        units: [{ id: 'uno', section: 's', title: 't', file: 'u.md', setup: { model: 'gpt', sample: 's.txt', view: 'matrix' } }],
      }),
    );
    await assert.rejects(lens.course.load(folder), /pack\.json: unit uno: setup\.model: must be one of encoder, decoder/);
  });
});
