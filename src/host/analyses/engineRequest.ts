/**
 * The engine request of an analysis of a document range (pure; extension host and unit tests), and
 * its answer's offsets made the range's again. A range much longer than the model's window (a line
 * of megabytes: minified code, a log) goes to the worker as the cut around the focus the engine
 * reads (textCut.ts), not whole: 100 MB copied to the worker thread for 512 tokens.
 */
import type { AnalysisOverview, AnalyzeRequest } from '../../protocol/analysis';
import { canonicalHeads } from '../../protocol/ablation';
import { cutAround, nearFocus, sentMargin, type TextCut } from '../../protocol/textCut';
import type { Config } from '../config';
import type { RunOptions } from './analysisRunner';

/**
 * The engine request for `text` (document offset `start`) under `options`, and where in `text`
 * the part sent starts (`offset`): a range much longer than the model's window (a line of
 * megabytes) goes as the cut around the focus the engine reads (textCut.ts), not whole.
 */
export function engineRequest(
  text: string | RangeText,
  start: number,
  options: RunOptions,
  config: Pick<Config, 'topK' | 'maxTokens'>,
): { request: AnalyzeRequest; offset: number } {
  const range = typeof text === 'string' ? { length: text.length, read: (from: number, to: number) => text.slice(from, to) } : text;
  const focus = options.focus === undefined ? undefined : Math.min(Math.max(options.focus - start, 0), range.length);
  const maskChars = options.maskChars?.map((r) => ({ start: r.start - start, end: r.end - start }));
  const cut = cutOf(range, { focus: focus ?? 0, maxTokens: config.maxTokens, keep: maskChars });
  const offset = cut?.offset ?? 0;
  const request: AnalyzeRequest = {
    text: cut?.text ?? range.read(0, range.length),
    ...(cut ? { outside: cut.outside } : {}),
    // No `scores`: the worker computes a layer's scores before softmax when the matrix view first asks.
    topK: options.topK ?? config.topK,
    maxTokens: config.maxTokens,
    maskChars: maskChars?.map((r) => ({ start: r.start - offset, end: r.end - offset })),
    focus: focus === undefined ? undefined : focus - offset,
    anchor: options.window && options.window !== 'cursor' ? 'start' : 'center',
    // The residual stream stays in the worker (not in the overview): the panel's layer lens reads it.
    hidden: true,
    ...(options.ablate?.length ? { ablate: canonicalHeads(options.ablate) } : {}),
    ...(options.lens ? { lens: true } : {}),
  };
  return { request, offset };
}

/**
 * A range of a document as engineRequest reads it: its length and the text of `[from, to)` of it. A
 * file of 30 MB without a blank line is one paragraph, the range Compare analyzes: each whole read
 * of it is a copy (50–100 ms), where the request sends a few hundred thousand characters.
 */
export interface RangeText {
  readonly length: number;
  read(from: number, to: number): string;
}

/** cutAround over `range`, reading only the characters near the focus (the whole range only where the cut is null). */
function cutOf(range: RangeText, at: Parameters<typeof cutAround>[1]): TextCut | null {
  if (range.length <= 4 * sentMargin(at.maxTokens)) return null;
  const near = nearFocus(range.length, at.focus, at.maxTokens);
  return cutAround(range.read(near.start, near.end), at, { offset: near.start, length: range.length });
}

/** `result` of a cut sent from `offset` of the range, its offsets made the range's again. */
export function shifted<T extends Pick<AnalysisOverview, 'tokens' | 'analyzed'>>(result: T, offset: number): T {
  if (offset === 0) return result;
  const by = (n: number | null): number | null => (n === null ? null : n + offset);
  const tokens = result.tokens.map((tok) => ({ ...tok, start: by(tok.start), end: by(tok.end) }));
  return { ...result, tokens, analyzed: { start: result.analyzed.start + offset, end: result.analyzed.end + offset } };
}
