/**
 * The contract of the attention views' data path (pure TypeScript, all runtimes).
 *
 * The engine worker keeps each analysis's full tensors (layers × heads × T × T) under a key; the
 * webviews never hold them. A view asks for what it draws — one matrix window, the model grid's
 * thumbnails, the head view's strongest links, one row for a hover — and gets flat typed arrays
 * back (transferred, quantised to bytes where the view allows). The host forwards the same
 * requests from a webview to the worker, checked by the guards of the message layer.
 *
 * Cleaning (hide special tokens, merge subwords into words, hide punctuation/whitespace tokens)
 * maps token positions to an axis of groups; the same pure function (`viewAxis` in viewAxis.ts)
 * runs in the worker and in the webview, so both agree on what row i of a reply means. The order
 * of operations (clean each head, then combine; rollout over all tokens, then clean; window,
 * downsample, encode) is documented in viewMath.ts; `serveView` (viewServer.ts) answers every
 * request from full tensors.
 *
 * The webview asks its host with RPC requests named exactly as the keys of `ViewMethods`, listed
 * once in `VIEW_METHODS`; the host checks them (viewGuards.ts) and forwards them to the worker. A key the worker no longer holds fails with the error code
 * 'analysis-gone' (show: "this analysis is no longer in memory; analyze again").
 */
import type { LensData } from './analysis';
import type { LensRequest, QkvWindowReply, QkvWindowRequest } from './inside';

/** Which heads of one layer a view combines. */
export type HeadSelection =
  | { readonly kind: 'head'; readonly head: number }
  | { readonly kind: 'mean' }
  | { readonly kind: 'max' }
  /** The mean over a chosen set of heads. */
  | { readonly kind: 'set'; readonly heads: readonly number[] };

/**
 * What a matrix shows: a head selection of `layer`, or attention rollout (Abnar & Zuidema 2020)
 * from the first layer through `layer`: the product of (0.5·A + 0.5·I) of the mean over heads,
 * rows renormalised.
 */
export type Combine = HeadSelection | { readonly kind: 'rollout' };

/**
 * Before softmax (scaled, mask applied; one head only; where the analysis `hasScores`) or after it.
 * The worker computes a layer's scores on the first request for them when the analysis did not
 * fetch them (about one forward pass; then kept like the rest).
 */
export type Stage = 'probs' | 'scores';

export interface Cleaning {
  /** Drop [CLS], [SEP], BOS/EOS… rows and columns, renormalising each row over the keys left. */
  readonly hideSpecial: boolean;
  /** Merge subword tokens into words: sum over keys, mean over queries. */
  readonly mergeSubwords: boolean;
  /** Drop tokens that are only punctuation or whitespace (for code), renormalising like specials. */
  readonly hidePunctuation: boolean;
}

export const NO_CLEANING: Cleaning = { hideSpecial: false, mergeSubwords: false, hidePunctuation: false };

/** A half-open window [start, start + count) of an axis (after cleaning). */
export interface Span {
  readonly start: number;
  readonly count: number;
}

/** How values travel: float32, or bytes 0..255 mapping linearly onto [min, max] of the reply. */
export type Encoding = 'f32' | 'u8';

export interface MatrixRequest {
  /** The worker's key for the analysis (from the analysis the view was given). */
  readonly key: number;
  readonly layer: number;
  readonly combine: Combine;
  readonly stage: Stage;
  readonly cleaning: Cleaning;
  readonly rows: Span;
  readonly cols: Span;
  /**
   * Largest number of rows/columns wanted; a larger window is downsampled by the mean over
   * blocks (the reply says the block size). Absent = no downsampling.
   */
  readonly maxSide?: number;
  readonly encoding: Encoding;
}

