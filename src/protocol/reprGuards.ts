/**
 * The guards of the word lessons' panel messages (pure TypeScript, all runtimes): the panel checks
 * a senses or word-order message from its host before it draws (every matrix the size its count
 * says, every number finite), the host checks the panel's reveal and shuffle requests.
 * messageGuards.ts lists them with the other notifications.
 */
import { isFiniteNumber, isIndex, isObject, isString } from './guards';
import { MAX_OCCURRENCES, MAX_SENSE_TEXTS, MAX_SHUFFLE_WORDS, type SensesMessage, type WordOrderMessage } from './reprViews';

const isFloats = (v: unknown, length: number): boolean => v instanceof Float32Array && v.length === length && v.every(Number.isFinite);
const isCandidates = (v: unknown): boolean =>
  Array.isArray(v) && v.length <= 50 && v.every((c) => isObject(c) && isString(c.token) && Number.isInteger(c.id) && isFiniteNumber(c.p));

function isLayer(v: unknown, n: number): boolean {
  if (!isObject(v) || !isIndex(v.layer) || !isFloats(v.cosine, n * n)) return false;
  const p = v.projection;
  if (!isObject(p) || !isFloats(p.points, n * 2) || !Array.isArray(p.explained) || p.explained.length !== 2 || !p.explained.every(isFiniteNumber)) return false;
  if (!Array.isArray(v.clusters) || v.clusters.length !== n || !v.clusters.every((c) => c === 0 || c === 1)) return false;
  return (
    Array.isArray(v.nearest) &&
    v.nearest.length === n &&
    v.nearest.every(
      (list) =>
        Array.isArray(list) &&
        list.length <= 10 &&
        list.every((t) => isObject(t) && isString(t.text) && t.text.length <= 200 && isIndex(t.start) && isIndex(t.end) && isFiniteNumber(t.cosine)),
    )
  );
}

function isStatic(v: unknown): boolean {
  if (!isObject(v) || !Number.isInteger(v.id) || !isString(v.token) || !isObject(v.table)) return false;
  const width = v.table.width;
  return (
    isIndex(width) &&
    isFloats(v.row, width) &&
    Array.isArray(v.neighbours) &&
    v.neighbours.length <= 50 &&
    v.neighbours.every((x) => isObject(x) && Number.isInteger(x.id) && isString(x.token) && isFiniteNumber(x.cosine))
  );
}

export function isSensesMessage(v: unknown): v is SensesMessage {
  if (!isObject(v) || !isIndex(v.id) || !isString(v.document) || !isObject(v.result)) return false;
  if (v.background !== undefined && typeof v.background !== 'boolean') return false;
  const r = v.result;
  if (!isString(r.model) || !isString(r.word) || !isIndex(r.found) || !isIndex(r.runs) || !isFiniteNumber(r.runMs)) return false;
  const occurrences = r.occurrences;
  if (!Array.isArray(occurrences) || occurrences.length < 1 || occurrences.length > MAX_OCCURRENCES) return false;
  const n = occurrences.length;
  if (!Array.isArray(v.lines) || v.lines.length !== n || !v.lines.every(isIndex)) return false;
  if (!occurrences.every((o) => isObject(o) && isIndex(o.start) && isIndex(o.end) && Array.isArray(o.ids) && isObject(o.window))) return false;
  // The cursor's occurrence, which the view opens on.
  const at = r.at;
  if (at !== undefined && !(isObject(at) && isIndex(at.index) && at.index < n && typeof at.added === 'boolean')) return false;
  // Several files: a name each, and every occurrence in one of them.
  const files = v.files;
  if (files !== undefined && (!Array.isArray(files) || files.length < 1 || files.length > MAX_SENSE_TEXTS || !files.every(isString))) return false;
  const sources = files?.length ?? 1;
  if (!occurrences.every((o) => isIndex(o.source) && o.source < sources)) return false;
  return (
    Array.isArray(r.layers) &&
    r.layers.length >= 1 &&
    r.layers.length <= 200 &&
    r.layers.every((l) => isLayer(l, n)) &&
    Array.isArray(r.static) &&
    r.static.length <= 32 &&
    r.static.every(isStatic)
  );
}

function isSide(v: unknown): boolean {
  if (!isObject(v) || !isString(v.text) || !Array.isArray(v.tokens) || !v.tokens.every(isString)) return false;
  const T = v.tokens.length;
  return T >= 1 && T <= 512 && isFloats(v.attention, T * T) && isCandidates(v.predictions);
}

export function isWordOrderMessage(v: unknown): v is WordOrderMessage {
  if (!isObject(v) || !isIndex(v.id) || !isObject(v.result)) return false;
  if (v.background !== undefined && typeof v.background !== 'boolean') return false;
  const r = v.result;
  return (
    isString(r.model) &&
    (r.kind === 'encoder' || r.kind === 'decoder') &&
    isIndex(r.seed) &&
    isSide(r.original) &&
    isSide(r.shuffled) &&
    isFiniteNumber(r.bagOfWords) &&
    isIndex(r.words) &&
    (r.words as number) <= MAX_SHUFFLE_WORDS &&
    Array.isArray(r.representation) &&
    r.representation.every((x) => isObject(x) && isIndex(x.layer) && isFiniteNumber(x.cosine)) &&
    (r.masked === null || isString(r.masked))
  );
}

/** The panel asks to reveal occurrence `occurrence` of senses run `sensesId`. */
export const isRevealOccurrence = (v: unknown): boolean =>
  isObject(v) && isIndex(v.sensesId) && isIndex(v.occurrence) && (v.occurrence as number) < MAX_OCCURRENCES;
/** The panel asks for another shuffle of experiment `wordOrderId`. */
export const isShuffleAgain = (v: unknown): boolean => isObject(v) && isIndex(v.wordOrderId);
