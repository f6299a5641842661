/**
 * The host's side of the engine (extension host): owns the worker client (the engine's own
 * process, started on first use, never at activation; each request has the `requestTimeoutSeconds`
 * deadline), turns settings into engine settings, shows model loading in `window.withProgress`
 * with a cancel button, and keeps the model status that the status bar and
 * the webviews display. Nothing here formats analyses; callers do.
 *
 * Analyses keep their tensors in the worker (`analyzeKept`): the host holds overviews, asks the
 * worker for views of them (`view`, for hovers and the webviews) and releases them when it drops
 * them. After a worker restart every key is gone ('analysis-gone': analyze again).
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisOverview, AnalyzeRequest, ModelFacts, ModelKind } from '../../protocol/analysis';
import type { EngineMethods, LoadProgress } from '../../protocol/engineApi';
import type { ViewMethod, ViewMethods } from '../../protocol/views';
import type { ModelStatus } from '../../protocol/webviewApi';
import { type EngineError, asEngineError } from '../../engine/errors';
import { modelLabel, modelRef, refuseRelative } from './selectedModel';
import { loadingTitle } from './modelNames';
import { EngineClient } from '../../engine/workerClient';
import { failureMessage, LocalizedError, originOf, withOrigin, type ModelOrigin } from '../analyses/failure';
import { chosenValue } from './modelPicker';
import { engineSettingsChanged, type Config } from '../config';
import { neutralise } from '../../protocol/neutralise';
import { t } from '../l10n';
import { describeProgress } from './loadLine';
import { withinBudget } from './budgetCheck';
import { cacheFolder, engineSettings, hubEnvironmentProblem, refusedSettingsMessage } from './engineSettings';
import { inBackground } from '../background';
import { ERROR_SHOWN_MS, loadedFor, nextLoads, selectedRefs } from './engineStatus';

const KINDS: readonly ModelKind[] = ['encoder', 'decoder'];
/** Requests that name a model and run on it once it is loaded (the BERT lessons' too: bert/bertCommands.ts). */
export type WordMethod = 'fillWords' | 'completeWords' | 'senses' | 'wordOrder' | 'nsp' | 'fineTune' | 'positions' | 'scale';

export interface EngineServiceOptions {
  /** The folder holding worker.cjs (the extension's dist/). */
  readonly distDir: string;
  /** Where downloaded and patched models are kept (the extension's global storage). */
  readonly cacheDir: string;
  readonly log: vscode.LogOutputChannel;
  /** Shows a person a warning (the Notifier's). */
  readonly warn: (message: string) => void;
}

export class EngineService implements vscode.Disposable {
  private client: EngineClient | null = null;
  private readonly loaded = new Set<string>();
  /** What each loaded model said of itself (the budget check's upper bound needs it). */
  private readonly facts = new Map<string, ModelFacts>();
  /** Each loaded model's last analysis, as the status says it ("4 layers × 4 heads · fp32 · 36 tokens in 10 ms"), in the language of the moment. */
  private readonly lastRun = new Map<string, () => string>();
  private progress: ((event: LoadProgress) => void) | null = null;
  private shownLoad: Thenable<void> | null = null;
  /** Each model's load in flight (a second request waits on it: one notification, one Cancel), and how many were shown (tests). */
  private readonly loading = new Map<string, Thenable<void>>();
  /** What aborts each of those loads (a model no longer selected stops loading). */
  private readonly loadAborts = new Map<string, AbortController>();
  loadsShown = 0;
  private current: ModelStatus;
  private readonly statusChanged = new vscode.EventEmitter<ModelStatus>();
  readonly onDidChangeStatus = this.statusChanged.event;
  private readonly modelsChanged = new vscode.EventEmitter<void>();
  /**
   * Fires once a kind names another model: new settings, or a relative model folder read anew once the
   * workspace is trusted or its folders change (what waits on the previous one ends: AnalysisProgress).
   */
  readonly onDidChangeModels = this.modelsChanged.event;
  private config: Config;
  /** The models of the last look: a relative folder read under the trust and folders of then, not of now. */
  private refs: Readonly<Record<ModelKind, string>>;
  /** Other workspace folders read a relative model folder elsewhere (or not at all): as new settings would. */
  private readonly folders = vscode.workspace.onDidChangeWorkspaceFolders(() => inBackground(this.updateConfig(this.config)));

  constructor(private readonly options: EngineServiceOptions, config: Config) {
    this.config = config;
    this.refs = selectedRefs(config);
    const ref = modelRef(config, config.analyzeWith);
    this.current = { model: modelLabel(ref), kind: config.analyzeWith, state: 'idle', detail: nextLoads(config.analyzeWith), progress: null, loaded: [] };
  }

