/**
 * The editor commands (extension host): Analyze Selection (and its window: around the cursor,
 * from the selection's start, from a chosen line), Mask Word at Cursor, Predict Next Word at Cursor and
 * the hover's "open in panel" link. Each returns a small outcome object, which the integration
 * tests read; people get the views, quick picks and notifications.
 */
import * as vscode from 'vscode';
import type { Candidate } from '../../protocol/analysis';
import type { WordCandidate } from '../../protocol/words';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import { blockAround } from '../analyses/textScope';
import { analyzedLines, planWindow, scopeNotice, selectionsNotice, windowNotice, type WindowMode } from '../analyses/windowChoice';
import { documentName } from '../analyses/documentName';
import type { Config } from '../config';
import { t } from '../l10n';
import type { PanelContent } from '../webviews/panelContent';
import { pickIndex, pickOne, tokenChoice, tokenItems, wordItems, type PickItem } from './candidatePick';
import { NEXT_CANDIDATES } from './continuation';
import { maskWords, type MaskArgs, type MaskOutcome } from './masking';
import { afterWord, insideWord } from './wordEnd';
import { inBackground } from '../background';
import { cursorAt, editDocument, isReadOnly, modelTexts, readOnlyMessage } from '../editor/documentEdits';
import { columnFor } from '../editor/editorColumn';
import { successorOf, tabDocuments } from '../editor/documentTabs';
import { DroppedResultError } from '../analyses/freshness';
import { LatestWins, supersededError } from '../analyses/latestWins';

/**
 * Chooses without the quick pick (command arguments from scripts and tests): `pick` is the index
 * of the candidate to apply; absent = apply nothing, only report the choices. `tokens`: Next
 * Word's token-level list instead of whole words.
 */
export interface AutoPick {
  readonly pick?: number;
  readonly tokens?: boolean;
}

/** Analyze Selection's window (windowChoice.ts): `line` is 1-based, for mode 'line'. */
export interface WindowArgs {
  readonly window?: WindowMode;
  readonly line?: number;
}

export type PickOutcome = RunOutcome & {
  /** What each choice would put in the document; a piece of a character as the list reads it (tokenChoice), never a raw U+FFFD. */
  readonly choices?: readonly string[];
  readonly applied?: string | null;
  /** Which list was offered: whole words or tokens. */
  readonly level?: 'word' | 'token';
};

/** Next Word's choice, not inserted: the text changed since its analysis (said with Analyze Again). */
function insertDropped(): DroppedResultError {
  return new DroppedResultError(
    t('the document changed; nothing was inserted'),
    t('The text changed while the next words were found, so nothing was inserted; analyze it again.'),
  );
}

/**
 * Command arguments as plain objects only: a menu passes the editor's Uri as the first argument,
 * which must not read as "arguments given" (it would skip the quick pick).
 */
export function plainArgs<T>(value: unknown): T | undefined {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype ? (value as T) : undefined;
}

export class Actions {
  /** Analyze Selection asked again before the last one ended: the one asked last is shown (latestWins.ts). */
  private readonly selections: LatestWins;
  /** The same for Mask Word, and for Next Word (whose older run would insert its word after all). */
  private readonly masks: LatestWins;
  private readonly nextWords: LatestWins;

  constructor(
    private readonly runner: AnalysisRunner,
    private readonly store: AnalysisStore,
    private readonly panel: PanelContent,
    /** `analyzeWith` (the model Analyze Selection uses) and `topK` (how many candidates the quick pick lists; the panel gets NEXT_CANDIDATES to re-shape). */
    private readonly config: () => Pick<Config, 'analyzeWith' | 'topK'>,
  ) {
    // One order of turns for all three (and the lessons'): an older one of another command keeps off the newer one's place.
    [this.selections, this.masks, this.nextWords] = [new LatestWins(store), new LatestWins(store), new LatestWins(store)];
  }

