/**
 * The word lessons' commands (extension host): Word Senses on the word at the cursor (every
 * whole-word occurrence in the document, or in files the user picks (senseFiles.ts), analyzed by
 * the engine in windows, the one at the cursor always among them (sensesNotices.ts says which); shown in the panel's Representations tab and outlined in the editors,
 * coloured by the last layer's cluster) and the
 * Test Word Order on Selection (its words shuffled with a seed; "shuffle again" in the
 * panel takes the next seed). The panel's reveal requests name an occurrence; the host maps it to
 * its file, unless that file has changed since it was read. The last message of each is posted again whenever the panel's page (re)loads.
 */
import * as vscode from 'vscode';
import { columnFor } from '../editor/editorColumn';
import type { ModelKind } from '../../protocol/analysis';
import type { SensesMessage, SensesRequest, SensesResult, WordOrderMessage, WordOrderResult } from '../../protocol/reprViews';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import { documentName } from '../analyses/documentName';
import { tabDocuments } from '../editor/documentTabs';
import { inBackground } from '../background';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { t } from '../l10n';
import { wordAround } from '../../protocol/wordChars';
import type { AnalysisPanel } from '../webviews/panel';
import { lineOf, namedSenseFiles, pickSenseFiles, readSenseFiles, type SenseSource } from './senseFiles';
import { nextSessionId } from '../sessionIds';
import { sensesNotices } from './sensesNotices';

export interface WordLessonsDeps {
  readonly panel: AnalysisPanel;
  readonly runner: AnalysisRunner;
  readonly config: () => Config;
}

/** What Word Senses answers (integration tests read it). */
export type SensesOutcome =
  | (RunOutcome & { ok: false })
  | {
      readonly ok: true;
      readonly sensesId: number;
      readonly word: string;
      readonly occurrences: readonly { readonly source: number; readonly start: number; readonly end: number }[];
      /** The last layer's cluster of each occurrence (the editor's two colours). */
      readonly clusters: readonly number[];
      /** What was left out (files, occurrences), as shown. */
      readonly notices: readonly string[];
    };

export type WordOrderOutcome =
  (RunOutcome & { ok: false }) | { readonly ok: true; readonly wordOrderId: number; readonly seed: number; readonly shuffled: string };

