// Checks the repository's generated test models (Node, node:test): onnxruntime runs every variant and agrees with
// the independent float64 reference (logits, and attention probabilities read from the Softmax nodes), the KV
// cache reproduces the full-sequence result, transformers.js loads the tokenizers and runs fill-mask and
// text-generation on them, and regenerating the fixtures gives identical bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { makeTinyFixtures, TINY_FIXTURES_DIR } from '../../../tools/fixtures/makeFixtures';
import { referenceForward } from '../../support/reference';
import type { ReferenceInputs, ReferenceKind } from '../../support/reference';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };

const dirOf = (name: string) => join(TINY_FIXTURES_DIR, name);
const i64 = (values: readonly number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

/** The model with every Softmax output also exposed as a graph output (test-only; the engine has its own patcher). */
function withSoftmaxOutputs(modelDir: string): { bytes: Uint8Array; softmaxOutputs: string[] } {
  const model = onnx.ModelProto.decode(readFileSync(join(modelDir, 'onnx', 'model.onnx')));
  const graph = model.graph ?? {};
  const softmax = (graph.node ?? []).filter((n) => n.opType === 'Softmax').sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1));
  const softmaxOutputs = softmax.map((n) => n.output?.[0] ?? '');
  graph.output ??= [];
  for (const name of softmaxOutputs) graph.output.push({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
  return { bytes: onnx.ModelProto.encode(model).finish(), softmaxOutputs };
}

async function runOrt(modelDir: string, kind: ReferenceKind, inputs: ReferenceInputs, heads: number, headDim: number) {
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as { num_key_value_heads?: number };
  const { bytes, softmaxOutputs } = withSoftmaxOutputs(modelDir);
  const session = await ort.InferenceSession.create(bytes);
  const T = inputs.inputIds.length;
  const mask = inputs.attentionMask ?? new Array<number>(T).fill(1);
  const feeds: Record<string, ort.Tensor> = { input_ids: i64(inputs.inputIds), attention_mask: i64(mask) };
  if (kind === 'encoder') {
    if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = i64(inputs.tokenTypeIds ?? new Array<number>(T).fill(0));
  } else {
    let running = 0;
    feeds.position_ids = i64(inputs.positionIds ?? mask.map((m) => (m ? running++ : 1)));
    // transformers.js feeds zero-length caches on the first step; so does this.
    for (const name of session.inputNames.filter((n) => n.startsWith('past_key_values.'))) {
      feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, config.num_key_value_heads ?? heads, 0, headDim]);
    }
  }
  const out = await session.run(feeds);
  return { out, softmaxOutputs };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

interface Case {
  readonly fixture: string;
  readonly kind: ReferenceKind;
  readonly inputs: ReferenceInputs;
}

// Ids come from the fixture vocabularies; the padded cases check that masked keys get zero probability.
const CASES: Case[] = [
  ...['tiny-bert', 'tiny-bert-mha', 'tiny-bert-attn23', 'tiny-bert-legacy'].flatMap((fixture): Case[] => [
    { fixture, kind: 'encoder', inputs: { inputIds: [2, 262, 253, 361, 4, 3] } },
    {
      fixture,
      kind: 'encoder',
      inputs: {
        inputIds: [2, 300, 4, 3, 310, 311, 3, 0, 0],
        attentionMask: [1, 1, 1, 1, 1, 1, 1, 0, 0],
        tokenTypeIds: [0, 0, 0, 0, 1, 1, 1, 1, 1],
      },
    },
  ]),
  { fixture: 'tiny-gpt2', kind: 'decoder', inputs: { inputIds: [40, 300, 301, 17, 302, 120, 5] } },
  { fixture: 'tiny-gpt2', kind: 'decoder', inputs: { inputIds: [0, 0, 300, 301, 302], attentionMask: [0, 0, 1, 1, 1] } },
  // GroupQueryAttention assumes right padding for a prompt, so its case has none.
  { fixture: 'tiny-gpt2-gqa', kind: 'decoder', inputs: { inputIds: [40, 300, 301, 17, 302, 120, 5] } },
  { fixture: 'tiny-distilbert', kind: 'encoder', inputs: { inputIds: [2, 262, 253, 361, 4, 3] } },
  { fixture: 'tiny-distilbert', kind: 'encoder', inputs: { inputIds: [2, 300, 4, 3, 0, 0], attentionMask: [1, 1, 1, 1, 0, 0] } },
  // RoBERTa's <pad> is id 1: padded positions read row 1, real ones start at row 2.
  { fixture: 'tiny-roberta', kind: 'encoder', inputs: { inputIds: [0, 300, 301, 17, 302, 2] } },
  { fixture: 'tiny-roberta', kind: 'encoder', inputs: { inputIds: [0, 300, 659, 2, 1, 1], attentionMask: [1, 1, 1, 1, 0, 0] } },
  { fixture: 'tiny-qwen2', kind: 'decoder', inputs: { inputIds: [40, 300, 301, 17, 302, 120, 5] } },
  { fixture: 'tiny-qwen2', kind: 'decoder', inputs: { inputIds: [0, 0, 300, 301, 302], attentionMask: [0, 0, 1, 1, 1] } },
];

