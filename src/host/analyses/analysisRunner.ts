/**
 * Runs one analysis of a document range and records it (extension host): cuts the text, asks the
 * engine, maps token offsets back to editor positions and stores the result per document version,
 * with the view choice the settings give it. It shows nothing: each caller decides what the panel
 * shows (the panel's content, panelContent.ts). A failure becomes one notification with the actions
 * that help (failure.ts). Windowed analyses say which lines they took (windowChoice.ts).
 */
import * as vscode from 'vscode';
import type { AnalysisOverview, HeadRef, ModelKind } from '../../protocol/analysis';
import type { EngineMethods } from '../../protocol/engineApi';
import { defaultViewChoice } from '../../protocol/viewChoice';
import type { ShownDocument, SourceRange } from '../../protocol/webviewApi';
import type { WordCandidate, WordFill } from '../../protocol/words';
import { asEngineError } from '../../engine/errors';
import type { AnalysisStore, StoredAnalysis } from './analyses';
import { COMMANDS } from '../commands';
import type { Config } from '../config';
import { t } from '../l10n';
import type { EngineService, WordMethod } from '../models/engineService';
import { modelLabel, modelRef } from '../models/selectedModel';
import { allowOtherPrecision, chosenValue, useEmbeddedModel } from '../models/modelPicker';
import type { Notifier } from '../notify';
import { FAILURE_LABELS, failureActions, failureMessage, LocalizedError, originOf, type FailureAction } from './failure';
import { analyzedLines, windowNotice, type WindowMode } from './windowChoice';
import { inBackground } from '../background';
import { askedOf, DroppedResultError, whileFresh, type Asked } from './freshness';
import { ablatedNotice, labelled } from './overviewLabels';
import { analyzable, rangeText } from './documentRange';
import { AnalysisProgress } from './analysisProgress';
import { engineRequest, shifted, type RangeText } from './engineRequest';
import { supersededError } from './latestWins';
import { documentName } from './documentName';
import { tabDocuments } from '../editor/documentTabs';

export interface RunOptions {
  readonly kind: ModelKind;
  /** Document character ranges whose tokens are masked (encoders). */
  readonly maskChars?: readonly { readonly start: number; readonly end: number }[];
  /** A character offset (document) the window must keep when the text is longer than the model allows. */
  readonly focus?: number;
  /** How the window was chosen (windowChoice.ts): around the cursor (the default), or from a point on. */
  readonly window?: WindowMode;
  /** A line for the panel's notices, e.g. why this range was chosen. */
  readonly notice?: string;
  /** How many candidates each prediction lists (default: the topK setting). */
  readonly topK?: number;
  /** Reuse a cached analysis of exactly this document version, range and kind (no engine run). */
  readonly reuse?: boolean;
  /** Heads switched off (part of the analysis' identity: the cache tells ablations apart). */
  readonly ablate?: readonly HeadRef[];
  /** Also the layer lens of every position (decoders) or masked position (encoders), for the settling strip. */
  readonly lens?: boolean;
}

/** Beside the options, what a run is part of (never stored with the analysis, never run again). */
export interface RunContext {
  /** An ablation's unablated analysis (its id), which Restore shows again. */
  readonly origin?: number;
  /** Cancelled when a newer request of the same command supersedes this one (latestWins.ts): it then ends, says nothing and is not stored. */
  readonly superseded?: vscode.CancellationToken;
  /**
   * The command's own check (its `asked`), which the run's result must pass beside the run's own,
   * and which ends the run at once when a model change fails it: Compare's decoder run ends when
   * the encoder's setting changes while the decoder loads.
   */
  readonly fresh?: Asked;
  /** When the command was asked (AnalysisStore.ask): its analysis never takes the place of one asked after it. */
  readonly turn?: number;
}

/** What a command reports back (integration tests read it; people read the views). */
export type RunOutcome = { readonly ok: true; readonly analysisId: number } | { readonly ok: false; readonly code: string; readonly message: string };

export class AnalysisRunner {
  /** The model kind each failed request asked for (its notification may offer that kind's embedded model). */
  private readonly failedKind = new WeakMap<object, ModelKind>();
  /** The engine notices logged so far (model and line): each once, in the engine's English. */
  private readonly loggedNotices = new Set<string>();
  /** The analyses running, each cancellable from its progress notification. */
  readonly progress = new AnalysisProgress(
    () => this.engine.loadShown,
    (listener) => this.engine.onDidChangeModels(listener),
  );

  constructor(
    private readonly engine: EngineService,
    private readonly store: AnalysisStore,
    private readonly config: () => Config,
    private readonly log: vscode.LogOutputChannel,
    readonly notifier: Notifier,
  ) {}

