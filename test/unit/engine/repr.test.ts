// The representation lessons' engine (issue 17) against numbers computed here without it:
// next-sentence P(IsNext) against a softmax over `nsp_logits` from a plain onnxruntime session of
// the unpatched graph, the cross-sentence attention against sums over the session's attention,
// the position table against the graph's initializer read with onnx-proto, and the parameter count
// against the initializers' sizes and the model card's figures.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { AutoTokenizer } from '@huggingface/transformers';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { Engine } from '../../../src/engine/engine';
import type { EngineError } from '../../../src/engine/errors';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { nextSentence } from '../../../src/engine/repr/nsp';
import { graphFacts } from '../../../src/engine/repr/graphFacts';
import { fixture, scratch } from '../../support/paths';
import { isProbeInput, probeFeed } from '../../../src/engine/probes';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };
const engine = new Engine({ cacheDir: scratch(), precision: 'float32', threads: 1 });
after(() => engine.dispose());
const encoder = embeddedModel(EMBEDDED_ENCODER);

/** The lecture's two next-sentence pairs (its table is in English). */
const PAIRS = [
  { a: 'I am going outside.', b: 'I will be back after 6.', lecture: 'YES' },
  { a: 'I am going outside.', b: 'You know nothing John snow.', lecture: 'NO' },
];

/** Initializers of a graph file, by name, with their float values (fp32 files only). */
function initializers(file: string): Map<string, { dims: number[]; type: number; values: Float32Array | null }> {
  const model = onnx.ModelProto.decode(readFileSync(file));
  const out = new Map<string, { dims: number[]; type: number; values: Float32Array | null }>();
  for (const t of model.graph?.initializer ?? []) {
    const raw = t.rawData && t.rawData.length > 0 ? new Uint8Array(t.rawData) : null;
    const values = t.dataType === 1 ? (raw ? new Float32Array(raw.buffer) : Float32Array.from(t.floatData ?? [])) : null;
    out.set(t.name ?? '', { dims: (t.dims ?? []).map(Number), type: t.dataType ?? 0, values });
  }
  return out;
}

const elements = (dims: readonly number[]): number => dims.reduce((n, d) => n * d, 1);

