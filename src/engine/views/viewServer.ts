/**
 * Answers the attention views' requests (views.ts ViewMethods) from an analysis's full tensors
 * (pure TypeScript; the engine worker runs it over the tensors it keeps, tests run it directly).
 * The order of operations (cleaning, combining heads, rollout, windows, downsampling, encoding) is
 * documented in viewMath.ts; the cleaned axis in viewAxis.ts.
 *
 *   const reply = serveView({ data: result.attention, tokens: result.tokens }, 'matrix', request);
 *   rpc reply: new Transfer(reply, replyBuffers(reply))
 *
 * A request that does not fit the analysis (a layer, head or query out of range, scores that were
 * not computed) throws an RpcError with code `bad-input`.
 */
import type { AttentionData, AttentionLayer, TokenInfo } from '../../protocol/analysis';
import { RpcError } from '../../protocol/rpc';
import { clipSpan, viewAxis, type ViewAxis } from '../../protocol/viewAxis';
import { headStats } from './headStats';
import { downsample, quantise, topLinks, valueRange } from './replyEncoding';
import { cellBounds, sumCellsOfHead, sumCleanedCellsOfHead, thumbnailBytes, thumbnailImage } from './thumbnails';
import {
  CACHED_THUMBNAIL,
  cleanScoreRows,
  foldCleanRows,
  headMatrix,
  rolloutMatrix,
  THUMBNAIL_CACHE,
  tokenRange,
  type ThumbnailBytes,
  type ViewCache,
} from './viewMath';
import {
  STAT_COUNT,
  type Cleaning,
  type Combine,
  type HeadSelection,
  type LinksReply,
  type LinksRequest,
  type MatrixReply,
  type MatrixRequest,
  type RowReply,
  type RowRequest,
  type ThumbnailsReply,
  type ThumbnailsRequest,
  type ViewMethod,
  type ViewMethods,
} from '../../protocol/views';

export interface ViewSource {
  readonly data: AttentionData;
  readonly tokens: readonly TokenInfo[];
  /** Rollout matrices computed for this analysis; give the same object on every call to reuse them. */
  readonly cache?: ViewCache;
}

export function serveView<K extends ViewMethod>(source: ViewSource, method: K, params: ViewMethods[K]['params']): ViewMethods[K]['result'] {
  switch (method) {
    case 'matrix':
      return serveMatrix(source, params as MatrixRequest) as ViewMethods[K]['result'];
    case 'thumbnails':
      return serveThumbnails(source, params as ThumbnailsRequest) as ViewMethods[K]['result'];
    case 'links':
      return serveLinks(source, params as LinksRequest) as ViewMethods[K]['result'];
    case 'row':
      return serveRow(source, params as RowRequest) as ViewMethods[K]['result'];
    default:
      throw new RpcError('bad-input', `unknown view request ${String(method)}`);
  }
}

/** The buffers of a reply, to transfer instead of copying (each belongs to the reply alone). */
export function replyBuffers(reply: MatrixReply | ThumbnailsReply | LinksReply | RowReply): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [];
  if ('lists' in reply) for (const l of reply.lists) arrays.push(l.query, l.keyIndex, l.weight);
  else if ('stats' in reply) arrays.push(reply.pixels, reply.stats);
  else if ('weights' in reply) arrays.push(reply.weights);
  else arrays.push(reply.data);
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer as ArrayBuffer);
  return [...buffers];
}

function bad(message: string): never {
  throw new RpcError('bad-input', message);
}

function checkIndex(value: number, length: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= length) bad(`${what} ${value} is outside 0–${length - 1}`);
}

/** The heads a selection combines and whether it takes their maximum. */
function headsOf(data: AttentionData, selection: HeadSelection): { heads: number[]; max: boolean } {
  switch (selection.kind) {
    case 'head':
      checkIndex(selection.head, data.heads, 'head');
      return { heads: [selection.head], max: false };
    case 'mean':
      return { heads: Array.from({ length: data.heads }, (_, h) => h), max: false };
    case 'max':
      return { heads: Array.from({ length: data.heads }, (_, h) => h), max: true };
    case 'set': {
      if (selection.heads.length === 0) bad('a set of heads needs at least one head');
      for (const h of selection.heads) checkIndex(h, data.heads, 'head');
      return { heads: [...new Set(selection.heads)], max: false };
    }
    default:
      return bad(`unknown head selection ${(selection as { kind: unknown }).kind}`);
  }
}