export class WordLessons implements vscode.Disposable {
  private readonly clusterTypes = ['editor.wordHighlightStrongBackground', 'editor.findMatchHighlightBackground'].map((color) =>
    vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor(color),
      outlineColor: new vscode.ThemeColor('editor.wordHighlightStrongBorder'),
      outlineStyle: 'solid',
      outlineWidth: '1px',
    }),
  );
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastSenses: { message: SensesMessage; sources: readonly SenseSource[] } | null = null;
  private lastOrder: { message: WordOrderMessage; text: string } | null = null;

  constructor(private readonly deps: WordLessonsDeps) {
    const { panel } = deps;
    this.subscriptions.push(
      vscode.commands.registerCommand(COMMANDS.wordSenses, () => this.wordSenses()),
      vscode.commands.registerCommand(COMMANDS.wordSensesInFiles, (args?: { files?: unknown }) => this.wordSensesInFiles(args?.files)),
      vscode.commands.registerCommand(COMMANDS.shuffleWords, () => this.shuffle()),
      panel.on('ready', ({ view }) => {
        if (view !== 'panel') return;
        if (this.lastSenses) panel.post('senses', this.lastSenses.message);
        if (this.lastOrder) panel.post('wordOrder', this.lastOrder.message);
      }),
      panel.on('revealOccurrence', ({ sensesId, occurrence }) => inBackground(this.reveal(sensesId, occurrence))),
      panel.on('shuffleAgain', ({ wordOrderId }) => {
        const last = this.lastOrder;
        if (last && last.message.id === wordOrderId) inBackground(this.runOrder(last.text, last.message.result.seed + 1, last.message.result.kind));
      }),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        // Edited, the occurrences' places are stale: their outlines go.
        if (this.lastSenses?.sources.some((s) => s.uri.toString() === document.uri.toString())) this.decorate(null, document);
      }),
    );
  }

  dispose(): void {
    for (const s of [...this.subscriptions, ...this.clusterTypes]) s.dispose();
  }

  /** Word Senses of the word at the cursor in the active document. */
  async wordSenses(): Promise<SensesOutcome> {
    const at = this.wordAtCursor();
    if ('ok' in at) return at;
    const { document } = at.editor;
    return this.runSenses(at.word, [{ uri: document.uri, name: documentName(document, tabDocuments()), text: document.getText() }], [], false, {
      source: 0,
      offset: at.offset,
    });
  }

  /** Word Senses of the word at the cursor in files the user picks (`files`, else the open dialog), bounded. */
  async wordSensesInFiles(files?: unknown): Promise<SensesOutcome> {
    const named = namedSenseFiles(files);
    if (named === null) return this.refuse(t('Word senses: the files to search must be a list of absolute paths.'));
    const at = this.wordAtCursor();
    if ('ok' in at) return at;
    const picked = named ?? (await pickSenseFiles());
    if (!picked?.length) return { ok: false, code: 'cancelled', message: t('No files picked.') };
    const { sources, notices } = await readSenseFiles(picked);
    if (sources.length === 0) {
      const message = [t('None of the picked files could be read as text.'), ...notices].join(' ');
      inBackground(this.deps.runner.notifier.warning(message));
      return { ok: false, code: 'bad-input', message };
    }
    // The cursor's document among the files, as read: its occurrence at the cursor is analyzed whatever the cap.
    const { document } = at.editor;
    const source = sources.findIndex((s) => s.uri.toString() === document.uri.toString() && s.text === document.getText());
    return this.runSenses(at.word, sources, notices, true, source < 0 ? undefined : { source, offset: at.offset });
  }

  /** A command that can do nothing here says why (it may have been run from the palette, far from the editor). */
  private refuse(message: string): RunOutcome & { ok: false } {
    inBackground(this.deps.runner.notifier.info(message));
    return { ok: false, code: 'bad-input', message };
  }

  /** The word at the cursor, and where it starts. */
  private wordAtCursor(): { editor: vscode.TextEditor; word: string; offset: number } | (RunOutcome & { ok: false }) {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse(t('Open a file and put the cursor on a word to see its senses.'));
    const text = editor.document.getText();
    // Read around the cursor only (wordChars.ts): a pattern run from the text's start walked a 30 MB document up to it (0.7 s).
    const span = wordAround(text, editor.document.offsetAt(editor.selection.active));
    if (!span) return this.refuse(t('Put the cursor on a word to see its senses.'));
    return { editor, word: text.slice(span.start, span.end), offset: span.start };
  }

  private async runSenses(word: string, sources: readonly SenseSource[], notices: string[], several: boolean, at: SensesRequest['at']): Promise<SensesOutcome> {
    const texts = sources.map((s) => s.text);
    // The model only: the occurrences are places in the texts as read, which the outlines and reveals check.
    const kind = this.deps.config().analyzeWith;
    const fresh = this.deps.runner.asked(kind);
    try {
      const result: SensesResult = await this.deps.runner.words(fresh, 'senses', kind, {
        request: { text: several ? texts : texts[0], word, ...(at ? { at } : {}) },
      });
      const lines = result.occurrences.map((o) => lineOf(texts[o.source], o.start));
      const files = several ? { files: sources.map((s) => s.name) } : {};
      const document = several ? t('{0} files', sources.length) : sources[0].name;
      const message: SensesMessage = { id: nextSessionId(), document, lines, ...files, result };
      this.lastSenses = { message, sources };
      this.decorate(message);
      this.deps.panel.reveal(true);
      this.deps.panel.post('senses', message);
      notices.push(...sensesNotices(result, word));
      if (notices.length) inBackground(this.deps.runner.notifier.info(notices.join(' ')));
      const clusters = result.layers[result.layers.length - 1].clusters;
      const occurrences = result.occurrences.map(({ source, start, end }) => ({ source, start, end }));
      return { ok: true, sensesId: message.id, word, occurrences, clusters, notices };
    } catch (error) {
      return this.deps.runner.failed(error, () => inBackground(this.runSenses(word, sources, [], several, at)));
    }
  }

  async shuffle(): Promise<WordOrderOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse(t('Open a file and select a sentence to shuffle its words.'));
    const { document, selection } = editor;
    const text = selection.isEmpty ? document.lineAt(selection.active.line).text : document.getText(selection);
    if (text.trim().split(/\s+/u).length < 2) return this.refuse(t('Select at least two words to shuffle them.'));
    return this.runOrder(text, 1);
  }

  private async runOrder(text: string, seed: number, kind: ModelKind = this.deps.config().analyzeWith): Promise<WordOrderOutcome> {
    const fresh = this.deps.runner.asked(kind);
    try {
      const result = await this.deps.runner.words(fresh, 'wordOrder', kind, { request: { text, seed } });
      const message: WordOrderMessage = { id: nextSessionId(), result };
      this.lastOrder = { message, text };
      this.deps.panel.reveal(true);
      this.deps.panel.post('wordOrder', message);
      return { ok: true, wordOrderId: message.id, seed: result.seed, shuffled: result.shuffled.text };
    } catch (error) {
      return this.deps.runner.failed(error, () => inBackground(this.runOrder(text, seed)));
    }
  }

  /**
   * Outlines the occurrences in every visible editor of their files, by the last layer's cluster;
   * null clears `only`'s (a changed file) and leaves the others. A file changed since it was read is left alone.
   */
  private decorate(message: SensesMessage | null, only?: vscode.TextDocument): void {
    const sources = this.lastSenses?.sources ?? [];
    for (const editor of vscode.window.visibleTextEditors) {
      const { document } = editor;
      if (only && document !== only) continue;
      const source = sources.findIndex((s) => s.uri.toString() === document.uri.toString());
      if (source < 0 || (message && document.getText() !== sources[source].text)) continue;
      const byCluster: vscode.Range[][] = [[], []];
      if (message) {
        const { occurrences, layers } = message.result;
        const clusters = layers[layers.length - 1].clusters;
        occurrences.forEach((o, i) => {
          if (o.source === source) byCluster[clusters[i]].push(new vscode.Range(document.positionAt(o.start), document.positionAt(o.end)));
        });
      }
      this.clusterTypes.forEach((type, c) => editor.setDecorations(type, byCluster[c]));
    }
  }

  private async reveal(sensesId: number, occurrence: number): Promise<void> {
    const last = this.lastSenses;
    const o = last?.message.id === sensesId ? last.message.result.occurrences[occurrence] : undefined;
    if (!last || !o) return;
    const source = last.sources[o.source];
    const document = await vscode.workspace.openTextDocument(source.uri);
    // Changed since it was read: the occurrence's characters are no longer where they were.
    if (document.getText() !== source.text) {
      inBackground(this.deps.runner.notifier.info(t('{0} has changed since Word Senses read it: run Word Senses again to find the word there.', source.name)));
      return;
    }
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: columnFor(document, this.deps.panel.viewColumn), preserveFocus: false });
    // A file opened for the reveal gets its outlines too.
    if (!visible) this.decorate(last.message);
    const range = new vscode.Range(document.positionAt(o.start), document.positionAt(o.end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * A course unit's experiment, which the course ran itself on the student's copy of its sample
   * (`offset`: where the text it gave the engine starts there): kept and shown as the commands' own
   * runs are, so the Representations tab shows the run the unit's question was checked against.
   */
  showCourseRun(document: vscode.TextDocument, offset: number, run: CourseRun): void {
    if ('wordOrder' in run) {
      const message: WordOrderMessage = { id: nextSessionId(), result: run.wordOrder, background: true };
      this.lastOrder = { message, text: run.text };
      this.deps.panel.post('wordOrder', message);
      return;
    }
    const result = shiftedSenses(run.senses, offset);
    const lines = result.occurrences.map((o) => document.positionAt(o.start).line + 1);
    const message: SensesMessage = { id: nextSessionId(), document: documentName(document, tabDocuments()), lines, result, background: true };
    this.lastSenses = { message, sources: [{ uri: document.uri, name: documentName(document, tabDocuments()), text: document.getText() }] };
    this.decorate(message);
    this.deps.panel.post('senses', message);
  }
}

/** A course unit's run of the word lessons: word senses, or the word-order experiment on `text`. */
export type CourseRun = { readonly senses: SensesResult } | { readonly wordOrder: WordOrderResult; readonly text: string };

/** Senses found in a passage, their places moved to the document the passage starts `offset` characters into. */
function shiftedSenses(result: SensesResult, offset: number): SensesResult {
  const at = <T extends { readonly start: number; readonly end: number }>(span: T): T => ({ ...span, start: span.start + offset, end: span.end + offset });
  return {
    ...result,
    occurrences: result.occurrences.map((o) => ({ ...at(o), window: at(o.window) })),
    layers: result.layers.map((layer) => ({ ...layer, nearest: layer.nearest.map((near) => near.map(at)) })),
  };
}
