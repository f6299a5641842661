/**
 * Turns a compact analysis description into what the host holds (plain Node, tests and the
 * webview benchmark): the full tensors (AttentionData, kept on the Node side where serveView
 * answers the page's view requests, as the worker would) and the overview the page receives
 * (a ShownAnalysis without tensors, with the worker's key).
 */
import { floatToHalf, type AnalysisOverview, type AttentionData, type Candidate, type TokenInfo } from '../../../src/protocol/analysis';
import { NO_CLEANING, type Combine } from '../../../src/protocol/views';
import type { ShownAnalysis, SourceRange } from '../../../src/protocol/webviewApi';

export type TokenSpec =
  string | { readonly text: string; readonly special?: boolean; readonly masked?: boolean; readonly id?: number; readonly word?: number | null };
export type CandidateSpec = readonly [token: string, p: number];

export interface AnalysisSpec {
  readonly id: number;
  readonly documentName?: string;
  /** The document was closed since (ShownDocument.closed), as the host replays such an analysis. */
  readonly documentClosed?: boolean;
  readonly modelId?: string;
  readonly kind?: 'encoder' | 'decoder';
  readonly tokens: readonly TokenSpec[];
  readonly layers: number;
  readonly heads: number;
  readonly precision?: 'float32' | 'float16';
  /** Explicit matrices, `"layer/head"` → T×T row-major values; every other one follows `fill`. */
  readonly matrices?: Readonly<Record<string, readonly number[]>>;
  /** Explicit scores (before softmax) for `"layer/head"`; with any given, the analysis has scores. */
  readonly scores?: Readonly<Record<string, readonly number[]>>;
  /** uniform rows; causal (uniform over keys ≤ query); pattern: a deterministic softmax-like row per (layer, head). */
  readonly fill?: 'uniform' | 'causal' | 'pattern';
  /** What the host opens the analysis on (cleaning: none): the layer, and the heads (default: the mean). */
  readonly layer?: number;
  readonly combine?: Combine;
  readonly masked?: readonly { readonly position: number; readonly top: readonly CandidateSpec[] }[];
  readonly next?: readonly CandidateSpec[];
  readonly perToken?: readonly { readonly position: number; readonly p: number; readonly rank: number; readonly top: readonly CandidateSpec[] }[];
  readonly notices?: readonly string[];
  /** The worker's key (defaults to the id). */
  readonly key?: number;
}

/** Ways to break a well-formed overview (the rejection tests). */
export type Tamper = 'key-missing' | 'shape-mismatch' | 'missing-ranges' | 'layer-out-of-range' | 'token-without-text';

export interface BuiltAnalysis {
  readonly shown: ShownAnalysis;
  readonly data: AttentionData;
  readonly tokens: readonly TokenInfo[];
}

