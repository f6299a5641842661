/**
 * The methods and notifications of the engine worker (pure TypeScript, all runtimes): what the
 * host (or any other client) may ask of the worker that runs the models.
 */
import type { AnalysisOverview, AnalysisResult, AnalyzeRequest, AttentionPrecision, LensData, ModelFacts, QkvLayer, WeightsPrecision } from './analysis';
import type { ModelScale, NextSentenceRequest, NextSentenceResult, PositionsResult } from './representations';
import type { SensesRequest, SensesResult, StaticEmbedding, WordOrderRequest, WordOrderResult } from './reprViews';
import type { ViewMethods } from './views';
import type { WordCandidate, WordFill, WordSearch } from './words';
import type { FineTuneRequest, FineTuneResult } from './finetune';

/** transformers.js-style progress events, plus the engine's own `patching` stage. */
export type LoadProgress =
  | { readonly status: 'initiate' | 'download' | 'done'; readonly name: string; readonly file: string }
  | {
      readonly status: 'progress';
      readonly name: string;
      readonly file: string;
      readonly loaded: number;
      readonly total: number;
      readonly progress: number;
      /** Downloads only: which file of how many this is (1-based). */
      readonly fileIndex?: number;
      readonly fileCount?: number;
    }
  | { readonly status: 'ready'; readonly name: string; readonly file?: string }
  | { readonly status: 'patching'; readonly name: string; readonly file: string };

/**
 * How an engine runs (the worker's `configure`, the CLI's and the tests' `new Engine(settings)`):
 * one shape for every client. Absent fields take the defaults named here.
 */
export interface EngineSettings {
  /** Downloaded and patched models; the per-user cache when absent. */
  readonly cacheDir?: string;
  /** Element type of the attention tensors handed out; float16 when absent (half the bytes to copy). */
  readonly precision?: AttentionPrecision;
  /** onnxruntime's intra-op threads; every core when absent. */
  readonly threads?: number;
  readonly device?: 'cpu' | 'cuda';
  /** Whether a hub id not in the cache may be downloaded; false when absent. */
  readonly allowRemote?: boolean;
  /** The hub address (a mirror or a local server); HF_ENDPOINT or the hub itself when absent. */
  readonly remoteHost?: string;
  /** The hub's file path template (transformers.js's `remotePathTemplate`); the hub's own when absent. */
  readonly remotePathTemplate?: string;
  /** Which weights run; fp32 when absent. */
  readonly weights?: WeightsPrecision;
  /** Run another precision's weights when a model lacks these, saying so in the result's notices; false when absent. */
  readonly weightsFallback?: boolean;
  /** How many alternatives the in-graph top-k keeps (requests may ask for fewer); 20 when absent. */
  readonly topK?: number;
  /**
   * Bytes of kept analyses (analyzeKept) the worker holds before dropping the least recently used
   * (the host passes its `cacheMemoryMB`); 1 GiB when absent. Only the worker reads it.
   */
  readonly keepBytes?: number;
}

/**
 * `analyze` returns the full result (tensors transferred; the CLI and tests). `analyzeKept` keeps
 * the tensors in the worker and returns the overview with their key; the view requests
 * (ViewMethods: matrix, thumbnails, links, row) read them, `release` drops them. A key the worker
 * no longer holds fails with 'analysis-gone'.
 */
export interface EngineMethods extends ViewMethods {
  [method: string]: { params: unknown; result: unknown };
  configure: { params: EngineSettings; result: null };
  load: { params: { readonly model: string }; result: ModelFacts };
  analyze: { params: { readonly model: string; readonly request: AnalyzeRequest }; result: AnalysisResult };
  /** Loads the model and counts the tokens the request would analyze (for the memory budget). */
  measure: { params: { readonly model: string; readonly request: AnalyzeRequest }; result: { readonly tokens: number; readonly model: ModelFacts } };
  analyzeKept: { params: { readonly model: string; readonly request: AnalyzeRequest }; result: AnalysisOverview };
  /** Whole-word fillers for the masked ranges `words` (indices into `request.maskChars`) of an encoder (words.ts). */
  fillWords: {
    params: { readonly model: string; readonly request: AnalyzeRequest; readonly words: readonly number[]; readonly search?: WordSearch };
    result: readonly WordFill[];
  };
  /** A decoder's next words after the request's text, each completed to a word boundary (words.ts). */
  completeWords: { params: { readonly model: string; readonly request: AnalyzeRequest; readonly search?: WordSearch }; result: readonly WordCandidate[] };
  /** Unloads a model no longer selected; false when it was not loaded. */
  unload: { params: { readonly model: string }; result: boolean };
  /** The layer lens at some positions of a kept analysis that asked for its hidden states (AnalyzeRequest.hidden); `watch`: texts followed at every layer whatever their rank. */
  lens: {
    params: { readonly key: number; readonly positions: readonly number[]; readonly topK?: number; readonly watch?: readonly string[] };
    result: LensData;
  };
  /** One layer's query, key and value per head of a kept analysis (a run of its inputs the first time). */
  qkv: { params: { readonly key: number; readonly layer: number }; result: QkvLayer };
  /** Next-sentence prediction on a pair (an encoder with a next-sentence head; 'unsupported-architecture' otherwise). */
  nsp: { params: { readonly model: string; readonly request: NextSentenceRequest }; result: NextSentenceResult };
  /** The model's learned position table (similarity, principal plane, the sinusoid beside it) or its rotary frequencies. */
  positions: { params: { readonly model: string; readonly count?: number }; result: PositionsResult };
  /** The model's exact parameter count and its attention's memory at its longest input. */
  scale: { params: { readonly model: string }; result: ModelScale };
  /** Drops a kept analysis; false when it was not kept (any more). */
  release: { params: { readonly key: number }; result: boolean };
  /**
   * A test hook (off in every new worker): while `on`, each request that waits its turn (worker.ts
   * `started`) waits until the hold is turned off or the request is cancelled, so that a test knows
   * a request runs in the worker (to kill it there). Those are the requests that run a model or read
   * a kept analysis: load, analyze, measure, analyzeKept, fillWords, completeWords, nsp, positions,
   * scale, senses, embedding, wordOrder, fineTune, lens, qkv, qkvWindow and the view requests
   * (ViewMethods); configure, release, unload, hold and ping answer at once. A view request of an
   * earlier analysis is held like any other: `held` does not say which requests wait. `on` absent:
   * only asks; `held`: how many wait now.
   */
  hold: { params: { readonly on?: boolean }; result: { readonly held: number } };
  ping: { params: null; result: { readonly pid: number; readonly threadId: number; readonly loadsStarted: number; readonly modelsLoaded: number } };
  /** Every whole-word occurrence of a word: vectors per layer, cosine matrix, principal plane, clusters (reprViews.ts). */
  senses: { params: { readonly model: string; readonly request: SensesRequest }; result: SensesResult };
  /** A token's input-embedding row and its nearest vocabulary neighbours. */
  embedding: { params: { readonly model: string; readonly token: string | number }; result: StaticEmbedding };
  /** The word-order experiment on a text (reprViews.ts). */
  wordOrder: { params: { readonly model: string; readonly request: WordOrderRequest }; result: WordOrderResult };
  /** Trains a classification head on the model's features of labelled lines; cross-validated figures and predictions (repr/finetune.ts). */
  fineTune: { params: { readonly model: string; readonly request: FineTuneRequest }; result: FineTuneResult };
}

export interface EngineNotifications {
  [method: string]: unknown;
  progress: LoadProgress;
}
