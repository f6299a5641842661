/**
 * The hover's text over an analyzed word (pure; extension host and unit tests): the word's tokens,
 * what the hovered token attends to most under the panel's view choice (its layer, combination of
 * heads or rollout, and cleaning: merged words and hidden tokens as the panel shows them), its
 * prediction facts, and a command link that opens the panel on it.
 */
import { headsInWords, headsLabel } from '../../protocol/ablation';
import { rowHasNonNumber, topAttended } from '../../protocol/attentionMath';
import { settlingLayer } from '../../protocol/lens';
import { escapeHidden } from '../../protocol/neutralise';
import { characterParts, isByteLevel, type CharacterPart } from '../../protocol/byteLevel';
import { readToken, showWhitespace } from '../../protocol/tokenText';
import { cleaningLabel, combineLabel, type ViewChoice } from '../../protocol/viewChoice';
import type { StoredAnalysis } from '../analyses/analyses';
import type { AttentionRow } from '../analyses/attentionSource';
import { COMMANDS } from '../commands';
import { formatDecimal, formatPercent, formatWeight, t } from '../l10n';

export interface HoverInput {
  readonly entry: StoredAnalysis;
  readonly token: number;
  /** What the views show for the analysis (the panel's choice, else the settings'). */
  readonly choice: ViewChoice;
  /**
   * The hovered token's row under that choice (from the AttentionSource); 'hidden' when the
   * choice's cleaning hides the token, 'gone' when the worker no longer holds the tensors.
   */
  readonly row: AttentionRow | 'hidden' | 'gone';
  /** How many attended entries to list. */
  readonly top?: number;
  /** False where Mask Word would refuse (a read-only document, a run longer than a word): no "Mask this word" link. */
  readonly editable?: boolean;
}

/** Decimals of a surprisal in bits: two, as the panel's Compare tab writes the same word's bits (formatBits). */
const BITS_DECIMALS = 2;

/**
 * A run without a break in code (a base64 blob, a data URI, a hex digest) is one word of hundreds
 * of tokens: the hover lists this many of them around the hovered one, and cuts a word's or an
 * attended entry's text to WORD_MAX characters, so that it stays a few lines.
 */
const TOKENS_AROUND = 3;
const WORD_MAX = 60;

/** The word's tokens around the hovered one (all of a short word), with "…" where some are left out. */
function wordPieces(word: readonly number[], token: number, label: (i: number) => string): string {
  const width = 2 * TOKENS_AROUND + 1;
  const at = word.indexOf(token);
  const from = Math.max(0, Math.min(at - TOKENS_AROUND, word.length - width));
  const to = Math.min(word.length, from + width);
  const pieces = word.slice(from, to).map((i) => (i === token ? `**${label(i)}**` : label(i)));
  return [...(from > 0 ? ['…'] : []), ...pieces, ...(to < word.length ? ['…'] : [])].join(' · ');
}

/**
 * A token as people read it: its source text (whitespace-only in words), or its vocabulary string
 * for special tokens; a byte piece of a character as the panel names it, "ó[1/2]" (each piece's
 * source is the whole character, which would read as the character two or four times over).
 */
export function tokenLabel(entry: StoredAnalysis, index: number, text: (start: number, end: number) => string): string {
  const { tokens } = entry.shown.result;
  const part = partsOf(tokens)[index];
  if (part) return `${showWhitespace(part.whole)}[${part.part}/${part.of}]`;
  const tok = tokens[index];
  const raw = tok.start !== null && tok.end !== null ? text(entry.base + tok.start, entry.base + tok.end) : tok.text;
  return readToken(raw, t);
}

/** characterParts of a token list, found once per list (a hover names several of its tokens). */
function partsOf(tokens: StoredAnalysis['shown']['result']['tokens']): readonly (CharacterPart | null)[] {
  let parts = PARTS.get(tokens);
  if (!parts) PARTS.set(tokens, (parts = characterParts(tokens, isByteLevel(tokens))));
  return parts;
}

