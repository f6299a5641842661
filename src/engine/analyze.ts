/**
 * One analysis of a text with a loaded model (engine runtime): tokenize with exact offsets,
 * window to the model's maximum positions around the requested range, run the patched session
 * fetching only the outputs needed (attention per layer, the in-graph prediction heads), and
 * post-process into the protocol's AnalysisResult.
 *
 *   const result = await analyze(model, { text: 'The river [MASK] was steep.', topK: 5 });
 *
 * The scores before softmax are fetched with the run only when the request asks for them: handing
 * them back to JavaScript costs as much again as the probabilities (DESIGN.md). `analyzeForViews`
 * gives instead a ScoresSource that fetches one layer's scores later, by running the same inputs
 * again (the same session and inputs give the same bits).
 *
 *   const { result, scores } = await analyzeForViews(model, { text });
 *   const layer0 = await scores?.(0); // heads × T × T, as `analyze(model, { text, scores: true })` gives
 */
import type * as ort from 'onnxruntime-node';
import { MAX_CANDIDATES, type AnalysisResult, type AnalyzeRequest, type AttentionLayer, type AttentionPrecision, type TokenInfo } from '../protocol/analysis';
import { alignTokens, textTokenMask } from './align/align';
import { tokenizerInfo, type TokenizerInfo } from './align/tokenizerInfo';
import { EngineError } from './errors';
import { innerTokenizer, type LoadedModel } from './model';
import { decoderPredictions, encoderPredictions, headsFromLogits, positionsWithoutNumbers, type HeadData } from './predictions';
import { headMaskFeed, lensFor, probeFetches, readProbes, reproducesAttention, type ProbeSource } from './probes';
import { lensRunner, run } from './runModel';
import { GROWING_DENSITY, tokensPerChar } from './tokenDensity';
import { noticeLine } from '../protocol/notices';
import { rowsWithoutNumbers } from '../protocol/attentionMath';
import { noTokenIn, tokensCovering } from '../protocol/spans';
import { graphemeStart, inwardEdges } from './windowEdges';
import { graphemeEnd } from '../protocol/graphemes';
import { firstCut, outsideOf } from '../protocol/textCut';
import { shownPath } from './paths';

export { lensRunner } from './runModel';

const infoCache = new WeakMap<object, TokenizerInfo>();
const decodeCache = new WeakMap<object, Map<number, string>>();

interface Encoded {
  readonly ids: number[];
  readonly typeIds: number[];
  readonly tokens: string[];
  readonly fromTemplate: boolean[];
}

function encode(model: LoadedModel, text: string): Encoded {
  const inner = innerTokenizer(model.tokenizer);
  const full = inner.encode(text, { add_special_tokens: true, return_token_type_ids: true });
  const bare = inner.encode(text, { add_special_tokens: false });
  return {
    ids: full.ids,
    tokens: full.tokens,
    typeIds: full.token_type_ids ?? full.ids.map(() => 0),
    fromTemplate: textTokenMask(full.ids, bare.ids),
  };
}

function decoder(model: LoadedModel): (id: number) => string {
  let cache = decodeCache.get(model.tokenizer);
  if (!cache) decodeCache.set(model.tokenizer, (cache = new Map()));
  const map = cache;
  return (id) => {
    let s = map.get(id);
    if (s === undefined) {
      s = model.tokenizer.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
      map.set(id, s);
    }
    return s;
  };
}

/** A window this close to a cut's edge might differ from the uncut text's (tokens near a cut change): cut wider. */
const CUT_SLACK = 256;

interface Window {
  readonly start: number;
  readonly end: number;
  readonly enc: Encoded;
  /** Tokens of the whole range, or an estimate (`estimated`) when only a cut of it was tokenized. */
  readonly total: number;
  readonly estimated?: boolean;
}

/**
 * Picks the character window to analyze: the range, or maxTokens of it around the focus. A range
 * much longer than the window is first cut around the focus (a margin of CUT_CHARS_PER_TOKEN per
 * token each side, CUT_MIN_MARGIN at least), so that a 20 MB file is not tokenized whole; the cut doubles until the window
 * chosen in it stays clear of its edges (then it is the window the whole range would give) or
 * the cut is the whole range. A cut's total is an estimate, extrapolated from the cut. (`cut`
 * false tokenizes the whole range: the tests compare the two.) `outside`: characters of the range
 * not sent, before and after `text` (textCut.ts): no range end there; the total is the whole's.
 */