  /** Analyzes `[start, end)` of `document`; throws EngineError (cancelled included). */
  async run(document: vscode.TextDocument, start: number, end: number, options: RunOptions, context: RunContext = {}): Promise<StoredAnalysis> {
    const text = analyzable(document, start, end);
    const config = this.config();
    const version = document.version;
    const model = modelRef(config, options.kind);
    if (options.reuse && !options.maskChars?.length) {
      const needs = { ablate: options.ablate, lens: options.lens, limit: config.maxTokens };
      const cached = this.store.find(document.uri.toString(), version, start, end, options.kind, model, needs);
      if (cached) return cached;
    }
    const result = await this.analyze(document, text, start, options, config, context);
    const ablated = options.ablate?.length ? ablatedNotice(options.ablate, result) : undefined;
    const notices = [ablated, options.notice, this.windowLine(document, start, result, options.window ?? 'cursor')].filter((n): n is string => Boolean(n));
    for (const line of result.notices.filter((n) => !this.loggedNotices.has(`${result.model.id}\n${n}`))) {
      this.loggedNotices.add(`${result.model.id}\n${line}`);
      this.log.info(`${modelLabel(result.model.id)}: ${line}`);
    }
    const overview = labelled(result, notices);
    const ranges = overview.tokens.map((tok): SourceRange | null => {
      if (tok.start === null || tok.end === null) return null;
      const s = document.positionAt(start + tok.start);
      // An end between a CR and its LF (a whitespace token "\r\n\r") has no position: positionAt
      // moves it back before the CR, dropping the token's last character; the whole line end is
      // taken instead, as a start there already takes it.
      const endAt = start + tok.end;
      const clamped = document.positionAt(endAt);
      const e = document.offsetAt(clamped) === endAt ? clamped : document.positionAt(endAt + 1);
      return { startLine: s.line, startCharacter: s.character, endLine: e.line, endCharacter: e.character };
    });
    const uri = document.uri.toString();
    const about = { uri, name: documentName(document, tabDocuments()), languageId: document.languageId, version };
    const { reuse: _reuse, ...kept } = options;
    const [masked, limit] = [Boolean(options.maskChars?.length), config.maxTokens];
    const where = { uri, version, base: start, span: { start, end }, masked, model, options: kept, origin: context.origin, limit };
    return this.record(where, about, overview, ranges, config, context.turn);
  }

  /** A command was asked: its turn among every command's analyses (AnalysisStore.ask), for `run`'s context. */
  ask(): number {
    return this.store.ask();
  }

  /** Whether `entry` is the latest analysis, which a command shows in the panel (an older turn's is not: latestWins.ts). */
  isLatest(entry: StoredAnalysis): boolean {
    return this.store.last === entry;
  }

  /** `entry`, maybe found in the cache, answers the command asked at `turn`: whether the panel is to show it (AnalysisStore.answer). */
  answer(entry: StoredAnalysis, turn: number): boolean {
    return this.store.answer(entry, turn);
  }

  /**
   * An analysis nobody is shown (Compare's masked run, read for its guess): its overview only, its
   * tensors released at once and never stored, so it never becomes the document's latest analysis,
   * which the panel, hovers and the spotlight follow.
   */
  async probe(document: vscode.TextDocument, start: number, end: number, options: RunOptions, context: RunContext = {}): Promise<AnalysisOverview> {
    const text = analyzable(document, start, end);
    const result = await this.analyze(document, text, start, { ...options, lens: false }, this.config(), context);
    this.engine.release(result.attention.key);
    return result;
  }

  /**
   * The engine's analysis of `text` (document offset `start`); throws when the document changed or
   * closed meanwhile, a newer request superseded it, or the model setting changed (the command's
   * `fresh` check failed).
   */
  private async analyze(
    document: vscode.TextDocument,
    text: RangeText,
    start: number,
    options: RunOptions,
    config: Config,
    { superseded, fresh: command }: RunContext = {},
  ): Promise<AnalysisOverview> {
    const own = this.asked(options.kind, document, superseded);
    const fresh: Asked = () => {
      own();
      command?.();
    };
    const { request, offset } = engineRequest(text, start, options, config);
    // Nobody will look at a dropped result: the engine lets its tensors go.
    const release = (result: AnalysisOverview): void => this.engine.release(result.attention.key);
    const title = t('Attention Lens: analyzing');
    const result = await whileFresh(
      fresh,
      () =>
        this.remember(options.kind, () =>
          this.progress.run(title, (token) => this.engine.analyze(options.kind, request, token), { document, superseded, fresh }, release),
        ),
      release,
    );
    return shifted(result, offset);
  }

