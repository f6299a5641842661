/**
 * The messages between the extension host and its webviews (the panel in the editor area and the
 * side view in the activity bar). Pure TypeScript, all runtimes.
 *
 * Both links run over `RpcEndpoint` (postMessage). Everything that crosses is checked by the guards
 * below before use — on the host (a webview is untrusted content) and in the webview (a stale or
 * malformed message must not break the view). Attention matrices travel as typed arrays, which
 * VS Code's webview postMessage carries as binary, never as nested JSON arrays.
 */
import type { AnalysisResult, AttentionData, AttentionLayer, Candidate, ModelKind, TokenInfo } from './analysis';
import { isSamplingControls, type SamplingControls } from './sampling';

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
  readonly result: AnalysisResult;
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
}

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
    isObject(v) && isString(v.text) && Number.isInteger(v.id) && typeof v.special === 'boolean' && typeof v.masked === 'boolean' &&
    isNullableIndex(v.start) && isNullableIndex(v.end) && isNullableIndex(v.word)
  );
}

function isLayer(v: unknown, precision: unknown, size: number): v is AttentionLayer {
  const typed = precision === 'float16' ? v instanceof Uint16Array : v instanceof Float32Array;
  return typed && (v as AttentionLayer).length === size;
}

function isAttention(v: unknown, tokens: number): v is AttentionData {
  if (!isObject(v) || !isIndex(v.layers) || !isIndex(v.heads) || v.length !== tokens) return false;
  if (v.precision !== 'float32' && v.precision !== 'float16') return false;
  const size = (v.heads as number) * tokens * tokens;
  const layersOk = (list: unknown): boolean =>
    Array.isArray(list) && list.length === v.layers && list.every((layer) => isLayer(layer, v.precision, size));
  return layersOk(v.probs) && (v.scores === null || layersOk(v.scores));
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

export function isAnalysisResult(v: unknown): v is AnalysisResult {
  if (!isObject(v) || !Array.isArray(v.tokens) || !v.tokens.every(isToken)) return false;
  return (
    isModelFacts(v.model) && isAttention(v.attention, v.tokens.length) && isPredictions(v.predictions) && isRange(v.analyzed) &&
    Array.isArray(v.notices) && v.notices.every(isString)
  );
}

function isShownAnalysis(v: unknown): boolean {
  if (!isObject(v) || !isIndex(v.id) || !isObject(v.document) || !isAnalysisResult(v.result)) return false;
  const d = v.document;
  if (!isString(d.uri) || !isString(d.name) || !isString(d.languageId) || !Number.isInteger(d.version)) return false;
  const result = v.result;
  if (!Array.isArray(v.ranges) || v.ranges.length !== result.tokens.length || !v.ranges.every((r) => r === null || isSourceRange(r))) return false;
  return isIndex(v.layer) && v.layer < result.attention.layers && (v.head === null || (isIndex(v.head) && v.head < result.attention.heads));
}

function isSummary(v: unknown): boolean {
  if (v === null) return true;
  return (
    isObject(v) && isIndex(v.id) && isString(v.document) && isString(v.model) && (v.kind === 'encoder' || v.kind === 'decoder') &&
    isIndex(v.tokens) && isRange(v.analyzed) && Array.isArray(v.notices) && v.notices.every(isString) &&
    Array.isArray(v.predictions) &&
    v.predictions.every((p) => isObject(p) && isString(p.label) && isFiniteNumber(p.p) && (p.position === undefined || isNullableIndex(p.position)))
  );
}

function isStatus(v: unknown): boolean {
  return (
    isObject(v) && isString(v.model) && (v.kind === null || v.kind === 'encoder' || v.kind === 'decoder') &&
    ['idle', 'loading', 'ready', 'error'].includes(v.state as string) && isString(v.detail) &&
    (v.progress === null || (isFiniteNumber(v.progress) && v.progress >= 0 && v.progress <= 1))
  );
}

function isSpotlight(v: unknown): boolean {
  if (v === null) return true;
  return (
    isObject(v) && isIndex(v.analysisId) && isString(v.token) && isString(v.view) && Array.isArray(v.items) &&
    v.items.every((i) => isObject(i) && isString(i.label) && isFiniteNumber(i.weight))
  );
}

function isLegend(v: unknown): boolean {
  return v === null || (isObject(v) && isString(v.document) && Array.isArray(v.bands) && v.bands.every(isString));
}

function isPreview(v: unknown): boolean {
  return (
    isObject(v) && isIndex(v.previewId) && isIndex(v.originId) && isString(v.text) && typeof v.done === 'boolean' && Array.isArray(v.steps) &&
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
    isObject(v) && isIndex(v.analysisId) && isIndex(v.steps) && (v.steps as number) >= 1 && (v.steps as number) <= 32 && typeof v.greedy === 'boolean' && isSamplingControls(v.controls),
  insertPreview: (v) => isObject(v) && isIndex(v.previewId),
  showAnalysis: (v) => isObject(v) && isIndex(v.analysisId),
};

/** True when `params` is a well-formed `method` notification from the host. */
export function isHostMessage(method: string, params: unknown): boolean {
  return Object.hasOwn(HOST_TO_WEBVIEW, method) && HOST_TO_WEBVIEW[method](params);
}

/** True when `params` is a well-formed `method` notification from a webview. */
export function isWebviewMessage(method: string, params: unknown): boolean {
  return Object.hasOwn(WEBVIEW_TO_HOST, method) && WEBVIEW_TO_HOST[method](params);
}