export function windowed(
  model: LoadedModel,
  text: string,
  start: number,
  end: number,
  focus: number,
  limit: number,
  info: TokenizerInfo,
  anchor: 'center' | 'start' = 'center',
  cut = true,
  outside: { readonly before: number; readonly after: number } = { before: 0, after: 0 },
): Window {
  if (!cut) return windowWithin(model, text, start, end, focus, limit, info, anchor);
  const { before, after } = outside;
  // A tokenizer that grows the text (tokenDensity.ts) gets a first cut as wide as its window needs, not 65,536 characters.
  const density = end - start > 4 * CUT_SLACK ? tokensPerChar(model, text, start, end, focus) : 0;
  const first = density > GROWING_DENSITY ? Math.max(2 * CUT_SLACK, Math.ceil((4 * limit) / density)) : firstCut(limit);
  for (let margin = first; ; margin *= 2) {
    const cutStart = Math.max(start, focus - margin);
    const cutEnd = Math.min(end, focus + margin);
    const win = windowWithin(model, text, cutStart, cutEnd, focus, limit, info, anchor);
    const [atStart, atEnd] = [cutStart === start, cutEnd === end];
    if (atStart && atEnd && before === 0 && after === 0) return win;
    const clear = ((atStart && before === 0) || win.start - cutStart >= CUT_SLACK) && ((atEnd && after === 0) || cutEnd - win.end >= CUT_SLACK);
    // All the text sent, and the range goes on: the window is the nearest the text allows.
    if ((clear && win.total > limit) || (atStart && atEnd)) {
      const total = Math.max(win.total + 1, Math.round((win.total * (before + end - start + after)) / (cutEnd - cutStart)));
      return { ...win, total, estimated: true };
    }
  }
}

/** `windowed` on text[start, end), tokenized whole. */
function windowWithin(
  model: LoadedModel,
  text: string,
  start: number,
  end: number,
  focus: number,
  limit: number,
  info: TokenizerInfo,
  anchor: 'center' | 'start',
): Window {
  let enc = encode(model, text.slice(start, end));
  if (enc.ids.length <= limit) return { start, end, enc, total: enc.ids.length };
  const total = enc.ids.length;
  const specials = enc.fromTemplate.filter(Boolean).length;
  const bare = alignTokens(text.slice(start, end), info, enc.ids, enc.fromTemplate, enc.tokens)
    .map((s, i) => ({ ...s, i }))
    .filter((s, i) => !enc.fromTemplate[i] && s.start !== null && s.end !== null);
  let budget = Math.max(1, limit - specials);
  for (let attempt = 0; attempt < 4; attempt++) {
    const rel = focus - start;
    let center = bare.findIndex((s) => (s.end as number) > rel);
    if (center < 0) center = bare.length - 1;
    let a = Math.max(0, anchor === 'start' ? center : center - Math.floor(budget / 2));
    const b = Math.min(bare.length, a + budget);
    a = Math.max(0, b - budget);
    // An edge inside one grapheme (an emoji sequence, a flag, a letter and its accents, a CRLF) moves inward.
    const { start: ws, end: we } = inwardEdges(text, start + (bare[a].start as number), start + (bare[b - 1].end as number));
    enc = encode(model, text.slice(ws, we));
    if (enc.ids.length <= limit) return { start: ws, end: we, enc, total };
    budget -= enc.ids.length - limit;
  }
  throw new EngineError('internal', 'could not fit a window of the text into the model');
}

