// Independent float64 reference forward pass for the repository's fixture models (Node, tests only). It reads the
// weight initializers of `onnx/model.onnx` by their Hugging Face names and recomputes, in plain loops, every
// layer's attention probabilities and pre-softmax (scaled, masked) scores plus the final logits. It shares no
// code with the fixture generator or the engine, so agreement with onnxruntime proves the graph computes what a
// BERT / GPT-2 computes, and agreement with the patched graph's `attentions.N` proves those are the real attention.
//
//   const ref = referenceForward('test/fixtures/models/tiny-bert', 'encoder', { inputIds: [2, 262, 253, 3] });
//   ref.probs[layer][(h * T + i) * T + j]   // P(query i attends to key j) in head h
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };

/** torch.finfo(torch.float32).min: the additive mask value transformers uses and the fixtures copy. */
const MASK_MIN = -3.4028234663852886e38;

export type ReferenceKind = 'encoder' | 'decoder';

export interface ReferenceInputs {
  readonly inputIds: readonly number[];
  /** Defaults to all ones. */
  readonly attentionMask?: readonly number[];
  /** Encoders only; defaults to all zeros. */
  readonly tokenTypeIds?: readonly number[];
  /** Decoders only; defaults to transformers' cumsum(mask) - 1 with padded positions set to 1. */
  readonly positionIds?: readonly number[];
}

export interface ReferenceResult {
  readonly heads: number;
  readonly seqLength: number;
  readonly vocabSize: number;
  /** Per layer, [heads, T, T] row-major: softmax output. */
  readonly probs: Float64Array[];
  /** Per layer, [heads, T, T]: Q·Kᵀ/sqrt(d) plus the additive mask (masked entries are about -3.4e38). */
  readonly scores: Float64Array[];
  /** [T, vocab]. */
  readonly logits: Float64Array;
}

interface Weight {
  readonly dims: number[];
  readonly data: Float64Array;
}

const weightCache = new Map<string, Map<string, Weight>>();

/** All float initializers of `<modelDir>/onnx/model.onnx`, by name, as float64. */
export function loadWeights(modelDir: string): Map<string, Weight> {
  const cached = weightCache.get(modelDir);
  if (cached) return cached;
  const model = onnx.ModelProto.decode(readFileSync(join(modelDir, 'onnx', 'model.onnx')));
  const out = new Map<string, Weight>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataType !== onnx.TensorProto.DataType.FLOAT) continue;
    const dims = (t.dims ?? []).map(Number);
    let values: ArrayLike<number>;
    if (t.rawData && t.rawData.length > 0) {
      // Copy: raw_data inside the decoded buffer is not 4-byte aligned in general.
      values = new Float32Array(new Uint8Array(t.rawData).buffer);
    } else {
      values = t.floatData ?? [];
    }
    out.set(t.name ?? '', { dims, data: Float64Array.from(values) });
  }
  weightCache.set(modelDir, out);
  return out;
}

export function referenceForward(modelDir: string, kind: ReferenceKind, inputs: ReferenceInputs): ReferenceResult {
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Record<string, number>;
  const w = loadWeights(modelDir);
  return kind === 'encoder' ? encoderForward(config, w, inputs) : decoderForward(config, w, inputs);
}

function get(w: Map<string, Weight>, name: string): Weight {
  const t = w.get(name);
  if (!t) throw new Error(`reference: initializer ${name} not found`);
  return t;
}

/** x [T, in] · W [in, out] + b. */
function dense(x: Float64Array, T: number, W: Weight, b: Weight): Float64Array {
  const [nIn, nOut] = W.dims;
  const y = new Float64Array(T * nOut);
  for (let t = 0; t < T; t++) {
    for (let o = 0; o < nOut; o++) {
      let s = b.data[o];
      for (let i = 0; i < nIn; i++) s += x[t * nIn + i] * W.data[i * nOut + o];
      y[t * nOut + o] = s;
    }
  }
  return y;
}

function layerNorm(x: Float64Array, T: number, gamma: Weight, beta: Weight, eps: number): Float64Array {
  const H = gamma.data.length;
  const y = new Float64Array(x.length);
  for (let t = 0; t < T; t++) {
    let mean = 0;
    for (let i = 0; i < H; i++) mean += x[t * H + i];
    mean /= H;
    let v = 0;
    for (let i = 0; i < H; i++) v += (x[t * H + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / H + eps);
    for (let i = 0; i < H; i++) y[t * H + i] = (x[t * H + i] - mean) * inv * gamma.data[i] + beta.data[i];
  }
  return y;
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + b[i]);
}

