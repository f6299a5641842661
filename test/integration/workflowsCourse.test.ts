// The guided course in the real extension host: every unit of the built-in pack, in Spanish and in
// English, opens its sample as a document with its passage selected, is analyzed by the unit's model,
// opens the panel on the unit's layer and head, and gets a question whose answer comes from that
// analysis (the panel's own rows and predictions, the engine's next-sentence head and position table). The
// panel's Course tab steps through the same course: its actions reach the host through the page's guards,
// and the answer it sends is checked against the model. A broken teacher's pack is refused with one message.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { builtInPackFolder } from '../../src/host/course/coursePack';
import type { BertMessage } from '../../src/protocol/bert';
import type { CourseMessage } from '../../src/protocol/courseMessages';
import type { SensesMessage, WordOrderMessage } from '../../src/protocol/reprViews';
import { until } from './editorHelpers';
import { EXTENSION_ID, api, next, setting } from './host';
import { otherModel } from './slowHub';

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
        if (unit.question.kind === 'nextSentence') {
          assert.deepEqual(asked.choices, unit.question.followers, `${unit.id}: the candidates for B`);
          assert.ok(asked.value > 0 && asked.value < 1, `${unit.id}: a probability of IsNext`);
        }
        if (unit.question.kind === 'positions') assert.ok(asked.value >= -1 && asked.value <= 1, `${unit.id}: a cosine of two rows of the table`);
        // The Representations tab's experiments, run by the worker: the embedded encoder's shuffled text
        // moves the last layer; one spelling is one row at layer 0.
        if (unit.question.kind === 'wordOrder')
          assert.ok(asked.answer === 1 && asked.value < 1 && asked.value > -1, `${unit.id}: the order changes the last layer`);
        if (unit.question.kind === 'ablation') {
          assert.deepEqual(asked.choices, unit.question.labels, `${unit.id}: stays the same / changes`);
          assert.ok(asked.value > 0 && asked.value <= 1, `${unit.id}: the ablated first candidate's probability`);
          assert.deepEqual(asked.before, next[0], `${unit.id}: and the first candidate with every head on`);
        }
        if (unit.question.kind === 'fineTune')
          assert.ok(asked.choices.length >= 2 && asked.value > 0 && asked.value <= 1, `${unit.id}: a label of the examples, with its probability`);
        // One spelling is one row at layer 0; by the last layer each occurrence holds its own sentence.
        if (unit.question.kind === 'senses' && unit.question.layer === 0)
          assert.ok(asked.answer === 0 && asked.value > 0.9999, `${unit.id}: the same row at layer 0`);
        if (unit.question.kind === 'senses' && unit.question.layer !== 0)
          assert.ok(asked.answer === 1 && asked.value < 0.9999, `${unit.id}: apart at a later layer`);
        assert.equal(lens.course.current?.opened, opened, `${unit.id}: the course's one place is this unit`);
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  }

  it('the panel’s Course tab steps through the same course: next, an answer checked by the model, reset', async () => {
    const lens = await api();
    const loaded = await lens.course.load(builtInPackFolder(extensionPath(), 'en'));
    await lens.course.reset(loaded);
    /** Waits until the course's place satisfies `ok` (the panel's actions run in the background). */
    const reached = (ok: (s: NonNullable<typeof lens.course.current>) => boolean, what: string) =>
      new Promise<NonNullable<typeof lens.course.current>>((resolve, reject) => {
        const timer = setTimeout(() => (sub.dispose(), reject(new Error(`the course never reached: ${what}`))), 60_000);
        const sub = lens.course.onDidChange((s) => {
          if (s && ok(s)) {
            clearTimeout(timer);
            sub.dispose();
            resolve(s);
          }
        });
      });
    await lens.course.openUnit(loaded, 0, false);
    const second = reached((s) => s.index === 1 && s.opened !== null && lens.course.progress(loaded) === 1, 'unit 2 opened and kept as the place');
    assert.equal(lens.postFromPanel('course', { do: 'open', index: 1 }), true, 'the panel is open');
    const opened = (await second).opened!;
    assert.equal(opened.unit.id, loaded.pack.units[1].id);
    assert.equal(lens.course.progress(loaded), 1, 'the place is kept');
    const answered = reached((s) => s.answered !== null, 'answered');
    lens.postFromPanel('course', { do: 'answer', unitId: opened.unit.id, choice: 0 });
    const verdict = (await answered).answered!;
    assert.equal(verdict.answer, opened.asked.answer, 'the host checks against the model');
    assert.equal(verdict.right, opened.asked.answer === 0);
    assert.equal(lens.course.progress(loaded), 2, 'an answered unit is behind the student');
    // A stale page's answer for another unit, and a malformed action, change nothing.
    lens.postFromPanel('course', { do: 'answer', unitId: 'tokens', choice: 1 });
    lens.postFromPanel('course', { do: 'open', index: -1 });
    const first = reached((s) => s.index === 0 && s.opened !== null && lens.course.progress(loaded) === 0, 'reset to the first unit');
    lens.postFromPanel('course', { do: 'reset' });
    await first;
    assert.equal(lens.course.progress(loaded), 0);
    // The student's copies are untitled and changed: reverted, they close without asking.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.uri.path.startsWith(`/${loaded.pack.id}-`))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('the Course tab lays out code blocks with the editor’s tab size, and again when it changes', async () => {
    const lens = await api();
    const loaded = await lens.course.load(builtInPackFolder(extensionPath(), 'en'));
    const editor = () => vscode.workspace.getConfiguration('editor');
    const course = (tabSize: number) => next(lens.onDidPostToWebview, (m) => m.method === 'course' && (m.params as CourseMessage | null)?.tabSize === tabSize);
    try {
      await editor().update('tabSize', 2, vscode.ConfigurationTarget.Global);
      const two = course(2);
      await lens.course.openUnit(loaded, 0, false);
      await two;
      const three = course(3);
      await editor().update('tabSize', 3, vscode.ConfigurationTarget.Global);
      await three;
    } finally {
      await editor().update('tabSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('the word-order and word-senses units fill the Representations tab with the run their question was checked against', async () => {
    const lens = await api();
    const loaded = await lens.course.load(builtInPackFolder(extensionPath(), 'en'));
    const at = (kind: string) => loaded.pack.units.findIndex((u) => u.question.kind === kind);
    const panelGets = <T>(method: string, accept: (params: T) => boolean = () => true) =>
      next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === method && accept(m.params as T), 30_000).then((m) => m.params as T);

    // Word senses: the unit's two occurrences, as places in the student's copy, and the cosine its answer read.
    const sensesPosted = panelGets<SensesMessage>('senses');
    const senses = await lens.course.openUnit(loaded, at('senses'));
    const message = await sensesPosted;
    const { question } = senses.unit;
    const text = senses.document.getText();
    assert.equal(message.result.occurrences.length, 2, 'the two occurrences the question compared');
    // Named as its editor tab names it: the untitled copy's path is "/unit.txt", the name "unit.txt".
    assert.equal(message.document, senses.document.uri.path.replace(/^\/+/, ''));
    assert.match(message.document, /^[^/]+\.txt$/);
    for (const o of message.result.occurrences) assert.equal(text.slice(o.start, o.end).toLowerCase(), question.word!.toLowerCase(), 'in the student’s copy');
    assert.equal(message.result.layers.find((l) => l.layer === question.layer)!.cosine[1], senses.asked.value, 'the answer’s cosine is the one the tab shows');
    assert.deepEqual(
      message.lines,
      message.result.occurrences.map((o) => senses.document.positionAt(o.start).line + 1),
    );
    // The tab's occurrences are the student's: revealing one selects it in the copy.
    assert.equal(lens.postFromPanel('revealOccurrence', { sensesId: message.id, occurrence: 1 }), true, 'the panel is open');
    const second = message.result.occurrences[1];
    await until('the second occurrence is selected', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document === senses.document && e.document.offsetAt(e.selection.start) === second.start && e.document.offsetAt(e.selection.end) === second.end;
    });

    // Word order: the unit's passage and seed, and the last layer's cosine its answer read; "shuffle again" takes the next seed of it.
    const orderPosted = panelGets<WordOrderMessage>('wordOrder');
    const order = await lens.course.openUnit(loaded, at('wordOrder'));
    const shuffled = await orderPosted;
    const passage = order.document.getText(vscode.window.visibleTextEditors.find((e) => e.document === order.document)!.selection);
    assert.equal(shuffled.result.original.text, passage);
    assert.equal(shuffled.result.seed, order.unit.question.seed ?? 1);
    assert.equal(shuffled.result.representation.at(-1)!.cosine, order.asked.value, 'the answer’s cosine is the one the tab shows');
    const again = panelGets<WordOrderMessage>('wordOrder', (m) => m.result.seed === shuffled.result.seed + 1);
    lens.postFromPanel('shuffleAgain', { wordOrderId: shuffled.id });
    assert.equal((await again).result.original.text, passage, 'shuffled again: the unit’s text');

    for (const document of [senses.document, order.document]) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('the positions unit fills the BERT tab with the position table its question read, not the tab’s instructions alone', async () => {
    const lens = await api();
    const loaded = await lens.course.load(builtInPackFolder(extensionPath(), 'es'));
    const index = loaded.pack.units.findIndex((u) => u.question.kind === 'positions');
    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'bert' && (m.params as BertMessage).positions !== null, 60_000);
    const opened = await lens.course.openUnit(loaded, index);
    const shown = ((await posted).params as BertMessage).positions!;
    assert.equal(opened.unit.setup.view, 'bert');
    assert.equal(shown.positions.kind, 'learned');
    if (shown.positions.kind !== 'learned') return;
    const { position, compare } = opened.unit.question;
    const count = shown.positions.count;
    const answer = compare![opened.asked.answer];
    assert.ok(Math.abs(shown.positions.similarity[position! * count + answer] - opened.asked.value) < 1e-6, 'the tab shows the cosine the answer read');
    await vscode.window.showTextDocument(opened.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the next-sentence unit, once answered, shows the pair the model picked in the BERT tab', async () => {
    const lens = await api();
    const loaded = await lens.course.load(builtInPackFolder(extensionPath(), 'es'));
    const opened = await lens.course.openUnit(
      loaded,
      loaded.pack.units.findIndex((u) => u.question.kind === 'nextSentence'),
    );
    const { sentence, followers } = opened.unit.question;
    const picked = followers![opened.asked.answer];
    const posted = next(lens.onDidPostToWebview, (m) => m.view === 'panel' && m.method === 'bert' && (m.params as BertMessage).nsp?.b === picked, 60_000);
    assert.ok(await lens.course.answer(opened.asked.answer, opened), 'answered');
    const shown = ((await posted).params as BertMessage).nsp!;
    assert.equal(shown.a, sentence);
    assert.ok('result' in shown && Math.abs(shown.result.isNext - opened.asked.value) < 1e-6, 'the tab shows the P(IsNext) the answer gives');
    await vscode.window.showTextDocument(opened.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the fine-tuning unit, once answered, shows the classifier its answer read in the BERT tab', async () => {
    const lens = await api();
    const loaded = await lens.course.load(builtInPackFolder(extensionPath(), 'en'));
    const unit = loaded.pack.units.find((u) => u.question.kind === 'fineTune')!;
    const labelled = path.basename(unit.question.labelled!);
    const fineTuned: BertMessage[] = [];
    const watching = lens.onDidPostToWebview((m) => {
      if (m.view === 'panel' && m.method === 'bert' && (m.params as BertMessage).fineTune?.document === labelled) fineTuned.push(m.params as BertMessage);
    });
    try {
      const opened = await lens.course.openUnit(loaded, loaded.pack.units.indexOf(unit));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(fineTuned.length, 0, 'not before the answer: the tab would give it away');
      const posted = next(
        lens.onDidPostToWebview,
        (m) => m.view === 'panel' && m.method === 'bert' && (m.params as BertMessage).fineTune?.document === labelled,
      );
      assert.ok(await lens.course.answer(opened.asked.answer, opened), 'answered');
      const shown = ((await posted).params as BertMessage).fineTune!;
      assert.deepEqual(shown.result.labels, opened.asked.choices, 'the classes the question offered');
      assert.equal(shown.result.accuracy, opened.asked.accuracy?.crossValidated, 'the cross-validated accuracy the answer gives');
      assert.equal(shown.predicted, null, 'trained on the course’s file: no line of the editor was labelled, and the tab says so');
      await vscode.window.showTextDocument(opened.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      watching.dispose();
    }
  });

  it('a unit selects its passage in a document whose lines end in CRLF (the default on Windows)', async () => {
    const lens = await api();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'lens-pack-'));
    const sample = 'A first line.\nThe river bank was steep and the water was cold.\nA last line.\n';
    writeFileSync(path.join(folder, 's.txt'), sample);
    writeFileSync(path.join(folder, 'u.md'), 'A unit.\n');
    writeFileSync(
      path.join(folder, 'pack.json'),
      JSON.stringify({
        format: 1,
        id: 'crlf',
        language: 'en',
        title: 'Line ends',
        units: [
          {
            id: 'bank',
            section: 's',
            title: 't',
            file: 'u.md',
            setup: { model: 'decoder', sample: 's.txt', view: 'matrix', select: 'The river bank was steep and the water was cold.' },
            question: { kind: 'mostAttended', prompt: 'Which token does bank attend to most?', word: 'bank' },
            hints: ['Look at its row.'],
            tryOwn: 'Try yours.',
            glossary: [],
          },
        ],
      }),
    );
    const eol = vscode.workspace.getConfiguration('files');
    await eol.update('eol', '\r\n', vscode.ConfigurationTarget.Global);
    try {
      const loaded = await lens.course.load(folder);
      const { document, entry } = await lens.course.openUnit(loaded, 0);
      assert.equal(document.eol, vscode.EndOfLine.CRLF, 'the student copy took the CRLF line ends');
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document)!;
      assert.equal(
        editor.document.getText(editor.selection),
        'The river bank was steep and the water was cold.',
        'the passage is selected, not one character before it',
      );
      const placed = entry.shown.ranges.filter((r) => r !== null);
      const [first, last] = [placed[0]!, placed[placed.length - 1]!];
      assert.equal(
        document.getText(new vscode.Range(first.startLine, first.startCharacter, last.endLine, last.endCharacter)),
        'The river bank was steep and the water was cold.',
        'the tokens cover the passage',
      );
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await eol.update('eol', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a model changed while a unit gathers its evidence drops the unit: no question the previous model answered', async () => {
    const lens = await api();
    // The English pack with the most labelled lines fine-tuning takes (2,000), long ones: seconds of model
    // runs, not a blink. With 1,500 short ones (about a second) it once ended before the setting's change
    // reached the host.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'lens-pack-'));
    cpSync(builtInPackFolder(extensionPath(), 'en'), folder, { recursive: true });
    const long = ' The story went on, scene after scene, and the music kept coming back to the same few notes.'.repeat(4);
    const lines = Array.from({ length: 2_000 }, (_, i) =>
      i % 2 ? `bad\tThe film number ${i} was dull and long.${long}` : `good\tI loved film number ${i}.${long}`,
    );
    writeFileSync(path.join(folder, 'samples', 'reviews.txt'), `${lines.join('\n')}\n`);
    const loaded = await lens.course.load(folder);
    const index = loaded.pack.units.findIndex((u) => u.question.kind === 'fineTune');
    const before = lens.lastAnalysisId() ?? 0;
    const opening = lens.course.openUnit(loaded, index);
    opening.catch(() => undefined);
    try {
      // The unit's analysis is stored, then a head is fine-tuned on it (many model runs): the encoder changes meanwhile.
      await until('the unit’s analysis', () => (lens.lastAnalysisId() ?? 0) > before, 60_000);
      await setting('encoderModel', otherModel('encoder'));
      await assert.rejects(opening, /model changed during the analysis/u);
      assert.match(lens.course.current?.problem ?? '', /model changed during the analysis/u, 'the Course tab says why the unit has no question');
    } finally {
      await setting('encoderModel', undefined);
    }
  });

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
