/**
 * Checks the embedded models (tiny-gpt-es-en, tiny-bert-es-en) the way the extension uses them
 * (tools, plain Node): transformers.js 4.3.1 loads each from the Optimum layout under models/
 * with no network; the decoder's greedy `generate()` (KV cache, empty past on the first step)
 * and the encoder's `fill-mask` top-5 and NSP logits must reproduce PyTorch's reference
 * (tools/train/work/export_ref.json, written by export.py); the tokenizer must give the ids the
 * Python BPE gives; and the engine's attention patch must find one Softmax site per layer whose
 * output is [batch, heads, seq, seq] with rows summing to 1 (and, for the decoder, a zero
 * upper triangle).
 *
 *   npx tsx tools/train/checkModels.ts [modelsDir] [refJson]
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AutoModelForCausalLM, AutoModelForMaskedLM, AutoTokenizer, env, pipeline, Tensor } from '@huggingface/transformers';
import { patchModelBytes } from '../../src/engine/onnx/patch';

interface Reference {
  gpt: { prompt: string; prompt_ids: number[]; greedy_ids: number[]; top5_ids: number[] };
  bert: { text: string; ids: number[]; top5_ids: number[]; nsp_logits: number[] };
  samples: { text: string; ids: number[] }[];
}

const modelsDir = resolve(process.argv[2] ?? 'models');
const ref = JSON.parse(await readFile(process.argv[3] ?? 'tools/train/work/export_ref.json', 'utf8')) as Reference;
const failures: string[] = [];
const check = (ok: boolean, what: string): void => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

env.allowRemoteModels = false;
env.localModelPath = modelsDir;
const opts = { dtype: 'fp32' as const, session_options: { intraOpNumThreads: 2 } };

// --- tokenizer parity (both models share one BPE vocabulary) ---
const gptTok = await AutoTokenizer.from_pretrained('tiny-gpt-es-en');
for (const s of ref.samples) {
  const ids = Array.from(gptTok.encode(s.text, { add_special_tokens: false }));
  check(same(ids, s.ids), `tokenizer ids match Python for ${JSON.stringify(s.text.slice(0, 40))}… (${s.ids.length} tokens)`);
}

// --- decoder: text-generation through the KV cache ---
const gen = await pipeline('text-generation', 'tiny-gpt-es-en', opts);
const promptIds = Array.from(gptTok.encode(ref.gpt.prompt, { add_special_tokens: false }));
check(same(promptIds, ref.gpt.prompt_ids), 'decoder prompt ids match Python');
const out = (await gen(ref.gpt.prompt, { max_new_tokens: ref.gpt.greedy_ids.length, do_sample: false })) as { generated_text: string }[];
const expected = ref.gpt.prompt + gptTok.decode(ref.gpt.greedy_ids);
console.log('     generated:', JSON.stringify(out[0].generated_text));
check(out[0].generated_text === expected, `text-generation of ${ref.gpt.greedy_ids.length} tokens equals PyTorch's greedy continuation`);

// --- encoder: fill-mask, pair template, NSP output ---
const fill = await pipeline('fill-mask', 'tiny-bert-es-en', opts);
for (const text of [ref.bert.text, "import { x } [MASK] './y';"]) {
  const preds = (await fill(text, { top_k: 5 })) as { token: number; token_str: string; score: number }[];
  console.log(`     ${text} →`, preds.map((p) => `${JSON.stringify(p.token_str)} ${p.score.toFixed(3)}`).join(', '));
  if (text === ref.bert.text) check(same(preds.map((p) => p.token), ref.bert.top5_ids), 'fill-mask top-5 equals PyTorch');
}
const bertTok = await AutoTokenizer.from_pretrained('tiny-bert-es-en');
const single = bertTok(ref.bert.text);
check(same(Array.from(single.input_ids.data as BigInt64Array, Number), ref.bert.ids), '[CLS] A [SEP] with literal [MASK] matches Python ids');
const pair = bertTok('I am going outside.', { text_pair: 'I will be back after 6.' });
const pairIds = Array.from(pair.input_ids.data as BigInt64Array, Number);
const types = Array.from((pair.token_type_ids?.data ?? []) as BigInt64Array, Number);
const sep = pairIds.indexOf(4);
check(pairIds[0] === 3 && pairIds.at(-1) === 4 && sep > 0 && types[sep] === 0 && types[sep + 1] === 1 && types.at(-1) === 1,
  '[CLS] A [SEP] B [SEP] with token type ids 0…0 1…1');
const mlm = await AutoModelForMaskedLM.from_pretrained('tiny-bert-es-en', opts);
const bertOut = (await mlm.forward(single)) as Record<string, Tensor>;
const nsp = Array.from(bertOut.nsp_logits?.data as Float32Array ?? []);
check(nsp.length === 2 && nsp.every((x, i) => Math.abs(x - ref.bert.nsp_logits[i]) < 1e-3), `nsp_logits [1, 2] equals PyTorch (${nsp.map((x) => x.toFixed(3))})`);
const pairOut = (await mlm.forward(pair)) as Record<string, Tensor>;
const [isNext, notNext] = Array.from(pairOut.nsp_logits.data as Float32Array);
console.log(`     NSP("I am going outside." / "I will be back after 6."): P(IsNext) = ${(1 / (1 + Math.exp(notNext - isNext))).toFixed(3)}`);

// --- the engine's attention patch ---
for (const name of ['tiny-gpt-es-en', 'tiny-bert-es-en']) {
  const dir = join(modelsDir, name);
  const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, number>;
  const layers = config.n_layer ?? config.num_hidden_layers;
  const heads = config.n_head ?? config.num_attention_heads;
  const patched = patchModelBytes(new Uint8Array(await readFile(join(dir, 'onnx', 'model.onnx'))), {}, `${name}/onnx/model.onnx`);
  check(patched.sites.length === layers && patched.sites.every((s, i) => s.kind === 'softmax' && s.layer === i),
    `${name}: patch finds ${patched.sites.length} softmax attention sites for ${layers} layers`);
  const copy = join(await mkdtemp(join(tmpdir(), 'attn-check-')), name);
  await mkdir(join(copy, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json']) {
    await copyFile(join(dir, f), join(copy, f)).catch(() => undefined);
  }
  await writeFile(join(copy, 'onnx', 'model_attn.onnx'), patched.bytes);
  env.localModelPath = resolve(copy, '..');
  const isGpt = name.includes('gpt');
  const model = isGpt
    ? await AutoModelForCausalLM.from_pretrained(name, { ...opts, model_file_name: 'model_attn' })
    : await AutoModelForMaskedLM.from_pretrained(name, { ...opts, model_file_name: 'model_attn' });
  const tok = isGpt ? gptTok : bertTok;
  const inputs = tok('function f(a) {\n  return [a, (a + 1)];\n}');
  const result = (await model.forward(inputs)) as Record<string, Tensor>;
  const t = inputs.input_ids.dims[1];
  for (const outName of patched.outputs.attentions) {
    const a = result[outName];
    const dimsOk = !!a && same(a.dims, [1, heads, t, t]);
    const data = (a?.data ?? new Float32Array()) as Float32Array;
    let rowErr = 0;
    let upper = 0;
    for (let h = 0; h < heads && dimsOk; h++) {
      for (let q = 0; q < t; q++) {
        let sum = 0;
        for (let k = 0; k < t; k++) {
          const v = data[(h * t + q) * t + k];
          sum += v;
          if (k > q) upper = Math.max(upper, Math.abs(v));
        }
        rowErr = Math.max(rowErr, Math.abs(sum - 1));
      }
    }
    check(dimsOk && rowErr < 1e-4 && (!isGpt || upper === 0),
      `${name}: ${outName} [${a?.dims}] rows sum to 1 (max err ${rowErr.toExponential(1)})${isGpt ? `, causal upper triangle max ${upper}` : ''}`);
  }
  env.localModelPath = modelsDir;
}

console.log(failures.length === 0 ? 'all model checks passed' : `${failures.length} model check(s) failed`);
process.exit(failures.length === 0 ? 0 : 1);