/** erf in float64: Maclaurin series near 0, continued fraction for erfc in the tails (both to ~1e-15). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(ax) = exp(-ax²)/sqrt(pi) · 1/(ax + (1/2)/(ax + 1/(ax + (3/2)/(ax + ...)))), evaluated bottom-up.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

const geluErf = (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
const geluTanh = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));

/**
 * Multi-head attention over q, k, v [T, H]; `visible(i, j)` says whether query i may see key j. Fills one layer's
 * scores and probabilities and returns the merged context [T, H].
 */
function attention(
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  T: number,
  H: number,
  heads: number,
  visible: (i: number, j: number) => boolean,
  scores: Float64Array,
  probs: Float64Array,
): Float64Array {
  const d = H / heads;
  const scale = 1 / Math.sqrt(d);
  const ctx = new Float64Array(T * H);
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < T; i++) {
      const row = (h * T + i) * T;
      let max = -Infinity;
      for (let j = 0; j < T; j++) {
        let dot = 0;
        for (let e = 0; e < d; e++) dot += q[i * H + h * d + e] * k[j * H + h * d + e];
        const s = dot * scale + (visible(i, j) ? 0 : MASK_MIN);
        scores[row + j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = 0; j < T; j++) sum += probs[row + j] = Math.exp(scores[row + j] - max);
      for (let j = 0; j < T; j++) probs[row + j] /= sum;
      for (let e = 0; e < d; e++) {
        let c = 0;
        for (let j = 0; j < T; j++) c += probs[row + j] * v[j * H + h * d + e];
        ctx[i * H + h * d + e] = c;
      }
    }
  }
  return ctx;
}

/** Column block [from, from+width) of a [rows, cols] weight, or of a [cols] bias. */
function columns(t: Weight, from: number, width: number): Weight {
  if (t.dims.length === 1) return { dims: [width], data: t.data.slice(from, from + width) };
  const [rows, cols] = t.dims;
  const data = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) data.set(t.data.subarray(r * cols + from, r * cols + from + width), r * width);
  return { dims: [rows, width], data };
}

function embed(table: Weight, ids: readonly number[]): Float64Array {
  const H = table.dims[1];
  const out = new Float64Array(ids.length * H);
  ids.forEach((id, t) => out.set(table.data.subarray(id * H, (id + 1) * H), t * H));
  return out;
}

/** logits [T, V] = x [T, H] · tableᵀ (+ bias). */
function tiedHead(x: Float64Array, T: number, table: Weight, bias?: Weight): Float64Array {
  const [V, H] = table.dims;
  const out = new Float64Array(T * V);
  for (let t = 0; t < T; t++) {
    for (let v = 0; v < V; v++) {
      let s = bias ? bias.data[v] : 0;
      for (let i = 0; i < H; i++) s += x[t * H + i] * table.data[v * H + i];
      out[t * V + v] = s;
    }
  }
  return out;
}