/** Checks a request and picks its window: what an analysis would run, without running it. */
function prepare(model: LoadedModel, request: AnalyzeRequest): { start: number; end: number; info: TokenizerInfo; limit: number; win: Window } {
  const { text } = request;
  if (typeof text !== 'string' || text.length === 0) throw new EngineError('bad-input', 'the text is empty');
  const asked = { start: request.range?.start ?? 0, end: request.range?.end ?? text.length };
  const range = `range ${asked.start}–${asked.end}`;
  if (!(Number.isInteger(asked.start) && Number.isInteger(asked.end) && asked.start >= 0 && asked.end <= text.length))
    throw new EngineError('bad-input', `${range} is not inside the text (0–${text.length})`);
  // Inside the text, but no text: said as it is, not as "outside".
  if (asked.start === asked.end) throw new EngineError('bad-input', `${range} is empty: it holds no character`);
  if (asked.start > asked.end) throw new EngineError('bad-input', `${range} ends before it starts`);
  // An edge inside what a person reads as one character (a surrogate pair, a CRLF, a letter and its accents, an
  // emoji ZWJ sequence, a flag) widens to the whole of it: half of one is no text, or another character ("👨" for a family).
  const start = graphemeStart(text, asked.start);
  const end = graphemeEnd(text, asked.end);
  if (text.slice(start, end).trim().length === 0) throw new EngineError('bad-input', 'the selected text is only whitespace');
  let info = infoCache.get(model.tokenizer);
  if (!info) infoCache.set(model.tokenizer, (info = tokenizerInfo(model.tokenizer)));
  // The floor of 8 is the setting's; a model of fewer positions (its table has no more rows) keeps its own count.
  const limit = Math.min(model.facts.maxPositions, Math.max(8, request.maxTokens ?? Number.POSITIVE_INFINITY));
  const focus = Math.min(Math.max(request.focus ?? start, start), end - 1);
  return { start, end, info, limit, win: windowed(model, text, start, end, focus, limit, info, request.anchor, true, outsideOf(request)) };
}

/** How many tokens the analysis of `request` would run (for the memory estimate). */
export function measure(model: LoadedModel, request: AnalyzeRequest): number {
  return prepare(model, request).win.enc.ids.length;
}

/** The requested layers, checked (all when absent). */
function selectedLayers(model: LoadedModel, request: AnalyzeRequest): number[] {
  const all = model.patched.outputs.attentions.length;
  if (!request.layers) return Array.from({ length: all }, (_, i) => i);
  const picked = [...new Set(request.layers)].sort((a, b) => a - b);
  for (const l of picked)
    if (!Number.isInteger(l) || l < 0 || l >= all) throw new EngineError('bad-input', `layer ${l} is outside the model's ${all} layers (0–${all - 1})`);
  if (picked.length === 0) throw new EngineError('bad-input', 'no layer asked for');
  return picked;
}

/** One layer's scores before softmax (an index into the analysis's layers), computed when asked for. */
export type ScoresSource = (layer: number) => Promise<AttentionLayer>;

export async function analyze(model: LoadedModel, request: AnalyzeRequest): Promise<AnalysisResult> {
  return (await analyzeForViews(model, request)).result;
}

/** What a run of `request` feeds the model: its window, token spans, ids with the masks applied, and each `maskChars` range's positions. */
export interface PreparedInput {
  readonly win: Window;
  readonly info: TokenizerInfo;
  /** The most tokens this request may analyze. */
  readonly limit: number;
  readonly spans: ReturnType<typeof alignTokens>;
  readonly ids: number[];
  readonly mask: number[];
  /** The masked positions of each `maskChars` range, in order. */
  readonly groups: number[][];
  readonly maskId: number | null;
}

export function prepareInput(model: LoadedModel, request: AnalyzeRequest): PreparedInput {
  const { text } = request;
  const { info, win, limit } = prepare(model, request);
  const { enc } = win;
  const spans = alignTokens(text.slice(win.start, win.end), info, enc.ids, enc.fromTemplate, enc.tokens);
  const T = enc.ids.length;
  const groups = (request.maskChars ?? []).map((r) => {
    const hit = tokensCovering(spans, r.start, r.end, win.start).filter((i) => !enc.fromTemplate[i]);
    if (hit.length === 0) throw new EngineError('bad-input', noTokenIn(text, r));
    return hit;
  });
  const mask = [...new Set([...(request.mask ?? []), ...groups.flat()])].sort((a, b) => a - b);
  const ids = [...enc.ids];
  const maskId = (model.tokenizer as unknown as { mask_token_id?: number | null }).mask_token_id ?? null;
  if (mask.length > 0) {
    if (model.facts.kind !== 'encoder') throw new EngineError('bad-input', `masking needs an encoder; ${shownPath(model.facts.id)} is a decoder`);
    if (maskId === null) throw new EngineError('bad-input', `${shownPath(model.facts.id)} has no mask token`);
    for (const p of mask) {
      if (!Number.isInteger(p) || p < 0 || p >= T) throw new EngineError('bad-input', `mask position ${p} is outside the ${T} tokens (0–${T - 1})`);
      // A token the tokenizer adds stands for no text: its "fillers" would mean nothing.
      if (enc.fromTemplate[p])
        throw new EngineError('bad-input', `mask position ${p} is ${enc.tokens[p]}, a token the tokenizer adds; mask a token of the text`);
      ids[p] = maskId;
    }
  }
  return { win, info, limit, spans, ids, mask, groups, maskId };
}

