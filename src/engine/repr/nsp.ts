/**
 * Next-sentence prediction with a loaded encoder (engine runtime): `[CLS] A [SEP] B [SEP]` with
 * token types 0…0 1…1 through the model's own session in one run that fetches every layer's
 * attention and the `nsp_logits` output; P(IsNext) is the softmax of the two logits at index 0
 * (BERT's order, which the embedded encoder keeps: models/MODEL_CARD.md). A model without that
 * output fails with 'unsupported-architecture' rather than a guess.
 *
 *   const { result } = await nextSentence(model, { a: 'I am going outside.', b: 'I will be back after 6.' });
 *   result.isNext; result.crossAttention[0].aToB;
 */
import { layerToFloat32 } from '../../protocol/analysis';
import type { CrossAttention, NextSentenceRequest, NextSentenceResult, PairToken, TokenRange } from '../../protocol/representations';
import { alignTokens, textSegments } from '../align/align';
import { tokenizerInfo, type TokenizerInfo } from '../align/tokenizerInfo';
import { asAttentionLayer } from '../analyze';
import { run } from '../runModel';
import { EngineError } from '../errors';
import { innerTokenizer, type LoadedModel } from '../model';
import { shownPath } from '../paths';

/** The graph output BERT-style exports give the next-sentence head. */
export const NSP_OUTPUT = 'nsp_logits';

const infoCache = new WeakMap<object, TokenizerInfo>();

/** Characters per position of a sentence's start that are tokenized first, to refuse one far past the model's length cheaply. */
const PROBE_CHARS_PER_POSITION = 16;

/**
 * Refuses a sentence whose start alone is more tokens than the model takes, before the whole pair is
 * tokenized (a megabyte file as one sentence took some twenty seconds to be told it is too long). The
 * start is cut at whitespace, so that it tokenizes as it does within the whole sentence.
 */
function checkLength(model: LoadedModel, request: NextSentenceRequest): void {
  const max = model.facts.maxPositions;
  for (const [name, text] of [
    ['A', request.a],
    ['B', request.b],
  ] as const) {
    if (text.length <= max * PROBE_CHARS_PER_POSITION) continue;
    // Without whitespace (a minified line) the cut word may tokenize into a few more pieces than within the whole.
    const start = text.slice(0, max * PROBE_CHARS_PER_POSITION);
    const head = /\s/u.test(start) ? start.replace(/\S*$/u, '') : start;
    const count = innerTokenizer(model.tokenizer).encode(head, { add_special_tokens: false }).ids.length;
    if (count > max + (head === start ? 16 : 0))
      throw new EngineError(
        'bad-input',
        `sentence ${name} is more than ${max} tokens (its first ${head.length} of ${text.length} characters are ${count}); ${shownPath(model.facts.id)} takes at most ${max} for both, with [CLS] and [SEP]`,
      );
  }
}

/** The strip `[CLS] A [SEP] B [SEP]`: ids, token types, and which sentence each token is from (-1: template). */
export function encodePair(model: LoadedModel, a: string, b: string): { ids: number[]; typeIds: number[]; tokens: string[]; segment: number[] } {
  const inner = innerTokenizer(model.tokenizer);
  const full = inner.encode(a, { text_pair: b, add_special_tokens: true, return_token_type_ids: true });
  const parts = [inner.encode(a, { add_special_tokens: false }).ids, inner.encode(b, { add_special_tokens: false }).ids];
  const segment = textSegments(full.ids, parts);
  const firstB = segment.indexOf(1);
  // A tokenizer without a pair template gives no type ids (or only zeros): B and what follows it are type 1.
  const given = full.token_type_ids;
  const typeIds = given && given.includes(1) ? given : full.ids.map((_, i) => (firstB >= 0 && i >= firstB ? 1 : 0));
  return { ids: full.ids, typeIds, tokens: full.tokens, segment };
}

function rangeOf(segment: readonly number[], part: number): TokenRange {
  const start = segment.indexOf(part);
  return start < 0 ? { start: 0, end: 0 } : { start, end: segment.lastIndexOf(part) + 1 };
}

/**
 * Mean over heads and over the query tokens of `from` of the attention each puts on all of `to`'s
 * tokens; `layer` is heads × T × T, row-major.
 */
