// Independent float64 reference forward pass for the repository's fixture models (Node, tests only). It reads the
// fp32 weight initializers (`onnx/model.onnx`, or the outer graph of `onnx/decoder_model_merged.onnx`) by their
// Hugging Face names and recomputes, in plain loops, every layer's attention probabilities and pre-softmax
// (scaled, masked) scores plus the final logits, for each family the fixtures stand for (BERT, RoBERTa,
// DistilBERT, GPT-2, Qwen2; the model_type in config.json picks). It shares no code with the fixture generator
// or the engine, so agreement with onnxruntime proves the graph computes what such a model computes, and
// agreement with the patched graph's `attentions.N` proves those are the real attention. The float16 and int8
// weights of a folder are checked against this same fp32 reference, within their rounding.
//
//   const ref = referenceForward('test/fixtures/models/tiny-bert', 'encoder', { inputIds: [2, 262, 253, 3] });
//   ref.probs[layer][(h * T + i) * T + j]   // P(query i attends to key j) in head h
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { onnx as OnnxTypes } from 'onnx-proto';

import { distilbertForward, qwen2Forward } from './referenceFamilies';
import { add, attention, columns, dense, embed, geluErf, geluTanh, get, layerNorm, rmsNorm, tiedHead, type Weight } from './referenceMath';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };

export type ReferenceKind = 'encoder' | 'decoder';

export interface ReferenceInputs {
  readonly inputIds: readonly number[];
  /** Defaults to all ones. */
  readonly attentionMask?: readonly number[];
  /** Encoders only; defaults to all zeros. */
  readonly tokenTypeIds?: readonly number[];
  /** Decoders only; defaults to transformers' cumsum(mask) - 1 with padded positions set to 1. */
  readonly positionIds?: readonly number[];
  /** Per layer × head, the factor on each head's output before the heads merge (1 when absent): ablation. */
  readonly headMask?: readonly number[];
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
  /** The residual stream, L+1 entries [T, hidden]: after the embeddings, then after each block (before any final norm). */
  readonly hidden: Float64Array[];
}

/** Scales each head's slice of the merged context [T, H] by its layer's factors (ablation); the same array. */
export function maskHeads(ctx: Float64Array, T: number, H: number, heads: number, layer: number, headMask: readonly number[] | undefined): Float64Array {
  if (!headMask) return ctx;
  const d = H / heads;
  for (let t = 0; t < T; t++) for (let h = 0; h < heads; h++) for (let e = 0; e < d; e++) ctx[t * H + h * d + e] *= headMask[layer * heads + h];
  return ctx;
}

const weightCache = new Map<string, Map<string, Weight>>();

/** All float initializers of `<modelDir>/onnx/model.onnx` (or of a merged decoder's outer graph), by name, as float64. */
export function loadWeights(modelDir: string): Map<string, Weight> {
  const cached = weightCache.get(modelDir);
  if (cached) return cached;
  const plain = join(modelDir, 'onnx', 'model.onnx');
  const model = onnx.ModelProto.decode(readFileSync(existsSync(plain) ? plain : join(modelDir, 'onnx', 'decoder_model_merged.onnx')));
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
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Record<string, number> & { model_type: string };
  const w = loadWeights(modelDir);
  const family = config.model_type;
  if (family === 'distilbert') return distilbertForward(config, w, inputs);
  if (family === 'qwen2') return qwen2Forward(config, w, inputs);
  if (family === 'roberta') return encoderForward(config, w, inputs, 'roberta');
  return kind === 'encoder' ? encoderForward(config, w, inputs, 'bert') : decoderForward(config, w, inputs);
}

/**
 * BERT, or RoBERTa: the same encoder under other names, whose positions count only real (non-padding) tokens
 * and start after the padding id (transformers' create_position_ids_from_input_ids).
 */