const PARTS = new WeakMap<object, readonly (CharacterPart | null)[]>();

/** An entry of a cleaned axis as people read it: its tokens' labels joined (one token unless merged into a word). */
export function entryLabel(entry: StoredAnalysis, group: readonly number[], text: (start: number, end: number) => string): string {
  return group.map((i) => tokenLabel(entry, i, text)).join('');
}

/**
 * Escapes text for Markdown so that document text never becomes links, HTML or formatting; control,
 * bidi and zero-width characters become visible escapes and long text is cut (neutralise.ts, the
 * same escapes as every other sink). ":" and "@" too: the hover's renderer (GFM) makes a link of a
 * bare "https://…" or "name@host.tld" in the source, which an escape there breaks.
 */
export function escapeMarkdown(text: string, max?: number): string {
  return escapeHidden(text, max).replace(/[\\`*_{}[\]()#+\-.!|<>~&:@]/g, (c) => `\\${c}`);
}

export function hoverMarkdown(input: HoverInput, text: (start: number, end: number) => string): string {
  const { entry, token } = input;
  const { result, id } = entry.shown;
  const { layer, combine, cleaning } = input.choice;
  const label = (i: number): string => escapeMarkdown(tokenLabel(entry, i, text));
  const tok = result.tokens[token];
  const word = tok.word === null ? [token] : result.tokens.flatMap((u, i) => (u.word === tok.word ? [i] : []));

  const lines: string[] = [];
  const cleaned = cleaningLabel(cleaning, t);
  const view = t('layer {0} (of 0–{1}), {2}', layer, result.attention.layers - 1, combineLabel(combine, layer, t));
  const model = escapeMarkdown(result.model.id);
  const named = result.model.kind === 'encoder' ? t('{0} (encoder)', model) : t('{0} (decoder)', model);
  lines.push(`**Attention Lens** · ${named} · ${view}${cleaned ? ` · ${cleaned}` : ''}`);
  if (result.ablated?.length) {
    const words = headsInWords(result.ablated, { ...result.attention, kind: result.model.kind }, t);
    lines.push(
      words === null
        ? t('Heads {0} switched off (layer:head): this analysis ran without them', headsLabel(result.ablated))
        : t('Switched off: {0}; this analysis ran without them', words),
    );
  }
  const pieces = wordPieces(word, token, label);
  lines.push(
    word.length > 2 * TOKENS_AROUND + 1
      ? t('Tokens {0} (of {3}) — id {1}, position {2}', pieces, tok.id, token, word.length)
      : word.length > 1
        ? t('Tokens {0} — id {1}, position {2}', pieces, tok.id, token)
        : t('Token {0} — id {1}, position {2}', pieces, tok.id, token),
  );

  const row = input.row;
  if (row === 'gone') lines.push(t('Attention: this analysis is no longer in memory; analyze again'));
  else if (row === 'hidden') lines.push(t('Attention: the panel hides this token ({0})', cleaned));
  else {
    const attended = topAttended(row.weights, input.top ?? 5).filter((a) => a.weight > 0);
    const name = (e: number): string => escapeMarkdown(entryLabel(entry, row.axis.groups[e], text), WORD_MAX);
    const itself = t(' (itself)');
    if (attended.length === 0 && rowHasNonNumber(row.weights)) lines.push(t('Attends most to: nothing to say, its weights are not numbers (NaN or infinite)'));
    else lines.push(t('Attends most to: {0}', attended.map((a) => `${name(a.key)}${a.key === row.query ? itself : ''} ${formatWeight(a.weight)}`).join(' · ')));
  }

  const candidates = (list: readonly { token: string; p: number }[]): string =>
    list.map((c) => `${escapeMarkdown(readToken(c.token, t))} ${formatPercent(c.p)}`).join(' · ');
  const surprise = result.predictions.perToken.find((p) => p.position === token);
  if (surprise) {
    const facts = [formatPercent(surprise.p), surprise.rank, formatDecimal(surprise.surprisal, BITS_DECIMALS), candidates(surprise.top.slice(0, 3))] as const;
    // A word of several tokens: its hovered piece's numbers are said to be the token's, and the word's follow.
    lines.push(
      word.length > 1
        ? t('This token: probability {0} · rank {1} · {2} bits; expected: {3}', ...facts)
        : t('Probability {0} · rank {1} · {2} bits; expected: {3}', ...facts),
    );
    lines.push(...wordSurprise(input, word, text));
  }
  const masked = result.predictions.masked.find((m) => m.position === token);
  if (masked) lines.push(t('Masked; the model fills in: {0}', candidates(masked.top.slice(0, 5))));
  const settled = settlingLine(input);
  if (settled) lines.push(settled);

  const args = encodeURIComponent(JSON.stringify([{ analysisId: id, token }]));
  const links = [`[${t('Open in the Attention Lens panel')}](command:${COMMANDS.openToken}?${args})`];
  if (tok.start !== null && tok.end !== null && entry.span && input.editable !== false) {
    // Inside the word (the last character): a byte-level token starts with the space before it.
    const mask = encodeURIComponent(JSON.stringify([{ at: { uri: entry.uri, offset: entry.base + tok.end - 1 } }]));
    links.push(`[${t('Mask this word')}](command:${COMMANDS.maskWord}?${mask})`);
  }
  lines.push(links.join(' · '));
  return lines.join('\n\n');
}

/**
 * The decoder's numbers for the hovered token's whole word (the chain rule: each token given the text
 * and the pieces before it, as Compare judges a word), and, for a character of several byte pieces,
 * the bits the surprisal heatmap colours it by (the pieces' sum, buckets.ts's mergeSameSpan).
 */
function wordSurprise({ entry, token }: HoverInput, word: readonly number[], text: (start: number, end: number) => string): string[] {
  const { tokens, predictions } = entry.shown.result;
  const steps = word.map((i) => predictions.perToken.find((p) => p.position === i));
  const lines: string[] = [];
  if (word.length > 1 && steps.every((s) => s !== undefined)) {
    const known = steps as NonNullable<(typeof steps)[number]>[];
    lines.push(
      t(
        'The whole word {0}: probability {1} · {2} bits (its {3} tokens in turn: their probabilities multiplied, their bits added)',
        escapeMarkdown(entryLabel(entry, word, text), WORD_MAX),
        formatPercent(known.reduce((p, s) => p * s.p, 1)),
        formatDecimal(
          known.reduce((bits, s) => bits + s.surprisal, 0),
          BITS_DECIMALS,
        ),
        known.length,
      ),
    );
  }
  const tok = tokens[token];
  const place = tokens.flatMap((u, i) => (u.start !== null && u.start === tok.start && u.end === tok.end ? [i] : []));
  const pieces = place.map((i) => predictions.perToken.find((p) => p.position === i));
  if (place.length > 1 && pieces.every((s) => s !== undefined)) {
    const bits = pieces.reduce((sum, s) => sum + (s?.surprisal ?? 0), 0);
    lines.push(t('The surprisal heatmap colours its {0} pieces as one: {1} bits together', place.length, formatDecimal(bits, BITS_DECIMALS)));
  }
  return lines;
}

/** Where the hovered position's prediction settles (the analysis kept the layer lens: the settling strip is on). */
function settlingLine({ entry, token }: HoverInput): string | null {
  const { lens, model } = entry.shown.result;
  const position = lens?.positions.find((p) => p.position === token);
  const layer = position ? settlingLayer(position) : null;
  const top = position?.layers[position.layers.length - 1]?.top[0];
  if (!position || layer === null || !top) return null;
  const word = escapeMarkdown(readToken(top.token, t));
  return model.kind === 'decoder'
    ? t('Next-token prediction {0} settles at layer {1} (of 0–{2}; 0 is the embeddings)', word, layer, model.layers)
    : t('Masked-word prediction {0} settles at layer {1} (of 0–{2}; 0 is the embeddings)', word, layer, model.layers);
}
