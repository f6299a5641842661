/**
 * The hover's text over an analyzed word (pure; extension host and unit tests): the word's tokens,
 * the tokens the hovered token attends to most in the chosen layer (one head, or the mean/max over
 * heads), its prediction facts, and a command link that opens the panel on it.
 */
import { topAttended, type HeadChoice } from '../../protocol/attentionMath';
import { showWhitespace } from '../../protocol/tokenText';
import type { StoredAnalysis } from '../analyses/analyses';
import { COMMANDS } from '../commands';

export interface HoverInput {
  readonly entry: StoredAnalysis;
  readonly token: number;
  /** Layer index; negative counts from the last layer (−1 = last). */
  readonly layer: number;
  readonly heads: HeadChoice;
  /**
   * The hovered token's attention row in that layer and head choice (from the AttentionSource), or
   * null when the worker no longer holds the analysis's tensors.
   */
  readonly row: ArrayLike<number> | null;
  /** How many attended tokens to list. */
  readonly top?: number;
}

/** Resolves a layer setting (−1 = last) against a model's layer count. */
export function resolveLayer(layer: number, layers: number): number {
  const resolved = layer < 0 ? layers + layer : layer;
  return Math.min(Math.max(resolved, 0), layers - 1);
}

/** A token as people read it: its source text, or its vocabulary string for special tokens. */
export function tokenLabel(entry: StoredAnalysis, index: number, text: (start: number, end: number) => string): string {
  const t = entry.shown.result.tokens[index];
  const raw = t.start !== null && t.end !== null ? text(entry.base + t.start, entry.base + t.end) : t.text;
  return showWhitespace(raw);
}

/** Escapes text for Markdown so that document text never becomes links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`);
}

export function headLabel(heads: HeadChoice): string {
  return heads === 'mean' ? 'mean of heads' : heads === 'max' ? 'max over heads' : `head ${heads}`;
}

function percent(p: number): string {
  return p >= 0.001 ? `${(p * 100).toFixed(1)}%` : `${(p * 100).toExponential(1)}%`;
}

export function hoverMarkdown(input: HoverInput, text: (start: number, end: number) => string): string {
  const { entry, token } = input;
  const { result, id } = entry.shown;
  const layer = resolveLayer(input.layer, result.attention.layers);
  const label = (i: number): string => escapeMarkdown(tokenLabel(entry, i, text));
  const t = result.tokens[token];
  const word = t.word === null ? [token] : result.tokens.flatMap((u, i) => (u.word === t.word ? [i] : []));

  const lines: string[] = [];
  lines.push(
    `**Attention Lens** · ${escapeMarkdown(result.model.id)} (${result.model.kind}) · layer ${layer} (of 0–${result.attention.layers - 1}), ${headLabel(input.heads)}`,
  );
  const pieces = word.map((i) => (i === token ? `**${label(i)}**` : label(i))).join(' · ');
  lines.push(`Token${word.length > 1 ? 's' : ''} ${pieces} — id ${t.id}, position ${token}`);

  if (input.row) {
    const attended = topAttended(input.row, input.top ?? 5).filter((a) => a.weight > 0);
    lines.push(`Attends most to: ${attended.map((a) => `${label(a.key)}${a.key === token ? ' (itself)' : ''} ${percent(a.weight)}`).join(' · ')}`);
  } else {
    lines.push('Attention: this analysis is no longer in memory; analyze again');
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
