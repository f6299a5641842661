/**
 * The course in the editor (extension host): opens a unit — its sample as a new document the student
 * may edit, the passage selected and analyzed by the unit's model, the panel on the unit's layer and
 * head — then asks the unit's question before showing the answer, which is computed from that
 * analysis (protocol/course/questions.ts), with staged hints, the glossary's definitions and "try it
 * with your own text". Progress is kept per pack in global state.
 *
 * It is the one owner of where the student is (`current`: the pack, the unit, its computed question,
 * the answer given): the quick pick of the command path and the panel's Course tab (coursePanel.ts)
 * both read and change it, so each shows what the other did.
 *
 *   const course = new CourseRunner(deps);
 *   await course.start();               // the built-in pack in the UI's language, from where the student left off
 *   await course.openUnit(loaded, 2);   // what a walkthrough step or a test opens
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner } from '../analyses/analysisRunner';
import type { EngineService } from '../models/engineService';
import type { PanelContent } from '../webviews/panelContent';
import type { WordLessons } from '../repr/wordLessons';
import type { BertCommands } from '../bert/bertCommands';
import type { FineTuneShown } from '../../protocol/bert';
import type { HeadRef } from '../../protocol/analysis';
import type { CourseUnit } from '../../protocol/course/pack';
import type { CourseAnswered, CourseTerm } from '../../protocol/courseMessages';
import { askQuestion, type AskedQuestion } from '../../protocol/course/questions';
import { lookup, parseGlossary, type Glossary } from '../../protocol/glossary';
import { NO_CLEANING } from '../../protocol/views';
import { inBackground } from '../background';
import { COMMANDS } from '../commands';
import { t } from '../l10n';
import { gatherEvidence } from './courseEvidence';
import { choiceLabel, hintLabel, courseProblem, modelSaid, neutralCourseText, unitPickTitle } from './courseText';
import { loadPack, type LoadedPack } from './coursePack';

export interface CourseDeps {
  readonly runner: AnalysisRunner;
  readonly engine: EngineService;
  readonly content: PanelContent;
  readonly state: vscode.Memento;
  /** l10n/glossary.json, read when the course first opens. */
  readonly glossaryFile: string;
  /** The built-in pack's folder for the language in use. */
  readonly builtIn: () => string;
  readonly language: () => string;
  /** The editor column the analysis panel is in, if open (the unit's text must not open under it). */
  readonly panelColumn: () => vscode.ViewColumn | undefined;
  /** The word lessons, which show a unit's word-order or senses run in the Representations tab. */
  readonly lessons: Pick<WordLessons, 'showCourseRun'>;
  /** The BERT tab, which shows the fine-tuning unit's classifier once the student has answered. */
  readonly bert: Pick<BertCommands, 'showFineTuned'>;
}

export interface OpenedUnit {
  readonly unit: CourseUnit;
  /** The student's copy of the unit's sample (a new, untitled document). */
  readonly document: vscode.TextDocument;
  /** Its place in the pack, from 0, and the pack's length. */
  readonly index: number;
  readonly total: number;
  readonly entry: StoredAnalysis;
  readonly asked: AskedQuestion;
  /** The fine-tuning question's classifier, for the BERT tab once answered (before, it would give the answer away). */
  readonly fineTuned?: FineTuneShown;
}

/** Where the student is: the unit shown, its question once computed, the answer once given. */
export interface CourseSession {
  readonly loaded: LoadedPack;
  readonly index: number;
  /** Null while the unit is being opened, or when it could not be. */
  readonly opened: OpenedUnit | null;
  readonly answered: CourseAnswered | null;
  /** Why the unit could not be opened or asked (in the UI's language). */
  readonly problem: string | null;
  /** Opened from outside the panel (a command, the walkthrough): the Course tab comes forward. */
  readonly fromOutside: boolean;
}

const progressKey = (packId: string) => `attentionLens.course.${packId}`;

export class CourseRunner {
  private glossary: Glossary | null = null;
  private session: CourseSession | null = null;
  private readonly listeners = new Set<(session: CourseSession | null) => void>();

  constructor(private readonly deps: CourseDeps) {}

  /** Where the student is now (null: no unit opened since the extension started). */
  get current(): CourseSession | null {
    return this.session;
  }