describe('fixture models agree with the float64 reference', () => {
  for (const c of CASES) {
    const padded = c.inputs.attentionMask?.includes(0) ? ' (padded)' : '';
    it(`${c.fixture}${padded}: logits and attention`, async () => {
      const ref = referenceForward(dirOf(c.fixture), c.kind, c.inputs);
      const headDim = 32 / ref.heads; // every fixture is hidden 32
      const { out, softmaxOutputs } = await runOrt(dirOf(c.fixture), c.kind, c.inputs, ref.heads, headDim);
      assert.deepEqual(out.logits.dims, [1, ref.seqLength, ref.vocabSize]);
      assert.ok(maxAbsDiff(out.logits.data as Float32Array, ref.logits) < 1e-4, 'logits differ from the reference');
      const fused = /-(mha|attn23|legacy|gqa)$/.test(c.fixture);
      assert.equal(softmaxOutputs.length, fused ? 0 : ref.probs.length, 'one Softmax per layer in unfused graphs');
      softmaxOutputs.forEach((name, layer) => {
        assert.deepEqual(out[name].dims, [1, ref.heads, ref.seqLength, ref.seqLength]);
        assert.ok(maxAbsDiff(out[name].data as Float32Array, ref.probs[layer]) < 1e-5, `layer ${layer} attention differs`);
      });
      const mask = c.inputs.attentionMask;
      if (mask) {
        // Padded keys get zero probability for every real query.
        const T = ref.seqLength;
        for (let h = 0; h < ref.heads; h++) {
          for (let i = 0; i < T; i++) {
            if (!mask[i]) continue;
            for (let j = 0; j < T; j++) if (!mask[j]) assert.equal(ref.probs[0][(h * T + i) * T + j], 0);
          }
        }
      }
    });
  }

  it('decoder KV cache: one cached step equals the full-sequence pass', async () => {
    const dir = dirOf('tiny-gpt2');
    const session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
    const ids = [40, 300, 301, 17, 302];
    const ref = referenceForward(dir, 'decoder', { inputIds: ids });
    const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 8]);
    const first: Record<string, ort.Tensor> = { input_ids: i64(ids.slice(0, 4)), attention_mask: i64([1, 1, 1, 1]), position_ids: i64([0, 1, 2, 3]) };
    for (let l = 0; l < 2; l++) Object.assign(first, { [`past_key_values.${l}.key`]: empty(), [`past_key_values.${l}.value`]: empty() });
    const r1 = await session.run(first);
    const second: Record<string, ort.Tensor> = { input_ids: i64([ids[4]]), attention_mask: i64([1, 1, 1, 1, 1]), position_ids: i64([4]) };
    for (let l = 0; l < 2; l++) {
      second[`past_key_values.${l}.key`] = r1[`present.${l}.key`];
      second[`past_key_values.${l}.value`] = r1[`present.${l}.value`];
    }
    const r2 = await session.run(second);
    assert.deepEqual(r2['present.0.key'].dims, [1, 4, 5, 8]);
    assert.ok(maxAbsDiff(r2.logits.data as Float32Array, ref.logits.subarray(4 * ref.vocabSize)) < 1e-4);
  });
});

