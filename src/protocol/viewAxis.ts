/**
 * The cleaned axis of the attention views (pure TypeScript, all runtimes): which token positions a
 * view shows, and which positions each shown row/column stands for. The worker (serving matrices)
 * and the webviews (labelling them) call the same `viewAxis`, so both agree on what index i means.
 *
 * Rule, in this order:
 * 1. Hide: a token is hidden when `hideSpecial` and it is special ([CLS], [SEP], BOS/EOS…), or when
 *    `hidePunctuation` and its text is only punctuation, symbols or whitespace (see
 *    `isPunctuationToken`; special tokens are never hidden by this rule).
 * 2. Merge: when `mergeSubwords`, consecutive kept tokens with the same non-null `word` form one
 *    entry (a hidden token between them does not split them); otherwise each kept token is one.
 * Entries keep the order of the tokens.
 */
import type { TokenInfo } from './analysis';
import { isByteLevel, tokenSource } from './byteLevel';
import type { Cleaning } from './views';

export interface ViewAxis {
  /** Number of entries (rows/columns) after cleaning. */
  readonly length: number;
  /** Per token position: its entry, or −1 when hidden. */
  readonly entryOf: Int32Array;
  /** Per entry: the token positions it stands for, ascending (one unless merged). */
  readonly groups: readonly (readonly number[])[];
  /** True when some token is hidden (rows are then renormalised over the kept keys). */
  readonly hides: boolean;
  /** True when the axis is the identity (no token hidden, none merged). */
  readonly identity: boolean;
}

const PUNCTUATION_ONLY = /^[\p{P}\p{S}\p{Z}\s]*$/u;

/**
 * True when a token's text, without its subword markers (`##`, `▁`), is only punctuation, symbols
 * (Unicode P and S: `;`, `(`, `=`, `+`, `¿`, `«`, `—`…) or whitespace. On byte-level vocabularies
 * the text is the one the piece stands for (its UTF-8 decoded: "Âł" is "¿"), control characters
 * counting as blank; a piece of a character split over several (U+FFFD) is not punctuation.
 * Special tokens never are.
 */
export function isPunctuationToken(token: Pick<TokenInfo, 'text' | 'special'>, byteLevel: boolean): boolean {
  if (token.special) return false;
  let text = token.text.startsWith('##') ? token.text.slice(2) : token.text;
  text = text.replace(/▁/gu, ' ');
  if (byteLevel) {
    text = tokenSource(text, true).replace(/\p{Cc}/gu, ' ');
    // U+FFFD (a symbol to Unicode) is where the piece's bytes end inside a character.
    if (text.includes('\uFFFD')) return false;
  }
  return PUNCTUATION_ONLY.test(text);
}

export function viewAxis(tokens: readonly TokenInfo[], cleaning: Cleaning): ViewAxis {
  const byteLevel = cleaning.hidePunctuation && isByteLevel(tokens);
  const entryOf = new Int32Array(tokens.length);
  const groups: number[][] = [];
  let hides = false;
  let lastWord: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const hidden = (cleaning.hideSpecial && t.special) || (cleaning.hidePunctuation && isPunctuationToken(t, byteLevel));
    if (hidden) {
      entryOf[i] = -1;
      hides = true;
      continue;
    }
    if (cleaning.mergeSubwords && t.word !== null && t.word === lastWord && groups.length > 0) {
      groups[groups.length - 1].push(i);
    } else {
      groups.push([i]);
    }
    lastWord = t.word;
    entryOf[i] = groups.length - 1;
  }
  return { length: groups.length, entryOf, groups, hides, identity: !hides && groups.length === tokens.length };
}

/** A window clipped to [0, length). */
export function clipSpan(span: { readonly start: number; readonly count: number }, length: number): { start: number; count: number } {
  const start = Math.min(Math.max(0, span.start), length);
  const count = Math.min(Math.max(0, span.count), length - start);
  return { start, count };
}
