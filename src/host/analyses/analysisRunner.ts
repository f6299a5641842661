/**
 * Runs one analysis of a document range and records it (extension host): cuts the text, asks the
 * engine, maps token offsets back to editor positions and stores the result per document version,
 * with the view choice the settings give it. It shows nothing: each caller decides what the panel
 * shows (the panel's content, panelContent.ts). Errors become notifications with an action that helps.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOverview, ModelKind } from '../../protocol/analysis';
import { defaultViewChoice } from '../../protocol/viewChoice';
import type { ShownDocument, SourceRange } from '../../protocol/webviewApi';
import { asEngineError, EngineError } from '../../engine/errors';
import type { AnalysisStore, StoredAnalysis } from './analyses';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { modelLabel, type EngineService } from '../models/engineService';

export interface RunOptions {
  readonly kind: ModelKind;
  /** Document character ranges whose tokens are masked (encoders). */
  readonly maskChars?: readonly { readonly start: number; readonly end: number }[];
  /** A character offset (document) the window must keep when the text is longer than the model allows. */
  readonly focus?: number;
  /** A line for the panel's notices, e.g. why this range was chosen. */
  readonly notice?: string;
  /** How many candidates each prediction lists (default: the topK setting). */
  readonly topK?: number;
  /** Reuse a cached analysis of exactly this document version, range and kind (no engine run). */
  readonly reuse?: boolean;
}

/** What a command reports back (integration tests read it; people read the views). */
export type RunOutcome = { readonly ok: true; readonly analysisId: number } | { readonly ok: false; readonly code: string; readonly message: string };

export function documentName(document: vscode.TextDocument): string {
  return document.isUntitled ? document.uri.path : path.basename(document.uri.path);
}

export class AnalysisRunner {
  constructor(
    private readonly engine: EngineService,
    private readonly store: AnalysisStore,
    private readonly config: () => Config,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Analyzes `[start, end)` of `document`; throws EngineError (cancelled included). */
  async run(document: vscode.TextDocument, start: number, end: number, options: RunOptions): Promise<StoredAnalysis> {
    const text = document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end)));
    if (text.trim() === '') throw new EngineError('bad-input', 'there is nothing to analyze here: the text is empty or only whitespace');
    const config = this.config();
    const version = document.version;
    const model = options.kind === 'encoder' ? config.encoderModel : config.decoderModel;
    if (options.reuse && !options.maskChars?.length) {
      const cached = this.store.find(document.uri.toString(), version, start, end, options.kind, model);
      if (cached) return cached;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Attention Lens: analyzing', cancellable: true },
      (_progress, token) =>
        this.engine.analyze(
          options.kind,
          {
            text,
            // No `scores`: the worker computes a layer's scores before softmax when the matrix view first asks.
            topK: options.topK ?? config.topK,
            maxTokens: config.maxTokens,
            maskChars: options.maskChars?.map((r) => ({ start: r.start - start, end: r.end - start })),
            focus: options.focus === undefined ? undefined : Math.min(Math.max(options.focus - start, 0), text.length),
          },
          token,
        ),
    );
    if (document.version !== version) throw new EngineError('cancelled', 'the document changed during the analysis');
    const overview = labelled(result, options.notice);
    const ranges = overview.tokens.map((t): SourceRange | null => {
      if (t.start === null || t.end === null) return null;
      const s = document.positionAt(start + t.start);
      const e = document.positionAt(start + t.end);
      return { startLine: s.line, startCharacter: s.character, endLine: e.line, endCharacter: e.character };
    });
    const uri = document.uri.toString();
    const about = { uri, name: documentName(document), languageId: document.languageId, version };
    return this.record({ uri, version, base: start, span: { start, end }, masked: Boolean(options.maskChars?.length), model }, about, overview, ranges, config);
  }

  /**
   * Analyzes text that is not (yet) in a document — a continuation preview's steps — and stores it
   * under `uri` (a name of its own, so that it never answers hovers of a real document). Its tokens
   * have no editor ranges.
   */
  async runText(uri: string, name: string, text: string, options: RunOptions): Promise<StoredAnalysis> {
    const config = this.config();
    const result = await this.engine.analyze(options.kind, { text, topK: options.topK ?? config.topK, maxTokens: config.maxTokens, focus: text.length });
    const overview = labelled(result, options.notice);
    const document = { uri, name, languageId: 'plaintext', version: 0 };
    return this.record(
      { uri, version: 0, base: 0 },
      document,
      overview,
      overview.tokens.map(() => null),
      config,
    );
  }

  /** `run`, with failures shown as notifications instead of thrown. */
  async runReported(document: vscode.TextDocument, start: number, end: number, options: RunOptions, retry: () => void): Promise<RunOutcome> {
    try {
      const entry = await this.run(document, start, end, options);
      return { ok: true, analysisId: entry.shown.id };
    } catch (error) {
      return this.failed(error, retry);
    }
  }

  /** A failure as an outcome, shown as a notification unless it was a cancellation. */
  failed(error: unknown, retry: () => void): RunOutcome & { ok: false } {
    const e = asEngineError(error);
    if (e.code !== 'cancelled') reportError(e, retry, this.log);
    return { ok: false, code: e.code, message: e.message };
  }

  /** Stores an analysis under a new id, opening on the view choice the settings give it. */
  private record(
    where: Omit<StoredAnalysis, 'shown'>,
    document: ShownDocument,
    result: AnalysisOverview,
    ranges: readonly (SourceRange | null)[],
    config: Config,
  ): StoredAnalysis {
    const entry: StoredAnalysis = {
      ...where,
      shown: { id: this.store.newId(), document, result, ranges, choice: defaultViewChoice(config, result.attention) },
    };
    this.store.add(entry);
    return entry;
  }
}

/** Views name the model as people know it (a folder's name, a hub id), not by its full path; a caller's notice comes first. */
function labelled(result: AnalysisOverview, notice: string | undefined): AnalysisOverview {
  const named = { ...result, model: { ...result.model, id: modelLabel(result.model.id) } };
  return notice ? { ...named, notices: [notice, ...named.notices] } : named;
}

/** A notification that says what failed and offers the action most likely to help. */
function reportError(error: EngineError, retry: () => void, log: vscode.LogOutputChannel): void {
  const actions: Record<string, () => void> = {};
  switch (error.code) {
    case 'worker-crashed':
    case 'timeout':
    case 'network':
      actions.Retry = retry;
      break;
    case 'model-corrupt':
      // A corrupt download was discarded: loading again downloads it anew.
      actions.Retry = retry;
      actions['Select Model'] = () => void vscode.commands.executeCommand(COMMANDS.selectModel);
      break;
    case 'model-files-missing':
    case 'file-not-found':
    case 'unsupported-architecture':
    case 'unsupported-operator':
      actions['Select Model'] = () => void vscode.commands.executeCommand(COMMANDS.selectModel);
      break;
    case 'internal':
      actions['Show Log'] = () => log.show();
      break;
  }
  void vscode.window.showErrorMessage(`Attention Lens: ${error.message}`, ...Object.keys(actions)).then((chosen) => {
    if (chosen) actions[chosen]();
  });
}