  async analyzeSelection(args: WindowArgs = {}): Promise<RunOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse(t('Open a file and select some text to analyze.'));
    const { document, selection } = editor;
    const text = document.getText();
    // As its tab names it: an output channel's id or a file's whole path outside the workspace read as noise.
    const name = documentName(document, tabDocuments());
    if (text === '') return this.refuse(t('There is nothing to analyze: {0} is empty.', name));
    if (text.trim() === '') return this.refuse(t('There is nothing to analyze: {0} holds only whitespace.', name));
    const mode = args.window ?? 'cursor';
    const cursor = document.offsetAt(selection.active);
    const range = { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) };
    const scope = blockAround(text, cursor, document.languageId, document);
    if (mode === 'cursor' && selection.isEmpty && scope.start >= scope.end) {
      return this.refuse(t('The cursor is on an empty line: put it on some text, or select the text to analyze.'));
    }
    // From a script or a command link the line can be anything: only a number is a line.
    const given: unknown = args.line;
    if (given !== undefined && (typeof given !== 'number' || !Number.isFinite(given))) {
      return this.refuse(t('The line to analyze from must be a line number from 1 to {0}.', document.lineCount));
    }
    const line = Math.min(Math.max(Math.floor(args.line ?? selection.active.line + 1), 1), document.lineCount);
    const plan = planWindow(mode, { length: text.length, selection: range, cursor, scope, lineStart: document.offsetAt(new vscode.Position(line - 1, 0)) });
    // Said before the model runs, with what to do instead (the runner's refusal is an error with no way on).
    if (text.slice(plan.start, plan.end).trim() === '') {
      return this.refuse(
        mode === 'line'
          ? t('There is only whitespace from line {0} on: choose a line with text.', line)
          : selection.isEmpty
            ? t('There is only whitespace after the cursor: put it before some text, or select the text to analyze.')
            : t('The selection holds only whitespace: select some text, or clear the selection to analyze the text around the cursor.'),
      );
    }
    const scopeLines = { first: document.positionAt(scope.start).line + 1, last: document.positionAt(scope.end).line + 1 };
    const notice = mode === 'cursor' && selection.isEmpty ? scopeNotice(scope.unit, selection.active.line + 1, t, scopeLines) : undefined;
    // Multi-cursor: only the primary selection is read, and the panel and a notification say so (from a chosen line, none is read).
    const several =
      mode !== 'line' && editor.selections.length > 1 ? selectionsNotice(editor.selections.length, selection.start.line + 1, 'analyze', t) : undefined;
    const outcome = await this.runner.runReported(
      document,
      plan.start,
      plan.end,
      { kind: this.config().analyzeWith, notice: [notice, several].filter(Boolean).join(' ') || undefined, focus: plan.focus, window: mode },
      () => inBackground(this.onDocument(document, () => this.analyzeSelection(args))),
      this.selections.ask(),
    );
    if (!outcome.ok) return outcome;
    const entry = this.store.byId(outcome.analysisId);
    // Another command asked after this one was answered first: its result keeps the panel (latestWins.ts).
    if (!entry || entry !== this.store.last) return outcome;
    this.panel.show(entry, { reveal: true });
    if (several) inBackground(this.runner.notifier.info(several));
    const w = entry?.shown.result.window;
    if (entry && w) {
      // A window of a long text: say which lines, and offer the other windows.
      const { firstLine, lastLine } = analyzedLines(document, entry.base + entry.shown.result.analyzed.start, entry.base + entry.shown.result.analyzed.end);
      const offers: Record<string, () => void> = {};
      if (mode !== 'selectionStart')
        offers[t('From the Selection Start')] = () => inBackground(this.onDocument(document, () => this.analyzeSelection({ window: 'selectionStart' })));
      // A text of one line (minified code, a log line) has no other line to start from.
      if (document.lineCount > 1) offers[t('From a Line…')] = () => inBackground(this.onDocument(document, () => this.analyzeFromLine()));
      inBackground(
        this.runner.notifier.info(
          windowNotice({ firstLine, lastLine, lines: document.lineCount, tokens: w.tokens, total: w.total, estimated: w.estimated, mode }, t),
          offers,
        ),
      );
    } else if (notice) vscode.window.setStatusBarMessage(t('Attention Lens: {0}', notice), 5000);
    return outcome;
  }

  /** Analyze from Line…: the first tokens from a line the user picks (1-based `line` given: no question; not a number: refused). */
  async analyzeFromLine(line?: unknown): Promise<RunOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse(t('Open a file to analyze part of it.'));
    const count = editor.document.lineCount;
    let chosen = line;
    if (chosen === undefined) {
      const answer = await vscode.window.showInputBox({
        title: t('Attention Lens: Analyze from Line'),
        prompt: t('The analysis takes the text from the start of this line on, as much as the model allows (lines 1–{0}).', count),
        value: String(editor.selection.active.line + 1),
        validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= count ? undefined : t('a line number from 1 to {0}', count)),
      });
      if (answer === undefined) return { ok: false, code: 'cancelled', message: t('no line chosen') };
      chosen = Number(answer.trim());
    }
    return this.analyzeSelection({ window: 'line', line: chosen as number });
  }

  /** Masks the word at each cursor (or each selection) for the encoder and offers their fillers (masking.ts). */
  async maskWord(args?: MaskArgs): Promise<MaskOutcome> {
    const editor = args?.at ? await this.editorOf(args.at.uri) : vscode.window.activeTextEditor;
    if (!editor) return this.refuse(t('Open a file and put the cursor on a word to mask it.'));
    if (isReadOnly(editor.document)) return this.refuse(readOnlyMessage(editor.document));
    try {
      const show = (entry: StoredAnalysis): void => {
        if (entry === this.store.last) this.panel.show(entry, { reveal: true });
      };
      return await maskWords(this.runner, editor, args, show, this.masks);
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.onDocument(editor.document, () => this.maskWord(args))));
    }
  }

  /**
   * The decoder's next words after the cursor, each completed to a word boundary (several decoder
   * steps where a word takes several pieces), with the token-level list one item away; the chosen
   * one is inserted.
   */
  async nextWord(auto?: AutoPick): Promise<PickOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse(t('Open a file and put the cursor where the next word should go.'));
    const { document } = editor;
    if (isReadOnly(document)) return this.refuse(readOnlyMessage(document));
    // A cursor inside a word goes on after the whole word (wordEnd.ts), and one a script put inside an
    // emoji sequence (before its joiner) after the whole sequence.
    const { at, word } = afterWord(document, editor.selection.active);
    const { cursor, from, before: context } = cursorAt(document, at);
    if (context.trim() === '') return this.refuse(t('There is no text before the cursor to continue from.'));
    try {
      const options = { kind: 'decoder' as const, focus: cursor, topK: NEXT_CANDIDATES };
      const asked = this.nextWords.ask();
      const { superseded } = asked;
      // Taken once, before the analysis: the words' search answers the same model, or nothing is offered.
      const fresh = this.runner.asked('decoder', document, superseded);
      const entry = await this.runner.run(document, from, cursor, options, asked);
      if (entry === this.store.last) this.panel.follow(entry);
      // Said once the model has read it (a failure is one notification, not two): by the list of words
      // where there is one (a pop-up each time covered it), by a notification to a script that picks.
      const inside = word ? insideWord(word, auto === undefined) : undefined;
      if (inside && auto !== undefined) inBackground(this.runner.notifier.info(inside));
      const tokens = entry.shown.result.predictions.next.slice(0, this.config().topK);
      const outcome = (level: 'word' | 'token', list: readonly { text: string }[], applied: string | null): PickOutcome => ({
        ok: true,
        analysisId: entry.shown.id,
        level,
        choices: list.map((c) => c.text),
        applied,
      });
      const asTokens = tokens.map((c) => ({ text: tokenChoice(c), candidate: c }));
      let level: 'word' | 'token' = auto?.tokens ? 'token' : 'word';
      let choice: string | undefined;
      let words: readonly WordCandidate[] = [];
      if (level === 'word') {
        words = await this.runner.completeWords(fresh, document, from, cursor, { ...options, topK: this.config().topK });
        const at = document.positionAt(cursor);
        // The end of the line before the cursor: a completion of the word there reads as the whole word.
        const before = document.getText(new vscode.Range(at.with({ character: Math.max(0, at.character - 82) }), at));
        const picked = auto ? words[pickIndex(auto.pick, words.length) ?? -1] : await this.pickWord(words, before, inside);
        if (picked === 'tokens') level = 'token';
        else choice = picked?.text;
      }
      if (level === 'token') {
        const picked = auto ? tokens[pickIndex(auto.pick, tokens.length) ?? -1] : await this.pickToken(tokens);
        choice = picked?.token;
      }
      const list = level === 'word' ? words : asTokens;
      if (choice === undefined) return outcome(level, list, null);
      // Asked again while its words were offered: the newer one inserts, if anything.
      if (superseded.isCancellationRequested) throw supersededError();
      // Typed meanwhile (the word search and the pick take a while): the cursor's offset is another place now.
      if (document.version !== entry.version) throw insertDropped();
      // What goes into the document has no bidi or control character from the vocabulary (documentEdits.ts).
      const clean = modelTexts([choice]);
      if (clean.empty) return this.refuse(clean.notice!);
      const text = clean.texts[0];
      const edited = await editDocument(document, (edit) => edit.insert(document.positionAt(cursor), text), editor.viewColumn);
      // Typed between the check and the edit: the editor refused an edit of the older text.
      if (edited === 'changed') throw insertDropped();
      if (edited === 'refused') return this.refuse(t('The editor refused the edit; nothing was inserted.'), 'cancelled');
      if (clean.notice) inBackground(this.runner.notifier.info(clean.notice));
      return outcome(level, list, text);
    } catch (error) {
      return this.runner.failed(error, () => inBackground(this.onDocument(document, () => this.nextWord())));
    }
  }

  /** Hover link target: the panel, opened on one token of a stored analysis. */
  openToken(args: unknown): RunOutcome {
    const a = args as { analysisId?: unknown; token?: unknown } | undefined;
    const entry = Number.isInteger(a?.analysisId) ? this.store.byId(a!.analysisId as number) : null;
    const token = a?.token;
    if (!entry || !Number.isInteger(token) || (token as number) < 0 || (token as number) >= entry.shown.result.tokens.length) {
      return this.refuse(t('That analysis is no longer available; analyze the text again.'));
    }
    // Asked last: an analysis asked before the link, come later, does not replace it (latestWins.ts).
    this.store.answer(entry);
    this.panel.show(entry, { reveal: true, preserveFocus: false, token: token as number });
    return { ok: true, analysisId: entry.shown.id };
  }

  /**
   * `work` on `document`'s editor: a notification's offer or Retry is taken later, maybe with
   * another editor active, and must not analyze that one. A closed document is shown no more.
   */
  private async onDocument(document: vscode.TextDocument, work: () => Promise<RunOutcome>): Promise<RunOutcome> {
    // Saved under a new name meanwhile (an untitled document saved): the same text, under that name.
    const target = document.isClosed ? successorOf(document) : document;
    if (!target) return { ok: false, code: 'cancelled', message: t('the document was closed') };
    if (vscode.window.activeTextEditor?.document !== target) await vscode.window.showTextDocument(target, columnFor(target, undefined));
    return work();
  }

  /** The whole words, then one item for the token-level list; `placeHolder`, what its box says (by default how to choose). */
  private pickWord(words: readonly WordCandidate[], before: string, placeHolder?: string): Promise<WordCandidate | 'tokens' | undefined> {
    const items: PickItem<WordCandidate | 'tokens'>[] = [
      ...wordItems(words, before),
      {
        label: t('$(list-flat) Next tokens instead…'),
        description: t('the pieces the model predicts, one step each'),
        value: 'tokens',
        before: t('Token level'),
      },
    ];
    return pickOne(items, t('Next word after the cursor (whole words, completed by the model)'), placeHolder);
  }

  private pickToken(tokens: readonly Candidate[]): Promise<Candidate | undefined> {
    return pickOne(tokenItems(tokens), t('Next token after the cursor (one piece, as the model predicts it)'));
  }

  /** A visible editor of the document `uri` (a hover link's target), shown when none is visible. */
  private async editorOf(uri: string): Promise<vscode.TextEditor | undefined> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    if (visible) return visible;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    return document ? vscode.window.showTextDocument(document) : undefined;
  }

  private refuse(message: string, code = 'bad-input'): RunOutcome & { ok: false } {
    inBackground(this.runner.notifier.info(message));
    return { ok: false, code, message };
  }
}
