// Float64 reference forward passes of the families whose layers differ from BERT's and GPT-2's (Node, tests only):
// DistilBERT (no token types; LayerNorm eps fixed at 1e-12 as transformers has it) and Qwen2 (RMSNorm, rotary
// embeddings recomputed from rope_theta, grouped KV heads, SiLU-gated MLP, LM head tied to the embeddings).
// Written from the models' definitions, not from the fixture graphs.
import { maskHeads, type ReferenceInputs, type ReferenceResult } from './reference';
import { add, attention, dense, embed, geluErf, get, layerNorm, rmsNorm, rotary, tiedHead, type Weight } from './referenceMath';

type Config = Record<string, number>;

export function distilbertForward(config: Config, w: ReadonlyMap<string, Weight>, inputs: ReferenceInputs): ReferenceResult {
  const T = inputs.inputIds.length;
  const heads = config.n_heads;
  const eps = 1e-12;
  const mask = inputs.attentionMask ?? new Array<number>(T).fill(1);
  const wordEmb = get(w, 'distilbert.embeddings.word_embeddings.weight');
  const H = wordEmb.dims[1];
  const linear = (x: Float64Array, name: string) => dense(x, T, get(w, `${name}.weight`), get(w, `${name}.bias`));
  const norm = (x: Float64Array, name: string) => layerNorm(x, T, get(w, `${name}.weight`), get(w, `${name}.bias`), eps);
  const positions = Array.from({ length: T }, (_, t) => t);
  let x = norm(
    add(embed(wordEmb, inputs.inputIds), embed(get(w, 'distilbert.embeddings.position_embeddings.weight'), positions)),
    'distilbert.embeddings.LayerNorm',
  );
  const hidden = [x];
  const probs: Float64Array[] = [];
  const scores: Float64Array[] = [];
  for (let l = 0; l < config.n_layers; l++) {
    const p = `distilbert.transformer.layer.${l}`;
    const s = new Float64Array(heads * T * T);
    const pr = new Float64Array(heads * T * T);
    const ctx = maskHeads(
      attention(
        linear(x, `${p}.attention.q_lin`),
        linear(x, `${p}.attention.k_lin`),
        linear(x, `${p}.attention.v_lin`),
        T,
        H,
        heads,
        (_i, j) => mask[j] !== 0,
        s,
        pr,
      ),
      T,
      H,
      heads,
      l,
      inputs.headMask,
    );
    scores.push(s);
    probs.push(pr);
    x = norm(add(linear(ctx, `${p}.attention.out_lin`), x), `${p}.sa_layer_norm`);
    x = norm(add(linear(linear(x, `${p}.ffn.lin1`).map(geluErf), `${p}.ffn.lin2`), x), `${p}.output_layer_norm`);
    hidden.push(x);
  }
  const t = norm(linear(x, 'vocab_transform').map(geluErf), 'vocab_layer_norm');
  return { heads, seqLength: T, vocabSize: wordEmb.dims[0], probs, scores, logits: tiedHead(t, T, wordEmb, get(w, 'vocab_projector.bias')), hidden };
}

export function qwen2Forward(config: Config, w: ReadonlyMap<string, Weight>, inputs: ReferenceInputs): ReferenceResult {
  const T = inputs.inputIds.length;
  const heads = config.num_attention_heads;
  const kvHeads = config.num_key_value_heads;
  const eps = config.rms_norm_eps;
  const mask = inputs.attentionMask ?? new Array<number>(T).fill(1);
  let running = 0;
  const positions = inputs.positionIds ?? mask.map((m) => (m !== 0 ? running++ : 1));
  const embedding = get(w, 'model.embed_tokens.weight');
  const H = embedding.dims[1];
  const d = H / heads;
  const linear = (x: Float64Array, name: string, bias: boolean) => dense(x, T, get(w, `${name}.weight`), bias ? get(w, `${name}.bias`) : undefined);
  let x = embed(embedding, inputs.inputIds);
  const hidden = [x];
  const probs: Float64Array[] = [];
  const scores: Float64Array[] = [];
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    const h = rmsNorm(x, T, get(w, `${p}.input_layernorm.weight`), eps);
    const q = linear(h, `${p}.self_attn.q_proj`, true);
    const k = linear(h, `${p}.self_attn.k_proj`, true);
    rotary(q, T, heads, d, positions, config.rope_theta);
    rotary(k, T, kvHeads, d, positions, config.rope_theta);
    const s = new Float64Array(heads * T * T);
    const pr = new Float64Array(heads * T * T);
    const ctx = maskHeads(
      attention(q, k, linear(h, `${p}.self_attn.v_proj`, true), T, H, heads, (i, j) => j <= i && mask[j] !== 0, s, pr, kvHeads),
      T,
      H,
      heads,
      l,
      inputs.headMask,
    );
    scores.push(s);
    probs.push(pr);
    x = add(x, linear(ctx, `${p}.self_attn.o_proj`, false));
    const h2 = rmsNorm(x, T, get(w, `${p}.post_attention_layernorm.weight`), eps);
    const gate = linear(h2, `${p}.mlp.gate_proj`, false).map((v) => v / (1 + Math.exp(-v)));
    const up = linear(h2, `${p}.mlp.up_proj`, false);
    x = add(
      x,
      linear(
        gate.map((v, i) => v * up[i]),
        `${p}.mlp.down_proj`,
        false,
      ),
    );
    hidden.push(x);
  }
  const final = rmsNorm(x, T, get(w, 'model.norm.weight'), eps);
  return { heads, seqLength: T, vocabSize: embedding.dims[0], probs, scores, logits: tiedHead(final, T, embedding), hidden };
}