/** Cleaned, combined probabilities of entries [rowStart, rowStart + rowCount): rowCount × axis.length. */
function probabilityRows(source: ViewSource, layer: number, combine: Combine, axis: ViewAxis, rowStart: number, rowCount: number): Float64Array {
  const { data } = source;
  const t = data.length;
  const out = new Float64Array(rowCount * axis.length);
  const row = new Float64Array(axis.length);
  if (rowCount === 0) return out;
  if (combine.kind === 'rollout') {
    foldCleanRows(rolloutMatrix(data, layer, source.cache ?? {}), t, axis, rowStart, rowCount, out, 1, false, row);
    return out;
  }
  const { heads, max } = headsOf(data, combine);
  const [q0, q1] = tokenRange(axis, rowStart, rowCount);
  const scratch = data.precision === 'float16' ? new Float32Array(t * t) : new Float32Array(0);
  for (const h of heads) {
    const m = headMatrix(data.probs[layer], data.precision, h, t, q0, q1, scratch);
    foldCleanRows(m, t, axis, rowStart, rowCount, out, 1 / heads.length, max, row);
  }
  return out;
}

function checkCleaning(cleaning: Cleaning): void {
  if (typeof cleaning !== 'object' || cleaning === null) bad('cleaning is missing');
}

function serveMatrix(source: ViewSource, request: MatrixRequest): MatrixReply {
  const { data } = source;
  checkIndex(request.layer, data.layers, 'layer');
  checkCleaning(request.cleaning);
  const axis = viewAxis(source.tokens, request.cleaning);
  const rows = clipSpan(request.rows, axis.length);
  const cols = clipSpan(request.cols, axis.length);
  let full: Float64Array;
  if (request.stage === 'scores') {
    if (request.combine.kind !== 'head') bad('scores before softmax are shown for one head only');
    // Sparse where the worker fills them on request (tensorStore.ts): a layer not there is not computed.
    const layerScores: AttentionLayer | undefined = data.scores?.[request.layer];
    if (!layerScores) bad('scores before softmax are not available for this analysis');
    checkIndex(request.combine.head, data.heads, 'head');
    const t = data.length;
    const [q0, q1] = tokenRange(axis, rows.start, rows.count);
    const m = headMatrix(layerScores, data.precision, request.combine.head, t, q0, q1, new Float32Array(data.precision === 'float16' ? t * t : 0));
    full = new Float64Array(rows.count * axis.length);
    if (rows.count > 0) cleanScoreRows(m, t, axis, rows.start, rows.count, full);
  } else if (request.stage === 'probs') {
    full = probabilityRows(source, request.layer, request.combine, axis, rows.start, rows.count);
  } else {
    return bad(`unknown stage ${String(request.stage)}`);
  }
  const window = new Float64Array(rows.count * cols.count);
  for (let r = 0; r < rows.count; r++) window.set(full.subarray(r * axis.length + cols.start, r * axis.length + cols.start + cols.count), r * cols.count);
  const maxSide = request.maxSide;
  if (maxSide !== undefined && !(Number.isInteger(maxSide) && maxSide >= 1)) bad(`maxSide ${maxSide} must be a positive integer`);
  const longest = Math.max(rows.count, cols.count);
  const block = maxSide !== undefined && longest > maxSide ? Math.ceil(longest / maxSide) : 1;
  const cells = downsample(window, rows.count, cols.count, block);
  const { min, max, masked } = valueRange(cells.data);
  const values = request.encoding === 'u8' ? quantise(cells.data, min, max, masked) : Float32Array.from(cells.data);
  return { key: request.key, rows, cols, block, height: cells.height, width: cells.width, data: values, min, max, masked, axisLength: axis.length };
}