export interface MatrixReply {
  readonly key: number;
  /** The window actually served (clipped to the axis). */
  readonly rows: Span;
  readonly cols: Span;
  /** Source rows/columns per cell (1 = full resolution). */
  readonly block: number;
  /** Cells per side of `data`: ceil(rows.count / block) × ceil(cols.count / block), row-major. */
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array | Uint8Array;
  /**
   * The value range `u8` data maps onto (and the true min/max of the window for `f32`); finite
   * values only (0, 0 when the window holds none).
   */
  readonly min: number;
  readonly max: number;
  /**
   * True when some cell is masked (scores of a decoder's upper triangle): such cells are −Infinity
   * in `f32` data and byte 0 in `u8` data, whose finite values then map onto 1..255 instead of
   * 0..255. Always false for probabilities.
   */
  readonly masked: boolean;
  /** Length of the cleaned axis (so a view can size its scrollbars). */
  readonly axisLength: number;
}

export interface ThumbnailsRequest {
  readonly key: number;
  /** Pixels per side of each thumbnail (each head's matrix, block-averaged). */
  readonly size: number;
  readonly cleaning: Cleaning;
}

/** Per-head summary numbers, in this order, `STAT_COUNT` per head. */
export const HEAD_STATS = ['entropy', 'previous', 'special', 'self'] as const;
export type HeadStat = (typeof HEAD_STATS)[number];
export const STAT_COUNT = HEAD_STATS.length;

export interface ThumbnailsReply {
  readonly key: number;
  readonly layers: number;
  readonly heads: number;
  readonly size: number;
  /**
   * The thumbnails as one RGBA image, `heads × size` pixels wide and `layers × size` tall, head h
   * of layer l at (h·size, l·size): each block-averaged, scaled by its own maximum and coloured by
   * the colour scale (colorScale.ts), so that the page draws it with no work per pixel.
   */
  readonly pixels: Uint8Array;
  /**
   * layers × heads × STAT_COUNT floats: mean row entropy in bits, mean attention to the previous
   * token, to special tokens, and to itself (on the uncleaned tokens).
   */
  readonly stats: Float32Array;
}

export interface LinksRequest {
  readonly key: number;
  readonly layer: number;
  /** One list of links per head; `{kind:'mean'}` etc. give one combined list. */
  readonly heads: readonly HeadSelection[];
  readonly cleaning: Cleaning;
  /** Keep at most this many keys per query… */
  readonly topK: number;
  /** …and only weights at or above this. */
  readonly threshold: number;
}

export interface LinksReply {
  readonly key: number;
  readonly axisLength: number;
  /**
   * Per requested head selection: parallel arrays of the kept links (query and key are indices of
   * the cleaned axis), sorted by query, then weight (largest first), then key.
   */
  readonly lists: readonly { readonly query: Uint16Array; readonly keyIndex: Uint16Array; readonly weight: Float32Array }[];
}

/** One query's row (hovers, the spotlight, the head view's focused token). */
export interface RowRequest {
  readonly key: number;
  readonly layer: number;
  readonly combine: Combine;
  readonly cleaning: Cleaning;
  /** An index of the cleaned axis (equal to the token position without cleaning). */
  readonly query: number;
}

export interface RowReply {
  readonly key: number;
  /** One weight per entry of the cleaned axis (probabilities; rollout rows too). */
  readonly weights: Float32Array;
}

/** The view requests' names, the one list the worker serves, the host forwards and the webview asks. */
export const VIEW_METHODS = ['matrix', 'thumbnails', 'links', 'row', 'qkvWindow', 'lens'] as const;
export type ViewMethod = (typeof VIEW_METHODS)[number];
/** The view requests about an analysis's probes (inside.ts): the worker serves them from its probes, not with serveView. */
export type ProbeViewMethod = 'qkvWindow' | 'lens';
export const isProbeViewMethod = (m: ViewMethod): m is ProbeViewMethod => m === 'qkvWindow' || m === 'lens';

/** The view requests, served by the worker and forwarded by the host for its webviews (one key per VIEW_METHODS name). */
export interface ViewMethods {
  [method: string]: { params: unknown; result: unknown };
  matrix: { params: MatrixRequest; result: MatrixReply };
  thumbnails: { params: ThumbnailsRequest; result: ThumbnailsReply };
  links: { params: LinksRequest; result: LinksReply };
  row: { params: RowRequest; result: RowReply };
  qkvWindow: { params: QkvWindowRequest; result: QkvWindowReply };
  lens: { params: LensRequest; result: LensData };
}
