/**
 * The engine facade (engine runtime: the worker thread and the CLI). Caches one load promise per
 * (model, variant) so concurrent first calls load once, and a failed load is forgotten so the next
 * call retries. Settings come from the caller; nothing here reads VS Code configuration.
 *
 *   const engine = new Engine({ cacheDir });
 *   const result = await engine.analyze('models/tiny-code-bert', { text: 'const x = [MASK];' });
 */
import os from 'node:os';
import type { AnalysisResult, AnalyzeRequest, AttentionPrecision } from '../protocol/analysis';
import type { WordCandidate, WordFill, WordSearch } from '../protocol/words';
import { analyze, measure } from './analyze';
import { completeWords } from './words/completeWords';
import { fillWords } from './words/fillWords';
import { loadModel, type LoadedModel } from './model';
import { defaultCacheDir } from './paths';
import type { ModelDtype, ProgressEvent } from './modelSource';

export interface EngineOptions {
  readonly cacheDir?: string;
  readonly precision?: AttentionPrecision;
  readonly threads?: number;
  readonly device?: 'cpu' | 'cuda';
  readonly allowRemote?: boolean;
  readonly remoteHost?: string;
  readonly remotePathTemplate?: string;
  /** Which weights of a model to load (fp32 by default). */
  readonly dtype?: ModelDtype;
  /** Load another precision's weights when a model lacks `dtype`'s, saying so in the result (off by default). */
  readonly weightsFallback?: boolean;
  /** How many alternatives the in-graph top-k keeps (requests may ask for fewer). */
  readonly topK?: number;
}

export { defaultCacheDir } from './paths';

export class Engine {
  private readonly models = new Map<string, Promise<LoadedModel>>();
  /** How many loads actually started (concurrent callers of one model share one). */
  loadsStarted = 0;
  private readonly options: Required<Omit<EngineOptions, 'remoteHost' | 'remotePathTemplate'>> & Pick<EngineOptions, 'remoteHost' | 'remotePathTemplate'>;

  constructor(options: EngineOptions = {}) {
    this.options = {
      cacheDir: options.cacheDir ?? defaultCacheDir(),
      precision: options.precision ?? 'float16',
      threads: options.threads ?? os.availableParallelism(),
      device: options.device ?? 'cpu',
      allowRemote: options.allowRemote ?? false,
      topK: options.topK ?? 20,
      dtype: options.dtype ?? 'fp32',
      weightsFallback: options.weightsFallback ?? false,
      remoteHost: options.remoteHost || process.env.HF_ENDPOINT || undefined,
      remotePathTemplate: options.remotePathTemplate,
    };
  }

  load(ref: string, variant: { scores?: boolean } = {}, onProgress?: (event: ProgressEvent) => void, signal?: AbortSignal): Promise<LoadedModel> {
    const key = `${ref}\u0000${variant.scores ? 'scores' : ''}`;
    let pending = this.models.get(key);
    if (!pending) {
      this.loadsStarted++;
      pending = loadModel(ref, { ...this.options, scores: variant.scores ?? false, onProgress, signal });
      this.models.set(key, pending);
      pending.catch(() => this.models.delete(key));
    }
    return pending;
  }

  async analyze(ref: string, request: AnalyzeRequest, onProgress?: (event: ProgressEvent) => void, signal?: AbortSignal): Promise<AnalysisResult> {
    const model = await this.load(ref, { scores: request.scores }, onProgress, signal);
    return analyze(model, request);
  }

  /** Loads the model and counts the tokens `request` would analyze, without running it. */
  async measure(
    ref: string,
    request: AnalyzeRequest,
    onProgress?: (event: ProgressEvent) => void,
    signal?: AbortSignal,
  ): Promise<{ tokens: number; model: LoadedModel['facts'] }> {
    const model = await this.load(ref, { scores: request.scores }, onProgress, signal);
    return { tokens: measure(model, request), model: model.facts };
  }

  /** Whole-word fillers for the masked ranges `words` of `request` (an encoder; words/fillWords.ts). */
  async fillWords(ref: string, request: AnalyzeRequest, words: readonly number[], search?: WordSearch, signal?: AbortSignal): Promise<WordFill[]> {
    const model = await this.load(ref, { scores: request.scores }, undefined, signal);
    return fillWords(model, request, words, search);
  }

  /** The next words after `request`'s text, to a word boundary (a decoder; words/completeWords.ts). */
  async completeWords(ref: string, request: AnalyzeRequest, search?: WordSearch, signal?: AbortSignal): Promise<WordCandidate[]> {
    const model = await this.load(ref, { scores: request.scores }, undefined, signal);
    return completeWords(model, request, search);
  }

  async dispose(): Promise<void> {
    const loaded = await Promise.allSettled(this.models.values());
    this.models.clear();
    for (const entry of loaded) if (entry.status === 'fulfilled') await entry.value.dispose();
  }
}