  /** Where downloaded and patched models are kept under the current settings. */
  get cacheDir(): string {
    return cacheFolder(this.config, this.options.cacheDir);
  }

  get status(): ModelStatus {
    return this.current;
  }

  /** Whether an engine process exists (it must not before the first analysis). */
  get workerRunning(): boolean {
    return this.client?.running ?? false;
  }

  get workerStarts(): number {
    return this.client?.workerStarts ?? 0;
  }

  /**
   * New settings: engine-level ones restart the engine's models; the cache budget goes to the worker
   * (which keeps its models); the rest apply per request. The same settings again after a change of
   * the workspace's folders or trust: a model a relative folder no longer names is let go.
   */
  async updateConfig(config: Config): Promise<void> {
    const old = this.config;
    const before = this.refs;
    this.config = config;
    this.refs = selectedRefs(config);
    const moved = KINDS.filter((kind) => before[kind] !== this.refs[kind]);
    // A model no longer selected gives its memory back (a new engine, below, drops them all anyway).
    if (!engineSettingsChanged(old, config)) for (const kind of moved) this.unload(before[kind]);
    if (engineSettingsChanged(old, config)) {
      // A new engine (below): it holds no model.
      this.loaded.clear();
      this.facts.clear();
      this.lastRun.clear();
      this.rest();
    } else if (old.analyzeWith !== config.analyzeWith || before[old.analyzeWith] !== this.refs[config.analyzeWith]) {
      // Another model for the next analysis: the engine still holds the ones it loaded (those no longer selected went above).
      this.rest();
    } else if (moved.length > 0) this.relocalize(); // a model dropped above is said no longer loaded
    if (this.client) this.client.timeoutMs = config.requestTimeoutSeconds * 1000;
    if (moved.length > 0) {
      // Nobody will see what a model no longer selected finds: its load (a download of a minute) stops, with its notification.
      for (const [ref, load] of this.loadAborts) if (!this.selected(ref)) load.abort();
      this.modelsChanged.fire();
    }
    if (engineSettingsChanged(old, config) || old.cacheMemoryMB !== config.cacheMemoryMB)
      try {
        if (this.client) this.checkHubEnvironment(config);
        await this.client?.configure(engineSettings(config, this.options.cacheDir));
      } catch (error) {
        this.refused(asEngineError(error), false);
      }
  }

  private selected(ref: string): boolean {
    return KINDS.some((kind) => this.refs[kind] === ref);
  }

  /** Lets a model no longer selected go: its memory in the engine, what is said of it here. */
  private unload(ref: string): void {
    this.loaded.delete(ref);
    this.facts.delete(ref);
    this.lastRun.delete(ref);
    if (!this.client?.running) return;
    this.client.request('unload', { model: ref }).catch((error: unknown) => this.options.log.debug(`unload ${ref}: ${asEngineError(error).message}`));
  }

  private hubProblemSaid: string | null = null;
  /** Says an HF_ENDPOINT that downloads cannot use as the engine reads it, once (not when a download fails). */
  private checkHubEnvironment(config: Config): void {
    const problem = hubEnvironmentProblem(config, process.env.HF_ENDPOINT);
    if (problem && problem !== this.hubProblemSaid) this.options.warn(problem);
    this.hubProblemSaid = problem;
  }

  /** Settings the engine refused, as it started or later: one warning that names them, and the log's line. */
  private refused(error: EngineError, starting: boolean): void {
    // An engine that stopped or was shut down meanwhile says so itself (onCrash, dispose).
    if (error.code === 'cancelled' || error.code === 'worker-crashed') return;
    this.options.log.error(`configure: ${error.code}: ${error.message}`);
    this.options.warn(refusedSettingsMessage(error, starting));
  }

