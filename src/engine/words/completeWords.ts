/**
 * Next words to a word boundary (engine runtime): a decoder predicts pieces, and the next word
 * may take several (" b", "ank"). Each of the most likely first pieces is extended greedily, one
 * decoder step at a time, while the most likely next piece glues to it (starts with a letter or
 * digit, no whitespace); it stops at the first piece that starts a new word (whitespace,
 * punctuation, a special token); a word still going on after MAX_STEPS is left out (cut, not whole:
 * most often the model looping). A candidate made of whitespace with a newline
 * is complete as it is ("newline + 4 spaces"); one of spaces only goes on to the word after it.
 * A candidate's `p` is the joint probability of its pieces; two paths that spell the same text
 * are one candidate whose probability is their sum (they are different ways of writing it).
 *
 * Steps reuse the model's key/value cache when its graph has one (`past_key_values.*` inputs,
 * `present.*` outputs): the text before the cursor runs once, each further piece costs one
 * single-token step. A graph without a cache runs the whole text again per step.
 */
import * as ort from 'onnxruntime-node';
import { MAX_CANDIDATES, type AnalyzeRequest } from '../../protocol/analysis';
import type { WordCandidate, WordSearch } from '../../protocol/words';
import { prepareInput } from '../analyze';
import { checkCancelled, EngineError } from '../errors';
import type { LoadedModel } from '../model';
import { headsFromLogits } from '../predictions';
import type { Step } from './beam';
import { pieceText } from './pieces';
import { isWordChar } from '../../protocol/wordChars';
import { rowTops, runRows } from './rows';
import { isProbeInput, probeFeed } from '../probes';
import { shownPath } from '../paths';

/** Decoder steps a word may take after its first piece. */
export const MAX_STEPS = 6;

interface Stepper<S> {
  start(ids: readonly number[]): Promise<{ state: S; top: Step[] }>;
  next(state: S, id: number): Promise<{ state: S; top: Step[] }>;
}

/** The next words after `request`'s text, each completed to a word boundary; `signal` is checked before each model run. */
export async function completeWords(model: LoadedModel, request: AnalyzeRequest, search: WordSearch = {}, signal?: AbortSignal): Promise<WordCandidate[]> {
  if (model.facts.kind !== 'decoder') throw new EngineError('bad-input', `next words need a decoder; ${shownPath(model.facts.id)} is an encoder`);
  const input = prepareInput(model, request);
  const limit = Math.max(1, Math.min(search.limit ?? 10, MAX_CANDIDATES));
  const pieces = pieceText(model);
  // Never past the model's positions: a prompt that fills them gets fewer steps, not another window.
  const steps = Math.max(0, Math.min(MAX_STEPS, model.facts.maxPositions - input.ids.length));
  return hasCache(model)
    ? complete(cancellable(cacheStepper(model), signal), input.ids, limit, steps, pieces)
    : complete(cancellable(recomputeStepper(model, input.win.enc.typeIds), signal), input.ids, limit, steps, pieces);
}

/** `stepper`, checking `signal` before each of its model runs. */
function cancellable<S>(stepper: Stepper<S>, signal: AbortSignal | undefined): Stepper<S> {
  const check = (): void => checkCancelled(signal, 'the next-word search');
  return {
    start: async (ids) => {
      check();
      return stepper.start(ids);
    },
    next: async (state, id) => {
      check();
      return stepper.next(state, id);
    },
  };
}

async function complete<S>(
  stepper: Stepper<S>,
  prompt: readonly number[],
  limit: number,
  steps: number,
  pieces: ReturnType<typeof pieceText>,
): Promise<WordCandidate[]> {
  const { state, top } = await stepper.start(prompt);
  const firsts = top.filter((s) => !pieces.isSpecial(s.id)).slice(0, limit);
  const byText = new Map<string, WordCandidate>();
  for (const first of firsts) {
    const ids = [first.id];
    let logP = first.logP;
    let text = pieces.after(ids);
    let current = state;
    let step = 0;
    for (; step < steps && wantsMore(text); step++) {
      const advanced = await stepper.next(current, ids[ids.length - 1]);
      current = advanced.state;
      const partial = text.endsWith('\uFFFD');
      // Half a character: the most likely piece that finishes it (the model's best may be " BOX",
      // which would leave "\uFFFD BOX"); otherwise the most likely piece.
      const best = partial ? advanced.top.find((s) => !pieces.isSpecial(s.id) && finishesCharacter(text, pieces.after([...ids, s.id]))) : advanced.top[0];
      if (!best || pieces.isSpecial(best.id)) break;
      const joined = pieces.after([...ids, best.id]);
      const added = joined.slice(text.length);
      // Spaces so far: whatever follows is the word. A word so far: only a glued piece (a letter or digit first) continues it.
      if (!partial && /\S/u.test(text) && !(added !== '' && isWordChar([...added][0]))) break;
      ids.push(best.id);
      logP += best.logP;
      text = joined;
    }
    // Empty, or still half a character (or a stray byte) when the steps ran out: no word to offer.
    if (text === '' || text.includes('\uFFFD')) continue;
    // Every step glued another piece and the word still goes on: not a whole word but a cut one,
    // most often the weak model looping ("tokens_tokens_tokens_tokens"); its first piece stays in the token list.
    if (step > 0 && step === steps && wantsMore(text)) continue;
    const p = Math.exp(logP);
    const known = byText.get(text);
    byText.set(text, known ? { ...known, p: known.p + p } : { text, ids, p });
  }
  return [...byText.values()].sort((a, b) => b.p - a.p);
}

