/**
 * The engine facade (engine runtime: the worker thread and the CLI). Caches one load promise per
 * model so concurrent first calls load once, and a failed load is forgotten so the next
 * call retries. Settings come from the caller; nothing here reads VS Code configuration.
 *
 *   const engine = new Engine({ cacheDir }); // EngineSettings (protocol/engineApi.ts); the worker's keepBytes is not read here
 *   const result = await engine.analyze('./models/tiny-bert-es-en', { text: 'const x = [MASK];' });
 */
import os from 'node:os';
import { MAX_CANDIDATES, type AnalysisResult, type AnalyzeRequest } from '../protocol/analysis';
import type { EngineSettings, LoadProgress } from '../protocol/engineApi';
import type { WordCandidate, WordFill, WordSearch } from '../protocol/words';
import type { ModelScale, NextSentenceRequest, NextSentenceResult, PositionsResult } from '../protocol/representations';
import { analyze, analyzeForViews, measure, type ScoresSource } from './analyze';
import type { ProbeSource } from './probes';
import { completeWords } from './words/completeWords';
import { fillWords } from './words/fillWords';
import { EngineError } from './errors';
import { loadModel, type LoadedModel, type LoadOptions } from './model';
import { defaultCacheDir } from './paths';
import { nextSentence } from './repr/nsp';
import { positions } from './repr/positions';
import { modelScale } from './repr/scale';

export { defaultCacheDir } from './paths';

/**
 * One model's load and the callers waiting on it (`waiting`: those that have not aborted), with the
 * progress callbacks of those that gave one: each hears the load from when it joined until it aborts.
 */
interface SharedLoad {
  readonly loaded: Promise<LoadedModel>;
  readonly abort: AbortController;
  waiting: number;
  readonly listeners: Set<(event: LoadProgress) => void>;
  /** Loaded or failed: no more progress, and a callback joining now would be held for nothing. */
  settled: boolean;
}

function loadCancelled(ref: string): EngineError {
  return new EngineError('cancelled', `loading ${ref} cancelled`);
}

export class Engine {
  private readonly models = new Map<string, SharedLoad>();
  /** How many loads actually started (concurrent callers of one model share one). */
  loadsStarted = 0;
  private readonly options: Omit<LoadOptions, 'onProgress' | 'signal'>;

  constructor(settings: EngineSettings = {}) {
    this.options = {
      cacheDir: settings.cacheDir ?? defaultCacheDir(),
      precision: settings.precision ?? 'float16',
      threads: settings.threads ?? os.availableParallelism(),
      device: settings.device ?? 'cpu',
      allowRemote: settings.allowRemote ?? false,
      topK: settings.topK ?? MAX_CANDIDATES,
      weights: settings.weights ?? 'fp32',
      weightsFallback: settings.weightsFallback ?? false,
      remoteHost: settings.remoteHost || process.env.HF_ENDPOINT || undefined,
      remotePathTemplate: settings.remotePathTemplate,
    };
  }

  /**
   * Loads a model once: its graph exposes the attention and, where the model has them, the scores
   * before softmax; each run fetches only the outputs it needs (onnxruntime still runs every node;
   * what is costly sits behind the patch's gates: scores per layer, the prediction heads). Each
   * caller waits with its own `signal`: its abort rejects that caller at once, and the load itself
   * stops only once every caller waiting on it has aborted (a caller without a signal never does).
   * Every caller's `onProgress` hears the shared load, not only the first's: a caller that re-arms a
   * deadline on progress (workerClient.ts) would otherwise time out on a long download that another
   * caller, one with no callback (the CLI, a test), happened to start. The worker passes its own to
   * every method that loads, and posts each event once (worker.ts `progress`).
   */
  load(ref: string, onProgress?: (event: LoadProgress) => void, signal?: AbortSignal): Promise<LoadedModel> {
    if (signal?.aborted) return Promise.reject(loadCancelled(ref));
    let shared = this.models.get(ref);
    if (!shared) {
      this.loadsStarted++;
      const abort = new AbortController();
      const listeners = new Set<(event: LoadProgress) => void>();
      const fanOut = (event: LoadProgress): void => [...listeners].forEach((listener) => listener(event));
      const started = loadModel(ref, { ...this.options, onProgress: fanOut, signal: abort.signal });
      const entry: SharedLoad = { loaded: started, abort, waiting: 0, listeners, settled: false };
      shared = entry;
      this.models.set(ref, entry);
      // Only its own entry: one unloaded while it loads may fail after the model was asked for again.
      started.catch(() => this.models.get(ref) === entry && this.models.delete(ref));
      // Settled: no more progress, and no caller's callback is held.
      const settled = (): void => {
        entry.settled = true;
        listeners.clear();
      };
      started.then(settled, settled);
    }
    return this.wait(shared, ref, signal, onProgress);
  }