describe('transformers.js loads the fixtures', () => {
  env.allowRemoteModels = false;
  env.localModelPath = TINY_FIXTURES_DIR;

  it('BERT WordPiece tokenizer: accents stripped into real pieces, pair template with type ids', async () => {
    const tok = await AutoTokenizer.from_pretrained('tiny-bert');
    assert.deepEqual(tok.tokenize('La atención, el ñandú y el pingüino'), ['la', 'aten', '##cion', ',', 'el', 'nan', '##du', 'y', 'el', 'ping', '##uino']);
    assert.deepEqual(tok.tokenize('注意 const x=1;'), ['注', '意', 'const', 'x', '=', '1', ';']);
    const pair = tok('I am going outside.', { text_pair: 'I will be back after 6.' });
    assert.deepEqual(Array.from(pair.token_type_ids?.data as BigInt64Array, Number), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.equal(tok.decode(Array.from(pair.input_ids.data as BigInt64Array, Number)), '[CLS] i am going outside. [SEP] i will be back after 6. [SEP]');
  });

  it('GPT-2 byte-level BPE tokenizer round-trips any text', async () => {
    const tok = await AutoTokenizer.from_pretrained('tiny-gpt2');
    const texts = ['On the river bank', 'La atención, el ñandú y el pingüino!', 'const x = f(a[0]);\n\treturn 1;', '注意力 😀 ñ', '  spaces  '];
    for (const text of texts) {
      assert.equal(tok.decode(tok.encode(text)), text);
    }
    assert.ok(tok.tokenize(' the river').includes('Ġthe'), 'merges learned from the corpus apply');
  });

  for (const [fixture, text] of [
    ['tiny-bert', 'on the river [MASK].'],
    ['tiny-distilbert', 'on the river [MASK].'],
    ['tiny-roberta', 'On the river<mask>.'],
  ]) {
    it(`fill-mask pipeline runs on ${fixture}`, async () => {
      const fill = await pipeline('fill-mask', fixture, { dtype: 'fp32' });
      const out = (await fill(text)) as { score: number; token_str: string }[];
      assert.equal(out.length, 5);
      assert.ok(out.every((o) => o.score > 0 && o.score <= 1));
      await fill.dispose();
    });
  }

  for (const fixture of ['tiny-gpt2', 'tiny-gpt2-gqa', 'tiny-qwen2']) {
    it(`text-generation pipeline runs on ${fixture} (greedy, KV cache)`, async () => {
      const gen = await pipeline('text-generation', fixture, { dtype: 'fp32' });
      const out = (await gen('On the river bank', { max_new_tokens: 4, do_sample: false })) as { generated_text: string }[];
      assert.ok(out[0].generated_text.startsWith('On the river bank'));
      await gen.dispose();
    });
  }
});

describe('fixture generation', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'fixtures-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const hashes = (root: string): Map<string, string> => {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const p = join(dir, entry);
        if (statSync(p).isDirectory()) walk(p);
        else out.set(relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
      }
    };
    walk(root);
    return out;
  };

  it('regenerating gives the committed bytes, and all fixtures stay small', () => {
    makeTinyFixtures(tmp);
    const fresh = hashes(tmp);
    const committed = hashes(TINY_FIXTURES_DIR);
    assert.deepEqual([...fresh.keys()].sort(), [...committed.keys()].sort());
    for (const [file, hash] of fresh) assert.equal(committed.get(file), hash, `${file} differs; run npm run fixtures`);
    const total = [...committed.keys()].reduce((n, f) => n + statSync(join(TINY_FIXTURES_DIR, f)).size, 0);
    assert.ok(total < 3.5 * 1024 * 1024, `fixtures take ${total} bytes`);
  });
});
