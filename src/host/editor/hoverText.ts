/**
 * The hover's text over an analyzed word (pure; extension host and unit tests): the word's tokens,
 * what the hovered token attends to most under the panel's view choice (its layer, combination of
 * heads or rollout, and cleaning: merged words and hidden tokens as the panel shows them), its
 * prediction facts, and a command link that opens the panel on it.
 */
import { topAttended } from '../../protocol/attentionMath';
import { showWhitespace } from '../../protocol/tokenText';
import { cleaningLabel, combineLabel, type ViewChoice } from '../../protocol/viewChoice';
import type { StoredAnalysis } from '../analyses/analyses';
import type { AttentionRow } from '../analyses/attentionSource';
import { COMMANDS } from '../commands';
import { formatPercent } from '../l10n';

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
}

/** A token as people read it: its source text, or its vocabulary string for special tokens. */
export function tokenLabel(entry: StoredAnalysis, index: number, text: (start: number, end: number) => string): string {
  const t = entry.shown.result.tokens[index];
  const raw = t.start !== null && t.end !== null ? text(entry.base + t.start, entry.base + t.end) : t.text;
  return showWhitespace(raw);
}

/** An entry of a cleaned axis as people read it: its tokens' labels joined (one token unless merged into a word). */
export function entryLabel(entry: StoredAnalysis, group: readonly number[], text: (start: number, end: number) => string): string {
  return group.map((i) => tokenLabel(entry, i, text)).join('');
}

/** Escapes text for Markdown so that document text never becomes links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

function percent(p: number): string {
  return formatPercent(p);
}

export function hoverMarkdown(input: HoverInput, text: (start: number, end: number) => string): string {
  const { entry, token } = input;
  const { result, id } = entry.shown;
  const { layer, combine, cleaning } = input.choice;
  const label = (i: number): string => escapeMarkdown(tokenLabel(entry, i, text));
  const t = result.tokens[token];
  const word = t.word === null ? [token] : result.tokens.flatMap((u, i) => (u.word === t.word ? [i] : []));

  const lines: string[] = [];
  const cleaned = cleaningLabel(cleaning);
  lines.push(
    `**Attention Lens** · ${escapeMarkdown(result.model.id)} (${result.model.kind}) · layer ${layer} (of 0–${result.attention.layers - 1}), ${combineLabel(combine, layer)}${cleaned ? ` · ${cleaned}` : ''}`,
  );
  const pieces = word.map((i) => (i === token ? `**${label(i)}**` : label(i))).join(' · ');
  lines.push(`Token${word.length > 1 ? 's' : ''} ${pieces} — id ${t.id}, position ${token}`);

  const row = input.row;
  if (row === 'gone') lines.push('Attention: this analysis is no longer in memory; analyze again');
  else if (row === 'hidden') lines.push(`Attention: the panel hides this token (${cleaned})`);
  else {
    const attended = topAttended(row.weights, input.top ?? 5).filter((a) => a.weight > 0);
    const name = (e: number): string => escapeMarkdown(entryLabel(entry, row.axis.groups[e], text));
    lines.push(`Attends most to: ${attended.map((a) => `${name(a.key)}${a.key === row.query ? ' (itself)' : ''} ${percent(a.weight)}`).join(' · ')}`);
  }

  const surprise = result.predictions.perToken.find((p) => p.position === token);
  if (surprise) {
    const expected = surprise.top
      .slice(0, 3)
      .map((c) => `${escapeMarkdown(showWhitespace(c.token))} ${percent(c.p)}`)
      .join(' · ');
    lines.push(`Probability ${percent(surprise.p)} · rank ${surprise.rank} · ${surprise.surprisal.toFixed(1)} bits; expected: ${expected}`);
  }
  const masked = result.predictions.masked.find((m) => m.position === token);
  if (masked)
    lines.push(
      `Masked; the model fills in: ${masked.top
        .slice(0, 5)
        .map((c) => `${escapeMarkdown(showWhitespace(c.token))} ${percent(c.p)}`)
        .join(' · ')}`,
    );

  const args = encodeURIComponent(JSON.stringify([{ analysisId: id, token }]));
  const links = [`[Open in the Attention Lens panel](command:${COMMANDS.openToken}?${args})`];
  if (t.start !== null && t.end !== null && entry.span) {
    // Inside the word (the last character): a byte-level token starts with the space before it.
    const mask = encodeURIComponent(JSON.stringify([{ at: { uri: entry.uri, offset: entry.base + t.end - 1 } }]));
    links.push(`[Mask this word](command:${COMMANDS.maskWord}?${mask})`);
  }
  lines.push(links.join(' · '));
  return lines.join('\n\n');
}