  /**
   * Analyzes with the model of `kind`. The first use of a model shows a cancellable progress
   * notification while it loads (download, patch, session); `token` cancels the analysis itself.
   */
  async analyze(kind: ModelKind, request: AnalyzeRequest, token?: vscode.CancellationToken): Promise<AnalysisOverview> {
    const ref = modelRef(this.config, kind);
    const label = modelLabel(ref);
    const origin = this.originNow(kind);
    const client = this.ensureClient();
    try {
      refuseRelative(ref);
      if (!this.loaded.has(ref)) await this.load(client, ref, label, kind);
      loadedFor(token);
      request = await withinBudget(client, ref, request, this.facts.get(ref), this.config.memoryBudgetMB);
      this.setStatus({ model: label, kind: this.kindOf(ref, kind), state: 'loading', detail: t('analyzing…'), progress: null });
      const controller = new AbortController();
      const sub = token?.onCancellationRequested(() => controller.abort());
      try {
        const started = Date.now();
        const result = await client.request('analyzeKept', { model: ref, request }, { signal: controller.signal });
        const m = result.model;
        const ms = Date.now() - started;
        this.lastRun.set(ref, () => t('{0} layers × {1} heads · {2} · {3} tokens in {4} ms', m.layers, m.heads, m.weights ?? 'fp32', result.tokens.length, ms));
        this.rest();
        return result;
      } finally {
        sub?.dispose();
      }
    } catch (error) {
      throw this.failedWith(error, ref, label, kind, origin);
    }
  }

  /**
   * Whole-word predictions (words.ts), next sentence and positions with the model of `kind`, loading it
   * first when needed; `token` cancels the request (a whole-word search stops before its next model run).
   */
  async words<M extends WordMethod>(
    method: M,
    kind: ModelKind,
    params: Omit<EngineMethods[M]['params'], 'model'>,
    token?: vscode.CancellationToken,
  ): Promise<EngineMethods[M]['result']> {
    const ref = modelRef(this.config, kind);
    const label = modelLabel(ref);
    const origin = this.originNow(kind);
    const client = this.ensureClient();
    try {
      refuseRelative(ref);
      if (!this.loaded.has(ref)) {
        await this.load(client, ref, label, kind);
        // The loading line goes once the model is there (no analysis follows to replace it).
        this.rest();
      }
      loadedFor(token);
      const controller = new AbortController();
      const sub = token?.onCancellationRequested(() => controller.abort());
      try {
        return await client.request(method, { ...params, model: ref } as EngineMethods[M]['params'], { signal: controller.signal });
      } finally {
        sub?.dispose();
      }
    } catch (error) {
      throw this.failedWith(error, ref, label, kind, origin);
    }
  }

  /**
   * After a failure the status bar turns red for a while (or until its notification closes:
   * `settle`), then returns to the model in use, so that an old failure does not stay on screen.
   */
  settle(): void {
    if (this.current.state === 'error') this.rest();
  }

  /** Another UI language: the status between runs is said again in it (a load, an analysis or an error says itself). */
  relocalize(): void {
    if (this.current.state === 'idle' || this.current.state === 'ready') this.rest();
  }

  /**
   * The status between runs: the model the next analysis uses (`analyzeWith`'s), whichever model
   * ran last — a comparison, a Mask Word or a BERT lesson runs the other kind, and the status bar
   * must not go on naming it — with its own last analysis when it has one.
   */
  private rest(): void {
    const kind = this.config.analyzeWith;
    const ref = modelRef(this.config, kind);
    const loaded = this.loaded.has(ref);
    const detail = loaded ? (this.lastRun.get(ref)?.() ?? t('ready')) : nextLoads(kind);
    this.setStatus({ model: modelLabel(ref), kind: this.kindOf(ref, kind), state: loaded ? 'ready' : 'idle', detail, progress: null });
  }

  /** A loaded model's kind as it says of itself (a decoder in encoderModel is a decoder), else the kind of the setting that names it. */
  private kindOf(ref: string, kind: ModelKind): ModelKind {
    return this.facts.get(ref)?.kind ?? kind;
  }

  /** Which setting chose the model of `kind` now, as a request beginning now says when it fails (failure.ts withOrigin). */
  private originNow(kind: ModelKind): ModelOrigin | undefined {
    return originOf(kind, chosenValue(this.config, kind), this.config.allowRemoteModels);
  }

  private failedWith(error: unknown, ref: string, label: string, kind: ModelKind, origin: ModelOrigin | undefined): EngineError {
    const e = withOrigin(asEngineError(error), origin);
    if (e.code === 'cancelled') {
      // A model no longer selected (its load stopped as the setting changed) is not the status's any more.
      if (kind === this.config.analyzeWith && ref === modelRef(this.config, kind))
        this.setStatus({ model: label, kind, state: this.loaded.has(ref) ? 'ready' : 'idle', detail: t('cancelled'), progress: null });
      else this.rest();
    }
    else {
      const failed: ModelStatus = { model: label, kind: this.kindOf(ref, kind), state: 'error', detail: failureMessage(e, origin), progress: null };
      this.setStatus(failed);
      setTimeout(() => this.current === failed && this.settle(), ERROR_SHOWN_MS).unref?.();
    }
    this.options.log.error(`${label}: ${e.code}: ${e.message}`);
    return e;
  }

