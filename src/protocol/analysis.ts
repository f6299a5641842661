/**
 * The analysis contract shared by the engine (worker, CLI), the extension host and the webviews
 * (pure TypeScript, all runtimes). Matrices are flat typed arrays, never nested arrays, so they can
 * cross worker and webview boundaries as transferable buffers.
 *
 * Positions are indices into `tokens`, special tokens included. Character offsets are UTF-16
 * offsets into the request's full `text`, `[start, end)`.
 */

export type ModelKind = 'encoder' | 'decoder';
/** The element type of the attention tensors the engine hands out (float16 as raw bits). */
export type AttentionPrecision = 'float32' | 'float16';
/**
 * Which weights of a model run: fp32 onnx/model.onnx, fp16 onnx/model_fp16.onnx, q8
 * onnx/model_quantized.onnx (the user-facing setting calls it `modelPrecision`).
 */
export type WeightsPrecision = 'fp32' | 'fp16' | 'q8';

/**
 * How many candidates the engine keeps per position (its graph's top-k) and the most any list asks
 * for: the topK setting, the CLI's --top-k, the panel's Next Word that re-shapes them.
 */
export const MAX_CANDIDATES = 50;

export interface AnalyzeRequest {
  readonly text: string;
  /** Character range of `text` to analyze; the whole text when absent. */
  readonly range?: { readonly start: number; readonly end: number };
  /** A character offset the window must contain when the range is longer than the model allows. */
  readonly focus?: number;
  /**
   * The range goes on past `text`: it is a cut of a longer range around `focus` (textCut.ts), these
   * many characters of it before and after. The window and its total are those of the whole range;
   * offsets stay offsets into `text`.
   */
  readonly outside?: { readonly before: number; readonly after: number };
  /** Where the window sits on `focus`: centred on it (default), or starting at its token. */
  readonly anchor?: 'center' | 'start';
  /** Token positions to replace with the mask token before the run (encoders only). */
  readonly mask?: readonly number[];
  /**
   * Character ranges of `text` to mask (encoders only): every non-special token overlapping one is
   * masked, so that a caller can mask a word without tokenizing it first.
   */
  readonly maskChars?: readonly { readonly start: number; readonly end: number }[];
  /** How many alternatives each prediction lists (at most MAX_CANDIDATES). */
  readonly topK?: number;
  /**
   * Also fetch the scaled, masked scores before softmax with the run (`analyze` returns them). The
   * extension leaves it off: handing every layer's scores back costs as much as the probabilities,
   * and `analyzeKept` computes a layer's scores when a view first asks (AttentionShape.hasScores).
   */
  readonly scores?: boolean;
  /** Keep at most this many tokens (the model's maximum positions caps it anyway). */
  readonly maxTokens?: number;
  /**
   * Only these layers' attention (model layer numbers, e.g. the last few when the whole would not
   * fit the memory budget); all layers when absent. The result's `attention.layerIds` names them.
   */
  readonly layers?: readonly number[];
  /** Also keep the residual stream (`hidden`): the embeddings and the stream after each block. */
  readonly hidden?: boolean;
  /** Also keep these layers' query, key and value per head, as the attention product consumes them (`qkv`). */
  readonly qkv?: readonly number[];
  /** Also apply the model's own output head to every layer's stream (`lens`): each position of a decoder, each masked position of an encoder. */
  readonly lens?: boolean;
  /** Heads switched off: their output is scaled by 0 before the heads merge. Part of the analysis' identity. */
  readonly ablate?: readonly HeadRef[];
}

/** One attention head of one layer (model layer numbers). */
export interface HeadRef {
  readonly layer: number;
  readonly head: number;
}

export interface TokenInfo {
  /** The token as the tokenizer shows it (its vocabulary string, e.g. `##ing`, `Ġthe`). */
  readonly text: string;
  readonly id: number;
  readonly special: boolean;
  /** True where the request masked this position; `text` and `id` are still the original token. */
  readonly masked: boolean;
  readonly start: number | null;
  readonly end: number | null;
  /** Index of the word this token belongs to (subword → word merging); null for special tokens. */
  readonly word: number | null;
}