export function crossMass(layer: Float32Array, heads: number, T: number, from: TokenRange, to: TokenRange): number {
  const rows = from.end - from.start;
  if (rows <= 0 || heads <= 0) return 0;
  let sum = 0;
  for (let h = 0; h < heads; h++)
    for (let q = from.start; q < from.end; q++) {
      const row = (h * T + q) * T;
      for (let k = to.start; k < to.end; k++) sum += layer[row + k];
    }
  return sum / (heads * rows);
}

/** Checks the model and the pair before anything runs. */
function check(model: LoadedModel, request: NextSentenceRequest): void {
  const id = model.facts.id;
  if (model.facts.kind !== 'encoder' || !model.session.outputNames.includes(NSP_OUTPUT)) {
    throw new EngineError(
      'unsupported-architecture',
      `${shownPath(id)} has no next-sentence head (its graph has no "${NSP_OUTPUT}" output): next-sentence prediction needs a BERT-style encoder exported with its pre-training heads`,
    );
  }
  for (const [name, text] of [
    ['A', request.a],
    ['B', request.b],
  ] as const) {
    if (typeof text !== 'string' || text.trim().length === 0) throw new EngineError('bad-input', `sentence ${name} is empty`);
  }
}

/** P(IsNext) of the pair, its strip and segments, and each layer's attention across the two sentences (plus that attention, heads × T × T per layer). */
export async function nextSentence(model: LoadedModel, request: NextSentenceRequest): Promise<{ result: NextSentenceResult; probs: Float32Array[] }> {
  check(model, request);
  checkLength(model, request);
  const { ids, typeIds, tokens, segment } = encodePair(model, request.a, request.b);
  const T = ids.length;
  if (T > model.facts.maxPositions) {
    throw new EngineError(
      'bad-input',
      `the two sentences are ${T} tokens with [CLS] and [SEP]; ${shownPath(model.facts.id)} takes at most ${model.facts.maxPositions}`,
    );
  }
  let info = infoCache.get(model.tokenizer);
  if (!info) infoCache.set(model.tokenizer, (info = tokenizerInfo(model.tokenizer)));
  const spans = [request.a, request.b].map((text, part) =>
    alignTokens(
      text,
      info,
      ids,
      segment.map((s) => s !== part),
      tokens,
    ),
  );
  const layers = model.patched.outputs.attentions.length;
  const t0 = performance.now();
  const outputs = await run(model, ids, typeIds, { probs: Array.from({ length: layers }, (_, l) => l), scores: [], heads: false, extra: [NSP_OUTPUT] });
  const runMs = performance.now() - t0;
  const logits = Array.from(outputs[NSP_OUTPUT].data as Float32Array, Number);
  if (logits.length !== 2)
    throw new EngineError(
      'unsupported-architecture',
      `${shownPath(model.facts.id)}: "${NSP_OUTPUT}" has ${logits.length} values, not the two of IsNext/NotNext`,
    );
  const top = Math.max(logits[0], logits[1]);
  const isNext = Math.exp(logits[0] - top) / (Math.exp(logits[0] - top) + Math.exp(logits[1] - top));
  const segments = { a: rangeOf(segment, 0), b: rangeOf(segment, 1) };
  const probs = model.patched.outputs.attentions.map((name) => layerToFloat32(asAttentionLayer(outputs[name].data, model.precision), model.precision));
  const heads = probs.length > 0 ? probs[0].length / (T * T) : 0;
  const crossAttention: CrossAttention[] = probs.map((layer, l) => ({
    layer: l,
    aToB: crossMass(layer, heads, T, segments.a, segments.b),
    bToA: crossMass(layer, heads, T, segments.b, segments.a),
  }));
  const strip: PairToken[] = ids.map((id, i) => {
    const part = segment[i];
    const span = part >= 0 ? spans[part][i] : null;
    return { text: tokens[i], id, segment: part === 0 ? 'a' : part === 1 ? 'b' : null, start: span?.start ?? null, end: span?.end ?? null };
  });
  return {
    result: { model: model.facts.id, isNext, logits: [logits[0], logits[1]], tokens: strip, segments, crossAttention, runMs },
    probs,
  };
}
