/**
 * The guards of the view requests a webview sends its host (`isWebviewRequest`: every field,
 * sizes bounded by VIEW_LIMITS) and of the replies it gets back (`isMatrixReply`… each against the
 * request it answers), pure TypeScript for all runtimes. The requests and replies are described in
 * views.ts.
 */
import { isFiniteNumber, isIndex, isKey, isObject, type Guard } from './guards';
import { isLensRequest, isQkvWindowRequest } from './inside';
import {
  STAT_COUNT,
  type Cleaning,
  type Combine,
  type LinksReply,
  type LinksRequest,
  type MatrixReply,
  type MatrixRequest,
  type RowReply,
  type RowRequest,
  type Span,
  type ThumbnailsReply,
  type ThumbnailsRequest,
  type ViewMethod,
} from './views';

/** Bounds on what a webview may ask for (the host refuses larger requests). */
export const VIEW_LIMITS = {
  /** Layers, heads and token positions a request may name (indices stay below). */
  maxIndex: 65536,
  /** `maxSide` of a matrix request; without it, a window of at most maxSide² cells. */
  maxSide: 2048,
  /** Thumbnail pixels per side. */
  maxThumbnail: 256,
  /** Links kept per query. */
  maxTopK: 64,
  /** Head selections in one links request, and heads in one set. */
  maxSelections: 64,
} as const;

export const isBoundedIndex = (v: unknown): v is number => isIndex(v) && v < VIEW_LIMITS.maxIndex;
const isSpan = (v: unknown): boolean => isObject(v) && isBoundedIndex(v.start) && isIndex(v.count) && (v.count as number) <= VIEW_LIMITS.maxIndex;
export const isCleaning = (v: unknown): v is Cleaning =>
  isObject(v) && typeof v.hideSpecial === 'boolean' && typeof v.mergeSubwords === 'boolean' && typeof v.hidePunctuation === 'boolean';

function isHeadSelection(v: unknown): boolean {
  if (!isObject(v)) return false;
  switch (v.kind) {
    case 'head':
      return isBoundedIndex(v.head);
    case 'mean':
    case 'max':
      return true;
    case 'set':
      return Array.isArray(v.heads) && v.heads.length >= 1 && v.heads.length <= VIEW_LIMITS.maxSelections && v.heads.every(isBoundedIndex);
    default:
      return false;
  }
}

export const isCombine = (v: unknown): v is Combine => isHeadSelection(v) || (isObject(v) && v.kind === 'rollout');

function isMatrixRequest(v: unknown): boolean {
  if (!isObject(v) || !isKey(v.key) || !isBoundedIndex(v.layer) || !isCombine(v.combine) || !isCleaning(v.cleaning)) return false;
  if ((v.stage !== 'probs' && v.stage !== 'scores') || (v.encoding !== 'f32' && v.encoding !== 'u8') || !isSpan(v.rows) || !isSpan(v.cols)) return false;
  if (v.maxSide === undefined) return (v.rows as { count: number }).count * (v.cols as { count: number }).count <= VIEW_LIMITS.maxSide ** 2;
  return isIndex(v.maxSide) && v.maxSide >= 1 && v.maxSide <= VIEW_LIMITS.maxSide;
}

const WEBVIEW_REQUEST_GUARDS: Record<ViewMethod, Guard> = {
  matrix: isMatrixRequest,
  thumbnails: (v) => isObject(v) && isKey(v.key) && isIndex(v.size) && v.size >= 1 && v.size <= VIEW_LIMITS.maxThumbnail && isCleaning(v.cleaning),
  links: (v) =>
    isObject(v) &&
    isKey(v.key) &&
    isBoundedIndex(v.layer) &&
    isCleaning(v.cleaning) &&
    Array.isArray(v.heads) &&
    v.heads.length >= 1 &&
    v.heads.length <= VIEW_LIMITS.maxSelections &&
    v.heads.every(isHeadSelection) &&
    isIndex(v.topK) &&
    v.topK >= 1 &&
    v.topK <= VIEW_LIMITS.maxTopK &&
    isFiniteNumber(v.threshold) &&
    v.threshold >= 0 &&
    v.threshold <= 1,
  row: (v) => isObject(v) && isKey(v.key) && isBoundedIndex(v.layer) && isCombine(v.combine) && isCleaning(v.cleaning) && isBoundedIndex(v.query),
  qkvWindow: isQkvWindowRequest,
  lens: isLensRequest,
};

