/**
 * The contract of the "Inside" views' data (pure TypeScript, all runtimes): the Q/K/V inspector and
 * the layer lens ask for probes of an analysis the worker keeps, by its key, like the attention views
 * (their names are in views.ts VIEW_METHODS, so the host checks and forwards them the same way).
 *
 * - `qkvWindow`: one head's query row and every key's and value's row of one layer, as the attention
 *   product consumes them (the worker's `qkv` layer, sliced: the page never holds a whole layer).
 *   Query head h reads key/value head ⌊h·kvHeads/heads⌋ (grouped-query attention), already picked here.
 * - `lens`: the model's own output head applied to the kept stream at some positions (every layer,
 *   0 = the embeddings); the worker's `lens` method itself, whose reply is small (top-k per layer).
 *
 * Guards: `isQkvWindowRequest`/`isLensRequest` (what a webview may ask; bounded), and each reply
 * against its request (`isQkvWindowReply`, `isLensReply`) before a view reads a number of it.
 */
import type { LensData } from './analysis';
import { isFiniteNumber, isIndex, isKey, isObject, isString } from './guards';

export interface QkvWindowRequest {
  readonly key: number;
  readonly layer: number;
  /** A query head of `layer`. */
  readonly head: number;
  /** The query token (a position of the analysis, special tokens included). */
  readonly query: number;
}

export interface QkvWindowReply {
  readonly key: number;
  readonly layer: number;
  readonly head: number;
  readonly query: number;
  /** Tokens (keys) of the analysis. */
  readonly length: number;
  readonly headDim: number;
  /** The factor the graph applies to q·k before the mask and softmax (1/√d unless the graph says otherwise). */
  readonly scale: number;
  /** [headDim]: the query's row of this head. */
  readonly q: Float32Array;
  /** [length][headDim]: every key of this head's key/value head. */
  readonly k: Float32Array;
  /** [length][headDim] */
  readonly v: Float32Array;
}

/** Which view of the Inside tab a command opens (the host's `inside` notification). */
export type InsideView = 'qkv' | 'lens';
export const INSIDE_VIEWS: readonly InsideView[] = ['qkv', 'lens'];

/** Host → panel: bring the Inside tab forward on `view`, for the analysis shown. */
export interface InsideMessage {
  readonly analysisId: number;
  readonly view: InsideView;
}

export const isInsideMessage = (v: unknown): v is InsideMessage => isObject(v) && isIndex(v.analysisId) && INSIDE_VIEWS.includes(v.view as InsideView);

export interface LensRequest {
  readonly key: number;
  readonly positions: readonly number[];
  readonly topK?: number;
  /** Texts followed at every layer whatever their rank (the grid's watch list): each layer's `watched`, in this order. */
  readonly watch?: readonly string[];
}

/** Bounds of what a webview may ask of the Inside views. */
export const INSIDE_LIMITS = {
  /** Positions in one lens request (the grid asks for the ones it shows). */
  maxPositions: 64,
  /** Candidates per layer (the engine keeps at most its own top-k anyway). */
  maxTopK: 20,
  maxIndex: 65536,
  /** Watched texts in one lens request, and the length of each. */
  maxWatch: 8,
  maxWatchLength: 64,
} as const;

const bounded = (v: unknown): v is number => isIndex(v) && v < INSIDE_LIMITS.maxIndex;

export function isQkvWindowRequest(v: unknown): v is QkvWindowRequest {
  return isObject(v) && isKey(v.key) && bounded(v.layer) && bounded(v.head) && bounded(v.query);
}

export function isLensRequest(v: unknown): v is LensRequest {
  if (!isObject(v) || !isKey(v.key) || !Array.isArray(v.positions)) return false;
  if (v.positions.length < 1 || v.positions.length > INSIDE_LIMITS.maxPositions || !v.positions.every(bounded)) return false;
  if (v.topK !== undefined && !(isIndex(v.topK) && v.topK >= 1 && v.topK <= INSIDE_LIMITS.maxTopK)) return false;
  return v.watch === undefined || isWatchList(v.watch);
}

function isWatchList(v: unknown): v is readonly string[] {
  return (
    Array.isArray(v) &&
    v.length <= INSIDE_LIMITS.maxWatch &&
    v.every((w) => isString(w) && w.length >= 1 && w.length <= INSIDE_LIMITS.maxWatchLength && w.trim() === w)
  );
}

const finiteArray = (a: Float32Array): boolean => a.every((x) => Number.isFinite(x));

export function isQkvWindowReply(v: unknown, request: QkvWindowRequest): v is QkvWindowReply {
  if (!isObject(v) || v.key !== request.key || v.layer !== request.layer || v.head !== request.head || v.query !== request.query) return false;
  if (!isIndex(v.length) || !isIndex(v.headDim) || v.headDim < 1 || request.query >= v.length || !isFiniteNumber(v.scale)) return false;
  const d = v.headDim;
  const n = v.length * d;
  if (!(v.q instanceof Float32Array) || !(v.k instanceof Float32Array) || !(v.v instanceof Float32Array)) return false;
  return v.q.length === d && v.k.length === n && v.v.length === n && finiteArray(v.q) && finiteArray(v.k) && finiteArray(v.v);
}

function isCandidate(c: unknown): boolean {
  return isObject(c) && isString(c.token) && isIndex(c.id) && isFiniteNumber(c.p) && c.p >= 0 && c.p <= 1 + 1e-6;
}

/** A watched text at one layer: not one token (null), or a candidate with its rank (1 = the layer's top). */
const isWatched = (w: unknown): boolean => w === null || (isCandidate(w) && isIndex((w as { rank: unknown }).rank) && (w as { rank: number }).rank >= 1);

/** A lens reply: one entry per position asked (in order), each with the same layers 0…n−1 in order, and the watched texts' entries when asked. */
export function isLensReply(v: unknown, request: LensRequest): v is LensData {
  if (!isObject(v) || (v.kind !== 'logit' && v.kind !== 'mlm') || !Array.isArray(v.positions) || v.positions.length !== request.positions.length) return false;
  const watch = request.watch ?? [];
  if (watch.length > 0 ? !Array.isArray(v.watch) || v.watch.length !== watch.length || v.watch.some((w, i) => w !== watch[i]) : v.watch !== undefined)
    return false;
  const watchedOk = (l: Record<string, unknown>): boolean =>
    watch.length === 0 ? l.watched === undefined : Array.isArray(l.watched) && l.watched.length === watch.length && l.watched.every(isWatched);
  let layers = -1;
  return v.positions.every((p: unknown, i) => {
    if (!isObject(p) || p.position !== request.positions[i] || !Array.isArray(p.layers) || p.layers.length < 1) return false;
    if (layers >= 0 && p.layers.length !== layers) return false;
    layers = p.layers.length;
    return p.layers.every(
      (l: unknown, j) =>
        isObject(l) && l.layer === j && Array.isArray(l.top) && l.top.length <= INSIDE_LIMITS.maxTopK && l.top.every(isCandidate) && watchedOk(l),
    );
  });
}
