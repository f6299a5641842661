/**
 * The messages between the extension host and its webviews (the panel in the editor area and the
 * side view in the activity bar). Pure TypeScript, all runtimes.
 *
 * Both links run over `RpcEndpoint` (postMessage). Everything that crosses is checked by the guards
 * below before use — on the host (a webview is untrusted content) and in the webview (a stale or
 * malformed message must not break the view). Attention matrices travel as typed arrays, which
 * VS Code's webview postMessage carries as binary, never as nested JSON arrays.
 *
 * The webviews never receive whole tensors: an analysis arrives as an AnalysisOverview (shape and
 * the worker's key), and a view asks its host for what it draws with the RPC requests of
 * `WebviewRequests` (= views.ts ViewMethods: 'matrix', 'thumbnails', 'links', 'row'). The host
 * checks them (`isWebviewRequest`: every field, sizes bounded), serves only keys of analyses it
 * showed that webview, and forwards them to the engine worker; the webview checks each reply
 * (`isViewReply`). Replies hold Float32Array/Uint8Array/Uint16Array only (never Float16Array,
 * which a webview's postMessage cannot carry).
 */
import type { AnalysisOverview, AttentionShape, Candidate, ModelKind, TokenInfo } from './analysis';
import { isSamplingControls, type SamplingControls } from './sampling';
import { HEAD_STATS, type ViewMethods } from './views';

