/**
 * The guards of the host ↔ webview notifications (pure TypeScript, all runtimes): the host checks
 * every message from a webview (untrusted content) and each webview every message from the host
 * (a stale or malformed one must not break the view), before use. The messages themselves are
 * described in webviewApi.ts; the view requests' guards are in viewGuards.ts.
 */
import { isInsideMessage } from './inside';
import type { AnalysisOverview, AttentionShape, TokenInfo } from './analysis';
import { isFiniteNumber, isIndex, isKey, isNullableIndex, isObject, isString, type Guard } from './guards';
import { isRevealOccurrence, isSensesMessage, isShuffleAgain, isWordOrderMessage } from './reprGuards';
import { isCourseAction, isCourseMessage } from './courseMessages';
import { isSamplingControls } from './sampling';
import { fitsShape, isViewChoice } from './viewChoice';
import { hasHiddenCharacters } from './neutralise';
import { isBertAction, isBertMessage, isScaleShown } from './bert';
import {
  EXPORT_EXTENSIONS,
  MAX_EXPORT_NAME,
  MAX_EXPORT_SIZE,
  WEBVIEW_COMMANDS,
  type ExportFile,
  type ExportMime,
  type HostToWebview,
  type WebviewToHost,
} from './webviewApi';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function isSourceRange(v: unknown): boolean {
  return isObject(v) && isIndex(v.startLine) && isIndex(v.startCharacter) && isIndex(v.endLine) && isIndex(v.endCharacter);
}

function isNullableRange(v: unknown): boolean {
  return v === null || isSourceRange(v);
}

/** `every` as one plain loop: the guards of a long analysis run once, before the page's code is optimised, where each callback costs. */
function all(list: readonly unknown[], check: (v: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!check(list[i])) return false;
  return true;
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
  if (!isObject(v) || !Array.isArray(v.tokens) || !all(v.tokens, isToken)) return false;
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
  if (d.closed !== undefined && typeof d.closed !== 'boolean') return false;
  const result = v.result;
  if (!Array.isArray(v.ranges) || v.ranges.length !== result.tokens.length || !all(v.ranges, isNullableRange)) return false;
  return isViewChoice(v.choice) && fitsShape(v.choice, result.attention);
}

function isSummary(v: unknown): boolean {
  if (v === null) return true;
  return (
    isObject(v) &&
    isIndex(v.id) &&
    isString(v.document) &&
    isString(v.model) &&
    (v.kind === 'encoder' || v.kind === 'decoder') &&
    (v.closed === undefined || typeof v.closed === 'boolean') &&
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
    (v.progress === null || (isFiniteNumber(v.progress) && v.progress >= 0 && v.progress <= 1)) &&
    (v.loaded === undefined || (Array.isArray(v.loaded) && v.loaded.every(isString)))
  );
}

function isSpotlight(v: unknown): boolean {
  if (v === null) return true;
  if (isObject(v) && v.kind === 'outside') return isString(v.document) && (v.analyzed === null || isString(v.analyzed));
  return (
    isObject(v) &&
    isIndex(v.analysisId) &&
    isString(v.token) &&
    isString(v.view) &&
    Array.isArray(v.items) &&
    v.items.every((i) => isObject(i) && isString(i.label) && isFiniteNumber(i.weight)) &&
    (v.empty === undefined || v.empty === 'hidden' || v.empty === 'not-numbers') &&
    Array.isArray(v.bands) &&
    v.bands.every(isString)
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
  if (!isObject(v) || !isString(v.word) || !isCandidates(v.encoderFillers) || typeof v.encoderWhole !== 'boolean' || !isIndex(v.encoderPieces)) return false;
  const d = v.decoder;
  return (
    d === null ||
    (isObject(d) && isFiniteNumber(d.p) && isIndex(d.rank) && isFiniteNumber(d.surprisal) && isCandidates(d.expected) && isIndex(d.pieces) && d.pieces >= 1)
  );
}

function isComparison(v: unknown): boolean {
  return isObject(v) && isShownAnalysis(v.encoder) && isShownAnalysis(v.decoder) && isGuess(v.guess);
}

/**
 * A plain file name: no folder separators, no "..", no control or reserved characters, no bidi or
 * other format characters (a name that reads as "x.csv" but is not), not a Windows device name
 * (CON, NUL, COM1… with any extension), not starting with a dot or ending with a space or dot, at
 * most MAX_EXPORT_NAME characters.
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
    ![...name].some(isControl) &&
    !hasHiddenCharacters(name) &&
    !WINDOWS_DEVICE.test(name.split('.')[0].trimEnd())
  );
}

/** The names Windows reserves for devices, whatever the extension (COM¹ and LPT³ included). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

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
  closed: (v) => isObject(v) && isIndex(v.analysisId) && typeof v.closed === 'boolean',
  spotlight: isSpotlight,
  legend: isLegend,
  preview: isPreview,
  comparison: isComparison,
  inside: isInsideMessage,
  ablation: (v) => v === null || (isObject(v) && isShownAnalysis(v.before) && isShownAnalysis(v.after)),
  settling: isLegend,
  senses: isSensesMessage,
  wordOrder: isWordOrderMessage,
  course: isCourseMessage,
  bert: isBertMessage,
  scale: (v) => v === null || isScaleShown(v),
};

const WEBVIEW_TO_HOST: Record<keyof WebviewToHost & string, Guard> = {
  ready: (v) => isObject(v) && (v.view === 'panel' || v.view === 'side'),
  reveal: (v) => isObject(v) && isIndex(v.analysisId) && isIndex(v.token),
  command: (v) => isObject(v) && (WEBVIEW_COMMANDS as readonly unknown[]).includes(v.command),
  selection: (v) => isObject(v) && isIndex(v.analysisId) && isViewChoice(v.choice),
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
  ablate: (v) =>
    isObject(v) &&
    isIndex(v.analysisId) &&
    Array.isArray(v.heads) &&
    v.heads.length <= 4096 &&
    v.heads.every((h) => isObject(h) && isIndex(h.layer) && isIndex(h.head)),
  restore: (v) => isObject(v) && isIndex(v.analysisId),
  revealOccurrence: isRevealOccurrence,
  shuffleAgain: isShuffleAgain,
  course: isCourseAction,
  bertAction: isBertAction,
};

/** True when `params` is a well-formed `method` notification from the host. */
export function isHostMessage(method: string, params: unknown): boolean {
  return Object.hasOwn(HOST_TO_WEBVIEW, method) && HOST_TO_WEBVIEW[method](params);
}

/** True when `params` is a well-formed `method` notification from a webview. */
export function isWebviewMessage(method: string, params: unknown): boolean {
  return Object.hasOwn(WEBVIEW_TO_HOST, method) && WEBVIEW_TO_HOST[method](params);
}