describe('next-sentence prediction', () => {
  it('gives the softmax of nsp_logits from a plain session of the unpatched graph, for the lecture pairs', async () => {
    const plain = await ort.InferenceSession.create(path.join(encoder, 'onnx', 'model.onnx'));
    const tokenizer = await AutoTokenizer.from_pretrained(encoder, { local_files_only: true });
    for (const pair of PAIRS) {
      const result = await engine.nextSentence(encoder, pair);
      const enc = tokenizer(pair.a, { text_pair: pair.b }) as unknown as Record<string, ort.Tensor>;
      const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
      assert.deepEqual(
        result.tokens.map((t) => t.id),
        ids,
      );
      const out = await plain.run({ input_ids: enc.input_ids, attention_mask: enc.attention_mask, token_type_ids: enc.token_type_ids });
      const [isNext, notNext] = Array.from(out.nsp_logits.data as Float32Array);
      const expected = 1 / (1 + Math.exp(notNext - isNext));
      assert.ok(Math.abs(result.isNext - expected) < 1e-5, `${result.isNext} vs ${expected}`);
      assert.ok(Math.abs(result.logits[0] - isNext) < 1e-4 && Math.abs(result.logits[1] - notNext) < 1e-4);
      console.log(`lecture pair (${pair.lecture}): P(IsNext) = ${result.isNext.toFixed(4)} for ${JSON.stringify(pair.b)}`);
    }
    await plain.release();
  });

  it('marks the segments of [CLS] A [SEP] B [SEP] and maps each token to its sentence', async () => {
    const { a, b } = PAIRS[0];
    const r = await engine.nextSentence(encoder, { a, b });
    assert.equal(r.tokens[0].text, '[CLS]');
    assert.equal(r.tokens[r.segments.a.end].text, '[SEP]');
    assert.equal(r.segments.b.start, r.segments.a.end + 1);
    assert.equal(r.tokens[r.segments.b.end].text, '[SEP]');
    assert.equal(r.segments.b.end, r.tokens.length - 1);
    const rebuild = (seg: 'a' | 'b', text: string): string =>
      r.tokens
        .filter((t) => t.segment === seg)
        .map((t) => text.slice(t.start ?? 0, t.end ?? 0))
        .join('');
    assert.equal(rebuild('a', a), a);
    assert.equal(rebuild('b', b), b);
  });

  it("computes each layer's cross-sentence attention from the session's attention", async () => {
    const model = await engine.load(encoder);
    const { result, probs } = await nextSentence(model, PAIRS[1]);
    const ids = result.tokens.map((t) => BigInt(t.id));
    const T = ids.length;
    const types = result.tokens.map((_, i) => (i >= result.segments.b.start ? 1n : 0n));
    const outs = await model.session.run(
      {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), [1, T]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]),
        token_type_ids: new ort.Tensor('int64', BigInt64Array.from(types), [1, T]),
        // The probes' inputs at their defaults: every head on, no lens rows.
        ...Object.fromEntries(model.session.inputNames.filter(isProbeInput).map((name) => [name, probeFeed(model, name)])),
      },
      [...model.patched.outputs.attentions],
    );
    assert.equal(result.crossAttention.length, model.facts.layers);
    const { a, b } = result.segments;
    model.patched.outputs.attentions.forEach((name, layer) => {
      const att = outs[name].data as Float32Array;
      assert.deepEqual(att, probs[layer]);
      const heads = att.length / (T * T);
      let [ab, ba] = [0, 0];
      for (let h = 0; h < heads; h++) {
        for (let q = a.start; q < a.end; q++) for (let k = b.start; k < b.end; k++) ab += att[(h * T + q) * T + k];
        for (let q = b.start; q < b.end; q++) for (let k = a.start; k < a.end; k++) ba += att[(h * T + q) * T + k];
      }
      const got = result.crossAttention[layer];
      assert.equal(got.layer, layer);
      assert.ok(Math.abs(got.aToB - ab / (heads * (a.end - a.start))) < 1e-9);
      assert.ok(Math.abs(got.bToA - ba / (heads * (b.end - b.start))) < 1e-9);
      assert.ok(got.aToB > 0 && got.aToB < 1 && got.bToA > 0 && got.bToA < 1);
    });
  });

  it('refuses a model without a next-sentence head, and empty or too long sentences', async () => {
    for (const ref of [fixture('tiny-bert'), embeddedModel(EMBEDDED_DECODER)]) {
      await assert.rejects(engine.nextSentence(ref, PAIRS[0]), (e: EngineError) => e.code === 'unsupported-architecture' && /nsp_logits/.test(e.message));
    }
    await assert.rejects(
      engine.nextSentence(encoder, { a: 'x', b: '  ' }),
      (e: EngineError) => e.code === 'bad-input' && /sentence B is empty/.test(e.message),
    );
    const long = 'word '.repeat(600);
    await assert.rejects(engine.nextSentence(encoder, { a: long, b: 'x' }), (e: EngineError) => e.code === 'bad-input' && /at most 512/.test(e.message));
  });

  it('refuses a sentence far past the model’s length from its start, without tokenizing all of it', async () => {
    // A megabyte file as sentence A (attention-lens nsp) was tokenized whole, three times, ~20 s,
    // only to be told it is too long.
    const inner = ((await engine.load(encoder)).tokenizer as unknown as { _tokenizer: { encode: (text: string, ...rest: unknown[]) => unknown } })._tokenizer;
    const encode = inner.encode;
    let longest = 0;
    inner.encode = function (text: string, ...rest: unknown[]) {
      longest = Math.max(
        longest,
        text.length,
        typeof (rest[0] as { text_pair?: unknown })?.text_pair === 'string' ? (rest[0] as { text_pair: string }).text_pair.length : 0,
      );
      return encode.call(this, text, ...rest);
    };
    try {
      const huge = 'const value = compute(index);\n'.repeat(40_000);
      for (const pair of [
        { a: huge, b: 'x' },
        { a: 'x', b: huge },
      ])
        await assert.rejects(engine.nextSentence(encoder, pair), (e: EngineError) => e.code === 'bad-input' && /more than 512 tokens/.test(e.message));
      assert.ok(longest < huge.length / 4, `tokenized ${longest} characters of ${huge.length}`);
    } finally {
      inner.encode = encode;
    }
  });
});