  /** Hears every change of `current`. */
  onDidChange(listener: (session: CourseSession | null) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  private update(session: CourseSession | null): void {
    this.session = session;
    for (const listener of this.listeners) listener(session);
  }

  async load(folder = this.deps.builtIn()): Promise<LoadedPack> {
    this.glossary ??= parseGlossary(JSON.parse(await readFile(this.deps.glossaryFile, 'utf8')));
    return loadPack(folder, new Set(this.glossary.entries.map((e) => e.id)));
  }

  /** The unit the student is at in this pack (0 when new; the length when done). */
  progress(loaded: LoadedPack): number {
    return Math.min(this.deps.state.get<number>(progressKey(loaded.pack.id), 0), loaded.pack.units.length);
  }

  async reset(loaded?: LoadedPack): Promise<void> {
    const pack = loaded ?? this.session?.loaded ?? (await this.load());
    await this.deps.state.update(progressKey(pack.pack.id), 0);
    if (this.session?.loaded.pack.id === pack.pack.id) this.update({ ...this.session });
  }

  /** Sets a unit up in the editor and the panel, and computes its question from the analysis. */
  async openUnit(loaded: LoadedPack, index: number, fromOutside = true): Promise<OpenedUnit> {
    const session = { loaded, index, opened: null, answered: null, problem: null, fromOutside };
    this.update(session);
    try {
      const opened = await this.setUp(loaded, index);
      if (this.session === session) this.update({ ...session, opened });
      return opened;
    } catch (error) {
      if (this.session === session) this.update({ ...session, problem: courseProblem(error) });
      throw error;
    }
  }

  /** Opens a unit and keeps it as the student's place in the pack. */
  async open(loaded: LoadedPack, index: number, fromOutside: boolean): Promise<OpenedUnit> {
    const opened = await this.openUnit(loaded, index, fromOutside);
    await this.deps.state.update(progressKey(loaded.pack.id), index);
    if (this.session?.opened === opened) this.update({ ...this.session });
    return opened;
  }

  /**
   * The student's answer to the unit shown (`choice`: an index of its choices; `to`: the unit the
   * student saw, when known): checked against the model, kept, and the progress moves past the
   * unit. Null when no question is asked now, or it was answered already.
   */
  async answer(choice: number, to?: OpenedUnit): Promise<CourseAnswered | null> {
    const session = this.session;
    const asked = session?.opened?.asked;
    if (!session || !asked || session.answered || choice < 0 || choice >= asked.choices.length) return null;
    // A quick pick answered after the panel moved on answers a unit no longer shown.
    if (to && session.opened !== to) return null;
    const right = choice === asked.answer;
    const answered: CourseAnswered = { choice, answer: asked.answer, right, said: modelSaid(session.opened!.unit.question.kind, asked, right) };
    const done = Math.max(this.progress(session.loaded), session.index + 1);
    await this.deps.state.update(progressKey(session.loaded.pack.id), done);
    if (this.session === session) this.update({ ...session, answered });
    // Once answered (not before: it would give the answer away), the BERT tab, the unit's view, shows the pair the model picked.
    const { question } = session.opened!.unit;
    if (question.kind === 'nextSentence')
      inBackground(Promise.resolve(vscode.commands.executeCommand(COMMANDS.nextSentence, { a: question.sentence, b: question.followers![asked.answer] })));
    if (session.opened!.fineTuned) this.deps.bert.showFineTuned(session.opened!.fineTuned);
    return answered;
  }

  /** The glossary terms a unit links, in the UI's language. */
  terms(unit: CourseUnit): CourseTerm[] {
    const language = this.deps.language();
    return unit.glossary.flatMap((id) => {
      const entry = this.glossary && lookup(this.glossary, id, language);
      return entry ? [{ id, term: entry.term, definition: entry.definition }] : [];
    });
  }

  private async setUp(loaded: LoadedPack, index: number): Promise<OpenedUnit> {
    const unit = loaded.pack.units[index];
    // Asked now: a command asked after the unit keeps the panel if answered first (latestWins.ts).
    const turn = this.deps.runner.ask();
    const text = loaded.read(unit.setup.sample);
    const document = await this.studentCopy(`${loaded.pack.id}-${unit.id}`, text);
    // Beside the panel, never in its group: revealing the panel there would hide the student's text.
    const column = this.deps.panelColumn() === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(document, column);
    // Offsets are the document's: it holds the sample with its own line ends (CRLF under files.eol
    // "\r\n", Windows' default), which may not be the pack's; so does what the unit looks for in it.
    const held = document.getText();
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const asHeld = (s: string): string => s.replace(/\r\n|\r|\n/g, eol);
    const select = unit.setup.select === undefined ? undefined : asHeld(unit.setup.select);
    const start = select === undefined ? 0 : held.indexOf(select);
    const end = select === undefined ? held.trimEnd().length : start + select.length;
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(end));
    const word = unit.question.word === undefined ? undefined : asHeld(unit.question.word);
    const at = word === undefined ? -1 : held.indexOf(word, start);
    const maskChars = unit.question.kind === 'maskedWord' ? [{ start: at, end: at + word!.length }] : undefined;
    // Asked before the analysis: evidence of a model no longer selected, or of edited text, is not the unit's.
    const fresh = { encoder: this.deps.runner.asked('encoder', document), decoder: this.deps.runner.asked('decoder', document) };
    const entry = await this.deps.runner.run(document, start, end, { kind: unit.setup.model, maskChars, focus: start }, { turn });
    const attention = entry.shown.result.attention;
    const layer = unit.setup.layer === undefined || unit.setup.layer < 0 ? attention.layers - 1 : Math.min(unit.setup.layer, attention.layers - 1);
    const combine =
      unit.setup.head === undefined ? ({ kind: 'mean' } as const) : ({ kind: 'head', head: Math.min(unit.setup.head, attention.heads - 1) } as const);
    const choice = { layer, combine, cleaning: NO_CLEANING };
    this.deps.content.choose(entry, choice);
    if (this.deps.runner.isLatest(entry)) this.deps.content.show(entry, { reveal: true, preserveFocus: true });
    const passage = held.slice(start, end);
    // An ablation question runs the host's ablation and shows both analyses (the Compare tab's ablation mode).
    const ablate = async (heads: readonly HeadRef[]) => {
      this.deps.runner.sameModel(entry, unit.setup.model);
      const after = await this.deps.runner.again(entry, { ablate: heads }, entry.shown.id);
      this.deps.content.showAblation(entry, after);
      return after.shown.result.predictions.next;
    };
    let fineTuned: FineTuneShown | undefined;
    const asked = askQuestion(
      unit.question,
      await gatherEvidence({ engine: this.deps.engine, runner: this.deps.runner, fresh }, unit, passage, entry, choice, {
        ablate,
        read: (file) => loaded.read(file),
        show: (run) => this.deps.lessons.showCourseRun(document, start, run),
        // Lines of the pack's file, not of the editor: no line of the student's text gets a label.
        tuned: ({ predictions: _predictions, ...result }, labelled) => (fineTuned = { document: path.basename(labelled), result, predicted: null }),
      }),
    );
    // The unit's view is the BERT tab: without this it held only its instructions (or another text's figures).
    if (unit.question.kind === 'positions') inBackground(Promise.resolve(vscode.commands.executeCommand(COMMANDS.showPositions, { kind: unit.setup.model })));
    return { unit, document, index, total: loaded.pack.units.length, entry, asked, fineTuned };
  }