function encoderForward(config: Record<string, number>, w: Map<string, Weight>, inputs: ReferenceInputs): ReferenceResult {
  const T = inputs.inputIds.length;
  const heads = config.num_attention_heads;
  const eps = config.layer_norm_eps;
  const mask = inputs.attentionMask ?? new Array<number>(T).fill(1);
  const types = inputs.tokenTypeIds ?? new Array<number>(T).fill(0);
  const wordEmb = get(w, 'bert.embeddings.word_embeddings.weight');
  const H = wordEmb.dims[1];
  const positions = Array.from({ length: T }, (_, t) => t);
  let x = add(
    add(embed(wordEmb, inputs.inputIds), embed(get(w, 'bert.embeddings.token_type_embeddings.weight'), types)),
    embed(get(w, 'bert.embeddings.position_embeddings.weight'), positions),
  );
  x = layerNorm(x, T, get(w, 'bert.embeddings.LayerNorm.weight'), get(w, 'bert.embeddings.LayerNorm.bias'), eps);
  const probs: Float64Array[] = [];
  const scores: Float64Array[] = [];
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `bert.encoder.layer.${l}`;
    const proj = (which: 'query' | 'key' | 'value', j: number) => {
      // The legacy fused variant stores Q|K|V side by side as `qkv`; the others store them separately.
      const packed = w.get(`${p}.attention.self.qkv.weight`);
      return packed
        ? dense(x, T, columns(packed, j * H, H), columns(get(w, `${p}.attention.self.qkv.bias`), j * H, H))
        : dense(x, T, get(w, `${p}.attention.self.${which}.weight`), get(w, `${p}.attention.self.${which}.bias`));
    };
    const s = new Float64Array(heads * T * T);
    const pr = new Float64Array(heads * T * T);
    const ctx = attention(proj('query', 0), proj('key', 1), proj('value', 2), T, H, heads, (_i, j) => mask[j] !== 0, s, pr);
    scores.push(s);
    probs.push(pr);
    const a = dense(ctx, T, get(w, `${p}.attention.output.dense.weight`), get(w, `${p}.attention.output.dense.bias`));
    x = layerNorm(add(a, x), T, get(w, `${p}.attention.output.LayerNorm.weight`), get(w, `${p}.attention.output.LayerNorm.bias`), eps);
    const inter = dense(x, T, get(w, `${p}.intermediate.dense.weight`), get(w, `${p}.intermediate.dense.bias`)).map(geluErf);
    const out = dense(inter, T, get(w, `${p}.output.dense.weight`), get(w, `${p}.output.dense.bias`));
    x = layerNorm(add(out, x), T, get(w, `${p}.output.LayerNorm.weight`), get(w, `${p}.output.LayerNorm.bias`), eps);
  }
  const t = dense(x, T, get(w, 'cls.predictions.transform.dense.weight'), get(w, 'cls.predictions.transform.dense.bias')).map(geluErf);
  const tl = layerNorm(t, T, get(w, 'cls.predictions.transform.LayerNorm.weight'), get(w, 'cls.predictions.transform.LayerNorm.bias'), eps);
  const logits = tiedHead(tl, T, wordEmb, get(w, 'cls.predictions.bias'));
  return { heads, seqLength: T, vocabSize: wordEmb.dims[0], probs, scores, logits };
}

function decoderForward(config: Record<string, number>, w: Map<string, Weight>, inputs: ReferenceInputs): ReferenceResult {
  const T = inputs.inputIds.length;
  const heads = config.n_head;
  const eps = config.layer_norm_epsilon;
  const mask = inputs.attentionMask ?? new Array<number>(T).fill(1);
  let running = 0;
  const positions = inputs.positionIds ?? mask.map((m) => (m !== 0 ? running++ : 1));
  const wte = get(w, 'transformer.wte.weight');
  const H = wte.dims[1];
  let x = add(embed(wte, inputs.inputIds), embed(get(w, 'transformer.wpe.weight'), positions));
  const probs: Float64Array[] = [];
  const scores: Float64Array[] = [];
  for (let l = 0; l < config.n_layer; l++) {
    const p = `transformer.h.${l}`;
    const h1 = layerNorm(x, T, get(w, `${p}.ln_1.weight`), get(w, `${p}.ln_1.bias`), eps);
    const qkv = dense(h1, T, get(w, `${p}.attn.c_attn.weight`), get(w, `${p}.attn.c_attn.bias`));
    const part = (j: number) => columns({ dims: [T, 3 * H], data: qkv }, j * H, H).data;
    const s = new Float64Array(heads * T * T);
    const pr = new Float64Array(heads * T * T);
    const ctx = attention(part(0), part(1), part(2), T, H, heads, (i, j) => j <= i && mask[j] !== 0, s, pr);
    scores.push(s);
    probs.push(pr);
    x = add(x, dense(ctx, T, get(w, `${p}.attn.c_proj.weight`), get(w, `${p}.attn.c_proj.bias`)));
    const h2 = layerNorm(x, T, get(w, `${p}.ln_2.weight`), get(w, `${p}.ln_2.bias`), eps);
    const fc = dense(h2, T, get(w, `${p}.mlp.c_fc.weight`), get(w, `${p}.mlp.c_fc.bias`)).map(geluTanh);
    x = add(x, dense(fc, T, get(w, `${p}.mlp.c_proj.weight`), get(w, `${p}.mlp.c_proj.bias`)));
  }
  const final = layerNorm(x, T, get(w, 'transformer.ln_f.weight'), get(w, 'transformer.ln_f.bias'), eps);
  return { heads, seqLength: T, vocabSize: wte.dims[0], probs, scores, logits: tiedHead(final, T, wte) };
}