describe('positions', () => {
  it("reads the table row for row from the graph's initializer and compares it by cosine", async () => {
    const table = initializers(path.join(encoder, 'onnx', 'model.onnx')).get('model.wpe.weight');
    assert.ok(table?.values);
    const facts = await graphFacts(await engine.load(encoder));
    assert.equal(facts.table?.name, 'model.wpe.weight');
    const d = facts.table!.width; // the model's width (the config's hidden size)
    assert.equal(table.values.length, 512 * d);
    // Whole-array deepEqual of two ~65k-float arrays takes minutes when they differ; compare as bytes.
    assert.ok(
      Buffer.from(facts.table!.data.buffer, facts.table!.data.byteOffset, facts.table!.data.byteLength).equals(
        Buffer.from(table.values.buffer, table.values.byteOffset, table.values.byteLength),
      ),
    );
    const r = await engine.positions(encoder, { count: 40 });
    assert.equal(r.kind, 'learned');
    if (r.kind !== 'learned') return;
    const n = r.count;
    const row = (p: number) => table.values!.subarray(p * d, (p + 1) * d);
    const cos = (x: Float32Array, y: Float32Array) => {
      let [d, nx, ny] = [0, 0, 0];
      for (let i = 0; i < x.length; i++) [d, nx, ny] = [d + x[i] * y[i], nx + x[i] ** 2, ny + y[i] ** 2];
      return d / Math.sqrt(nx * ny);
    };
    for (const [p, q] of [
      [0, 1],
      [3, 17],
      [39, 5],
    ])
      assert.ok(Math.abs(r.similarity[p * n + q] - cos(row(p), row(q))) < 1e-6);
    for (let p = 0; p < n; p++) {
      assert.ok(Math.abs(r.similarity[p * n + p] - 1) < 1e-6);
      for (let q = 0; q < n; q++) assert.equal(r.similarity[p * n + q], r.similarity[q * n + p]);
    }
  });

  it('finds the principal plane: the covariance’s top eigenvalues, uncorrelated axes', async () => {
    const r = await engine.positions(encoder, { count: 64 });
    assert.equal(r.kind, 'learned');
    if (r.kind !== 'learned') return;
    const facts = await graphFacts(await engine.load(encoder));
    const [n, d] = [r.count, facts.table!.width];
    const x = facts.table!.data.subarray(0, n * d);
    const mean = Array.from({ length: d }, (_, k) => Array.from({ length: n }, (_, p) => x[p * d + k]).reduce((s, v) => s + v, 0) / n);
    const cov = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => Array.from({ length: n }, (_, p) => (x[p * d + i] - mean[i]) * (x[p * d + j] - mean[j])).reduce((s, v) => s + v, 0)),
    );
    const trace = cov.reduce((s, rowI, i) => s + rowI[i], 0);
    // Top eigenvalue by plain power iteration on the d × d covariance.
    let v = Array.from({ length: d }, (_, i) => 1 + i / d);
    let top = 0;
    for (let it = 0; it < 3000; it++) {
      const w = cov.map((rowI) => rowI.reduce((s, c, j) => s + c * v[j], 0));
      top = Math.sqrt(w.reduce((s, c) => s + c * c, 0));
      v = w.map((c) => c / top);
    }
    assert.ok(Math.abs(r.pca.explained[0] - top / trace) < 1e-4, `${r.pca.explained[0]} vs ${top / trace}`);
    assert.ok(r.pca.explained[1] <= r.pca.explained[0] && r.pca.explained[1] > 0);
    const col = (k: number) => Array.from({ length: n }, (_, p) => r.pca.points[p * 2 + k]);
    const [pc1, pc2] = [col(0), col(1)];
    assert.ok(Math.abs(pc1.reduce((s, c, i) => s + c * pc2[i], 0)) < 1e-3 * trace);
    assert.ok(Math.abs(pc1.reduce((s, c) => s + c * c, 0) / trace - r.pca.explained[0]) < 1e-4);
    assert.ok(Math.abs(pc2.reduce((s, c) => s + c * c, 0) / trace - r.pca.explained[1]) < 1e-4);
  });

  it('puts the sinusoid of the original transformer at the same width beside it', async () => {
    const r = await engine.positions(encoder, { count: 30 });
    if (r.kind !== 'learned') return assert.fail(r.kind);
    const d = (await graphFacts(await engine.load(encoder))).table!.width;
    const pe = (p: number) => Array.from({ length: d }, (_, k) => (k % 2 === 0 ? Math.sin : Math.cos)(p / Math.pow(10000, (2 * Math.floor(k / 2)) / d)));
    const [p, q] = [4, 11];
    const [u, w] = [pe(p), pe(q)];
    const dotUW = u.reduce((s, c, i) => s + c * w[i], 0);
    const expected = dotUW / Math.sqrt(u.reduce((s, c) => s + c * c, 0) * w.reduce((s, c) => s + c * c, 0));
    assert.equal(r.sinusoid.width, d);
    assert.ok(Math.abs(r.sinusoid.similarity[p * 30 + q] - expected) < 1e-6);
  });

  it('starts a RoBERTa table after the padding rows', async () => {
    const ref = fixture('tiny-roberta');
    const table = initializers(path.join(ref, 'onnx', 'model.onnx')).get('roberta.embeddings.position_embeddings.weight')!;
    const r = await engine.positions(ref, { count: 8 });
    if (r.kind !== 'learned') return assert.fail(r.kind);
    assert.equal(r.offset, 2);
    const row = (p: number) => Array.from(table.values!.subarray(p * 32, (p + 1) * 32));
    const [x, y] = [row(2), row(3)];
    const cos = x.reduce((s, c, i) => s + c * y[i], 0) / Math.sqrt(x.reduce((s, c) => s + c * c, 0) * y.reduce((s, c) => s + c * c, 0));
    assert.ok(Math.abs(r.similarity[1] - cos) < 1e-6);
  });

  it("answers a rotary model with the graph's inverse frequencies", async () => {
    const ref = fixture('tiny-qwen2');
    const inv = initializers(path.join(ref, 'onnx', 'model.onnx')).get('model.rotary_emb.inv_freq')!;
    const r = await engine.positions(ref);
    assert.equal(r.kind, 'rotary');
    if (r.kind !== 'rotary') return;
    assert.equal(r.source, 'graph');
    assert.deepEqual(r.frequencies, Array.from(inv.values!));
    assert.match(r.message, /rotates/);
  });

  it('refuses a count outside the table', async () => {
    await assert.rejects(engine.positions(encoder, { count: 513 }), (e: EngineError) => e.code === 'bad-input' && /512 positions/.test(e.message));
    await assert.rejects(engine.positions(encoder, { count: 1 }), (e: EngineError) => e.code === 'bad-input');
  });
});