function encoderForward(config: Record<string, number>, w: Map<string, Weight>, inputs: ReferenceInputs, family: 'bert' | 'roberta'): ReferenceResult {
  const T = inputs.inputIds.length;
  const heads = config.num_attention_heads;
  const eps = config.layer_norm_eps;
  const mask = inputs.attentionMask ?? new Array<number>(T).fill(1);
  const types = inputs.tokenTypeIds ?? new Array<number>(T).fill(0);
  const P = family;
  const wordEmb = get(w, `${P}.embeddings.word_embeddings.weight`);
  const H = wordEmb.dims[1];
  let real = 0;
  const pad = config.pad_token_id;
  const positions = inputs.inputIds.map((id, t) => (family === 'bert' ? t : id === pad ? pad : ++real + pad));
  let x = add(
    add(embed(wordEmb, inputs.inputIds), embed(get(w, `${P}.embeddings.token_type_embeddings.weight`), types)),
    embed(get(w, `${P}.embeddings.position_embeddings.weight`), positions),
  );
  x = layerNorm(x, T, get(w, `${P}.embeddings.LayerNorm.weight`), get(w, `${P}.embeddings.LayerNorm.bias`), eps);
  const hidden = [x];
  const probs: Float64Array[] = [];
  const scores: Float64Array[] = [];
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `${P}.encoder.layer.${l}`;
    const proj = (which: 'query' | 'key' | 'value', j: number) => {
      // The legacy fused variant stores Q|K|V side by side as `qkv`; the others store them separately.
      const packed = w.get(`${p}.attention.self.qkv.weight`);
      return packed
        ? dense(x, T, columns(packed, j * H, H), columns(get(w, `${p}.attention.self.qkv.bias`), j * H, H))
        : dense(x, T, get(w, `${p}.attention.self.${which}.weight`), get(w, `${p}.attention.self.${which}.bias`));
    };
    const s = new Float64Array(heads * T * T);
    const pr = new Float64Array(heads * T * T);
    const ctx = maskHeads(
      attention(proj('query', 0), proj('key', 1), proj('value', 2), T, H, heads, (_i, j) => mask[j] !== 0, s, pr),
      T,
      H,
      heads,
      l,
      inputs.headMask,
    );
    scores.push(s);
    probs.push(pr);
    const a = dense(ctx, T, get(w, `${p}.attention.output.dense.weight`), get(w, `${p}.attention.output.dense.bias`));
    x = layerNorm(add(a, x), T, get(w, `${p}.attention.output.LayerNorm.weight`), get(w, `${p}.attention.output.LayerNorm.bias`), eps);
    const inter = dense(x, T, get(w, `${p}.intermediate.dense.weight`), get(w, `${p}.intermediate.dense.bias`)).map(geluErf);
    const out = dense(inter, T, get(w, `${p}.output.dense.weight`), get(w, `${p}.output.dense.bias`));
    x = layerNorm(add(out, x), T, get(w, `${p}.output.LayerNorm.weight`), get(w, `${p}.output.LayerNorm.bias`), eps);
    hidden.push(x);
  }
  const head =
    family === 'roberta'
      ? { dense: 'lm_head.dense', norm: 'lm_head.layer_norm', bias: 'lm_head.bias' }
      : { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', bias: 'cls.predictions.bias' };
  const t = dense(x, T, get(w, `${head.dense}.weight`), get(w, `${head.dense}.bias`)).map(geluErf);
  const tl = layerNorm(t, T, get(w, `${head.norm}.weight`), get(w, `${head.norm}.bias`), eps);
  const logits = tiedHead(tl, T, wordEmb, get(w, head.bias));
  return { heads, seqLength: T, vocabSize: wordEmb.dims[0], probs, scores, logits, hidden };
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
  const hidden = [x];
  const probs: Float64Array[] = [];
  const scores: Float64Array[] = [];
  for (let l = 0; l < config.n_layer; l++) {
    const p = `transformer.h.${l}`;
    const h1 = layerNorm(x, T, get(w, `${p}.ln_1.weight`), get(w, `${p}.ln_1.bias`), eps);
    const qkv = dense(h1, T, get(w, `${p}.attn.c_attn.weight`), get(w, `${p}.attn.c_attn.bias`));
    const part = (j: number) => columns({ dims: [T, 3 * H], data: qkv }, j * H, H).data;
    const s = new Float64Array(heads * T * T);
    const pr = new Float64Array(heads * T * T);
    const ctx = maskHeads(
      attention(part(0), part(1), part(2), T, H, heads, (i, j) => j <= i && mask[j] !== 0, s, pr),
      T,
      H,
      heads,
      l,
      inputs.headMask,
    );
    scores.push(s);
    probs.push(pr);
    x = add(x, dense(ctx, T, get(w, `${p}.attn.c_proj.weight`), get(w, `${p}.attn.c_proj.bias`)));
    const h2 = layerNorm(x, T, get(w, `${p}.ln_2.weight`), get(w, `${p}.ln_2.bias`), eps);
    const fc = dense(h2, T, get(w, `${p}.mlp.c_fc.weight`), get(w, `${p}.mlp.c_fc.bias`)).map(geluTanh);
    x = add(x, dense(fc, T, get(w, `${p}.mlp.c_proj.weight`), get(w, `${p}.mlp.c_proj.bias`)));
    hidden.push(x);
  }
  const final = layerNorm(x, T, get(w, 'transformer.ln_f.weight'), get(w, 'transformer.ln_f.bias'), eps);
  return { heads, seqLength: T, vocabSize: wte.dims[0], probs, scores, logits: tiedHead(final, T, wte), hidden };
}

/**
 * The model's own output head applied to one residual stream [T, hidden] (the lens), from the weights: GPT-2's final
 * LayerNorm and tied LM head, Qwen2's RMSNorm and tied head, BERT's / RoBERTa's / DistilBERT's masked-LM head.
 */
export function referenceHead(modelDir: string, x: Float64Array, T: number): Float64Array {
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Record<string, number> & { model_type: string };
  const w = loadWeights(modelDir);
  switch (config.model_type) {
    case 'gpt2':
      return tiedHead(
        layerNorm(x, T, get(w, 'transformer.ln_f.weight'), get(w, 'transformer.ln_f.bias'), config.layer_norm_epsilon),
        T,
        get(w, 'transformer.wte.weight'),
      );
    case 'qwen2':
      return tiedHead(rmsNorm(x, T, get(w, 'model.norm.weight'), config.rms_norm_eps), T, get(w, 'model.embed_tokens.weight'));
    case 'distilbert': {
      const t = dense(x, T, get(w, 'vocab_transform.weight'), get(w, 'vocab_transform.bias')).map(geluErf);
      const tl = layerNorm(t, T, get(w, 'vocab_layer_norm.weight'), get(w, 'vocab_layer_norm.bias'), 1e-12);
      return tiedHead(tl, T, get(w, 'distilbert.embeddings.word_embeddings.weight'), get(w, 'vocab_projector.bias'));
    }
    default: {
      const roberta = config.model_type === 'roberta';
      const head = roberta
        ? { dense: 'lm_head.dense', norm: 'lm_head.layer_norm', bias: 'lm_head.bias', emb: 'roberta' }
        : { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', bias: 'cls.predictions.bias', emb: 'bert' };
      const t = dense(x, T, get(w, `${head.dense}.weight`), get(w, `${head.dense}.bias`)).map(geluErf);
      const tl = layerNorm(t, T, get(w, `${head.norm}.weight`), get(w, `${head.norm}.bias`), config.layer_norm_eps);
      return tiedHead(tl, T, get(w, `${head.emb}.embeddings.word_embeddings.weight`), get(w, head.bias));
    }
  }
}