/**
 * `analyze`, plus where a view gets the scores the request did not fetch: null where the result
 * has them already, or the model exposes none (GroupQueryAttention).
 */
export async function analyzeForViews(
  model: LoadedModel,
  request: AnalyzeRequest,
): Promise<{ result: AnalysisResult; scores: ScoresSource | null; probes: ProbeSource }> {
  const t0 = performance.now();
  const { win, info, limit, spans, ids, mask, maskId } = prepareInput(model, request);
  const { enc } = win;
  const layerIds = selectedLayers(model, request);
  const partial = layerIds.length < model.patched.outputs.attentions.length;
  const specialIds = new Set((model.tokenizer as unknown as { all_special_ids: number[] }).all_special_ids);
  const T = enc.ids.length;
  const tokens: TokenInfo[] = enc.ids.map((id, i) => {
    const s = spans[i];
    return {
      text: enc.tokens[i],
      id,
      // [UNK] stands for real text, so it is not "special" even though the vocabulary says so.
      special: enc.fromTemplate[i] || (specialIds.has(id) && id !== info.unkId),
      masked: mask.includes(i),
      start: s.start === null ? null : s.start + win.start,
      end: s.end === null ? null : s.end + win.start,
      word: s.word,
    };
  });
  const t1 = performance.now();

  const ablation = headMaskFeed(model, request.ablate);
  const extra = probeFetches(model, request);
  const maskPositions = ids.flatMap((id, i) => (id === maskId && maskId !== null ? [i] : []));
  // An encoder's output head predicts masked positions only: with none masked, onnxruntime skips it
  // (the vocabulary-sized product, its log-softmax and top-k: ~130 ms of a BERT-base run at 512 tokens).
  const needHeads = model.facts.kind !== 'encoder' || maskPositions.length > 0;
  const outputs = await run(model, ids, enc.typeIds, { probs: layerIds, scores: request.scores ? layerIds : [], heads: needHeads, extra }, ablation);
  const t2 = performance.now();
  const probed = readProbes(model, outputs, request, T);

  const layers = layerIds.map((l) => asAttentionLayer(outputs[model.patched.outputs.attentions[l]].data, model.precision));
  const allScores = model.patched.outputs.scores;
  const scoreNames = allScores && request.scores ? layerIds.map((l) => allScores[l]) : null;
  const heads = needHeads ? headData(model, outputs, ids) : null;
  const k = Math.max(1, Math.min(request.topK ?? 5, MAX_CANDIDATES));
  const decode = decoder(model);
  const lensPositions = model.facts.kind === 'decoder' ? ids.map((_, i) => i) : maskPositions;
  const lens = request.lens && probed.hidden ? await lensFor(model, probed.hidden, lensPositions, k, decode, lensRunner(model)) : undefined;
  const predictions = !heads
    ? { masked: [], next: [], perToken: [] }
    : model.facts.kind === 'encoder'
      ? encoderPredictions(heads, maskPositions, k, decode)
      : decoderPredictions(heads, k, decode);
  const notices = [...model.patched.notices];
  const predicted = model.facts.kind === 'decoder' ? ids.map((_, i) => i) : maskPositions;
  const unnumbered = heads ? positionsWithoutNumbers(heads, predicted) : 0;
  if (unnumbered > 0) notices.push(noticeLine('logits-not-finite', unnumbered, predicted.length));
  const broken = rowsWithoutNumbers(layers, T, model.precision);
  if (broken.rows > 0) notices.push(noticeLine('attention-not-finite', broken.rows, broken.of));
  if (partial) notices.push(noticeLine('layers-subset', layerIds.join(', '), model.patched.outputs.attentions.length));
  if (request.scores && !scoreNames && !notices.some((n) => n.startsWith('scores'))) notices.push(noticeLine('no-scores'));
  for (const p of probed.qkv ?? []) {
    const index = layerIds.indexOf(p.layer);
    if (index >= 0 && !reproducesAttention(p, layers[index], model.precision)) notices.push(noticeLine('qkv-not-reproducing', p.layer));
  }
  const result: AnalysisResult = {
    model: model.facts,
    tokens,
    attention: {
      layers: layers.length,
      heads: layers.length > 0 ? layers[0].length / (T * T) : 0,
      length: T,
      precision: model.precision,
      ...(partial ? { layerIds } : {}),
      probs: layers,
      scores: scoreNames ? scoreNames.map((name) => asAttentionLayer(outputs[name].data, model.precision)) : null,
    },
    predictions,
    analyzed: { start: win.start, end: win.end },
    ...(win.total > T ? { window: { tokens: T, total: win.total, limit, ...(win.estimated ? { estimated: true } : {}) } } : {}),
    notices,
    timings: { tokenizeMs: t1 - t0, runMs: t2 - t1, postMs: performance.now() - t2 },
    ...(request.hidden && probed.hidden ? { hidden: probed.hidden } : {}),
    ...(probed.qkv ? { qkv: probed.qkv } : {}),
    ...(lens ? { lens } : {}),
    ...(request.ablate && request.ablate.length > 0 ? { ablated: request.ablate.map(({ layer, head }) => ({ layer, head })) } : {}),
  };
  const typeIds = enc.typeIds;
  const later: ScoresSource | null =
    allScores && !request.scores
      ? async (index) => {
          const layer = layerIds[index];
          if (layer === undefined) throw new EngineError('bad-input', `layer ${index} is outside the analysis's ${layerIds.length} layers`);
          if (model.disposed) throw new EngineError('analysis-gone', 'the model of this analysis was unloaded (the engine settings changed); analyze again');
          const again = await run(model, ids, typeIds, { probs: [], scores: [layer], heads: false }, ablation);
          return asAttentionLayer(again[allScores[layer]].data, model.precision);
        }
      : null;
  const probes: ProbeSource = {
    lens: (hidden, positions, topK, watch) => lensFor(model, hidden, positions, topK, decode, lensRunner(model), watch),
    qkv: async (layer) => {
      if (model.disposed) throw new EngineError('analysis-gone', 'the model of this analysis was unloaded (the engine settings changed); analyze again');
      const asked = { text: request.text, qkv: [layer] };
      const again = await run(model, ids, typeIds, { probs: [], scores: [], heads: false, extra: probeFetches(model, asked) }, ablation);
      return (readProbes(model, again, asked, T).qkv ?? [])[0];
    },
  };
  return { result, scores: later, probes };
}

