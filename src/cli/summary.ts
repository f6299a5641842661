/**
 * The CLI's readable summary of an analysis (plain Node): the model, each token with its range and
 * the tokens it attends to most in the chosen layer/head (or the mean over heads), then the
 * predictions. Every line is neutralised: tokens, ids and notices come from a model or a file, and
 * a terminal must not receive their control, bidi or zero-width characters.
 */
import type { AnalysisResult, Candidate } from '../protocol/analysis';
import { attentionRow, topAttended } from '../protocol/attentionMath';
import { isByteLevel } from '../protocol/byteLevel';
import { candidateName, column, columns, decimal, modelName, percent as pct, terminalText, tokenNames, weight } from './show';

const list = (cs: readonly Candidate[]): string => cs.map((c) => `${candidateName(c.token)} ${pct(c.p)}`).join(' · ');

/**
 * Where offset `o` of `text` is as line:column, both from 1 and the column in UTF-16 units, as the editor
 * counts them (`code --goto FILE:LINE:COLUMN`); the line starts are found once.
 */
export function lineColumns(text: string): (o: number) => string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (o) => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return `${lo + 1}:${o - starts[lo] + 1}`;
  };
}

/**
 * Where the last character of `[start, end)` starts: a person reads "0–18" and "1:1–3:4" as the
 * characters from the first to the last, both included (an end past the range read "4:1" for a
 * three-line file: a line it does not have). A surrogate pair and a CRLF are one character each.
 */
export function lastCharacter(text: string | undefined, start: number, end: number): number {
  const last = Math.max(start, end - 1);
  if (text === undefined || last === start) return last;
  const pair = /[\uDC00-\uDFFF]/u.test(text[last]) && /[\uD800-\uDBFF]/u.test(text[last - 1]);
  return pair || (text[last] === '\n' && text[last - 1] === '\r') ? last - 1 : last;
}

/**
 * `[start, end)` as a person reads it: the first and the last character included, as offsets and
 * (with `text`) as line:column, each one `code --goto FILE:LINE:COLUMN` takes ("5–5": one character).
 */
export function spanText(text: string | undefined, start: number, end: number, at = text === undefined ? null : lineColumns(text)): string {
  const last = lastCharacter(text, start, end);
  return `${start}–${last}${at ? ` (${at(start)}–${at(last)})` : ''}`;
}

/** The readable summary; with the analyzed `text`, each offset also as line:column (a developer's editor goes to those). */
export function summary(result: AnalysisResult, layer: number, head: number | undefined, text?: string): string {
  const { model, tokens, attention, predictions } = result;
  const at = text === undefined ? null : lineColumns(text);
  const span = (start: number, end: number): string => spanText(text, start, end, at);
  const lines: string[] = [];
  const byteLevel = isByteLevel(tokens);
  const names = tokenNames(tokens, byteLevel);
  const tok = (i: number): string => names[i];
  lines.push(`model    ${modelName(model.id)} (${model.kind}, ${model.layers} layers × ${model.heads} heads, ${model.maxPositions} positions)`);
  lines.push(`text     characters ${span(result.analyzed.start, result.analyzed.end)}, ${tokens.length} tokens`);
  const window = windowNotice(result, span);
  for (const notice of window ? [window, ...result.notices] : result.notices) lines.push(`notice   ${notice}`);
  if (result.ablated) lines.push(`ablated  heads switched off (layer:head): ${result.ablated.map((h) => `${h.layer}:${h.head}`).join(', ')}`);
  lines.push('');
  lines.push(`attention: layer ${layer}, ${head === undefined ? 'mean over heads' : `head ${head}`}`);
  // Terminal columns, not UTF-16 units: wide characters take two, accents none.
  const width = Math.min(16, Math.max(5, ...names.map(columns)));
  // A token's characters (the last included), and where it starts as line:column.
  const ranges = tokens.map((t) => {
    if (t.start === null || t.end === null) return '–';
    return `${t.start}–${lastCharacter(text, t.start, t.end)}${at ? ` ${at(t.start)}` : ''}`;
  });
  const rangeWidth = Math.max(11, ...ranges.map((r) => r.length));
  // A key's name in the list, cut as in the token column when longer (its index tells it apart).
  const fit = (name: string): string => (columns(name) > width ? column(name, width, true).trimEnd() : name);
  for (let q = 0; q < tokens.length; q++) {
    const t = tokens[q];
    const range = ranges[q];
    // A weight of exactly 0 is a key the token cannot see (a decoder's later tokens), as the hover leaves them out.
    const attended = topAttended(attentionRow(attention, layer, head ?? null, q), 3).filter((a) => a.weight > 0);
    const top = attended.length > 0 ? attended.map((a) => `${fit(tok(a.key))}(${a.key}) ${weight(a.weight)}`).join(', ') : NONE;
    const name = column(tok(q), width, true);
    lines.push(`${String(q).padStart(4)}  ${name}  ${range.padEnd(rangeWidth)} → ${top}${t.masked ? '   [masked]' : ''}`);
  }
  if (model.kind === 'encoder') {
    lines.push('');
    const noMask = model.maskToken === null ? `masked-word predictions: ${NONE}` : 'no mask tokens: add [MASK] to the text or pass --mask N';
    lines.push(predictions.masked.length ? 'masked-word predictions' : noMask);
    for (const m of predictions.masked) lines.push(`  ${m.position} ${tok(m.position)}: ${m.top.length > 0 ? list(m.top) : NONE}`);
  } else {
    lines.push('');
    lines.push(predictions.perToken.length > 0 ? 'per-token probability (bits of surprisal, rank)' : `per-token probability: ${NONE}`);
    for (const s of predictions.perToken) {
      lines.push(
        `  ${String(s.position).padStart(4)} ${column(tok(s.position), width, true)} p=${pct(s.p).padStart(8)}  ${decimal(s.surprisal, 2).padStart(6)} bits  rank ${s.rank}`,
      );
    }
    lines.push(`next token: ${predictions.next.length > 0 ? list(predictions.next) : NONE}`);
  }
  if (result.lens) {
    lines.push('');
    lines.push(
      `layer lens (${result.lens.kind === 'mlm' ? 'masked-LM head' : 'next-token head'} after each layer, top-1; not calibrated before the last layer)`,
    );
    for (const pos of result.lens.positions) {
      const layers = pos.layers.map((l) => `L${l.layer} ${l.top[0] ? `${candidateName(l.top[0].token)} ${pct(l.top[0].p)}` : '–'}`).join('  ');
      lines.push(`  ${String(pos.position).padStart(4)} ${column(tok(pos.position), width, true)} ${layers}`);
    }
  }
  return terminalText(lines);
}

/** What a prediction list with nothing in it says (the model's logits were not numbers: see the notice). */
const NONE = 'none (see the notice)';

/** The CLI's line for a windowed analysis (the extension says it in lines instead). */
export function windowNotice(
  result: Pick<AnalysisResult, 'window' | 'analyzed'>,
  span = (start: number, end: number): string => spanText(undefined, start, end),
): string | null {
  const w = result.window;
  if (!w) return null;
  return `text is ${w.estimated ? 'about ' : ''}${w.total} tokens, more than the ${w.limit} this analysis allows: analyzed characters ${span(result.analyzed.start, result.analyzed.end)} (${w.tokens} tokens)`;
}
