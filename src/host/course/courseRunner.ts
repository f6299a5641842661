/**
 * The course in the editor (extension host): opens a unit — its sample as a new document the student
 * may edit, the passage selected and analyzed by the unit's model, the panel on the unit's layer and
 * head — then asks the unit's question before showing the answer, which is computed from that
 * analysis (protocol/course/questions.ts), with staged hints, the glossary's definitions and "try it
 * with your own text". Progress is kept per pack in global state.
 *
 *   const course = new CourseRunner(deps);
 *   await course.start();               // the built-in pack in the UI's language, from where the student left off
 *   await course.openUnit(loaded, 2);   // what a walkthrough step or a test opens
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner } from '../analyses/analysisRunner';
import type { EngineService } from '../models/engineService';
import type { PanelContent } from '../webviews/panelContent';
import type { CourseUnit } from '../../protocol/course/pack';
import { askQuestion, rowsNeeded, type AskedQuestion } from '../../protocol/course/questions';
import { lookup, parseGlossary, type Glossary } from '../../protocol/glossary';
import { readToken } from '../../protocol/tokenText';
import { NO_CLEANING } from '../../protocol/views';
import { formatPercent, t } from '../l10n';
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
}

const progressKey = (packId: string) => `attentionLens.course.${packId}`;

export class CourseRunner {
  private glossary: Glossary | null = null;

  constructor(private readonly deps: CourseDeps) {}

  async load(folder = this.deps.builtIn()): Promise<LoadedPack> {
    this.glossary ??= parseGlossary(JSON.parse(await readFile(this.deps.glossaryFile, 'utf8')));
    return loadPack(folder, new Set(this.glossary.entries.map((e) => e.id)));
  }

  /** The unit the student is at in this pack (0 when new; the length when done). */
  progress(loaded: LoadedPack): number {
    return Math.min(this.deps.state.get<number>(progressKey(loaded.pack.id), 0), loaded.pack.units.length);
  }

  async reset(loaded?: LoadedPack): Promise<void> {
    await this.deps.state.update(progressKey((loaded ?? (await this.load())).pack.id), 0);
  }

  /** Sets a unit up in the editor and the panel, and computes its question from the analysis. */
  async openUnit(loaded: LoadedPack, index: number): Promise<OpenedUnit> {
    const unit = loaded.pack.units[index];
    const text = loaded.read(unit.setup.sample);
    const document = await this.studentCopy(`${loaded.pack.id}-${unit.id}`, text);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const start = unit.setup.select === undefined ? 0 : text.indexOf(unit.setup.select);
    const end = unit.setup.select === undefined ? text.trimEnd().length : start + unit.setup.select.length;
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(end));
    const { word } = unit.question;
    const at = word === undefined ? -1 : text.indexOf(word, start);
    const maskChars = unit.question.kind === 'maskedWord' ? [{ start: at, end: at + word!.length }] : undefined;
    const entry = await this.deps.runner.run(document, start, end, { kind: unit.setup.model, maskChars, focus: start });
    const attention = entry.shown.result.attention;
    const layer = unit.setup.layer === undefined || unit.setup.layer < 0 ? attention.layers - 1 : Math.min(unit.setup.layer, attention.layers - 1);
    const combine =
      unit.setup.head === undefined ? ({ kind: 'mean' } as const) : ({ kind: 'head', head: Math.min(unit.setup.head, attention.heads - 1) } as const);
    this.deps.content.choose(entry, { layer, combine, cleaning: NO_CLEANING });
    this.deps.content.show(entry, { reveal: true, preserveFocus: true });
    const passage = text.slice(start, end);
    const tokens = entry.shown.result.tokens;
    const rows = new Map<number, number[]>();
    for (const query of rowsNeeded(unit.question, passage, tokens)) {
      const reply = await this.deps.engine.view('row', { key: attention.key, layer, combine, cleaning: NO_CLEANING, query });
      rows.set(query, [...reply.weights]);
    }
    const { next, masked } = entry.shown.result.predictions;
    const asked = askQuestion(unit.question, { passage, tokens, rows, next, fillers: masked[0]?.top });
    return { unit, document, index, total: loaded.pack.units.length, entry, asked };
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
      if ((await vscode.window.showInformationMessage(t('You finished “{0}”.', loaded.pack.title), again)) !== again) return;
      index = 0;
    }
    await this.step(loaded, index);
  }

  /** Opens unit `index`, asks its question, and offers the next one. */
  async step(loaded: LoadedPack, index: number): Promise<void> {
    const opened = await this.openUnit(loaded, index);
    await this.deps.state.update(progressKey(loaded.pack.id), index);
    const right = await this.ask(opened);
    if (right !== null) await this.deps.state.update(progressKey(loaded.pack.id), index + 1);
    const next = t('Next Unit');
    const own = t('Try Your Own Text');
    const words = t('Definitions');
    const verdict = right === null ? '' : right ? t('Right.') : t('Not this time.');
    const answer = opened.asked.choices[opened.asked.answer];
    const figure = opened.unit.question.kind === 'tokenCount' ? '' : ` (${formatPercent(opened.asked.value)})`;
    const said = t('{0} The model: {1}{2}.', verdict, readToken(answer, t), figure).trim();
    const last = index + 1 >= loaded.pack.units.length;
    const choice = await vscode.window.showInformationMessage(said, ...(last ? [] : [next]), own, words);
    if (choice === next) await this.step(loaded, index + 1);
    else if (choice === own) await vscode.window.showInformationMessage(opened.unit.tryOwn);
    else if (choice === words) await this.definitions(opened.unit);
  }

  /** The question as a quick pick, hints one at a time; true/false: answered right/wrong, null: skipped. */
  private async ask(opened: OpenedUnit): Promise<boolean | null> {
    const { unit, asked } = opened;
    let hints = 0;
    for (;;) {
      const items: (vscode.QuickPickItem & { index?: number })[] = asked.choices.map((c, i) => ({ label: readToken(c, t), index: i }));
      if (hints < unit.hints.length) items.push({ label: t('$(lightbulb) Show a hint ({0} of {1})', hints + 1, unit.hints.length) });
      const title = t('Unit {0} of {1}: {2}', opened.index + 1, opened.total, unit.title);
      const placeHolder = [unit.question.prompt, ...unit.hints.slice(0, hints)].join(' · ');
      const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
      if (!picked) return null;
      if (picked.index === undefined) {
        hints++;
        continue;
      }
      return picked.index === asked.answer;
    }
  }

  private async definitions(unit: CourseUnit): Promise<void> {
    const language = this.deps.language();
    const items = unit.glossary.flatMap((id) => {
      const entry = this.glossary && lookup(this.glossary, id, language);
      return entry ? [{ label: entry.term, detail: entry.definition }] : [];
    });
    await vscode.window.showQuickPick(items, { title: t('Definitions'), matchOnDetail: true });
  }
}