  /**
   * Asked once when a command starts: the check its results by `kind`'s model (of `document`, when
   * they describe one) must pass before they are shown or written (freshness.ts), however many runs
   * and searches they took. Every command that runs a model and then shows or writes what it
   * found takes one and passes it to each step (`words`, `fillWords`, `completeWords`); with
   * `superseded` (latestWins.ts), it also throws once a newer request of the command was asked.
   */
  asked(kind: ModelKind, document?: vscode.TextDocument, superseded?: vscode.CancellationToken): Asked {
    const asked = askedOf(() => modelRef(this.config(), kind), document);
    // Superseded, it says nothing whatever else changed meanwhile: the newer request answers.
    return () => {
      if (superseded?.isCancellationRequested) throw supersededError();
      asked();
    };
  }

  /**
   * An engine request of a lesson or a search (`engine.words`) by `kind`'s model, whose result
   * `fresh` (the command's `asked`) must pass; a failure remembers its kind (failed() may offer
   * that kind's embedded model). It takes model runs (seconds on a slow model, a fine-tuning or
   * many files longer): the status bar says so meanwhile (`title`), and, as an analysis does, it
   * offers Cancel once it takes a while (AnalysisProgress).
   */
  words<M extends WordMethod>(
    fresh: Asked,
    method: M,
    kind: ModelKind,
    params: Omit<EngineMethods[M]['params'], 'model'>,
    title = t('Attention Lens: running the model'),
  ): Promise<EngineMethods[M]['result']> {
    return whileFresh(fresh, () => this.remember(kind, () => this.progress.run(title, (token) => this.engine.words(method, kind, params, token), { fresh })));
  }

