/**
 * The contract of the word lessons (pure TypeScript, all runtimes): word senses (every occurrence of
 * a word, its contextual vector per layer, their cosine matrix, principal plane and clusters), the
 * static input-embedding row of a token beside its nearest vocabulary neighbours (the "word2vec
 * view"), and the word-order experiment (the words of a text shuffled: a bag of words does not
 * change, the model's attention, representations and predictions do). Matrices travel as flat
 * row-major Float32Arrays; the CLI nests them at its edge.
 */
import type { Candidate } from './analysis';
import type { Projection } from './representations';

/**
 * A cosine at or above this reads as 1.000 at the three decimals the views and the CLI print: two
 * occurrences that close are one vector to the reader, so they are one cluster, one point of the
 * plot, and no layer is said to have told them apart (identical contexts differ only by position).
 */
export const SAME_COSINE = 0.9995;

export interface SensesRequest {
  /** The text, or several (files the user picked, at most MAX_SENSE_TEXTS): an occurrence's `source` says which. */
  readonly text: string | readonly string[];
  /** The word: matched whole, case-insensitively (letters, digits and marks of any script). */
  readonly word: string;
  /** At most this many occurrences, in document order (MAX_OCCURRENCES when absent). */
  readonly maxOccurrences?: number;
  /**
   * The cursor: character `offset` of text `source`. The occurrence that holds it is always analyzed:
   * past the first maxOccurrences, it takes the last one's place (the result's `at` says so).
   */
  readonly at?: { readonly source: number; readonly offset: number };
}

/** The most occurrences one request analyzes. */
export const MAX_OCCURRENCES = 200;
/** The most static rows (distinct tokens of the word's spellings) a senses result carries: each is a search of the vocabulary. */
export const MAX_STATIC_ROWS = 16;
/** The most texts (files) one request searches. */
export const MAX_SENSE_TEXTS = 20;

/** A token of the analyzed text near an occurrence's vector at one layer. */
export interface NearToken {
  /** The token's characters in the text (document text: set as text only). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly cosine: number;
}

export interface SenseOccurrence {
  /** The text it is in (the request's text index; 0 for a single text). */
  readonly source: number;
  /** Characters [start, end) of the occurrence in its text. */
  readonly start: number;
  readonly end: number;
  /** The ids of its tokens (its vector is their mean). */
  readonly ids: readonly number[];
  /** The characters the model read around it (one window may serve several occurrences). */
  readonly window: { readonly start: number; readonly end: number };
}

export interface SensesLayer {
  /** 0: the static input-embedding rows (before positions are added); l ≥ 1: the residual stream after block l. */
  readonly layer: number;
  /** N × N cosine similarity of the occurrences' vectors. */
  readonly cosine: Float32Array;
  /** The occurrences on the vectors' first two principal components. */
  readonly projection: Projection;
  /** A cluster (0 or 1) per occurrence: two groups by mean cosine, occurrence 0 in group 0; all 0 when every vector is the same. */
  readonly clusters: readonly number[];
  /** Per occurrence, the tokens of its window whose vectors at this layer are nearest its own (itself left out). */
  readonly nearest: readonly (readonly NearToken[])[];
}

/** A vocabulary entry near a token's static row. */
export interface VocabNeighbour {
  readonly id: number;
  /** The vocabulary string (model text: set as text, neutralised elsewhere). */
  readonly token: string;
  readonly cosine: number;
}

/** A token's row of the input-embedding table (the graph's initializer) and its nearest vocabulary neighbours by cosine. */
export interface StaticEmbedding {
  readonly id: number;
  readonly token: string;
  /** The initializer the row is read from, its rows and width. */
  readonly table: { readonly name: string; readonly rows: number; readonly width: number };
  readonly row: Float32Array;
  readonly neighbours: readonly VocabNeighbour[];
}

export interface SensesResult {
  readonly model: string;
  readonly word: string;
  readonly occurrences: readonly SenseOccurrence[];
  /** Whole-word occurrences in the text (more than `occurrences` when capped). */
  readonly found: number;
  /**
   * The request's `at`, where an occurrence holds it: that occurrence's index in `occurrences`, and
   * whether it was added to the first maxOccurrences − 1 (it lies past the first maxOccurrences).
   */
  readonly at?: { readonly index: number; readonly added: boolean };
  /** layers[0] is the embeddings; one entry per layer of the stream. */
  readonly layers: readonly SensesLayer[];
  /** The static rows of the occurrences' tokens: every spelling's, each token once, in the order they first occur (at most MAX_STATIC_ROWS, the cursor's among them). */
  readonly static: readonly StaticEmbedding[];
  /** How many model runs (windows) it took, and their time. */
  readonly runs: number;
  readonly runMs: number;
}

export interface WordOrderRequest {
  readonly text: string;
  /** The shuffle's seed: the same seed gives the same order. */
  readonly seed: number;
}

/** One side of the experiment: the text the model read and what it did with it. */
export interface WordOrderSide {
  readonly text: string;
  /** The tokens' strings (model text: set as text only). */
  readonly tokens: readonly string[];
  /** The last layer's attention, mean over heads: tokens × tokens. */
  readonly attention: Float32Array;
  /** What the model predicts: an encoder's fillers of the masked word, a decoder's next tokens. */
  readonly predictions: readonly Candidate[];
}

export interface WordOrderResult {
  readonly model: string;
  readonly kind: 'encoder' | 'decoder';
  readonly seed: number;
  readonly original: WordOrderSide;
  readonly shuffled: WordOrderSide;
  /** The cosine of the two texts' bag-of-words count vectors (lower-cased words). */
  readonly bagOfWords: number;
  readonly words: number;
  /** Per layer (0: the static rows), the cosine of the mean token vector of the original and of the shuffled text. */
  readonly representation: readonly { readonly layer: number; readonly cosine: number }[];
  /** An encoder's masked word (the same word in both orders), null for a decoder. */
  readonly masked: string | null;
}

/** The most words the experiment shuffles (its matrices stay small). */
export const MAX_SHUFFLE_WORDS = 40;

/** Host → panel: word senses of a document's word (the Representations tab). */
export interface SensesMessage {
  /** Increases with every senses run; the panel's reveal requests name it. */
  readonly id: number;
  /** The document's short name. */
  readonly document: string;
  /** The 1-based line of each occurrence. */
  readonly lines: readonly number[];
  /** Several files: each one's short name (an occurrence's `source` indexes it); absent for one document. */
  readonly files?: readonly string[];
  readonly result: SensesResult;
  /** A course unit's own run: drawn in its tab without bringing the tab forward (the unit's question stays in view). */
  readonly background?: boolean;
}

/** Host → panel: one run of the word-order experiment. */
export interface WordOrderMessage {
  readonly id: number;
  readonly result: WordOrderResult;
  /** As SensesMessage's. */
  readonly background?: boolean;
}
