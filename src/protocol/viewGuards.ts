/**
 * The guards of the view requests a webview sends its host (`isWebviewRequest`: every field,
 * sizes bounded by VIEW_LIMITS) and of the replies it gets back (`isViewReply`), pure TypeScript
 * for all runtimes. The requests and replies are described in views.ts.
 */
import { isFiniteNumber, isIndex, isKey, isObject, type Guard } from './guards';
import { HEAD_STATS, type Cleaning, type Combine } from './views';
import type { WEBVIEW_REQUESTS } from './webviewApi';

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

const WEBVIEW_REQUEST_GUARDS: Record<(typeof WEBVIEW_REQUESTS)[number], Guard> = {
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
};

/** True when `params` is a well-formed, bounded `method` view request from a webview. */
export function isWebviewRequest(method: string, params: unknown): boolean {
  return Object.hasOwn(WEBVIEW_REQUEST_GUARDS, method) && WEBVIEW_REQUEST_GUARDS[method as (typeof WEBVIEW_REQUESTS)[number]](params);
}

const isReplySpan = (v: unknown): boolean => isObject(v) && isIndex(v.start) && isIndex(v.count);

function isMatrixReply(v: unknown): boolean {
  if (!isObject(v) || !isKey(v.key) || !isReplySpan(v.rows) || !isReplySpan(v.cols) || !isIndex(v.block) || v.block < 1) return false;
  if (!isIndex(v.height) || !isIndex(v.width) || !isIndex(v.axisLength) || !isFiniteNumber(v.min) || !isFiniteNumber(v.max) || typeof v.masked !== 'boolean')
    return false;
  return (v.data instanceof Float32Array || v.data instanceof Uint8Array) && v.data.length === v.height * v.width;
}

function isThumbnailsReply(v: unknown): boolean {
  if (!isObject(v) || !isKey(v.key) || !isIndex(v.layers) || !isIndex(v.heads) || !isIndex(v.size)) return false;
  const count = v.layers * v.heads;
  return (
    v.data instanceof Uint8Array && v.data.length === count * v.size * v.size && v.stats instanceof Float32Array && v.stats.length === count * HEAD_STATS.length
  );
}

function isLinkList(v: unknown): boolean {
  if (!isObject(v) || !(v.query instanceof Uint16Array) || !(v.keyIndex instanceof Uint16Array) || !(v.weight instanceof Float32Array)) return false;
  return v.keyIndex.length === v.query.length && v.weight.length === v.query.length;
}

const VIEW_REPLY_GUARDS: Record<(typeof WEBVIEW_REQUESTS)[number], Guard> = {
  matrix: isMatrixReply,
  thumbnails: isThumbnailsReply,
  links: (v) => isObject(v) && isKey(v.key) && isIndex(v.axisLength) && Array.isArray(v.lists) && v.lists.every(isLinkList),
  row: (v) => isObject(v) && isKey(v.key) && v.weights instanceof Float32Array,
};

/** True when `value` is a well-formed reply to the `method` view request (the webview checks every reply). */
export function isViewReply(method: string, value: unknown): boolean {
  return Object.hasOwn(VIEW_REPLY_GUARDS, method) && VIEW_REPLY_GUARDS[method as (typeof WEBVIEW_REQUESTS)[number]](value);
}
