/**
 * Checks of the view replies the host forwards from the worker (pure: browser and Node). The RPC
 * layer checks requests and notifications against the protocol's guards, but a request's result
 * arrives unchecked: each view reply is checked here against the request that asked for it (the
 * same analysis key, the window asked for, array types and lengths that match the stated shape)
 * before a view reads a single number of it.
 */
import type {
  LinksReply,
  LinksRequest,
  MatrixReply,
  MatrixRequest,
  RowReply,
  RowRequest,
  Span,
  ThumbnailsReply,
  ThumbnailsRequest,
} from '../../src/protocol/views';
import { STAT_COUNT } from '../../src/protocol/views';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

function isSpan(v: unknown, axis: number): v is Span {
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
  if (!isSpan(v.rows, v.axisLength) || !isSpan(v.cols, v.axisLength)) return false;
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
  return v.data instanceof Uint8Array && v.data.length === count * v.size * v.size && v.stats instanceof Float32Array && v.stats.length === count * STAT_COUNT;
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
