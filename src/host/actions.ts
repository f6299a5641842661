/**
 * The editor commands (extension host): Analyze Selection, Mask Word at Cursor, Next Word at
 * Cursor and the hover's "open in panel" link. Each returns a small outcome object, which the
 * integration tests read; people get the views, quick picks and notifications.
 */
import * as vscode from 'vscode';
import type { Candidate } from '../protocol/analysis';
import { showWhitespace } from '../protocol/tokenText';
import type { AnalysisStore, StoredAnalysis } from './analyses';
import type { AnalysisRunner, RunOutcome } from './analysisRunner';
import type { AnalysisPanel } from './panel';
import { scopeAround } from './textScope';

/** How far back Next Word at Cursor reads (characters); the engine windows to the model anyway. */
const CONTEXT_BEFORE_CURSOR = 6000;

/**
 * Chooses without the quick pick (command arguments from scripts and tests): `pick` is the index
 * of the candidate to apply; absent = apply nothing, only report the choices.
 */
export interface AutoPick {
  readonly pick?: number;
}

export type PickOutcome = RunOutcome & { readonly choices?: readonly string[]; readonly applied?: string | null };

export class Actions {
  constructor(
    private readonly runner: AnalysisRunner,
    private readonly store: AnalysisStore,
    private readonly panel: AnalysisPanel,
    private readonly kind: () => 'encoder' | 'decoder',
  ) {}

  async analyzeSelection(): Promise<RunOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse('Open a file and select some text to analyze.');
    const { document, selection } = editor;
    let start = document.offsetAt(selection.start);
    let end = document.offsetAt(selection.end);
    let notice: string | undefined;
    if (start === end) {
      const scope = scopeAround(document.getText(), start, document.languageId);
      const line = selection.active.line + 1;
      notice = `No selection: analyzed the ${scope.unit} around line ${line}.`;
      ({ start, end } = scope);
      vscode.window.setStatusBarMessage(`Attention Lens: ${notice}`, 5000);
    }
    const outcome = await this.runner.runReported(document, start, end, { kind: this.kind(), notice, focus: document.offsetAt(selection.active) }, () => void this.analyzeSelection());
    if (outcome.ok) this.panel.show(this.store.byId(outcome.analysisId));
    return outcome;
  }

  /** Masks the word at the cursor (all its tokens) for the encoder and offers its fillers. */
  async maskWord(auto?: AutoPick): Promise<PickOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse('Open a file and put the cursor on a word to mask it.');
    const { document, selection } = editor;
    const word = selection.isEmpty ? document.getWordRangeAtPosition(selection.active) : selection;
    if (!word) return this.refuse('Put the cursor on a word to mask it.');
    const wordStart = document.offsetAt(word.start);
    const wordEnd = document.offsetAt(word.end);
    const scope = scopeAround(document.getText(), wordStart, document.languageId);
    const start = Math.min(scope.start, wordStart);
    const end = Math.max(scope.end, wordEnd);
    try {
      const entry = await this.runner.run(document, start, end, { kind: 'encoder', maskChars: [{ start: wordStart, end: wordEnd }], focus: wordStart, notice: `Masked “${document.getText(word)}”.` });
      const mask = entry.shown.result.tokens.flatMap((t, i) => (t.masked ? [i] : []));
      this.panel.show(entry);
      return await this.offerFillers(editor, entry, mask, auto);
    } catch (error) {
      return this.runner.failed(error, () => void this.maskWord());
    }
  }

  /** The decoder's next-token candidates after the cursor; the chosen one is inserted. */
  async nextWord(auto?: AutoPick): Promise<PickOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse('Open a file and put the cursor where the next word should go.');
    const { document } = editor;
    const cursor = document.offsetAt(editor.selection.active);
    const from = document.offsetAt(new vscode.Position(document.positionAt(Math.max(0, cursor - CONTEXT_BEFORE_CURSOR)).line, 0));
    if (document.getText(new vscode.Range(document.positionAt(from), editor.selection.active)).trim() === '') {
      return this.refuse('There is no text before the cursor to continue from.');
    }
    try {
      const entry = await this.runner.run(document, from, cursor, { kind: 'decoder', focus: cursor });
      this.panel.update(entry);
      const next = entry.shown.result.predictions.next;
      const pick = await this.pick(next, 'Next token after the cursor', auto);
      if (pick === undefined) return { ok: true, analysisId: entry.shown.id, choices: next.map((c) => c.token), applied: null };
      await editor.edit((edit) => edit.insert(document.positionAt(cursor), pick.token));
      return { ok: true, analysisId: entry.shown.id, choices: next.map((c) => c.token), applied: pick.token };
    } catch (error) {
      return this.runner.failed(error, () => void this.nextWord());
    }
  }

  /** Hover link target: the panel, opened on one token of a stored analysis. */
  openToken(args: unknown): RunOutcome {
    const a = args as { analysisId?: unknown; token?: unknown } | undefined;
    const entry = Number.isInteger(a?.analysisId) ? this.store.byId(a!.analysisId as number) : null;
    const token = a?.token;
    if (!entry || !Number.isInteger(token) || (token as number) < 0 || (token as number) >= entry.shown.result.tokens.length) {
      return this.refuse('That analysis is no longer available; analyze the text again.');
    }
    this.panel.show(entry, { preserveFocus: false, token: token as number });
    return { ok: true, analysisId: entry.shown.id };
  }

  private async offerFillers(
    editor: vscode.TextEditor,
    entry: StoredAnalysis,
    mask: readonly number[],
    auto?: AutoPick,
  ): Promise<PickOutcome> {
    const { result } = entry.shown;
    const first = result.predictions.masked.find((m) => m.position === mask[0]);
    const candidates = first?.top ?? [];
    const pick = await this.pick(candidates, mask.length > 1 ? `Fillers for the first of ${mask.length} masked tokens` : 'Fillers for the masked word', auto);
    const choices = candidates.map((c) => c.token);
    if (pick === undefined) return { ok: true, analysisId: entry.shown.id, choices, applied: null };
    const document = editor.document;
    if (document.version !== entry.version) return { ok: false, code: 'cancelled', message: 'the document changed; nothing was replaced' };
    // Replace the masked tokens' source text (without the whitespace a byte-level token carries).
    const tokens = mask.map((i) => result.tokens[i]);
    const to = entry.base + tokens[tokens.length - 1].end!;
    let from = entry.base + tokens[0].start!;
    const source = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(to)));
    from += source.length - source.trimStart().length;
    const replacement = pick.token.trim();
    await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(from), document.positionAt(to)), replacement));
    return { ok: true, analysisId: entry.shown.id, choices, applied: replacement };
  }

  private async pick(candidates: readonly Candidate[], title: string, auto?: AutoPick): Promise<Candidate | undefined> {
    if (candidates.length === 0) return undefined;
    if (auto) return auto.pick === undefined ? undefined : candidates[auto.pick];
    const items = candidates.map((c) => ({ label: showWhitespace(c.token), description: `${(c.p * 100).toFixed(1)}%`, candidate: c }));
    const chosen = await vscode.window.showQuickPick(items, { title: `Attention Lens: ${title}`, placeHolder: 'Choose one to insert it (Escape keeps the text)' });
    return chosen?.candidate;
  }

  private refuse(message: string): RunOutcome & { ok: false } {
    void vscode.window.showInformationMessage(`Attention Lens: ${message}`);
    return { ok: false, code: 'bad-input', message };
  }
}
