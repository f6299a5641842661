/**
 * How vocabulary pieces join into text, and which joined texts are words (engine runtime).
 *
 * A piece's text depends on what precedes it: a WordPiece "##ank" glues to the word before, "bank"
 * starts a new one; a byte-level "Ġb" starts a word, "ank" glues; a SentencePiece "▁b" starts
 * one. Rather than knowing each tokenizer's markers, the tokenizer's own decoder is asked what
 * `ids` add after a plain word (the anchor "a"): " bank" starts a word, "ank" glues to it. Joining
 * all of a filler's pieces in one decode also reassembles characters a byte-level vocabulary
 * splits over several pieces (a Spanish "ñ"), which decode one by one to U+FFFD.
 */
import type { LoadedModel } from '../model';

export interface PieceText {
  /** The text `ids` add after a word: leading whitespace when they start a new word, none when they glue to it. */
  after(ids: readonly number[]): string;
  /** Special tokens ([SEP], [MASK], <|endoftext|>…): never part of a word. */
  isSpecial(id: number): boolean;
}

const cache = new WeakMap<object, PieceText>();

export function pieceText(model: LoadedModel): PieceText {
  const known = cache.get(model.tokenizer);
  if (known) return known;
  const tokenizer = model.tokenizer as unknown as {
    encode(text: string, options: { add_special_tokens: boolean }): number[];
    decode(ids: number[], options: { skip_special_tokens: boolean; clean_up_tokenization_spaces: boolean }): string;
    all_special_ids?: number[];
  };
  const decode = (ids: number[]): string => tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  const anchor = tokenizer.encode('a', { add_special_tokens: false });
  const prefix = decode(anchor);
  const specials = new Set(tokenizer.all_special_ids ?? []);
  const reader: PieceText = {
    after: (ids) => {
      const text = decode([...anchor, ...ids]);
      return text.startsWith(prefix) ? text.slice(prefix.length) : decode([...ids]);
    },
    isSpecial: (id) => specials.has(id),
  };
  cache.set(model.tokenizer, reader);
  return reader;
}

/** A word: word characters (src/protocol/wordChars.ts), joined by apostrophes or hyphens. */
const WORD = /^[\p{L}\p{N}\p{M}_]+(?:['’-][\p{L}\p{N}\p{M}_]+)*$/u;
/** A word still being assembled: it may end with an apostrophe or hyphen, or half a character (U+FFFD). */
const WORD_PREFIX = /^[\p{L}\p{N}\p{M}_][\p{L}\p{N}\p{M}_'’-]*\uFFFD?$/u;

/**
 * What a whole-word filler must look like: `lead` is the whitespace it begins with (that of the
 * masked word's first piece: " " when the word starts with its own space, "" when it glues to a
 * space piece before it or starts the text); `phrase` allows single spaces between words (a
 * selection of several words).
 */
export interface WordShape {
  readonly lead: string;
  readonly phrase: boolean;
}

/** The shape of the masked text `text` (the pieces it had, joined with `after`). */
export function shapeOf(text: string): WordShape {
  const lead = /^\s*/u.exec(text)![0];
  return { lead, phrase: /\S\s+\S/u.test(text) };
}

/**
 * Whether `text` (the pieces chosen so far, joined) fits `shape`: with `done`, it is a whole word
 * (or phrase); without, it can still become one. Newlines, tabs and runs of spaces never fit;
 * neither does a piece glued to nothing ("ity" where the word starts with its own space).
 */
export function fitsWord(text: string, shape: WordShape, done: boolean): boolean {
  if (!text.startsWith(shape.lead)) return false;
  const rest = text.slice(shape.lead.length);
  // Only the lead so far (a bare space piece): the word's pieces are still to come.
  if (rest === '') return !done && text !== '';
  const words = shape.phrase ? rest.split(' ') : [rest];
  if (words.some((w, i) => w === '' && (done || i < words.length - 1))) return false;
  const last = words.length - 1;
  return words.every((w, i) => (i < last || done ? WORD.test(w) : w === '' || WORD_PREFIX.test(w)));
}
