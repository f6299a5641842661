/**
 * Runs one analysis of a document range and records it (extension host): cuts the text, asks the
 * engine, maps token offsets back to editor positions, stores the result per document version
 * and hands it to the views. Errors become notifications with an action that helps.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOverview, ModelKind } from '../../protocol/analysis';
import type { SourceRange } from '../../protocol/webviewApi';
import { asEngineError, EngineError } from '../../engine/errors';
import type { AnalysisStore, StoredAnalysis } from './analyses';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { modelLabel, type EngineService } from '../models/engineService';
import { resolveLayer } from '../editor/hoverText';

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
    private readonly shown: (entry: StoredAnalysis) => void,
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
    // Views name the model as people know it (a folder's name, a hub id), not by its full path.
    const named = { ...result, model: { ...result.model, id: modelLabel(result.model.id) } };
    const noticed = options.notice ? { ...named, notices: [options.notice, ...named.notices] } : named;
    const entry = this.record(document, start, noticed, config, { span: { start, end }, masked: Boolean(options.maskChars?.length), model });
    this.shown(entry);
    return entry;
  }

  /**
   * Analyzes text that is not (yet) in a document — a continuation preview's steps — and stores it
   * under `uri` (a name of its own, so that it never answers hovers of a real document). Its tokens
   * have no editor ranges. It is not handed to the views; the caller decides what to show.
   */
  async runText(uri: string, name: string, text: string, options: RunOptions): Promise<StoredAnalysis> {
    const config = this.config();
    const result = await this.engine.analyze(options.kind, { text, topK: options.topK ?? config.topK, maxTokens: config.maxTokens, focus: text.length });
    const named = { ...result, model: { ...result.model, id: modelLabel(result.model.id) } };
    const noticed = options.notice ? { ...named, notices: [options.notice, ...named.notices] } : named;
    const ranges = noticed.tokens.map(() => null);
    const { layers, heads } = noticed.attention;
    const entry: StoredAnalysis = {
      uri,
      version: 0,
      base: 0,
      shown: {
        id: this.store.newId(),
        document: { uri, name, languageId: 'plaintext', version: 0 },
        result: noticed,
        ranges,
        layer: resolveLayer(config.defaultLayer, layers),
        head: config.headAggregation === 'head' ? Math.min(config.defaultHead, heads - 1) : null,
      },
    };
    this.store.add(entry);
    return entry;
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

  private record(
    document: vscode.TextDocument,
    base: number,
    result: AnalysisOverview,
    config: Config,
    extra: Pick<StoredAnalysis, 'span' | 'masked' | 'model'>,
  ): StoredAnalysis {
    const ranges = result.tokens.map((t): SourceRange | null => {
      if (t.start === null || t.end === null) return null;
      const s = document.positionAt(base + t.start);
      const e = document.positionAt(base + t.end);
      return { startLine: s.line, startCharacter: s.character, endLine: e.line, endCharacter: e.character };
    });
    const { layers, heads } = result.attention;
    const entry: StoredAnalysis = {
      uri: document.uri.toString(),
      version: document.version,
      base,
      ...extra,
      shown: {
        id: this.store.newId(),
        document: { uri: document.uri.toString(), name: documentName(document), languageId: document.languageId, version: document.version },
        result,
        ranges,
        layer: resolveLayer(config.defaultLayer, layers),
        head: config.headAggregation === 'head' ? Math.min(config.defaultHead, heads - 1) : null,
      },
    };
    this.store.add(entry);
    return entry;
  }
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