export function buildAnalysis(spec: AnalysisSpec): BuiltAnalysis {
  const t = spec.tokens.length;
  const tokens: TokenInfo[] = [];
  const ranges: (SourceRange | null)[] = [];
  let offset = 0;
  spec.tokens.forEach((s, i) => {
    const token = typeof s === 'string' ? { text: s } : s;
    const special = token.special ?? false;
    const length = token.text.length;
    const word = 'word' in token && token.word !== undefined ? token.word : special ? null : i;
    tokens.push({
      text: token.text,
      id: token.id ?? 100 + i,
      special,
      masked: token.masked ?? false,
      start: special ? null : offset,
      end: special ? null : offset + length,
      word,
    });
    ranges.push(special ? null : { startLine: 0, startCharacter: offset, endLine: 0, endCharacter: offset + length });
    if (!special) offset += length;
  });
  const precision = spec.precision ?? 'float32';
  const layer = (given: Readonly<Record<string, readonly number[]>> | undefined, l: number, fill: boolean): Float32Array | Uint16Array => {
    const values = new Float32Array(spec.heads * t * t);
    for (let head = 0; head < spec.heads; head++) {
      const m = given?.[`${l}/${head}`];
      for (let q = 0; q < t; q++) {
        for (let k = 0; k < t; k++) values[(head * t + q) * t + k] = m ? m[q * t + k] : fill ? fillValue(spec.fill ?? 'uniform', l, head, q, k, t) : 0;
      }
    }
    return precision === 'float16' ? toHalf(values) : values;
  };
  const probs = Array.from({ length: spec.layers }, (_, l) => layer(spec.matrices, l, true));
  const scores = spec.scores ? Array.from({ length: spec.layers }, (_, l) => layer(spec.scores, l, false)) : null;
  const data: AttentionData = { layers: spec.layers, heads: spec.heads, length: t, precision, probs, scores };
  const candidates = (list: readonly CandidateSpec[] | undefined): Candidate[] => (list ?? []).map(([token, p], i) => ({ token, id: 1000 + i, p }));
  const result: AnalysisOverview = {
    model: {
      id: spec.modelId ?? 'tiny-test-model',
      kind: spec.kind ?? 'encoder',
      modelType: 'bert',
      layers: spec.layers,
      heads: spec.heads,
      maxPositions: 512,
      vocabSize: 4096,
      maskToken: '[MASK]',
    },
    tokens,
    attention: { layers: spec.layers, heads: spec.heads, length: t, precision, hasScores: scores !== null, key: spec.key ?? spec.id },
    predictions: {
      masked: (spec.masked ?? []).map((m) => ({ position: m.position, top: candidates(m.top) })),
      next: candidates(spec.next),
      perToken: (spec.perToken ?? []).map((s) => ({ position: s.position, p: s.p, rank: s.rank, surprisal: -Math.log2(s.p), top: candidates(s.top) })),
    },
    analyzed: { start: 0, end: offset },
    notices: [...(spec.notices ?? [])],
    timings: { tokenizeMs: 1, runMs: 2, postMs: 3 },
  };
  const shown = {
    id: spec.id,
    document: {
      uri: 'untitled:Untitled-1',
      name: spec.documentName ?? 'river.txt',
      languageId: 'plaintext',
      version: 1,
      ...(spec.documentClosed ? { closed: true } : {}),
    },
    result,
    ranges,
    choice: { layer: spec.layer ?? 0, combine: spec.combine ?? { kind: 'mean' }, cleaning: NO_CLEANING },
  } satisfies ShownAnalysis;
  return { shown, data, tokens };
}

/** A well-formed overview broken one way (JSON-able: the page receives it through Playwright). */
export function breakAnalysis(built: BuiltAnalysis, tamper: Tamper): unknown {
  const shown = built.shown;
  const a = shown.result.attention;
  const withAttention = (attention: unknown): unknown => ({ ...shown, result: { ...shown.result, attention } });
  switch (tamper) {
    case 'key-missing': {
      const { key: _key, ...rest } = a;
      return withAttention(rest);
    }
    case 'shape-mismatch':
      return withAttention({ ...a, length: a.length + 1 });
    case 'missing-ranges': {
      const { ranges: _ranges, ...rest } = shown;
      return rest;
    }
    case 'layer-out-of-range':
      return { ...shown, choice: { ...shown.choice, layer: a.layers } };
    case 'token-without-text':
      return { ...shown, result: { ...shown.result, tokens: shown.result.tokens.map((tk, i) => (i === 0 ? { ...tk, text: undefined } : tk)) } };
  }
}

function fillValue(fill: 'uniform' | 'causal' | 'pattern', layer: number, head: number, q: number, k: number, t: number): number {
  if (fill === 'uniform') return 1 / t;
  if (fill === 'causal') return k <= q ? 1 / (q + 1) : 0;
  // A peaked row that moves with layer and head, normalised like a softmax row (approximately).
  const centre = (q + layer + 2 * head) % t;
  const d = Math.abs(k - centre);
  return Math.exp(-d) / 2.2;
}

/** float32 → IEEE 754 half bits (test data). */
export function toHalf(values: Float32Array): Uint16Array {
  return Uint16Array.from(values, floatToHalf);
}
