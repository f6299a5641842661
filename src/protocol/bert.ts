/**
 * What the panel's BERT tab shows (pure TypeScript, all runtimes): the last next-sentence
 * prediction (or why the model has none), the last live fine-tuning and the loaded model's
 * position encoding, as the host posts them
 * (`bert`), and their guards; the tab's one request back (`bertAction`: try a random B). Texts from
 * the document and labels the user typed are only ever set as text in the webview.
 */
import type { FineTuneResult } from './finetune';
import { isFiniteNumber, isIndex, isObject, isString } from './guards';
import type { ModelScale, NextSentenceResult, PositionsResult } from './representations';

/** Sentences longer than this are refused by the guard (the host cuts them first). */
export const MAX_SENTENCE = 4000;
export const MAX_LABELS = 50;

export type NspShown =
  | { readonly a: string; readonly b: string; readonly result: Omit<NextSentenceResult, 'runMs'> }
  | { readonly a: string; readonly b: string; readonly unsupported: string };

export interface FineTuneShown {
  /** The document's short name. */
  readonly document: string;
  readonly result: Omit<FineTuneResult, 'predictions'>;
  /**
   * Unlabelled lines of the editor the head then labelled; null for a classifier the course trained
   * on its pack's file (it labels no line of the student's text).
   */
  readonly predicted: number | null;
}

/** The loaded model's position encoding, first for a few positions (a quick first paint), then for all. */
export interface PositionsShown {
  readonly model: string;
  readonly positions: PositionsResult;
  /** More positions follow (this one is the quick first paint). */
  readonly partial: boolean;
}

export interface BertMessage {
  /** Increases with each command that shows the tab; a replay (the page reloaded) keeps it, so the tab comes forward once. */
  readonly id: number;
  readonly nsp: NspShown | null;
  readonly fineTune: FineTuneShown | null;
  readonly positions: PositionsShown | null;
}

/** The tab's request: a B from elsewhere in the document for the same A. */
export interface BertAction {
  readonly action: 'randomB';
}

const isText = (v: unknown): v is string => isString(v) && v.length <= MAX_SENTENCE;
const isRange = (v: unknown): boolean => isObject(v) && isIndex(v.start) && isIndex(v.end) && (v.end as number) >= (v.start as number);
const isProbability = (v: unknown): boolean => isFiniteNumber(v) && v >= 0 && v <= 1;

function isNspResult(v: unknown): boolean {
  if (!isObject(v) || !isString(v.model) || !isProbability(v.isNext) || !Array.isArray(v.logits) || !v.logits.every(isFiniteNumber)) return false;
  if (!Array.isArray(v.tokens) || v.tokens.length > 4096 || !isObject(v.segments) || !isRange(v.segments.a) || !isRange(v.segments.b)) return false;
  const tokensOk = v.tokens.every((t) => isObject(t) && isString(t.text) && (t.segment === 'a' || t.segment === 'b' || t.segment === null));
  const crossOk =
    Array.isArray(v.crossAttention) && v.crossAttention.every((c) => isObject(c) && isIndex(c.layer) && isProbability(c.aToB) && isProbability(c.bToA));
  return tokensOk && crossOk;
}

function isNspShown(v: unknown): boolean {
  if (!isObject(v) || !isText(v.a) || !isText(v.b)) return false;
  return 'unsupported' in v ? isText(v.unsupported) : isNspResult(v.result);
}

function isFineTuneShown(v: unknown): boolean {
  if (!isObject(v) || !isString(v.document) || !(v.predicted === null || isIndex(v.predicted)) || !isObject(v.result)) return false;
  const r = v.result;
  const labels = r.labels;
  if (!Array.isArray(labels) || labels.length < 2 || labels.length > MAX_LABELS || !labels.every(isString)) return false;
  const k = labels.length;
  return (
    isString(r.model) &&
    isIndex(r.examples) &&
    isIndex(r.width) &&
    isIndex(r.folds) &&
    isProbability(r.accuracy) &&
    Array.isArray(r.perClass) &&
    r.perClass.length === k &&
    r.perClass.every((c) => isObject(c) && isIndex(c.support) && isProbability(c.precision) && isProbability(c.recall) && isProbability(c.f1)) &&
    Array.isArray(r.confusion) &&
    r.confusion.length === k &&
    r.confusion.every((row) => Array.isArray(row) && row.length === k && row.every(isIndex))
  );
}

/** At most this many positions travel to the webview (a 1024 × 1024 matrix is 4 MiB). */
export const MAX_SHOWN_POSITIONS = 1024;

const isMatrix = (v: unknown, n: number): boolean => v instanceof Float32Array && v.length === n;

function isPositionsShown(v: unknown): boolean {
  if (!isObject(v) || !isString(v.model) || typeof v.partial !== 'boolean' || !isObject(v.positions)) return false;
  const p = v.positions;
  const n = p.count;
  if (!isIndex(n) || n < 2 || n > MAX_SHOWN_POSITIONS) return false;
  if (p.kind === 'rotary')
    return (
      isString(p.message) && (p.frequencies === null || (Array.isArray(p.frequencies) && p.frequencies.length <= 4096 && p.frequencies.every(isFiniteNumber)))
    );
  if (p.kind !== 'learned' || !isObject(p.table) || !isString(p.table.name) || !isIndex(p.offset)) return false;
  const pca = (q: unknown): boolean =>
    isObject(q) && isMatrix(q.points, n * 2) && Array.isArray(q.explained) && q.explained.length === 2 && q.explained.every(isFiniteNumber);
  const sinusoid = p.sinusoid;
  return (
    isMatrix(p.similarity, n * n) && pca(p.pca) && isObject(sinusoid) && isIndex(sinusoid.width) && isMatrix(sinusoid.similarity, n * n) && pca(sinusoid.pca)
  );
}

export function isBertMessage(v: unknown): v is BertMessage {
  return (
    isObject(v) &&
    isIndex(v.id) &&
    (v.nsp === null || isNspShown(v.nsp)) &&
    (v.fineTune === null || isFineTuneShown(v.fineTune)) &&
    (v.positions === null || isPositionsShown(v.positions))
  );
}

export const isBertAction = (v: unknown): v is BertAction => isObject(v) && v.action === 'randomB';

/** The side view's scale section: the loaded model's exact size and its attention's memory. */
export interface ScaleShown {
  readonly kind: 'encoder' | 'decoder';
  readonly scale: ModelScale;
}

export function isScaleShown(v: unknown): v is ScaleShown {
  if (!isObject(v) || (v.kind !== 'encoder' && v.kind !== 'decoder') || !isObject(v.scale)) return false;
  const s = v.scale;
  const a = s.attention;
  return (
    isString(s.model) &&
    isIndex(s.parameters) &&
    isIndex(s.stored) &&
    isIndex(s.weightBytes) &&
    isObject(a) &&
    isIndex(a.tokens) &&
    isIndex(a.layers) &&
    isIndex(a.heads) &&
    isIndex(a.bytesPerValue) &&
    isIndex(a.bytes)
  );
}
