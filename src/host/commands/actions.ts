/**
 * The editor commands (extension host): Analyze Selection, Mask Word at Cursor, Next Word at
 * Cursor and the hover's "open in panel" link. Each returns a small outcome object, which the
 * integration tests read; people get the views, quick picks and notifications.
 */
import * as vscode from 'vscode';
import type { Candidate } from '../../protocol/analysis';
import type { AnalysisStore } from '../analyses/analyses';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import type { Config } from '../config';
import type { PanelContent } from '../webviews/panelContent';
import { pickCandidate } from './candidatePick';
import { NEXT_CANDIDATES } from './continuation';
import { maskWords, type MaskArgs, type MaskOutcome } from './masking';
import { contextStart, scopeAround } from '../analyses/textScope';

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
    private readonly panel: PanelContent,
    /** `analyzeWith` (the model Analyze Selection uses) and `topK` (how many candidates the quick pick lists; the panel gets NEXT_CANDIDATES to re-shape). */
    private readonly config: () => Pick<Config, 'analyzeWith' | 'topK'>,
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
    const outcome = await this.runner.runReported(
      document,
      start,
      end,
      { kind: this.config().analyzeWith, notice, focus: document.offsetAt(selection.active) },
      () => void this.analyzeSelection(),
    );
    if (outcome.ok) this.panel.show(this.store.byId(outcome.analysisId), { reveal: true });
    return outcome;
  }

  /** Masks the word at each cursor (or each selection) for the encoder and offers their fillers (masking.ts). */
  async maskWord(args?: MaskArgs): Promise<MaskOutcome> {
    const editor = args?.at ? await this.editorOf(args.at.uri) : vscode.window.activeTextEditor;
    if (!editor) return this.refuse('Open a file and put the cursor on a word to mask it.');
    try {
      return await maskWords(this.runner, editor, args, (entry) => this.panel.show(entry, { reveal: true }));
    } catch (error) {
      return this.runner.failed(error, () => void this.maskWord(args));
    }
  }

  /** The decoder's next-token candidates after the cursor; the chosen one is inserted. */
  async nextWord(auto?: AutoPick): Promise<PickOutcome> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return this.refuse('Open a file and put the cursor where the next word should go.');
    const { document } = editor;
    const cursor = document.offsetAt(editor.selection.active);
    const from = contextStart(document.getText(), cursor);
    if (document.getText(new vscode.Range(document.positionAt(from), editor.selection.active)).trim() === '') {
      return this.refuse('There is no text before the cursor to continue from.');
    }
    try {
      const entry = await this.runner.run(document, from, cursor, { kind: 'decoder', focus: cursor, topK: NEXT_CANDIDATES });
      this.panel.follow(entry);
      const next = entry.shown.result.predictions.next.slice(0, this.config().topK);
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
    this.panel.show(entry, { reveal: true, preserveFocus: false, token: token as number });
    return { ok: true, analysisId: entry.shown.id };
  }

  private async pick(candidates: readonly Candidate[], title: string, auto?: AutoPick): Promise<Candidate | undefined> {
    if (candidates.length === 0) return undefined;
    if (auto) return auto.pick === undefined ? undefined : candidates[auto.pick];
    return pickCandidate(candidates, title);
  }

  /** A visible editor of the document `uri` (a hover link's target), shown when none is visible. */
  private async editorOf(uri: string): Promise<vscode.TextEditor | undefined> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
    if (visible) return visible;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    return document ? vscode.window.showTextDocument(document) : undefined;
  }

  private refuse(message: string): RunOutcome & { ok: false } {
    void vscode.window.showInformationMessage(`Attention Lens: ${message}`);
    return { ok: false, code: 'bad-input', message };
  }
}
