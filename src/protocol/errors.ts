/**
 * Error codes shared by the engine, the host and the webviews (pure TypeScript, all runtimes).
 * A code says what went wrong in words a caller can switch on; the message says it to a person.
 */
export type ErrorCode =
  | 'bad-input' // empty text, a range outside the text, a bad position
  | 'file-not-found' // an input file (CLI) or a model folder that does not exist
  | 'model-files-missing' // a model folder without config.json, tokenizer.json or onnx/model.onnx
  | 'model-corrupt' // an ONNX file that cannot be parsed or loaded
  | 'unsupported-architecture' // a config whose model type/architecture the engine cannot run
  | 'unsupported-operator' // an attention operator the patcher cannot expose
  | 'network' // a download failed
  | 'cancelled'
  | 'timeout'
  | 'worker-crashed'
  | 'analysis-gone' // the worker no longer keeps an analysis's tensors (evicted or released): analyze again
  | 'internal'
  | 'disk-full'; // nothing more can be written where the model cache (or an export) goes

export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Every code, once (a key of its own, so that the compiler sees that none is left out): what a check over all of them walks. */
const EVERY: Record<ErrorCode, true> = {
  'bad-input': true,
  'file-not-found': true,
  'model-files-missing': true,
  'model-corrupt': true,
  'unsupported-architecture': true,
  'unsupported-operator': true,
  network: true,
  cancelled: true,
  timeout: true,
  'worker-crashed': true,
  'analysis-gone': true,
  internal: true,
  'disk-full': true,
};
export const ERROR_CODES = Object.keys(EVERY) as readonly ErrorCode[];

const CODES: ReadonlySet<string> = new Set<string>(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}