/** The embedded models' parameter counts (models/MODEL_CARD.md). */
const ENCODER_PARAMS = 2_956_674;
const DECODER_PARAMS = 2_906_880;

describe('scale', () => {
  for (const [name, card] of [
    [EMBEDDED_ENCODER, ENCODER_PARAMS],
    [EMBEDDED_DECODER, DECODER_PARAMS],
  ] as const) {
    it(`counts ${name}'s weights from its initializers, the tied head once (model card: ${card})`, async () => {
      const inits = initializers(path.join(embeddedModel(name), 'onnx', 'model.onnx'));
      const stored = [...inits.values()].filter((t) => t.type === 1 && elements(t.dims) > 1).reduce((s, t) => s + elements(t.dims), 0);
      const s = await engine.scale(embeddedModel(name));
      assert.equal(s.stored, stored);
      assert.equal(s.weightBytes, stored * 4);
      assert.deepEqual(s.copies, []); // export.py stores the tied token matrix once
      assert.equal(s.stored, card);
      assert.equal(s.parameters, card);
      const m = await engine.load(embeddedModel(name));
      assert.equal(s.attention.bytes, m.facts.layers * m.facts.heads * 512 * 512 * 4);
    });
  }

  it('counts a tied head exported as its own transposed copy once', async () => {
    // The embedded decoder as other exporters write a tied head: the output MatMul reads its own
    // [d, vocabulary] initializer, the token matrix transposed, instead of a Transpose of the shared one.
    const folder = scratch();
    cpSync(embeddedModel(EMBEDDED_DECODER), folder, { recursive: true });
    const file = path.join(folder, 'onnx', 'model.onnx');
    const model = onnx.ModelProto.decode(readFileSync(file));
    const graph = model.graph!;
    const wte = graph.initializer!.find((t) => t.name === 'model.wte.weight')!;
    const untie = graph.node!.find((n) => n.opType === 'Transpose' && n.input?.[0] === wte.name)!;
    const [rows, cols] = (wte.dims ?? []).map(Number);
    const values = new Float32Array(new Uint8Array(wte.rawData!).slice().buffer);
    const transposed = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) transposed[c * rows + r] = values[r * cols + c];
    const head = onnx.TensorProto.create({ name: 'lm_head.weight', dataType: 1, dims: [cols, rows], rawData: new Uint8Array(transposed.buffer) });
    graph.initializer!.push(head);
    graph.node = graph.node!.filter((n) => n !== untie);
    for (const n of graph.node) n.input = (n.input ?? []).map((i) => (i === untie.output![0] ? head.name! : i));
    writeFileSync(file, onnx.ModelProto.encode(model).finish());
    const s = await engine.scale(folder);
    assert.deepEqual(s.copies, [{ name: 'lm_head.weight', of: 'model.wte.weight', elements: rows * cols, transposed: true }]);
    assert.equal(s.stored, DECODER_PARAMS + rows * cols);
    assert.equal(s.parameters, DECODER_PARAMS);
    // The rewired graph computes what the shipped one does.
    const [a, b] = await Promise.all([embeddedModel(EMBEDDED_DECODER), folder].map((m) => engine.analyze(m, { text: 'El río baja' })));
    assert.deepEqual(
      b.predictions.next.map((c) => c.token),
      a.predictions.next.map((c) => c.token),
    );
  });

  it('counts a fixture without tied copies as the sum of its weight initializers', async () => {
    const inits = initializers(path.join(fixture('tiny-bert'), 'onnx', 'model.onnx'));
    const sum = [...inits.values()].filter((t) => t.type === 1 && elements(t.dims) > 1).reduce((s, t) => s + elements(t.dims), 0);
    const s = await engine.scale(fixture('tiny-bert'));
    assert.deepEqual(s.copies, []); // its exporter shares the tied head's initializer instead of copying it
    assert.equal(s.stored, sum);
    assert.equal(s.parameters, sum);
  });
});