/** Where a token came from in the editor, as 0-based line/character positions. */
export interface SourceRange {
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export interface ShownDocument {
  readonly uri: string;
  /** A short label for the document (its file name, or "Untitled-1"). */
  readonly name: string;
  readonly languageId: string;
  readonly version: number;
}

/** One analysis as the webviews show it. */
export interface ShownAnalysis {
  /** Increases with every analysis the host makes; replies name the analysis they refer to. */
  readonly id: number;
  readonly document: ShownDocument;
  /** The analysis without its tensors; `result.attention.key` names them in view requests. */
  readonly result: AnalysisOverview;
  /** `ranges[i]` is where `result.tokens[i]` sits in the document (null for special tokens). */
  readonly ranges: readonly (SourceRange | null)[];
  /** Layer and head the view opens on; head null = the mean over heads. */
  readonly layer: number;
  readonly head: number | null;
}

export type ModelState = 'idle' | 'loading' | 'ready' | 'error';

export interface ModelStatus {
  /** The model id or folder the next analysis uses. */
  readonly model: string;
  readonly kind: ModelKind | null;
  readonly state: ModelState;
  /** One line for people: "downloading model.onnx 40%", the error message, "4 layers × 4 heads". */
  readonly detail: string;
  /** 0..1 while loading when known. */
  readonly progress: number | null;
}

/** A compact summary for the side view (it never receives the matrices). */
export interface AnalysisSummary {
  readonly id: number;
  readonly document: string;
  readonly model: string;
  readonly kind: ModelKind;
  readonly tokens: number;
  readonly analyzed: { readonly start: number; readonly end: number };
  /**
   * The headline predictions: the masked fillers or the next-token candidates, each as the model's
   * token text (a decoded candidate or a vocabulary string; the view makes whitespace visible) and,
   * for a masked filler, the position it fills.
   */
  readonly predictions: readonly { readonly label: string; readonly p: number; readonly position?: number | null }[];
  readonly notices: readonly string[];
}

/** What the attention spotlight lights up (side view): the token under the cursor and what it attends to. */
export interface SpotlightList {
  readonly analysisId: number;
  readonly token: string;
  /** "layer 3, mean of heads". */
  readonly view: string;
  readonly items: readonly { readonly label: string; readonly weight: number }[];
}

/** The surprisal heatmap's legend (side view): one label per colour band, least surprising first. */
export interface SurprisalLegend {
  readonly document: string;
  readonly bands: readonly string[];
}

/** A continuation preview (panel): the generated text so far and the analysis of each step. */
export interface PreviewMessage {
  readonly previewId: number;
  /** The analysis the preview continues. */
  readonly originId: number;
  readonly text: string;
  readonly steps: readonly { readonly analysisId: number; readonly token: string; readonly p: number }[];
  readonly done: boolean;
}

/** What the encoder and the decoder predict for the word at the cursor (the comparison). */
export interface ComparisonGuess {
  readonly word: string;
  /** The encoder's fillers for the word's first token, with the word masked. */
  readonly encoderFillers: readonly Candidate[];
  /** The decoder's view of the word's first token, from the text before it. */
  readonly decoder: { readonly p: number; readonly rank: number; readonly surprisal: number; readonly expected: readonly Candidate[] } | null;
}

/** The same text analyzed by the encoder and the decoder, for the side-by-side view. */
export interface ComparisonMessage {
  readonly encoder: ShownAnalysis;
  readonly decoder: ShownAnalysis;
  readonly guess: ComparisonGuess | null;
}

/** Host → webview notifications. */
export interface HostToWebview {
  [method: string]: unknown;
  analysis: ShownAnalysis;
  summary: AnalysisSummary | null;
  status: ModelStatus;
  /** Select a token in the view (cursor sync); null clears. */
  focus: { readonly analysisId: number; readonly token: number | null };
  spotlight: SpotlightList | null;
  legend: SurprisalLegend | null;
  preview: PreviewMessage;
  comparison: ComparisonMessage;
}

/** Webview → host notifications. */
export interface WebviewToHost {
  [method: string]: unknown;
  /** The webview's script is running and listening; the host replays its state. */
  ready: { readonly view: 'panel' | 'side' };
  /** Reveal a token of an analysis in the editor. */
  reveal: { readonly analysisId: number; readonly token: number };
  /** Run a contributed command (only the ids in WEBVIEW_COMMANDS are honoured). */
  command: { readonly command: WebviewCommand };
  /** The layer/head the panel shows, so that hovers can follow it. */
  selection: { readonly analysisId: number; readonly layer: number; readonly head: number | null };
  /** The panel drew an analysis: how many tokens its strip shows (the host logs it; tests wait for it). */
  rendered: { readonly analysisId: number; readonly tokens: number };
  /** The reader selected a token in the panel (null: none); the host highlights it in the editor. */
  token: { readonly analysisId: number; readonly token: number | null };
  /** Generate a continuation preview of the text an analysis ends with. */
  continue: { readonly analysisId: number; readonly steps: number; readonly greedy: boolean; readonly controls: SamplingControls };
  /** Insert a continuation preview into its document. */
  insertPreview: { readonly previewId: number };
  /** Show one stored analysis (a continuation step, one side of a comparison). */
  showAnalysis: { readonly analysisId: number };
  /** Save a view's export (a webview frame cannot download): the host asks where and writes it. */
  export: ExportFile;
}

export type ExportMime = 'image/png' | 'image/svg+xml' | 'application/json' | 'text/csv';

/** A file a view exports: bytes for PNG, text (written as UTF-8) for the others. */
export interface ExportFile {
  /** A plain file name (no folders) whose extension matches `mime`. */
  readonly name: string;
  readonly mime: ExportMime;
  readonly data: Uint8Array | string;
}

/** The file extension of each export type (lower case, with the dot). */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportMime, string>> = {
  'image/png': '.png',
  'image/svg+xml': '.svg',
  'application/json': '.json',
  'text/csv': '.csv',
};

/** The largest export the host accepts: bytes of a PNG, characters of a text. */
export const MAX_EXPORT_SIZE = 64 * 1024 * 1024;
export const MAX_EXPORT_NAME = 200;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const WEBVIEW_COMMANDS = ['showPanel', 'analyzeSelection', 'selectModel'] as const;
export type WebviewCommand = (typeof WEBVIEW_COMMANDS)[number];

// ---- guards -------------------------------------------------------------------------------

type Guard = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNullableIndex = (v: unknown): boolean => v === null || isIndex(v);

function isSourceRange(v: unknown): boolean {
  return isObject(v) && isIndex(v.startLine) && isIndex(v.startCharacter) && isIndex(v.endLine) && isIndex(v.endCharacter);
}

function isToken(v: unknown): v is TokenInfo {
  return (
    isObject(v) &&
    isString(v.text) &&
    Number.isInteger(v.id) &&
    typeof v.special === 'boolean' &&
    typeof v.masked === 'boolean' &&
    isNullableIndex(v.start) &&
    isNullableIndex(v.end) &&
    isNullableIndex(v.word)
  );
}

/** Keys are positive integers below 2^53 (the worker starts them at a random base). */
const isKey = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

function isAttentionShape(v: unknown, tokens: number): v is AttentionShape {
  return (
    isObject(v) &&
    isIndex(v.layers) &&
    (v.layers as number) >= 1 &&
    isIndex(v.heads) &&
    (v.heads as number) >= 1 &&
    v.length === tokens &&
    (v.precision === 'float32' || v.precision === 'float16') &&
    typeof v.hasScores === 'boolean' &&
    isKey(v.key)
  );
}

function isCandidates(v: unknown): boolean {
  return Array.isArray(v) && v.every((c) => isObject(c) && isString(c.token) && Number.isInteger(c.id) && isFiniteNumber(c.p));
}

function isPredictions(v: unknown): boolean {
  if (!isObject(v) || !Array.isArray(v.masked) || !Array.isArray(v.perToken) || !isCandidates(v.next)) return false;
  return (
    v.masked.every((m) => isObject(m) && isIndex(m.position) && isCandidates(m.top)) &&
    v.perToken.every((t) => isObject(t) && isIndex(t.position) && isFiniteNumber(t.p) && isIndex(t.rank) && isFiniteNumber(t.surprisal) && isCandidates(t.top))
  );
}

function isRange(v: unknown): boolean {
  return isObject(v) && isIndex(v.start) && isIndex(v.end) && (v.start as number) <= (v.end as number);
}

function isModelFacts(v: unknown): boolean {
  return isObject(v) && isString(v.id) && (v.kind === 'encoder' || v.kind === 'decoder') && isString(v.modelType) && isIndex(v.layers) && isIndex(v.heads);
}

export function isAnalysisOverview(v: unknown): v is AnalysisOverview {
  if (!isObject(v) || !Array.isArray(v.tokens) || !v.tokens.every(isToken)) return false;
  return (
    isModelFacts(v.model) &&
    isAttentionShape(v.attention, v.tokens.length) &&
    isPredictions(v.predictions) &&
    isRange(v.analyzed) &&
    Array.isArray(v.notices) &&
    v.notices.every(isString)
  );
}

function isShownAnalysis(v: unknown): boolean {
  if (!isObject(v) || !isIndex(v.id) || !isObject(v.document) || !isAnalysisOverview(v.result)) return false;
  const d = v.document;
  if (!isString(d.uri) || !isString(d.name) || !isString(d.languageId) || !Number.isInteger(d.version)) return false;
  const result = v.result;
  if (!Array.isArray(v.ranges) || v.ranges.length !== result.tokens.length || !v.ranges.every((r) => r === null || isSourceRange(r))) return false;
  return isIndex(v.layer) && v.layer < result.attention.layers && (v.head === null || (isIndex(v.head) && v.head < result.attention.heads));
}

function isSummary(v: unknown): boolean {
  if (v === null) return true;
  return (
    isObject(v) &&
    isIndex(v.id) &&
    isString(v.document) &&
    isString(v.model) &&
    (v.kind === 'encoder' || v.kind === 'decoder') &&
    isIndex(v.tokens) &&
    isRange(v.analyzed) &&
    Array.isArray(v.notices) &&
    v.notices.every(isString) &&
    Array.isArray(v.predictions) &&
    v.predictions.every((p) => isObject(p) && isString(p.label) && isFiniteNumber(p.p) && (p.position === undefined || isNullableIndex(p.position)))
  );
}

function isStatus(v: unknown): boolean {
  return (
    isObject(v) &&
    isString(v.model) &&
    (v.kind === null || v.kind === 'encoder' || v.kind === 'decoder') &&
    ['idle', 'loading', 'ready', 'error'].includes(v.state as string) &&
    isString(v.detail) &&
    (v.progress === null || (isFiniteNumber(v.progress) && v.progress >= 0 && v.progress <= 1))
  );
}

function isSpotlight(v: unknown): boolean {
  if (v === null) return true;
  return (
    isObject(v) &&
    isIndex(v.analysisId) &&
    isString(v.token) &&
    isString(v.view) &&
    Array.isArray(v.items) &&
    v.items.every((i) => isObject(i) && isString(i.label) && isFiniteNumber(i.weight))
  );
}

function isLegend(v: unknown): boolean {
  return v === null || (isObject(v) && isString(v.document) && Array.isArray(v.bands) && v.bands.every(isString));
}

function isPreview(v: unknown): boolean {
  return (
    isObject(v) &&
    isIndex(v.previewId) &&
    isIndex(v.originId) &&
    isString(v.text) &&
    typeof v.done === 'boolean' &&
    Array.isArray(v.steps) &&
    v.steps.every((s) => isObject(s) && isIndex(s.analysisId) && isString(s.token) && isFiniteNumber(s.p))
  );
}

function isGuess(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v) || !isString(v.word) || !isCandidates(v.encoderFillers)) return false;
  const d = v.decoder;
  return d === null || (isObject(d) && isFiniteNumber(d.p) && isIndex(d.rank) && isFiniteNumber(d.surprisal) && isCandidates(d.expected));
}

