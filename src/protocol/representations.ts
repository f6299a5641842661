/**
 * The contract of the representation lessons the engine computes (pure TypeScript, all runtimes):
 * next-sentence prediction on a sentence pair, the loaded model's position encoding, and its scale
 * (parameter count, attention memory). Matrices travel as flat row-major Float32Arrays; the CLI
 * nests them at its edge.
 */

/** Two sentences for `[CLS] A [SEP] B [SEP]`. */
export interface NextSentenceRequest {
  readonly a: string;
  readonly b: string;
}

/** Token indices [start, end) of one sentence in the pair's strip. */
export interface TokenRange {
  readonly start: number;
  readonly end: number;
}

/** One token of the strip: its sentence ('a', 'b', or null for [CLS]/[SEP]) and its characters in that sentence. */
export interface PairToken {
  readonly text: string;
  readonly id: number;
  readonly segment: 'a' | 'b' | null;
  readonly start: number | null;
  readonly end: number | null;
}

/**
 * How much a layer's attention crosses between the sentences: the attention weight a query token of
 * A puts on all of B's tokens, averaged over A's tokens and over the heads (and B→A likewise).
 */
export interface CrossAttention {
  readonly layer: number;
  readonly aToB: number;
  readonly bToA: number;
}

/**
 * The P(IsNext) from which the model says that B follows A (IsNext): the head's argmax over its two
 * classes. The BERT tab's verdict and the course's next-sentence answer both read it here.
 */
export const IS_NEXT = 0.5;

export interface NextSentenceResult {
  readonly model: string;
  /** P(IsNext): the softmax of the next-sentence head's two logits, index 0. */
  readonly isNext: number;
  /** The head's raw logits [IsNext, NotNext]. */
  readonly logits: readonly [number, number];
  readonly tokens: readonly PairToken[];
  readonly segments: { readonly a: TokenRange; readonly b: TokenRange };
  readonly crossAttention: readonly CrossAttention[];
  readonly runMs: number;
}

/** Points of a 2-D principal-component projection and the share of the variance each axis holds. */
export interface Projection {
  /** count × 2, row-major: PC1 and PC2 of each row. */
  readonly points: Float32Array;
  readonly explained: readonly [number, number];
}

/** The original transformer's sine/cosine encoding at the model's width, for comparison. */
export interface SinusoidPositions {
  readonly width: number;
  readonly similarity: Float32Array;
  readonly pca: Projection;
}

export type PositionsResult =
  | {
      readonly model: string;
      readonly kind: 'learned';
      /** The graph initializer holding the table, its rows and width. */
      readonly table: { readonly name: string; readonly rows: number; readonly width: number };
      /** The table row of the first text position (RoBERTa-family models start after the padding id). */
      readonly offset: number;
      readonly count: number;
      /** count × count cosine similarity of the table's rows offset … offset + count − 1. */
      readonly similarity: Float32Array;
      readonly pca: Projection;
      readonly sinusoid: SinusoidPositions;
    }
  | {
      readonly model: string;
      readonly kind: 'rotary';
      readonly count: number;
      /** Rotation frequencies (radians per position) of the dimension pairs; null when neither graph nor config gives them. */
      readonly frequencies: readonly number[] | null;
      readonly source: 'graph' | 'config' | null;
      readonly message: string;
    };

export interface ModelScale {
  readonly model: string;
  /** Distinct weights: the weight initializers' elements, each tied copy counted once. */
  readonly parameters: number;
  /** Weight elements stored in the graph, copies included. */
  readonly stored: number;
  readonly weightBytes: number;
  /** Initializers that repeat another's values (as is, or transposed: a tied output head). */
  readonly copies: readonly { readonly name: string; readonly of: string; readonly elements: number; readonly transposed: boolean }[];
  /** The attention probabilities of every layer for the longest input, as the engine hands them out. */
  readonly attention: { readonly tokens: number; readonly layers: number; readonly heads: number; readonly bytesPerValue: number; readonly bytes: number };
}
