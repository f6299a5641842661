/**
 * The engine request of an analysis of a document range (pure; extension host and unit tests), and
 * its answer's offsets made the range's again. A range much longer than the model's window (a line
 * of megabytes: minified code, a log) goes to the worker as the cut around the focus the engine
 * reads (textCut.ts), not whole: 100 MB copied to the worker thread for 512 tokens.
 */
import type { AnalysisOverview, AnalyzeRequest } from '../../protocol/analysis';
import { canonicalHeads } from '../../protocol/ablation';
import { cutAround } from '../../protocol/textCut';
import type { Config } from '../config';
import type { RunOptions } from './analysisRunner';

/**
 * The engine request for `text` (document offset `start`) under `options`, and where in `text`
 * the part sent starts (`offset`): a range much longer than the model's window (a line of
 * megabytes) goes as the cut around the focus the engine reads (textCut.ts), not whole.
 */
export function engineRequest(
  text: string,
  start: number,
  options: RunOptions,
  config: Pick<Config, 'topK' | 'maxTokens'>,
): { request: AnalyzeRequest; offset: number } {
  const focus = options.focus === undefined ? undefined : Math.min(Math.max(options.focus - start, 0), text.length);
  const maskChars = options.maskChars?.map((r) => ({ start: r.start - start, end: r.end - start }));
  const cut = cutAround(text, { focus: focus ?? 0, maxTokens: config.maxTokens, keep: maskChars });
  const offset = cut?.offset ?? 0;
  const request: AnalyzeRequest = {
    text: cut?.text ?? text,
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

/** `result` of a cut sent from `offset` of the range, its offsets made the range's again. */
export function shifted<T extends Pick<AnalysisOverview, 'tokens' | 'analyzed'>>(result: T, offset: number): T {
  if (offset === 0) return result;
  const by = (n: number | null): number | null => (n === null ? null : n + offset);
  const tokens = result.tokens.map((tok) => ({ ...tok, start: by(tok.start), end: by(tok.end) }));
  return { ...result, tokens, analyzed: { start: result.analyzed.start + offset, end: result.analyzed.end + offset } };
}