  /**
   * `entry`'s request again, changed by `change` (heads switched off or none, the lens), on the same
   * document version and range: a cached answer when there is one. Throws when the document changed
   * or the analysis was not of a document (a continuation step).
   */
  async again(entry: StoredAnalysis, change: Partial<RunOptions>, origin?: number, turn?: number): Promise<StoredAnalysis> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === entry.uri);
    if (!entry.span || !entry.options || !document)
      throw new LocalizedError('bad-input', t('this analysis is not of an open document; analyze the text again'));
    if (document.version !== entry.version) throw new LocalizedError('bad-input', t('the document changed since this analysis; analyze it again'));
    return this.run(document, entry.span.start, entry.span.end, { ...entry.options, ...change, reuse: true }, { origin, turn });
  }

  /**
   * Throws unless `entry` (a document's analysis by `kind`'s model) is of the model selected now: a
   * run of another model beside or after it (an ablation's "after", a continuation's steps) would
   * compare two models, or mix them, not two runs of one. (`again` alone runs the selected model:
   * the settling strip wants the lens of the model selected now.)
   */
  sameModel(entry: StoredAnalysis, kind: ModelKind): void {
    if (entry.model !== modelRef(this.config(), kind))
      throw new LocalizedError('bad-input', t('the model setting changed since this analysis; analyze the text again'));
  }

  /**
   * Whole-word fillers for the masks `words` (indices into `options.maskChars`) of the same request
   * `run` makes; `fresh`: the command's `asked`, taken before its analysis.
   */
  async fillWords(
    fresh: Asked,
    document: vscode.TextDocument,
    start: number,
    end: number,
    options: RunOptions,
    words: readonly number[],
  ): Promise<readonly WordFill[]> {
    const { request } = engineRequest(rangeText(document, start, end), start, options, this.config());
    const search = { limit: options.topK ?? this.config().topK };
    return this.words(fresh, 'fillWords', options.kind, { request, words, search }, t('Attention Lens: finding whole words'));
  }

  /** The next words after `[start, end)` (a decoder), each completed to a word boundary; `fresh` as fillWords'. */
  async completeWords(fresh: Asked, document: vscode.TextDocument, start: number, end: number, options: RunOptions): Promise<readonly WordCandidate[]> {
    const { request } = engineRequest(rangeText(document, start, end), start, options, this.config());
    const search = { limit: options.topK ?? this.config().topK };
    return this.words(fresh, 'completeWords', options.kind, { request, search }, t('Attention Lens: finding whole words'));
  }

  /** Runs `work`, remembering which kind a failure belongs to. */
  private async remember<T>(kind: ModelKind, work: () => Thenable<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const e = asEngineError(error);
      this.failedKind.set(e, kind);
      throw e;
    }
  }

  /** The panel's line for a windowed analysis, in lines of the document. */
  private windowLine(document: vscode.TextDocument, start: number, result: AnalysisOverview, mode: WindowMode): string | null {
    const w = result.window;
    if (!w) return null;
    const { firstLine, lastLine } = analyzedLines(document, start + result.analyzed.start, start + result.analyzed.end);
    return windowNotice({ firstLine, lastLine, lines: document.lineCount, tokens: w.tokens, total: w.total, estimated: w.estimated, mode }, t);
  }

  /**
   * Analyzes text that is not (yet) in a document — a continuation preview's steps — and stores it
   * under `uri` (a name of its own, so that it never answers hovers of a real document). Its tokens
   * have no editor ranges. `step.within`: the continuation's token (its one progress); `step.turn`: the command's (AnalysisStore.ask).
   */
  async runText(
    fresh: Asked,
    uri: string,
    name: string,
    text: string,
    options: RunOptions,
    step: { within?: vscode.CancellationToken; turn?: number } = {},
  ): Promise<StoredAnalysis> {
    const { within, turn } = step;
    const config = this.config();
    const request = { text, topK: options.topK ?? config.topK, maxTokens: config.maxTokens, focus: text.length };
    const release = (dropped: AnalysisOverview): void => this.engine.release(dropped.attention.key);
    // As an analysis: a step a model change makes pointless ends at once, and a slow one offers Cancel.
    const analyzing = (token: vscode.CancellationToken) => this.engine.analyze(options.kind, request, token);
    const result = await whileFresh(
      fresh,
      () => this.remember(options.kind, () => this.progress.run(t('Attention Lens: analyzing'), analyzing, { fresh, within }, release)),
      release,
    );
    const overview = labelled(result, options.notice ? [options.notice] : []);
    const document = { uri, name, languageId: 'plaintext', version: 0 };
    return this.record(
      { uri, version: 0, base: 0, model: modelRef(config, options.kind) },
      document,
      overview,
      overview.tokens.map(() => null),
      config,
      turn,
    );
  }

  /** `run`, with failures shown as notifications instead of thrown (a superseded run's cancellation says nothing). */
  async runReported(
    document: vscode.TextDocument,
    start: number,
    end: number,
    options: RunOptions,
    retry: () => void,
    context: RunContext = {},
  ): Promise<RunOutcome> {
    try {
      const entry = await this.run(document, start, end, options, context);
      return { ok: true, analysisId: entry.shown.id };
    } catch (error) {
      return this.failed(error, retry);
    }
  }

  /**
   * A failure as an outcome, shown as one notification (none for a cancellation) with the actions
   * that help: Retry, Use the Embedded Model (when a chosen model could not be had), Select Model,
   * Show Log (failure.ts says which). A result dropped because the text was edited meanwhile is
   * said, with Analyze Again: a person typing during a long analysis (a cold start, a long file)
   * would otherwise see nothing come of the command. `quiet`: not that (the heatmap and the
   * settling strip analyze again by themselves after an edit).
   */
  failed(error: unknown, retry: () => void, quiet = false): RunOutcome & { ok: false } {
    const e = asEngineError(error);
    const kind = this.failedKind.get(e);
    const config = this.config();
    const chosen = kind ? chosenValue(config, kind) : '';
    // A model a setting chose: the message names that setting (failure.ts).
    const message = failureMessage(e, originOf(kind, chosen, config.allowRemoteModels));
    if (e instanceof DroppedResultError && !quiet) inBackground(this.notifier.info(e.notice, { [t('Analyze Again')]: retry }));
    if (e.code === 'cancelled') return { ok: false, code: e.code, message };
    const does: Record<FailureAction, () => void> = {
      retry,
      embedded: () => {
        if (kind) inBackground(useEmbeddedModel(kind).then(retry));
      },
      // The setting's change restarts the engine's models (engineSettingsChanged); then the same request again.
      otherPrecision: () => inBackground(allowOtherPrecision().then(retry)),
      selectModel: () => void vscode.commands.executeCommand(COMMANDS.selectModel),
      showLog: () => this.log.show(),
    };
    const actions: Record<string, () => void> = {};
    for (const action of failureActions(e.code, chosen !== '', e.message)) actions[FAILURE_LABELS[action]()] = does[action];
    // Once the notification closes, the status bar shows the model in use again.
    inBackground(this.notifier.error(message, actions).then(() => this.engine.settle()));
    return { ok: false, code: e.code, message };
  }

  /** Stores an analysis under a new id, opening on the view choice the settings give it. */
  private record(
    where: Omit<StoredAnalysis, 'shown'>,
    document: ShownDocument,
    result: AnalysisOverview,
    ranges: readonly (SourceRange | null)[],
    config: Config,
    turn?: number,
  ): StoredAnalysis {
    const entry: StoredAnalysis = {
      ...where,
      shown: { id: this.store.newId(), document, result, ranges, choice: defaultViewChoice(config, result.attention) },
    };
    this.store.add(entry, turn);
    return entry;
  }
}