function headData(model: LoadedModel, outputs: ort.InferenceSession.OnnxValueMapType, ids: readonly number[]): HeadData | null {
  const heads = model.patched.outputs.heads;
  const T = ids.length;
  if (heads) {
    const values = outputs[heads.topValues];
    return {
      length: T,
      k: Number(values.dims[2]),
      topValues: values.data as Float32Array,
      topIndices: outputs[heads.topIndices].data as BigInt64Array,
      logSumExp: outputs[heads.logSumExp].data as Float32Array,
      nextLogit: heads.nextLogit ? (outputs[heads.nextLogit].data as Float32Array) : null,
      nextRank: heads.nextRank ? (outputs[heads.nextRank].data as Float32Array) : null,
    };
  }
  const logits = outputs.logits;
  if (!logits) return null; // a model without a language-model head: attention only
  const vocab = Number(logits.dims[2]);
  return headsFromLogits(logits.data as Float32Array, T, vocab, 20, model.facts.kind === 'decoder' ? ids : null);
}

/**
 * The contract's exact array types. On Node 22+ onnxruntime hands float16 out as a native
 * Float16Array, which VS Code's webview messaging does not know (it would arrive as a JSON object
 * of numbers) and the protocol does not promise; its bits are reinterpreted, not copied.
 */
export function asAttentionLayer(data: unknown, precision: AttentionPrecision): AttentionLayer {
  const view = data as ArrayBufferView & { length: number };
  if (precision === 'float16') return view.constructor === Uint16Array ? (view as Uint16Array) : new Uint16Array(view.buffer, view.byteOffset, view.length);
  if (view.constructor !== Float32Array) throw new EngineError('internal', `attention came out as ${view.constructor.name}, not Float32Array`);
  return view as Float32Array;
}
