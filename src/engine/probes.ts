/**
 * The probes of an analysis (engine runtime): which patched outputs a request fetches for its
 * hidden states and q/k/v (onnx/probes.ts), their reading into the protocol's shapes, the head-mask
 * feed of an ablation, and the layer lens computed from kept hidden states by feeding them to the
 * cloned output head (onnx/lensHead.ts) in a second, small run: one position across all layers is a
 * few rows; the vocabulary-sized logits never leave onnxruntime.
 *
 *   const fetches = probeFetches(model, request);            // with the analysis run
 *   const { hidden, qkv } = readProbes(model, outputs, request, T);
 *   const lens = await lensFor(model, hidden, [5], 5, decode, runLens);
 */
import * as ort from 'onnxruntime-node';
import {
  HALF_TABLE,
  type AnalyzeRequest,
  type AttentionLayer,
  type AttentionPrecision,
  type Candidate,
  type HeadRef,
  type HiddenStates,
  type LensData,
  type LensPosition,
  type QkvLayer,
  type RankedCandidate,
} from '../protocol/analysis';
import { EngineError } from './errors';
import { innerTokenizer, type LoadedModel } from './model';
import { HEADS_INPUT, SCORES_INPUT } from './onnx/patch';
import { shownPath } from './paths';

type Outputs = ort.InferenceSession.OnnxValueMapType;

function probesOf(model: LoadedModel) {
  return model.patched.outputs.probes ?? null;
}

/** Inputs the patch added (the head mask, the lens rows): every run feeds them. */
export function isProbeInput(name: string): boolean {
  return name.startsWith('attention_lens.');
}

/** The patched graph's SCORES_INPUT: true for the layers whose scores a run computes (onnx/patch.ts). */
export function scoresFeed(model: LoadedModel, layers: readonly number[]): ort.Tensor {
  const L = model.patched.outputs.attentions.length;
  return new ort.Tensor(
    'bool',
    Uint8Array.from({ length: L }, (_, l) => (layers.includes(l) ? 1 : 0)),
    [L],
  );
}

/** A probe input's neutral value: every head on; no layer's scores; the prediction heads computed. */
export function probeFeed(model: LoadedModel, name: string): ort.Tensor {
  if (name === SCORES_INPUT) return scoresFeed(model, []);
  if (name === HEADS_INPUT) return new ort.Tensor('bool', [true], [1]);
  const probes = probesOf(model);
  if (name === probes?.headMask) {
    const L = model.patched.outputs.attentions.length;
    return new ort.Tensor('float32', new Float32Array(L * model.facts.heads).fill(1), [L, model.facts.heads]);
  }
  throw new EngineError('internal', `${shownPath(model.facts.id)}: unknown probe input ${name}`);
}

/** The requested q/k/v layers, checked. */
export function qkvLayers(model: LoadedModel, request: AnalyzeRequest): number[] {
  const L = model.patched.outputs.attentions.length;
  const layers = [...new Set(request.qkv ?? [])].sort((a, b) => a - b);
  for (const l of layers) {
    if (!Number.isInteger(l) || l < 0 || l >= L) throw new EngineError('bad-input', `q/k/v layer ${l} is outside the model's ${L} layers (0–${L - 1})`);
    if (!probesOf(model)?.qkv[l]) throw new EngineError('bad-input', `${shownPath(model.facts.id)} does not expose q, k and v for layer ${l}`);
  }
  return layers;
}

/** Output names to fetch with the analysis for the request's probes (hidden states also for the lens). */
export function probeFetches(model: LoadedModel, request: AnalyzeRequest): string[] {
  const probes = probesOf(model);
  const out: string[] = [];
  if (request.hidden || request.lens) {
    if (!probes?.hidden)
      throw new EngineError(
        'bad-input',
        `${shownPath(model.facts.id)}: its hidden states cannot be located in the graph, so neither hidden states nor the lens are available`,
      );
    out.push(...probes.hidden);
  }
  for (const l of qkvLayers(model, request)) {
    const p = probes?.qkv[l];
    if (p) out.push(p.q, p.k, p.v);
  }
  return out;
}

