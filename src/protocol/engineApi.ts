/**
 * The methods and notifications of the engine worker (pure TypeScript, all runtimes): what the
 * host (or any other client) may ask of the worker that runs the models.
 */
import type { AnalysisOverview, AnalysisResult, AnalyzeRequest, ModelFacts } from './analysis';
import type { ViewMethods } from './views';

/** transformers.js-style progress events, plus the engine's own `patching` stage. */
export type LoadProgress =
  | { readonly status: 'initiate' | 'download' | 'done'; readonly name: string; readonly file: string }
  | { readonly status: 'progress'; readonly name: string; readonly file: string; readonly loaded: number; readonly total: number; readonly progress: number }
  | { readonly status: 'ready'; readonly name: string; readonly file?: string }
  | { readonly status: 'patching'; readonly name: string; readonly file: string };

export interface EngineSettings {
  readonly cacheDir?: string;
  readonly precision?: 'float32' | 'float16';
  readonly threads?: number;
  readonly device?: 'cpu' | 'cuda';
  readonly allowRemote?: boolean;
  readonly remoteHost?: string;
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
  analyzeKept: { params: { readonly model: string; readonly request: AnalyzeRequest }; result: AnalysisOverview };
  /** Drops a kept analysis; false when it was not kept (any more). */
  release: { params: { readonly key: number }; result: boolean };
  ping: { params: null; result: { readonly pid: number; readonly threadId: number; readonly loadsStarted: number } };
}

export interface EngineNotifications {
  [method: string]: unknown;
  progress: LoadProgress;
}