export interface ModelFacts {
  readonly id: string;
  readonly kind: ModelKind;
  readonly modelType: string;
  readonly layers: number;
  readonly heads: number;
  readonly maxPositions: number;
  readonly vocabSize: number;
  readonly maskToken: string | null;
  /** Which weights ran (fp32 onnx/model.onnx, fp16, q8 quantized): predictions differ between them. */
  readonly weights?: WeightsPrecision;
}

/** One layer's tensor: heads × length × length, row-major [head][query][key]. float16 as raw bits. */
export type AttentionLayer = Float32Array | Uint16Array;

export interface AttentionData {
  readonly layers: number;
  readonly heads: number;
  readonly length: number;
  readonly precision: AttentionPrecision;
  /** The model layer of each entry of `probs`, when the request asked for some layers only. */
  readonly layerIds?: readonly number[];
  readonly probs: readonly AttentionLayer[];
  readonly scores: readonly AttentionLayer[] | null;
}

export interface Candidate {
  readonly token: string;
  readonly id: number;
  readonly p: number;
}

export interface MaskedPrediction {
  readonly position: number;
  readonly top: readonly Candidate[];
}

/** P(tokens[position] | tokens[0..position−1]) for a decoder. */
export interface TokenSurprise {
  readonly position: number;
  readonly p: number;
  /** 1 = the model's first choice. */
  readonly rank: number;
  /** −log2 p, in bits. */
  readonly surprisal: number;
  /** What the model expected at this position instead. */
  readonly top: readonly Candidate[];
}

export interface Predictions {
  readonly masked: readonly MaskedPrediction[];
  readonly next: readonly Candidate[];
  readonly perToken: readonly TokenSurprise[];
}

/** The residual stream: `states[0]` after the embeddings, `states[i]` after block i; each [length][width] row-major. */
export interface HiddenStates {
  readonly length: number;
  readonly width: number;
  readonly states: readonly Float32Array[];
}

/**
 * One layer's query, key and value per head, as its attention product consumes them (after rotary
 * embeddings where the graph applies them first): softmax(q·kᵀ·scale + mask) is that layer's attention.
 * Query head h reads key/value head ⌊h·kvHeads/heads⌋.
 */
export interface QkvLayer {
  readonly layer: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly length: number;
  readonly headDim: number;
  readonly scale: number;
  /** [heads][length][headDim] */
  readonly q: Float32Array;
  /** [kvHeads][length][headDim] */
  readonly k: Float32Array;
  /** [kvHeads][length][headDim] */
  readonly v: Float32Array;
}

/** The model's own output head applied to one position's stream after each layer (0: the embeddings). */
export interface LensPosition {
  readonly position: number;
  /** `watched`: one entry per text of LensData.watch (in order), null where that text is not one token of the vocabulary. */
  readonly layers: readonly { readonly layer: number; readonly top: readonly Candidate[]; readonly watched?: readonly (RankedCandidate | null)[] }[];
}

/** A watched token at one layer, wherever it ranks: `rank` 1 is the layer's top token. */
export interface RankedCandidate extends Candidate {
  readonly rank: number;
}

/** 'logit': a decoder's next-token head; 'mlm': an encoder's masked-LM head. Not calibrated probabilities before the last layer. */
export interface LensData {
  readonly kind: 'logit' | 'mlm';
  readonly positions: readonly LensPosition[];
  /** The watched texts asked for (each layer's `watched` follows this order). */
  readonly watch?: readonly string[];
}

export interface AnalysisResult {
  readonly model: ModelFacts;
  readonly tokens: readonly TokenInfo[];
  readonly attention: AttentionData;
  readonly predictions: Predictions;
  /** Character range actually analyzed (differs from the request when windowed). */
  readonly analyzed: { readonly start: number; readonly end: number };
  /**
   * Present when the range was longer than the analysis allows and a window of it was analyzed:
   * token counts. `estimated`: a long range was cut around the focus before tokenizing, and `total`
   * is extrapolated from the cut.
   */
  readonly window?: { readonly tokens: number; readonly total: number; readonly limit: number; readonly estimated?: boolean };
  readonly notices: readonly string[];
  readonly timings: { readonly tokenizeMs: number; readonly runMs: number; readonly postMs: number };
  /** Present when the request asked for them (AnalyzeRequest.hidden, qkv, lens). */
  readonly hidden?: HiddenStates;
  readonly qkv?: readonly QkvLayer[];
  readonly lens?: LensData;
  /** The heads switched off for this analysis (AnalyzeRequest.ablate), when any. */
  readonly ablated?: readonly HeadRef[];
}