function serveThumbnails(source: ViewSource, request: ThumbnailsRequest): ThumbnailsReply {
  const { data } = source;
  checkCleaning(request.cleaning);
  if (!Number.isInteger(request.size) || request.size < 1) bad(`thumbnail size ${request.size} must be a positive integer`);
  const c = request.cleaning;
  const id = `${request.size}/${Number(c.hideSpecial)}${Number(c.mergeSubwords)}${Number(c.hidePunctuation)}`;
  const cache = source.cache?.thumbnails;
  let kept = cache?.get(id);
  if (cache && kept) {
    // Now the most recently used.
    cache.delete(id);
    cache.set(id, kept);
  } else {
    kept = computeThumbnails(source, request);
    if (source.cache && request.size <= CACHED_THUMBNAIL) {
      const thumbnails = (source.cache.thumbnails ??= new Map());
      if (thumbnails.size >= THUMBNAIL_CACHE) thumbnails.delete(thumbnails.keys().next().value as string);
      thumbnails.set(id, kept);
    }
  }
  // Coloured for each reply (the cache keeps a byte a pixel, a quarter of the image); the stats copied:
  // a reply's buffers are transferred away, the cache keeps its own.
  const { size, bytes, stats } = kept;
  return { key: request.key, layers: data.layers, heads: data.heads, size, pixels: thumbnailImage(bytes, data.layers, data.heads, size), stats: stats.slice() };
}

/** Each head's thumbnail as bytes ([layer][head][y][x], 255 = its largest cell) and its stats. */
function computeThumbnails(source: ViewSource, request: ThumbnailsRequest): ThumbnailBytes {
  const { data } = source;
  const t = data.length;
  const axis = viewAxis(source.tokens, request.cleaning);
  const n = axis.length;
  const size = Math.min(request.size, n);
  const out = new Uint8Array(data.layers * data.heads * size * size);
  const stats = new Float32Array(data.layers * data.heads * STAT_COUNT);
  const specials = Int32Array.from(source.tokens.flatMap((tok, i) => (tok.special ? [i] : [])));
  const acc = new Float64Array(size * size);
  const bounds = cellBounds(n, size);
  for (let l = 0; l < data.layers; l++) {
    const layer = data.probs[l];
    for (let h = 0; h < data.heads; h++) {
      const index = l * data.heads + h;
      let entropySum: number | undefined;
      if (size === 0) {
        // Nothing left to draw after cleaning; the stats are still those of the uncleaned head.
      } else if (!axis.identity) {
        entropySum = sumCleanedCellsOfHead(layer, data.precision, h * t * t, t, axis, bounds, acc);
        thumbnailBytes(acc, bounds, out, index * size * size);
      } else {
        entropySum = sumCellsOfHead(layer, data.precision, h * t * t, t, bounds, acc);
        thumbnailBytes(acc, bounds, out, index * size * size);
      }
      headStats(layer, data.precision, h * t * t, t, specials, stats, index * STAT_COUNT, entropySum);
    }
  }
  return { size, bytes: out, stats };
}

function serveLinks(source: ViewSource, request: LinksRequest): LinksReply {
  const { data } = source;
  checkIndex(request.layer, data.layers, 'layer');
  checkCleaning(request.cleaning);
  if (!Number.isInteger(request.topK) || request.topK < 1) bad(`topK ${request.topK} must be a positive integer`);
  if (typeof request.threshold !== 'number' || Number.isNaN(request.threshold)) bad('threshold must be a number');
  const axis = viewAxis(source.tokens, request.cleaning);
  const lists = request.heads.map((selection) => {
    const m = probabilityRows(source, request.layer, selection, axis, 0, axis.length);
    return topLinks(m, axis.length, axis.length, Math.min(request.topK, axis.length || 1), request.threshold);
  });
  return { key: request.key, axisLength: axis.length, lists };
}

function serveRow(source: ViewSource, request: RowRequest): RowReply {
  checkIndex(request.layer, source.data.layers, 'layer');
  checkCleaning(request.cleaning);
  const axis = viewAxis(source.tokens, request.cleaning);
  checkIndex(request.query, axis.length, 'query');
  return { key: request.key, weights: Float32Array.from(probabilityRows(source, request.layer, request.combine, axis, request.query, 1)) };
}