function isComparison(v: unknown): boolean {
  return isObject(v) && isShownAnalysis(v.encoder) && isShownAnalysis(v.decoder) && isGuess(v.guess);
}

/**
 * A plain file name: no folder separators, no "..", no control or reserved characters, not
 * starting with a dot or ending with a space or dot, at most MAX_EXPORT_NAME characters.
 */
export function isPlainFileName(name: unknown): name is string {
  return (
    isString(name) &&
    name.length > 0 &&
    name.length <= MAX_EXPORT_NAME &&
    !name.includes('..') &&
    !name.startsWith('.') &&
    !/[\\/:*?"<>|\u2028\u2029]/u.test(name) &&
    !/[ .]$/.test(name) &&
    ![...name].some(isControl)
  );
}

/** C0 and C1 control characters and DEL. */
function isControl(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function isExportFile(v: unknown): v is ExportFile {
  if (!isObject(v) || !isString(v.mime) || !Object.hasOwn(EXPORT_EXTENSIONS, v.mime) || !isPlainFileName(v.name)) return false;
  const mime = v.mime as ExportMime;
  const ext = EXPORT_EXTENSIONS[mime];
  if (v.name.length <= ext.length || v.name.slice(-ext.length).toLowerCase() !== ext) return false;
  const data = v.data;
  if (mime === 'image/png') {
    return (
      data instanceof Uint8Array && data.byteLength <= MAX_EXPORT_SIZE && data.byteLength > PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => data[i] === b)
    );
  }
  return isString(data) && data.length <= MAX_EXPORT_SIZE;
}

const HOST_TO_WEBVIEW: Record<keyof HostToWebview & string, Guard> = {
  analysis: isShownAnalysis,
  summary: isSummary,
  status: isStatus,
  focus: (v) => isObject(v) && isIndex(v.analysisId) && isNullableIndex(v.token),
  spotlight: isSpotlight,
  legend: isLegend,
  preview: isPreview,
  comparison: isComparison,
};

const WEBVIEW_TO_HOST: Record<keyof WebviewToHost & string, Guard> = {
  ready: (v) => isObject(v) && (v.view === 'panel' || v.view === 'side'),
  reveal: (v) => isObject(v) && isIndex(v.analysisId) && isIndex(v.token),
  command: (v) => isObject(v) && (WEBVIEW_COMMANDS as readonly unknown[]).includes(v.command),
  selection: (v) => isObject(v) && isIndex(v.analysisId) && isIndex(v.layer) && isNullableIndex(v.head),
  rendered: (v) => isObject(v) && isIndex(v.analysisId) && isIndex(v.tokens),
  token: (v) => isObject(v) && isIndex(v.analysisId) && isNullableIndex(v.token),
  continue: (v) =>
    isObject(v) &&
    isIndex(v.analysisId) &&
    isIndex(v.steps) &&
    (v.steps as number) >= 1 &&
    (v.steps as number) <= 32 &&
    typeof v.greedy === 'boolean' &&
    isSamplingControls(v.controls),
  insertPreview: (v) => isObject(v) && isIndex(v.previewId),
  showAnalysis: (v) => isObject(v) && isIndex(v.analysisId),
  export: isExportFile,
};

/** True when `params` is a well-formed `method` notification from the host. */
export function isHostMessage(method: string, params: unknown): boolean {
  return Object.hasOwn(HOST_TO_WEBVIEW, method) && HOST_TO_WEBVIEW[method](params);
}

/** True when `params` is a well-formed `method` notification from a webview. */
export function isWebviewMessage(method: string, params: unknown): boolean {
  return Object.hasOwn(WEBVIEW_TO_HOST, method) && WEBVIEW_TO_HOST[method](params);
}

// ---- view requests (webview → host, answered with binary replies) ------------------------------

/** The RPC requests a webview may send its host: the view requests of views.ts, by the same names. */
export type WebviewRequests = ViewMethods;
export const WEBVIEW_REQUESTS = ['matrix', 'thumbnails', 'links', 'row'] as const;

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

const isBoundedIndex = (v: unknown): v is number => isIndex(v) && v < VIEW_LIMITS.maxIndex;
const isSpan = (v: unknown): boolean => isObject(v) && isBoundedIndex(v.start) && isIndex(v.count) && (v.count as number) <= VIEW_LIMITS.maxIndex;
const isCleaning = (v: unknown): boolean =>
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

const isCombine = (v: unknown): boolean => isHeadSelection(v) || (isObject(v) && v.kind === 'rollout');

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
