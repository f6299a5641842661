// Per-operator time of one ONNX model file under onnxruntime's profiler (build-time tool, Node): where a
// forward pass spends its time, e.g. the unpatched model against the engine's patched copy.
//   npx tsx tools/bench/profileOps.ts bench-models/bert-base/onnx/model.onnx --tokens 512
//   npx tsx tools/bench/profileOps.ts <cacheDir>/patched/<entry>/onnx/model_attn.onnx --tokens 512 --daz
// Prints each run's total and the mean kernel milliseconds per operator type, largest first (--nodes N: also the N
// slowest nodes by name). Session options
// match the engine's (threads = cores, interOpNumThreads 1, 'all' optimizations); --daz adds
// session.set_denormal_as_zero. Fetches every output except present.* and attention_scores.*, or with
// --fetch a,b those whose names start with a or b (onnxruntime still runs every node; what is not fetched is not
// copied back to JavaScript):
//   --fetch attentions.,probe.hidden.        # what the extension fetches by default from an encoder with nothing masked
//   --fetch attentions.,lens.,probe.hidden.  # ... from a decoder (the heads: lens.topk_*, lens.logsumexp, lens.next_*)
// A patched graph computes the scores before softmax only for the layers its attention_lens.scores input names:
// none, or all with --scores; its prediction heads (over float32 logits) only when attention_lens.heads says so:
// on, off with --no-heads (an encoder analysis with nothing masked). A model none of whose outputs --fetch names
// (the bare model) fetches them all.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { HEADS_INPUT, SCORES_INPUT } from '../../src/engine/onnx/patch';
import { plainFeeds } from './plainFeeds';

interface ProfileEvent {
  readonly cat: string;
  readonly name: string;
  readonly dur: number;
  readonly args?: { readonly op_name?: string };
}

function feedsFor(session: ort.InferenceSession, T: number, scores: boolean, heads: boolean): Record<string, ort.Tensor> {
  const ids = BigInt64Array.from({ length: T }, (_, i) => BigInt(100 + (i % 500)));
  return plainFeeds(session, ids, (name, meta) => {
    if (name === HEADS_INPUT) return new ort.Tensor('bool', [heads], [1]);
    if (name === SCORES_INPUT && meta.isTensor) {
      // Which layers' scores the run computes (--scores: all, as when every layer's matrix is asked for).
      const L = Number(meta.shape[0]);
      return new ort.Tensor('bool', new Uint8Array(L).fill(scores ? 1 : 0), [L]);
    }
    if (name.startsWith('attention_lens.') && meta.isTensor) {
      // The patcher's probe inputs (src/engine/probes.ts): the head mask all ones (no head off), the lens input zeros
      // (one position; symbolic dimensions 1).
      const dims = meta.shape.map((d) => (typeof d === 'number' ? d : 1));
      const size = dims.reduce((a, b) => a * b, 1);
      return new ort.Tensor('float32', new Float32Array(size).fill(name.endsWith('head_mask') ? 1 : 0), dims);
    }
    return undefined;
  });
}

async function main(argv: readonly string[]): Promise<void> {
  let file = '';
  let T = 128;
  let runs = 3;
  let daz = false;
  let scores = false;
  let heads = true;
  let nodes = 0;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tokens') T = Number(argv[++i]);
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--daz') daz = true;
    else if (argv[i] === '--scores') scores = true;
    else if (argv[i] === '--no-heads') heads = false;
    else if (argv[i] === '--nodes') nodes = Number(argv[++i]);
    else if (argv[i] === '--fetch') only = argv[++i].split(',');
    else if (!file) file = argv[i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!file) throw new Error('usage: profileOps.ts MODEL.onnx [--tokens T] [--runs N] [--daz] [--nodes N] [--fetch PREFIX,…] [--scores] [--no-heads]');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-profile-'));
  try {
    const session = await ort.InferenceSession.create(file, {
      intraOpNumThreads: os.availableParallelism(),
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      enableProfiling: true,
      profileFilePrefix: path.join(dir, 'profile'),
      ...(daz ? { extra: { session: { set_denormal_as_zero: '1' } } } : {}),
    });
    const feeds = feedsFor(session, T, scores, heads);
    const named = session.outputNames.filter((n) => only?.some((prefix) => n.startsWith(prefix)));
    const fetches = named.length > 0 ? named : session.outputNames.filter((n) => !n.startsWith('present') && !n.startsWith('attention_scores'));
    await session.run(feeds, fetches); // warm-up, excluded below
    for (let i = 0; i < runs; i++) await session.run(feeds, fetches);
    session.endProfiling();
    await session.release();
    const json = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!json) throw new Error('onnxruntime wrote no profile');
    const events = JSON.parse(readFileSync(path.join(dir, json), 'utf8')) as ProfileEvent[];
    const totals = events.filter((e) => e.name === 'model_run').map((e) => e.dur / 1000);
    const timed = totals.slice(1);
    console.log(`${path.basename(file)} T=${T}${daz ? ' (denormals as zero)' : ''}: runs ${timed.map((t) => t.toFixed(0)).join(' ')} ms`);
    const byOp = new Map<string, number>();
    const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
    const perRun = kernels.length / (runs + 1);
    kernels.slice(perRun).forEach((e) => byOp.set(e.args?.op_name ?? '?', (byOp.get(e.args?.op_name ?? '?') ?? 0) + e.dur / 1000 / runs));
    for (const [op, ms] of [...byOp].sort((a, b) => b[1] - a[1])) if (ms >= 0.05) console.log(`  ${op.padEnd(20)} ${ms.toFixed(1).padStart(8)} ms`);
    // --nodes N: the N slowest nodes by name (which of the patcher's nodes an operator's time belongs to).
    const byNode = new Map<string, number>();
    kernels.slice(perRun).forEach((e) => {
      const key = `${e.name.replace(/_kernel_time$/, '')} (${e.args?.op_name ?? '?'})`;
      byNode.set(key, (byNode.get(key) ?? 0) + e.dur / 1000 / runs);
    });
    for (const [node, ms] of [...byNode].sort((a, b) => b[1] - a[1]).slice(0, nodes)) console.log(`  node ${node.padEnd(60)} ${ms.toFixed(1).padStart(8)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