/** The head-mask feed of an ablation (null: none asked); every head checked. */
export function headMaskFeed(model: LoadedModel, ablate: readonly HeadRef[] | undefined): Record<string, ort.Tensor> {
  if (!ablate || ablate.length === 0) return {};
  const name = probesOf(model)?.headMask;
  if (!name) throw new EngineError('bad-input', `${shownPath(model.facts.id)}: heads cannot be switched off in this model's graph`);
  const L = model.patched.outputs.attentions.length;
  const H = model.facts.heads;
  const mask = new Float32Array(L * H).fill(1);
  for (const { layer, head } of ablate) {
    if (!Number.isInteger(layer) || layer < 0 || layer >= L)
      throw new EngineError('bad-input', `ablated layer ${layer} is outside the model's ${L} layers (0–${L - 1})`);
    if (!Number.isInteger(head) || head < 0 || head >= H)
      throw new EngineError('bad-input', `ablated head ${head} is outside the model's ${H} heads (0–${H - 1})`);
    mask[layer * H + head] = 0;
  }
  return { [name]: new ort.Tensor('float32', mask, [L, H]) };
}

/** [n][T][d] from a [T][n·d] tensor (a fused operator's merged heads). */
function splitHeads(data: Float32Array, T: number, n: number, d: number): Float32Array {
  const out = new Float32Array(n * T * d);
  for (let t = 0; t < T; t++) for (let h = 0; h < n; h++) out.set(data.subarray((t * n + h) * d, (t * n + h + 1) * d), (h * T + t) * d);
  return out;
}

/** [n][T][d] from [n][d][T]. */
function untranspose(data: Float32Array, n: number, d: number, T: number): Float32Array {
  const out = new Float32Array(n * T * d);
  for (let h = 0; h < n; h++) for (let e = 0; e < d; e++) for (let t = 0; t < T; t++) out[(h * T + t) * d + e] = data[(h * d + e) * T + t];
  return out;
}

/** Key/value heads a graph repeated for grouped-query attention, back to one copy each — only when the copies are equal. */
function dedupe(data: Float32Array, n: number, kvHeads: number, size: number): { data: Float32Array; heads: number } {
  if (kvHeads <= 0 || kvHeads >= n || n % kvHeads !== 0) return { data, heads: n };
  const group = n / kvHeads;
  const out = new Float32Array(kvHeads * size);
  for (let j = 0; j < kvHeads; j++) {
    const base = data.subarray(j * group * size, (j * group + 1) * size);
    for (let r = 1; r < group; r++) {
      const copy = data.subarray((j * group + r) * size, (j * group + r + 1) * size);
      if (copy.some((x, i) => x !== base[i])) return { data, heads: n };
    }
    out.set(base, j * size);
  }
  return { data: out, heads: kvHeads };
}