  /**
   * The student's copy of a sample: an untitled document named after the unit (reopening the unit
   * finds it again), holding the sample's text anew.
   */
  private async studentCopy(name: string, text: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: `/${name}.txt` }));
    if (document.getText() !== text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
      await vscode.workspace.applyEdit(edit);
    }
    return document;
  }

  /** The course from where the student left off, or the pack in `folder`. */
  async start(folder?: string): Promise<void> {
    const loaded = await this.load(folder);
    let index = this.progress(loaded);
    if (index >= loaded.pack.units.length) {
      const again = t('Start Again');
      if ((await vscode.window.showInformationMessage(t('You finished “{0}”.', neutralCourseText(loaded.pack.title)), again)) !== again) return;
      index = 0;
    }
    await this.step(loaded, index);
  }

  /** Opens unit `index`, asks its question, and offers the next one. */
  async step(loaded: LoadedPack, index: number): Promise<void> {
    const opened = await this.open(loaded, index, true);
    const picked = await this.ask(opened);
    // Answered in the panel meanwhile, the panel's answer stands.
    const answered = picked === null ? null : ((await this.answer(picked, opened)) ?? (this.session?.opened === opened ? this.session.answered : null));
    const next = t('Next Unit');
    const own = t('Try Your Own Text');
    const words = t('Definitions');
    const said = answered?.said ?? modelSaid(opened.unit.question.kind, opened.asked, null);
    const last = index + 1 >= loaded.pack.units.length;
    const choice = await vscode.window.showInformationMessage(said, ...(last ? [] : [next]), own, words);
    if (choice === next) await this.step(loaded, index + 1);
    else if (choice === own) await vscode.window.showInformationMessage(neutralCourseText(opened.unit.tryOwn));
    else if (choice === words) await this.definitions(opened.unit);
  }

  /**
   * The question as a quick pick (in its title, which wraps), hints one at a time, each shown as a row
   * under the choices (in the placeholder, one line cut at the pick's width, they were never seen); the choice's index,
   * or null: skipped. Picking a hint's row changes nothing.
   */
  private async ask(opened: OpenedUnit): Promise<number | null> {
    const { unit, asked } = opened;
    let hints = 0;
    for (;;) {
      const items: (vscode.QuickPickItem & { index?: number; more?: boolean })[] = asked.choices.map((c, i) => ({
        label: choiceLabel(unit.question.kind, c),
        index: i,
      }));
      if (hints > 0) items.push({ label: t('Hints'), kind: vscode.QuickPickItemKind.Separator });
      for (const hint of unit.hints.slice(0, hints)) items.push({ label: `$(lightbulb) ${hintLabel(hint)}` });
      if (hints < unit.hints.length) items.push({ label: t('$(question) Show a hint ({0} of {1})', hints + 1, unit.hints.length), more: true });
      // The question goes in the title, which wraps: the placeholder is one line, cut at the pick's width.
      const title = `${unitPickTitle(opened.index, opened.total, unit)} — ${neutralCourseText(unit.question.prompt)}`;
      const placeHolder = t('Choose an answer, or a hint');
      const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
      if (!picked) return null;
      if (picked.index === undefined) {
        if (picked.more) hints++;
        continue;
      }
      return picked.index;
    }
  }

  private async definitions(unit: CourseUnit): Promise<void> {
    const items = this.terms(unit).map((term) => ({ label: term.term, detail: term.definition }));
    await vscode.window.showQuickPick(items, { title: t('Definitions'), matchOnDetail: true });
  }
}