/**
 * What a view knows of an analysis whose tensors the engine worker keeps: their shape and the
 * worker's key to ask for windows of them (see views.ts).
 */
export interface AttentionShape {
  readonly layers: number;
  readonly heads: number;
  readonly length: number;
  readonly precision: AttentionPrecision;
  /**
   * Whether a view may ask for the scores before softmax (MatrixRequest stage 'scores', one head):
   * fetched with the analysis, or computed by the worker on the first request for a layer (a run
   * of the same inputs: the same values; it takes about one forward pass). False where the model
   * exposes none (GroupQueryAttention).
   */
  readonly hasScores: boolean;
  /** The worker's key for this analysis's tensors (MatrixRequest.key and friends). */
  readonly key: number;
}

/** An analysis without its tensors, as the host and the webviews hold it. */
export interface AnalysisOverview extends Omit<AnalysisResult, 'attention' | 'hidden' | 'qkv'> {
  readonly attention: AttentionShape;
}

/**
 * The overview of a result whose tensors the worker keeps under `key`; `scoresOnRequest`: the
 * worker computes the scores the result lacks when a view asks for them.
 */
export function toOverview(result: AnalysisResult, key: number, scoresOnRequest = false): AnalysisOverview {
  // The probes' tensors stay with the worker, as the attention does.
  const { attention, hidden: _hidden, qkv: _qkv, ...rest } = result;
  return {
    ...rest,
    attention: {
      layers: attention.layers,
      heads: attention.heads,
      length: attention.length,
      precision: attention.precision,
      hasScores: attention.scores !== null || scoresOnRequest,
      key,
    },
  };
}

/** Reads element (layer, head, query, key) of a float32 or float16 layer. */
export function attentionAt(data: AttentionData, layer: number, head: number, query: number, key: number): number {
  const t = data.length;
  const value = data.probs[layer][(head * t + query) * t + key];
  return data.precision === 'float16' ? halfToFloat(value) : value;
}

/** float16 bits → value, for hot loops that read half-precision layers without a call per element. */
export const HALF_TABLE: Float32Array = buildHalfTable();

function buildHalfTable(): Float32Array {
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) table[h] = sign * 2 ** -14 * (fraction / 1024);
    else if (exponent === 31) table[h] = fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    else table[h] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return table;
}

/** IEEE 754 half-precision bits to a number. */
export function halfToFloat(bits: number): number {
  return HALF_TABLE[bits & 0xffff];
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/**
 * A number to IEEE 754 half-precision bits (through float32), rounding to nearest, ties to even;
 * NaN stays NaN, out of range becomes ±Infinity. Test data and benchmarks use it.
 */
export function floatToHalf(value: number): number {
  F32[0] = value;
  const x = U32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  // Normal halves keep 10 of the 23 mantissa bits; subnormal ones shift the implicit 1 in too.
  const shift = e > 0 ? 13 : 14 - e;
  if (shift > 24) return sign;
  const m = e > 0 ? mantissa : mantissa | 0x800000;
  let h = (e > 0 ? e << 10 : 0) | (m >>> shift);
  const rest = m & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && h & 1)) h++; // a carry moves into the exponent, up to Infinity
  return sign | h;
}

/** Expands a layer to float32 (a copy for float16, the same array for float32). */
export function layerToFloat32(layer: AttentionLayer, precision: AttentionPrecision): Float32Array {
  if (precision === 'float32') return layer as Float32Array;
  const out = new Float32Array(layer.length);
  for (let i = 0; i < layer.length; i++) out[i] = HALF_TABLE[layer[i]];
  return out;
}