/** Whether a candidate's text may go on: spaces only (the word is still to come), or it ends inside a word. */
export function wantsMore(text: string): boolean {
  if (text === '' || /\n/.test(text)) return false;
  if (/^\s+$/u.test(text)) return true;
  const chars = [...text];
  const last = chars[chars.length - 1];
  return isWordChar(last) || last === '\uFFFD';
}

/**
 * Whether `joined` (the text with one more piece) finishes the half character `text` ends with, or
 * goes on with it (a character of three or four bytes takes more than one more piece).
 */
function finishesCharacter(text: string, joined: string): boolean {
  const stem = text.replace(/\uFFFD+$/u, '');
  if (!joined.startsWith(stem)) return false;
  const after = joined.slice(stem.length);
  return after !== '' && (after[0] !== '\uFFFD' || after === '\uFFFD');
}

function hasCache(model: LoadedModel): boolean {
  const { inputNames, outputNames } = model.session;
  const past = inputNames.filter((n) => n.startsWith('past_key_values.'));
  return past.length > 0 && !inputNames.includes('use_cache_branch') && past.every((n) => outputNames.includes(n.replace('past_key_values.', 'present.')));
}

const int64 = (values: number[], dims: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);

interface Cached {
  readonly past: Record<string, ort.Tensor>;
  readonly length: number;
}

/** Steps through the graph's key/value cache: the prompt once, then one token per step. */
function cacheStepper(model: LoadedModel): Stepper<Cached> {
  const session = model.session;
  const pastNames = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
  const heads = model.patched.outputs.heads;
  const feed = async (ids: readonly number[], before: Cached | null): Promise<{ state: Cached; top: Step[] }> => {
    const n = ids.length;
    const pastLength = before?.length ?? 0;
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      if (name === 'input_ids') feeds[name] = int64([...ids], [1, n]);
      else if (name === 'attention_mask') feeds[name] = int64(new Array<number>(pastLength + n).fill(1), [1, pastLength + n]);
      else if (name === 'position_ids')
        feeds[name] = int64(
          Array.from({ length: n }, (_, i) => pastLength + i),
          [1, n],
        );
      else if (name.startsWith('past_key_values.')) feeds[name] = before?.past[name] ?? emptyPast(model, name);
      else if (isProbeInput(name)) feeds[name] = probeFeed(model, name);
      else
        throw new EngineError(
          'unsupported-architecture',
          `${shownPath(model.facts.id)}: the model needs an input "${name}" the engine does not know how to fill`,
        );
    }
    const fetches = [
      ...(heads ? [heads.topValues, heads.topIndices, heads.logSumExp] : ['logits']),
      ...pastNames.map((n) => n.replace('past_key_values.', 'present.')),
    ];
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await session.run(feeds, fetches);
    } catch (error) {
      throw new EngineError('internal', `${shownPath(model.facts.id)}: inference failed (${(error as Error).message.split('\n')[0]})`, { cause: error });
    }
    const past: Record<string, ort.Tensor> = {};
    for (const name of pastNames) past[name] = out[name.replace('past_key_values.', 'present.')] as ort.Tensor;
    const state = { past, length: pastLength + n };
    if (heads) {
      const values = out[heads.topValues];
      const tops = rowTops(
        {
          k: Number(values.dims[2]),
          topValues: values.data as Float32Array,
          topIndices: out[heads.topIndices].data as BigInt64Array,
          logSumExp: out[heads.logSumExp].data as Float32Array,
        },
        n,
      );
      return { state, top: tops.top(0, n - 1) };
    }
    const logits = out.logits;
    const vocab = Number(logits.dims[2]);
    const last = (logits.data as Float32Array).subarray((n - 1) * vocab, n * vocab);
    return { state, top: rowTops(headsFromLogits(last, 1, vocab, 20, null), 1).top(0, 0) };
  };
  return { start: (ids) => feed(ids, null), next: (state, id) => feed([id], state) };
}

function emptyPast(model: LoadedModel, name: string): ort.Tensor {
  const meta = model.session.inputMetadata.find((m) => m.name === name);
  const dims = [1, model.kvHeads, 0, model.headDim];
  return meta?.isTensor === true && meta.type === 'float16'
    ? new ort.Tensor('float16', new Uint16Array(0), dims)
    : new ort.Tensor('float32', new Float32Array(0), dims);
}

/** Runs the whole text again per step (graphs exported without a cache). */
function recomputeStepper(model: LoadedModel, typeIds: readonly number[]): Stepper<readonly number[]> {
  const feed = async (ids: readonly number[]): Promise<{ state: readonly number[]; top: Step[] }> => {
    const types = ids.map((_, i) => typeIds[Math.min(i, typeIds.length - 1)] ?? 0);
    const tops = await runRows(model, [ids], [types]);
    return { state: ids, top: tops.top(0, ids.length - 1) };
  };
  return { start: feed, next: (state, id) => feed([...state, id]) };
}
