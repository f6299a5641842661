/**
 * The methods and notifications of the engine worker (pure TypeScript, all runtimes): what the
 * host (or any other client) may ask of the worker that runs the models.
 */
import type { AnalysisOverview, AnalysisResult, AnalyzeRequest, ModelFacts } from './analysis';
import type { ViewMethods } from './views';
import type { WordCandidate, WordFill, WordSearch } from './words';

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

export interface EngineSettings {
  readonly cacheDir?: string;
  readonly precision?: 'float32' | 'float16';
  readonly threads?: number;
  readonly device?: 'cpu' | 'cuda';
  readonly allowRemote?: boolean;
  /** The hub address (a mirror or a local server); HF_ENDPOINT or the hub itself when absent. */
  readonly remoteHost?: string;
  /** Which weights: fp32 onnx/model.onnx, fp16 onnx/model_fp16.onnx, q8 onnx/model_quantized.onnx. */
  readonly dtype?: 'fp32' | 'fp16' | 'q8';
  /** Bytes of kept analyses (analyzeKept) the worker holds before dropping the least recently used; 1 GiB when absent. */
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
  load: { params: { readonly model: string; readonly scores?: boolean }; result: ModelFacts };
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
  /** Drops a kept analysis; false when it was not kept (any more). */
  release: { params: { readonly key: number }; result: boolean };
  ping: { params: null; result: { readonly pid: number; readonly threadId: number; readonly loadsStarted: number } };
}

export interface EngineNotifications {
  [method: string]: unknown;
  progress: LoadProgress;
}
