// The prediction heads alone (src/engine/onnx/heads.ts) over a model's real logits (build-time tool, Node): CPU
// and wall milliseconds per run of a graph that is only the heads, fed the logits one bare run of the model
// returned. CPU time, with onnxruntime's spinning threads off, stays readable on a machine other processes load,
// where wall-clock benchmarks do not (bench:engine's ratios); run it on two checkouts to compare heads.
//   npx tsx tools/bench/benchHeads.ts bench-models/gpt2-small --tokens 128 --runs 15
//   npx tsx tools/bench/benchHeads.ts bench-models/bert-base --tokens 512   # an encoder: no next-token stats
// The last line printed is one JSON object with the figures.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { onnx } from 'onnx-proto';
import { sessionOptions } from '../../src/engine/model';
import { node, output } from '../../src/engine/onnx/graphBuild';
import { addPredictionHeads } from '../../src/engine/onnx/heads';
import { proto } from '../../src/engine/onnx/proto';
import { median } from './stats';
import { plainFeeds } from './plainFeeds';

const TOP_K = 20;

/** One bare run of the model: its logits [1, T, V] and the ids fed. */
async function realLogits(folder: string, T: number, vocab: number): Promise<{ logits: Float32Array; ids: BigInt64Array }> {
  const session = await ort.InferenceSession.create(path.join(folder, 'onnx', 'model.onnx'), sessionOptions(os.availableParallelism()));
  const ids = BigInt64Array.from({ length: T }, (_, i) => BigInt(100 + ((i * 7919) % (vocab - 100))));
  const feeds = plainFeeds(session, ids);
  const out = await session.run(feeds, ['logits']);
  await session.release();
  return { logits: out.logits.data as Float32Array, ids };
}

/** A graph that is only the heads over its input `x` (the logits, [1, T, V]). */
function headsGraph(vocab: number, decoder: boolean): Uint8Array {
  const dims = [{ dimValue: 1 }, { dimParam: 'T' }, { dimValue: vocab }];
  const logits: onnx.IValueInfoProto = { name: 'logits', type: { tensorType: { elemType: 1, shape: { dim: dims } } } };
  const graph: onnx.IGraphProto = {
    name: 'heads',
    input: [output('input_ids', 'int64', 2), { ...logits, name: 'x' }],
    node: [node('Identity', ['x'], ['logits'], 'logits')],
    output: [logits],
  };
  const nodes: onnx.INodeProto[] = [];
  const outputs: onnx.IValueInfoProto[] = [];
  const added = addPredictionHeads(graph, 17, { topK: TOP_K, nextTokenStats: decoder }, nodes, outputs, []);
  if (!added) throw new Error('the heads were not added');
  graph.node = [...(graph.node ?? []), ...nodes];
  graph.output = outputs; // the logits themselves are not fetched, as in the engine
  graph.initializer = added.initializers;
  return proto.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish();
}

async function main(argv: readonly string[]): Promise<void> {
  let folder = '';
  let T = 128;
  let runs = 15;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tokens') T = Number(argv[++i]);
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (!folder) folder = argv[i];
    else throw new Error(`unknown argument ${argv[i]} (usage: benchHeads.ts MODEL_FOLDER [--tokens T] [--runs N])`);
  }
  if (!folder) throw new Error('usage: benchHeads.ts MODEL_FOLDER [--tokens T] [--runs N]');
  const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8')) as { vocab_size: number; model_type: string };
  const decoder = /gpt|llama|qwen|mistral/i.test(config.model_type);
  const { logits, ids } = await realLogits(folder, T, config.vocab_size);
  const threads = os.availableParallelism();
  const base = sessionOptions(threads);
  // Spinning off: a waiting thread then sleeps, so the process's CPU time is the work done.
  const session = await ort.InferenceSession.create(headsGraph(config.vocab_size, decoder), {
    ...base,
    extra: { session: { ...(base.extra as { session: Record<string, string> }).session, 'intra_op.allow_spinning': '0' } },
  });
  const feeds = { input_ids: new ort.Tensor('int64', ids, [1, T]), x: new ort.Tensor('float32', logits, [1, T, config.vocab_size]) };
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = -2; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await session.run(feeds, session.outputNames);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (r < 0) continue; // warm-ups
    cpu.push((c.user + c.system) / 1000);
    wall.push(ms);
  }
  await session.release();
  const round = (x: number): number => Math.round(x * 100) / 100;
  const figures = {
    model: path.basename(folder),
    T,
    vocab: config.vocab_size,
    threads,
    runs,
    cpuMs: round(median(cpu)),
    cpuMinMs: round(Math.min(...cpu)),
    wallMs: round(median(wall)),
    wallMinMs: round(Math.min(...wall)),
  };
  const load = os.loadavg().map((x) => x.toFixed(1));
  console.log(
    `${figures.model} T=${T}: heads ${figures.cpuMs} ms CPU (min ${figures.cpuMinMs}), ${figures.wallMs} ms wall (min ${figures.wallMinMs}); load ${load.join(' ')}`,
  );
  console.log(JSON.stringify(figures));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