export function readProbes(model: LoadedModel, outputs: Outputs, request: AnalyzeRequest, T: number): { hidden?: HiddenStates; qkv?: QkvLayer[] } {
  const probes = probesOf(model);
  const result: { hidden?: HiddenStates; qkv?: QkvLayer[] } = {};
  if ((request.hidden || request.lens) && probes?.hidden) {
    const states = probes.hidden.map((name) => outputs[name].data as Float32Array);
    result.hidden = { length: T, width: states[0].length / T, states };
  }
  const layers = qkvLayers(model, request);
  if (layers.length > 0 && probes) {
    result.qkv = layers.map((layer) => {
      const p = probes.qkv[layer];
      if (!p) throw new EngineError('internal', `layer ${layer} has no q/k/v outputs`);
      const [q, k, v] = [outputs[p.q], outputs[p.k], outputs[p.v]];
      const data = (x: ort.Tensor) => x.data as Float32Array;
      let d: number;
      let qs: Float32Array;
      let ks: Float32Array;
      let vs: Float32Array;
      let heads: number;
      if (p.layout === 'merged') {
        // config.json's head width only where it splits the tensor (a head_dim of 0 or 7 for 32 wide used to hang or overrun).
        const width = Number(q.dims[q.dims.length - 1]);
        d = model.headDim > 0 && width % model.headDim === 0 ? model.headDim : width / model.facts.heads;
        if (!(Number.isInteger(d) && d > 0))
          throw new EngineError('bad-input', `layer ${layer}: its q (${width} wide) cannot be split into ${model.facts.heads} heads`);
        heads = width / d;
        qs = splitHeads(data(q), T, heads, d);
        ks = splitHeads(data(k), T, Number(k.dims[k.dims.length - 1]) / d, d);
        vs = splitHeads(data(v), T, Number(v.dims[v.dims.length - 1]) / d, d);
      } else {
        d = Number(q.dims[q.dims.length - 1]);
        heads = data(q).length / (T * d);
        qs = data(q);
        ks = p.kTransposed ? untranspose(data(k), data(k).length / (T * d), d, T) : data(k);
        vs = data(v);
      }
      const kk = dedupe(ks, ks.length / (T * d), model.kvHeads, T * d);
      const vv = dedupe(vs, vs.length / (T * d), model.kvHeads, T * d);
      const kvHeads = kk.heads === vv.heads ? kk.heads : ks.length / (T * d);
      return {
        layer,
        heads,
        kvHeads,
        length: T,
        headDim: d,
        scale: p.scale ?? 1 / Math.sqrt(d),
        q: qs,
        k: kk.heads === kvHeads ? kk.data : ks,
        v: vv.heads === kvHeads ? vv.data : vs,
      };
    });
  }
  return result;
}

/**
 * What a kept analysis computes when a view asks (the worker's TensorStore): the lens of some positions
 * from its kept hidden states, one layer's q/k/v by running its inputs again (the same session and inputs
 * give the same bits, under the same ablation).
 */
export interface ProbeSource {
  lens(hidden: HiddenStates, positions: readonly number[], topK: number, watch?: readonly string[]): Promise<LensData>;
  qkv(layer: number): Promise<QkvLayer>;
}

/**
 * Whether softmax(q·kᵀ·scale + mask) gives `probs` (the same layer's attention) on the last query row of every
 * head — the row that sees every key under either mask. A graph that adds something else to the scores (a
 * position bias, a soft cap) fails it; its q/k/v are still what the product consumes, and a notice says so.
 */
export function reproducesAttention(p: QkvLayer, probs: AttentionLayer, precision: AttentionPrecision, tolerance = 2e-2): boolean {
  const { heads, kvHeads, length: T, headDim: d } = p;
  const i = T - 1;
  for (let h = 0; h < heads; h++) {
    const kh = Math.floor((h * kvHeads) / heads);
    const s = new Float64Array(T);
    let max = -Infinity;
    for (let j = 0; j < T; j++) {
      let dot = 0;
      for (let e = 0; e < d; e++) dot += p.q[(h * T + i) * d + e] * p.k[(kh * T + j) * d + e];
      s[j] = dot * p.scale;
      max = Math.max(max, s[j]);
    }
    let sum = 0;
    for (let j = 0; j < T; j++) sum += Math.exp(s[j] - max);
    for (let j = 0; j < T; j++) {
      const raw = probs[(h * T + i) * T + j];
      const actual = precision === 'float16' ? HALF_TABLE[raw] : raw;
      if (!(Math.abs(Math.exp(s[j] - max) / sum - actual) <= tolerance)) return false;
    }
  }
  return true;
}

/** Runs the lens head over `rows` ([n][width]): each row's top-k ids, logits and log-sum-exp, and the `watch` ids' logits and counts of higher logits ([n][watch]). */
export type LensRunner = (
  rows: Float32Array,
  n: number,
  watch: readonly number[],
) => Promise<{ k: number; values: Float32Array; ids: BigInt64Array; lse: Float32Array; watchLogits: Float32Array | null; watchHigher: Float32Array | null }>;

