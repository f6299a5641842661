/**
 * Attention rollout's matrix products on onnxruntime (engine runtime: the worker). Rollout through
 * layer L is Â_L · … · Â_0 (viewMath.ts); at T = 512 that is 11 products of 512 × 512 matrices,
 * seconds in plain JavaScript and a small fraction of that in onnxruntime's MatMul. The factors Âₗ
 * are computed in JavaScript (`residualMean`), the chain runs in a tiny generated graph (one per
 * layer count), and the products land in the analysis's ViewCache, where `serveView` finds them.
 * Without onnxruntime (or when it fails) serveView computes the same products itself.
 */
import * as ort from 'onnxruntime-node';
import type { onnx } from 'onnx-proto';
import type { AttentionData } from '../../protocol/analysis';
import { residualMean, type ViewCache } from './viewMath';
import { sessionOptions } from '../model';
import { int64Const, node, output } from '../onnx/graphBuild';
import { proto } from '../onnx/proto';

/** A graph from A [n, T, T] to R [n, T, T] with R₀ = A₀ and Rₗ = Aₗ · Rₗ₋₁. */
function rolloutModel(layers: number): Uint8Array {
  const nodes: onnx.INodeProto[] = [];
  const initializer: onnx.ITensorProto[] = [];
  for (let l = 0; l < layers; l++) {
    initializer.push(int64Const(`index${l}`, [l]));
    nodes.push(node('Gather', ['A', `index${l}`], [l === 0 ? 'R0' : `A${l}`], `gather${l}`, { axis: { int: 0 } }));
    if (l > 0) nodes.push(node('MatMul', [`A${l}`, `R${l - 1}`], [`R${l}`], `product${l}`));
  }
  nodes.push(
    node(
      'Concat',
      Array.from({ length: layers }, (_, l) => `R${l}`),
      ['R'],
      'stack',
      { axis: { int: 0 } },
    ),
  );
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'attention-lens',
    opsetImport: [{ domain: '', version: 13 }],
    graph: { name: 'rollout', node: nodes, initializer, input: [output('A', 'float32', 3)], output: [output('R', 'float32', 3)] },
  };
  return proto.ModelProto.encode(model).finish();
}

const sessions = new Map<string, Promise<ort.InferenceSession>>();

function session(layers: number, threads: number): Promise<ort.InferenceSession> {
  const id = `${layers}/${threads}`;
  let pending = sessions.get(id);
  if (!pending) {
    pending = ort.InferenceSession.create(rolloutModel(layers), sessionOptions(threads));
    sessions.set(id, pending);
    pending.catch(() => sessions.delete(id));
  }
  return pending;
}

/** Fills `cache.rollout` through layer `through` (inclusive) unless it holds them already. */
export async function fillRollout(data: AttentionData, through: number, cache: ViewCache, threads: number): Promise<void> {
  if ((cache.rollout?.length ?? 0) > through) return;
  const t = data.length;
  const n = through + 1;
  const factors = new Float32Array(n * t * t);
  const scratch = new Float32Array(t * t);
  for (let l = 0; l < n; l++) factors.set(residualMean(data, l, scratch), l * t * t);
  const run = await session(n, threads);
  const out = await run.run({ A: new ort.Tensor('float32', factors, [n, t, t]) });
  const r = out.R.data as Float32Array;
  cache.rollout = Array.from({ length: n }, (_, l) => r.slice(l * t * t, (l + 1) * t * t));
  cache.rolloutLower = undefined;
  for (const tensor of Object.values(out)) tensor.dispose();
}