  /** A view of a kept analysis, served by the worker ('analysis-gone' when it no longer holds it). */
  async view<K extends ViewMethod>(method: K, params: ViewMethods[K]['params'], signal?: AbortSignal): Promise<ViewMethods[K]['result']> {
    if (!this.client?.running) throw new LocalizedError('analysis-gone', t('this analysis is no longer in memory; analyze again'));
    return this.client.request(method, params, { signal });
  }

  /** Lets the worker drop a kept analysis (nothing to do when the worker is gone). */
  release(key: number): void {
    if (!this.client?.running) return;
    this.client.request('release', { key }).catch((error: unknown) => this.options.log.debug(`release ${key}: ${asEngineError(error).message}`));
  }

  /**
   * The worker's test hook (EngineMethods.hold): while on, its requests wait at their start; how many
   * wait now. Turning it on starts the worker if none runs; a new worker holds nothing.
   */
  async holdRequests(on?: boolean): Promise<number> {
    if (on !== true && !this.client?.running) return 0;
    return (await this.ensureClient().request('hold', { on })).held;
  }

  /** Stops the worker now (requests in flight fail with `worker-crashed`); the next request starts another. */
  async killWorker(): Promise<void> {
    await this.client?.kill();
  }

  dispose(): void {
    inBackground(this.client?.dispose());
    this.client = null;
    this.folders.dispose();
    this.statusChanged.dispose();
    this.modelsChanged.dispose();
  }

  private ensureClient(): EngineClient {
    if (this.client) return this.client;
    this.checkHubEnvironment(this.config);
    this.client = new EngineClient({
      workerPath: path.join(this.options.distDir, 'worker.cjs'),
      settings: engineSettings(this.config, this.options.cacheDir),
      timeoutMs: this.config.requestTimeoutSeconds * 1000,
      onProgress: (event) => this.progress?.(event),
      onSettingsRefused: (error) => this.refused(error, true),
      onCrash: (message) => {
        this.loaded.clear();
        this.facts.clear();
        this.lastRun.clear();
        this.options.log.warn(message);
        // A request in flight reports its own error; an idle crash only resets the state.
        if (this.current.state !== 'loading') this.setStatus({ ...this.current, state: 'idle', detail: t('the engine stopped; it restarts on the next analysis'), progress: null });
      },
    });
    return this.client;
  }

  /** The load whose notification (with its Cancel) shows now, if any (AnalysisProgress waits for it). */
  get loadShown(): Thenable<void> | null {
    return this.shownLoad;
  }

  private load(client: EngineClient, ref: string, label: string, kind: ModelKind): Thenable<void> {
    const running = this.loading.get(ref);
    if (running) return running;
    this.loadsShown++;
    this.setStatus({ model: label, kind, state: 'loading', detail: t('loading…'), progress: 0 });
    // Aborted by the notification's Cancel, or by settings that no longer select the model (updateConfig).
    const controller = new AbortController();
    this.loadAborts.set(ref, controller);
    const shown = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: loadingTitle(label), cancellable: true },
      async (report, token) => {
        const sub = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        this.progress = (event) => {
          const line = neutralise(describeProgress(event));
          const fraction = event.status === 'progress' ? event.progress / 100 : null;
          const increment = fraction !== null ? Math.max(0, fraction * 100 - reported) : undefined;
          if (fraction !== null) reported = Math.max(reported, fraction * 100);
          report.report({ message: line, increment });
          this.setStatus({ model: label, kind, state: 'loading', detail: line, progress: fraction });
        };
        try {
          this.facts.set(ref, await client.request('load', { model: ref }, { signal: controller.signal }));
          this.loaded.add(ref);
        } finally {
          this.progress = null;
          sub.dispose();
        }
      },
    );
    this.shownLoad = shown;
    this.loading.set(ref, shown);
    const over = (): void => {
      if (this.shownLoad === shown) this.shownLoad = null;
      if (this.loading.get(ref) === shown) this.loading.delete(ref);
      if (this.loadAborts.get(ref) === controller) this.loadAborts.delete(ref);
      // Deselected as it ended: updateConfig's unload may have reached the engine before the load did.
      if (controller.signal.aborted && !this.selected(ref)) this.unload(ref);
    };
    shown.then(over, over);
    return shown;
  }

  private setStatus(status: ModelStatus): void {
    status = { ...status, loaded: [...this.loaded].map(modelLabel) };
    this.current = status;
    this.statusChanged.fire(status);
  }
}
