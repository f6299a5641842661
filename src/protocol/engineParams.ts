/**
 * The whole numbers in the engine's requests and settings (pure TypeScript, all runtimes): one table
 * of bounds, checked where a request enters the worker (engine/worker.ts) before a handler reads a
 * number. Settings or a malformed message could otherwise send NaN (a focus of NaN hung the worker,
 * a maxTokens of NaN failed with a TypeError), a fraction or a negative count (answered silently
 * with too few or no candidates), or a string that arithmetic reads as digits. A value that is not
 * a whole number (NaN, ±Infinity, 2.5, "5", null) or lies outside its bounds is refused with one
 * sentence naming the parameter. Counts within the bounds that ask for more than the engine gives
 * (topK 500) still get what there is; checks against the model and the text (a layer past the
 * last, a range past the end) stay with the engine, which knows them.
 */
import type { EngineMethods } from './engineApi';
import { isObject } from './guards';
import { VIEW_LIMITS } from './viewGuards';

/** The least and greatest value of a whole-number parameter; `optional`: it may be absent (undefined). */
export interface WholeBounds {
  readonly min: number;
  readonly max: number;
  readonly optional?: boolean;
}

/** A layer, a head or a token position. */
const INDEX: WholeBounds = { min: 0, max: VIEW_LIMITS.maxIndex - 1 };
/** How many of something a request asks for (candidates, beam paths, tokens). */
export const COUNT: WholeBounds = { min: 1, max: VIEW_LIMITS.maxIndex, optional: true };
/** The most onnxruntime threads a configure may ask for (a host with more cores asks for this many). */
export const MAX_THREADS = 1024;
/** A character offset into the request's text. */
const OFFSET: WholeBounds = { min: 0, max: Number.MAX_SAFE_INTEGER, optional: true };

/** An AnalyzeRequest's numbers (its position lists — mask, layers, qkv, ablate — are checked by the engine against the model). */
const REQUEST = { 'request.topK': COUNT, 'request.maxTokens': COUNT, 'request.focus': OFFSET, 'request.range.start': OFFSET, 'request.range.end': OFFSET };
const SEARCH = { 'search.width': COUNT, 'search.limit': COUNT };

/** Each method's whole-number parameters by path ("request.range.start"); a method not named here has none unchecked. */
export const ENGINE_NUMBERS: { readonly [M in keyof EngineMethods]?: Readonly<Record<string, WholeBounds>> } = {
  configure: { topK: { min: 0, max: VIEW_LIMITS.maxIndex, optional: true }, threads: { min: 1, max: MAX_THREADS, optional: true }, keepBytes: OFFSET },
  analyze: REQUEST,
  measure: REQUEST,
  analyzeKept: REQUEST,
  fillWords: { ...REQUEST, ...SEARCH },
  completeWords: { ...REQUEST, ...SEARCH },
  lens: { topK: COUNT },
  qkvWindow: { layer: INDEX, head: INDEX, query: INDEX },
};

/** How a refused value reads in a message: numbers as they print, a string quoted and cut, anything else by its kind. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return String(value);
}

/** Null when `value` is a whole number within `bounds` (or absent where that is allowed); otherwise what is wrong, in a sentence. */
export function wholeProblem(name: string, value: unknown, bounds: WholeBounds): string | null {
  if (value === undefined && bounds.optional) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= bounds.min && value <= bounds.max) return null;
  const range = bounds.max === Number.MAX_SAFE_INTEGER ? `≥ ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
  return `${name} must be a whole number ${range}, got ${shown(value)}`;
}

/** The value at a dotted path; undefined where a step is missing or not an object. */
function at(params: unknown, path: string): unknown {
  let value = params;
  for (const step of path.split('.')) value = isObject(value) ? value[step] : undefined;
  return value;
}

/**
 * Every problem with `method`'s whole-number parameters, in one line ("configure: threads must be …;
 * keepBytes must be …"), so that a refusal names each value refused; null when there is none.
 */
export function engineNumbersProblem(method: string, params: unknown): string | null {
  const fields = Object.hasOwn(ENGINE_NUMBERS, method) ? ENGINE_NUMBERS[method] : undefined;
  const problems = Object.entries(fields ?? {}).flatMap(([path, bounds]) => wholeProblem(path, at(params, path), bounds) ?? []);
  return problems.length ? `${method}: ${problems.join('; ')}` : null;
}
