/**
 * Whole-word fillers for masked words (engine runtime): Mask Word on " b" + "ank" proposes words,
 * not pieces for " b".
 *
 * For each masked range, the word is masked with L mask tokens, for every L from 1 to one more
 * than the pieces it had (at most MAX_PIECES), and a beam (beam.ts) fills the L positions left to
 * right: the first position's candidates come from the run with all L masked, the next from a
 * run with the first filled in, and so on; the other masked ranges stay masked throughout. Pieces
 * that cannot make a word are pruned as they come (pieces.ts: a newline, a space run, "ity"
 * glued to nothing where the word starts with its own space, punctuation).
 *
 * Scoring: a path's score is the joint probability of its pieces (the sum of their
 * log-probabilities), not normalised per piece. Each run tells the model how many pieces the gap
 * has, so the joint is a distribution over fillers of that length; with no preference between
 * lengths it ranks fillers as their word probability does. Dividing by the length (the geometric
 * mean per piece) would favour long fillers for the wrong reason: once a word's first piece is
 * placed its remaining pieces are nearly certain (" b" → "ank" at 90 % and more), which lifts the
 * mean of any multi-piece word above single-piece words the model prefers.
 */
import { MAX_CANDIDATES, type AnalyzeRequest } from '../../protocol/analysis';
import type { WordCandidate, WordFill, WordSearch } from '../../protocol/words';
import { prepareInput } from '../analyze';
import { checkCancelled, EngineError } from '../errors';
import type { LoadedModel } from '../model';
import { beamSearch, type Path } from './beam';
import { fitsWord, pieceText, shapeOf } from './pieces';
import { runRows } from './rows';
import { shownPath } from '../paths';

/** The most pieces a filler may have (a longer masked word is still filled with up to this many). */
export const MAX_PIECES = 4;

/** Fills the masked ranges `words` (indices into `request.maskChars`) with whole words; `signal` is checked before each model run. */
export async function fillWords(
  model: LoadedModel,
  request: AnalyzeRequest,
  words: readonly number[],
  search: WordSearch = {},
  signal?: AbortSignal,
  /** Whether prefixes that cannot join the list are dropped unexpanded (floorOf); false only to check that it changes nothing. */
  prune = true,
): Promise<WordFill[]> {
  if (model.facts.kind !== 'encoder') throw new EngineError('bad-input', `whole-word fillers need an encoder; ${shownPath(model.facts.id)} is a decoder`);
  const input = prepareInput(model, request);
  if (input.maskId === null) throw new EngineError('bad-input', `${shownPath(model.facts.id)} has no mask token`);
  const maskId = input.maskId;
  const typeIds = input.win.enc.typeIds;
  const width = Math.max(1, Math.min(search.width ?? 5, 16));
  const limit = Math.max(1, Math.min(search.limit ?? 10, MAX_CANDIDATES));
  const longest = Math.min(model.facts.maxPositions, request.maxTokens ?? Number.POSITIVE_INFINITY);
  const pieces = pieceText(model);
  const out: WordFill[] = [];
  for (const index of words) {
    const group = input.groups[index];
    if (!group) throw new EngineError('bad-input', `there is no masked range ${index}`);
    const first = group[0];
    const n = group.length;
    const shape = shapeOf(pieces.after(group.map((p) => input.win.enc.ids[p])));
    const best = new Map<string, WordCandidate>();
    for (let L = 1; L <= Math.min(n + 1, MAX_PIECES); L++) {
      if (input.ids.length - n + L > longest) break;
      const base = [...input.ids.slice(0, first), ...new Array<number>(L).fill(maskId), ...input.ids.slice(first + n)];
      const types = [...typeIds.slice(0, first), ...new Array<number>(L).fill(typeIds[first]), ...typeIds.slice(first + n)];
      const paths = await beamSearch({
        length: L,
        width,
        keep: limit,
        fits: (ids, done) => !ids.some((id) => pieces.isSpecial(id)) && fitsWord(pieces.after(ids), shape, done),
        floor: prune ? floorOf(best, limit) : undefined,
        expand: async (prefixes: readonly Path[], step) => {
          checkCancelled(signal, 'the whole-word search');
          const rows = prefixes.map((path) => {
            const row = [...base];
            path.ids.forEach((id, j) => (row[first + j] = id));
            return row;
          });
          const tops = await runRows(
            model,
            rows,
            rows.map(() => types),
          );
          return rows.map((_, r) => tops.top(r, first + step));
        },
      });
      for (const path of paths) {
        const text = pieces.after(path.ids);
        const key = text.trim();
        const p = Math.exp(path.logP);
        if ((best.get(key)?.p ?? -1) < p) best.set(key, { text, ids: path.ids, p });
      }
    }
    const fillers = [...best.values()].sort((a, b) => b.p - a.p).slice(0, limit);
    out.push({ mask: index, pieces: n, fillers });
  }
  return out;
}

/** Slack under the floor: a piece's log-probability, computed in float32, may come out a hair above 0. */
const FLOOR_SLACK = 1e-3;

/**
 * The log-probability a longer filler's prefix must reach to be expanded: once `limit` fillers are
 * found, a prefix below the least of them (minus FLOOR_SLACK) can only end below it, and never joins
 * the list, so no model runs for it (beam.ts `floor`). On a 5 MB line (466 tokens a run) each row
 * saved is a fifth of a second on two cores.
 */
function floorOf(best: ReadonlyMap<string, WordCandidate>, limit: number): number | undefined {
  if (best.size < limit) return undefined;
  const least = [...best.values()].map((c) => c.p).sort((a, b) => b - a)[limit - 1];
  return least > 0 ? Math.log(least) - FLOOR_SLACK : undefined;
}