/** At most this many logits per lens run (rows × vocabulary), so that a long text's lens stays within memory. */
const LENS_LOGITS_PER_RUN = 2 ** 25;

/** A watched text's candidates: the vocabulary entries it is alone, as written and after a space (" the", a byte-level vocabulary's word start). */
export function watchIds(model: LoadedModel, text: string): number[] {
  const inner = innerTokenizer(model.tokenizer);
  const ids = new Set<number>();
  for (const variant of [text, ` ${text}`]) {
    const enc = inner.encode(variant, { add_special_tokens: false }).ids;
    if (enc.length === 1) ids.add(enc[0]);
  }
  return [...ids];
}

/** The lens at `positions`, every layer of the stream (0: embeddings … L: after the last block), and the watched texts at each. */
export async function lensFor(
  model: LoadedModel,
  hidden: HiddenStates,
  positions: readonly number[],
  topK: number,
  decode: (id: number) => string,
  runLens: LensRunner,
  watch: readonly string[] = [],
): Promise<LensData> {
  const lens = probesOf(model)?.lens;
  if (!lens) throw new EngineError('bad-input', `${shownPath(model.facts.id)}: the layer lens is not available for this model (see its notices)`);
  if (watch.length > 0 && !lens.watch)
    throw new EngineError('bad-input', `${shownPath(model.facts.id)}: its lens head was patched before the watch list; clear the patched-model cache`);
  const { width, length } = hidden;
  const layers = hidden.states.length;
  for (const p of positions) {
    if (!Number.isInteger(p) || p < 0 || p >= length)
      throw new EngineError('bad-input', `lens position ${p} is outside the ${length} tokens (0–${length - 1})`);
  }
  const candidates = watch.map((text) => watchIds(model, text));
  const ids = candidates.flat();
  const perRun = Math.max(layers, Math.floor(LENS_LOGITS_PER_RUN / Math.max(1, model.facts.vocabSize * (1 + ids.length))));
  const chunk = Math.max(1, Math.floor(perRun / layers));
  const out: LensPosition[] = [];
  for (let start = 0; start < positions.length; start += chunk) {
    const some = positions.slice(start, start + chunk);
    const rows = new Float32Array(some.length * layers * width);
    some.forEach((p, i) => hidden.states.forEach((state, l) => rows.set(state.subarray(p * width, (p + 1) * width), (i * layers + l) * width)));
    const run = await runLens(rows, some.length * layers, ids);
    const kk = Math.min(run.k, topK);
    const watched = (r: number): (RankedCandidate | null)[] => {
      let offset = 0;
      return candidates.map((c) => {
        let best: RankedCandidate | null = null;
        for (let j = 0; j < c.length; j++) {
          const w = r * ids.length + offset + j;
          const rank = (run.watchHigher?.[w] ?? NaN) + 1;
          const p = Math.exp((run.watchLogits?.[w] ?? NaN) - run.lse[r]);
          if (Number.isFinite(p) && (!best || rank < best.rank)) best = { token: decode(c[j]), id: c[j], p, rank };
        }
        offset += c.length;
        return best;
      });
    };
    some.forEach((position, i) => {
      out.push({
        position,
        layers: Array.from({ length: layers }, (_, layer) => {
          const r = i * layers + layer;
          const top: Candidate[] = [];
          for (let j = 0; j < kk; j++) {
            const id = Number(run.ids[r * run.k + j]);
            const p = Math.exp(run.values[r * run.k + j] - run.lse[r]);
            // Logits that are not numbers (a broken model) rank nothing: no top token rather than one of p NaN.
            if (Number.isFinite(p)) top.push({ token: decode(id), id, p });
          }
          return watch.length > 0 ? { layer, top, watched: watched(r) } : { layer, top };
        }),
      });
    });
  }
  return { kind: lens.kind, positions: out, ...(watch.length > 0 ? { watch: [...watch] } : {}) };
}