  /**
   * One caller's wait on a shared load. Its abort rejects it at once while others still wait; the
   * last one stops the load and the engine forgets it (a later call loads afresh), and that caller
   * hears of it once the load has stopped, so nothing of it is held by then.
   */
  private wait(
    shared: SharedLoad,
    ref: string,
    signal: AbortSignal | undefined,
    onProgress: ((event: LoadProgress) => void) | undefined,
  ): Promise<LoadedModel> {
    shared.waiting++;
    // Its own wrapper: two callers passing the same function each hear every event, and each leaves alone.
    const listener = onProgress && ((event: LoadProgress): void => onProgress(event));
    if (listener && !shared.settled) shared.listeners.add(listener);
    if (!signal) return shared.loaded;
    return new Promise((resolve, reject) => {
      let left = false;
      const aborted = (): void => {
        left = true;
        if (listener) shared.listeners.delete(listener);
        if (--shared.waiting > 0) return reject(loadCancelled(ref));
        shared.abort.abort();
        // Still held here (not unloaded meanwhile, which then gives its memory back itself): forgotten, so that
        // a later call loads afresh, and a load past its last step when aborted, loaded for nobody, is let go.
        // This caller gets the load's own error (which says where it stopped), as a caller alone always did.
        const held = this.models.get(ref) === shared;
        if (held) this.models.delete(ref);
        shared.loaded
          .then(
            async (model) => {
              if (held) await model.dispose().catch(() => undefined);
              return loadCancelled(ref);
            },
            (error: unknown) => error,
          )
          .then(reject, reject);
      };
      signal.addEventListener('abort', aborted, { once: true });
      shared.loaded.then(
        (model) => left || (signal.removeEventListener('abort', aborted), resolve(model)),
        (error: unknown) => left || (signal.removeEventListener('abort', aborted), reject(error)),
      );
    });
  }

  async analyze(ref: string, request: AnalyzeRequest, onProgress?: (event: LoadProgress) => void, signal?: AbortSignal): Promise<AnalysisResult> {
    return analyze(await this.load(ref, onProgress, signal), request);
  }

  /** `analyze`, plus the scores the request did not fetch, computed when a view first asks (analyze.ts). */
  async analyzeForViews(
    ref: string,
    request: AnalyzeRequest,
    onProgress?: (event: LoadProgress) => void,
    signal?: AbortSignal,
  ): Promise<{ result: AnalysisResult; scores: ScoresSource | null; probes: ProbeSource }> {
    return analyzeForViews(await this.load(ref, onProgress, signal), request);
  }

  /** Loads the model and counts the tokens `request` would analyze, without running it. */
  async measure(
    ref: string,
    request: AnalyzeRequest,
    onProgress?: (event: LoadProgress) => void,
    signal?: AbortSignal,
  ): Promise<{ tokens: number; model: LoadedModel['facts'] }> {
    const model = await this.load(ref, onProgress, signal);
    return { tokens: measure(model, request), model: model.facts };
  }

  /** Whole-word fillers for the masked ranges `words` of `request` (an encoder; words/fillWords.ts). */
  async fillWords(
    ref: string,
    request: AnalyzeRequest,
    words: readonly number[],
    search?: WordSearch,
    onProgress?: (event: LoadProgress) => void,
    signal?: AbortSignal,
  ): Promise<WordFill[]> {
    const model = await this.load(ref, onProgress, signal);
    return fillWords(model, request, words, search, signal);
  }

  /** The next words after `request`'s text, to a word boundary (a decoder; words/completeWords.ts). */
  async completeWords(
    ref: string,
    request: AnalyzeRequest,
    search?: WordSearch,
    onProgress?: (event: LoadProgress) => void,
    signal?: AbortSignal,
  ): Promise<WordCandidate[]> {
    const model = await this.load(ref, onProgress, signal);
    return completeWords(model, request, search, signal);
  }

  /** Lets a model go (it is no longer selected); false when it was not loaded. Its kept analyses can no longer compute scores. */
  async unload(ref: string): Promise<boolean> {
    const pending = this.models.get(ref);
    if (!pending) return false;
    this.models.delete(ref);
    const loaded = await pending.loaded.catch(() => null);
    await loaded?.dispose();
    return loaded !== null;
  }

  /** How many models are loaded or loading. */
  get modelsLoaded(): number {
    return this.models.size;
  }

  /** P(IsNext) of `[CLS] A [SEP] B [SEP]` and its cross-sentence attention (an encoder with a next-sentence head; repr/nsp.ts). */
  async nextSentence(ref: string, request: NextSentenceRequest, onProgress?: (event: LoadProgress) => void, signal?: AbortSignal): Promise<NextSentenceResult> {
    return (await nextSentence(await this.load(ref, onProgress, signal), request)).result;
  }

  /** The model's position encoding: its learned table's similarity and principal plane, or its rotary frequencies (repr/positions.ts). */
  async positions(
    ref: string,
    request: { readonly count?: number } = {},
    onProgress?: (event: LoadProgress) => void,
    signal?: AbortSignal,
  ): Promise<PositionsResult> {
    return positions(await this.load(ref, onProgress, signal), request);
  }

  /** The model's exact parameter count and the memory of its attention at its longest input (repr/scale.ts). */
  async scale(ref: string, onProgress?: (event: LoadProgress) => void, signal?: AbortSignal): Promise<ModelScale> {
    return modelScale(await this.load(ref, onProgress, signal));
  }

  async dispose(): Promise<void> {
    const loaded = await Promise.allSettled([...this.models.values()].map((shared) => shared.loaded));
    this.models.clear();
    for (const entry of loaded) if (entry.status === 'fulfilled') await entry.value.dispose();
  }
}