/** True when `params` is a well-formed, bounded `method` view request from a webview. */
export function isWebviewRequest(method: string, params: unknown): boolean {
  return Object.hasOwn(WEBVIEW_REQUEST_GUARDS, method) && WEBVIEW_REQUEST_GUARDS[method as ViewMethod](params);
}

// ---- replies: each checked against the request that asked for it (the same analysis key, the
// window asked for, array types and lengths that match the stated shape) before a view reads a
// single number of it. The RPC layer checks requests and notifications, but a result arrives
// unchecked.

const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

/** A window of a cleaned axis of `axis` entries. */
function isWindow(v: unknown, axis: number): v is Span {
  return isObject(v) && isIndex(v.start) && isIndex(v.count) && v.start + v.count <= axis;
}

/** The shape the panel knows the analysis has (layers × heads, from the overview). */
export interface KnownShape {
  readonly layers: number;
  readonly heads: number;
}

export function isMatrixReply(v: unknown, request: MatrixRequest): v is MatrixReply {
  if (!isObject(v) || v.key !== request.key || !isIndex(v.axisLength)) return false;
  // The window served is the one asked for, clipped to the axis.
  if (
    !isObject(v.rows) ||
    !isObject(v.cols) ||
    v.rows.start !== Math.min(request.rows.start, v.axisLength) ||
    v.cols.start !== Math.min(request.cols.start, v.axisLength)
  )
    return false;
  if (!isWindow(v.rows, v.axisLength) || !isWindow(v.cols, v.axisLength)) return false;
  if (!isIndex(v.block) || v.block < 1 || !isIndex(v.height) || !isIndex(v.width)) return false;
  if (v.height !== Math.ceil(v.rows.count / v.block) || v.width !== Math.ceil(v.cols.count / v.block)) return false;
  const typed = request.encoding === 'u8' ? v.data instanceof Uint8Array : v.data instanceof Float32Array;
  if (!typed || (v.data as ArrayLike<number>).length !== v.height * v.width) return false;
  if (request.maxSide !== undefined && Math.max(v.height, v.width) > request.maxSide) return false;
  return Number.isFinite(v.min) && Number.isFinite(v.max) && (v.min as number) <= (v.max as number) && typeof v.masked === 'boolean';
}

export function isThumbnailsReply(v: unknown, request: ThumbnailsRequest, shape: KnownShape): v is ThumbnailsReply {
  if (!isObject(v) || v.key !== request.key || v.layers !== shape.layers || v.heads !== shape.heads) return false;
  // The worker never makes a thumbnail larger than the (cleaned) axis: size may be below the request's.
  if (!isIndex(v.size) || v.size > request.size) return false;
  const count = shape.layers * shape.heads;
  const pixels = v.pixels instanceof Uint8Array && v.pixels.length === count * v.size * v.size * 4;
  return pixels && v.stats instanceof Float32Array && v.stats.length === count * STAT_COUNT;
}

export function isLinksReply(v: unknown, request: LinksRequest): v is LinksReply {
  if (!isObject(v) || v.key !== request.key || !isIndex(v.axisLength) || !Array.isArray(v.lists) || v.lists.length !== request.heads.length) return false;
  const axis = v.axisLength;
  return v.lists.every((list: unknown) => {
    if (!isObject(list) || !(list.query instanceof Uint16Array) || !(list.keyIndex instanceof Uint16Array) || !(list.weight instanceof Float32Array))
      return false;
    const n = list.query.length;
    if (list.keyIndex.length !== n || list.weight.length !== n) return false;
    for (let i = 0; i < n; i++) {
      if (list.query[i] >= axis || list.keyIndex[i] >= axis || !isNumber(list.weight[i])) return false;
      // Sorted by query: the head view indexes the lists by query with one pass.
      if (i > 0 && list.query[i] < list.query[i - 1]) return false;
    }
    return true;
  });
}

export function isRowReply(v: unknown, request: RowRequest): v is RowReply {
  return isObject(v) && v.key === request.key && v.weights instanceof Float32Array && v.weights.length > request.query;
}
