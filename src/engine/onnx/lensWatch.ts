/**
 * The lens head's watch list (engine runtime): for a few token ids fed as `attention_lens.lens_watch`
 * [W], each lens row's logit of each of them (gathered from the vocabulary-sized logits in the graph)
 * and its rank — how many ids score strictly higher — so that a watched token has its probability,
 * exp(logit − log-sum-exp), and rank at every layer, wherever it stands, not only within the top-k.
 * No watched id (W = 0) computes nothing of it.
 *
 *   probe.lens.watch_logits  [1, N, W]
 *   probe.lens.watch_higher  [1, N, W]   ids whose logit is greater (0 = the row's top token)
 */
import type { onnx } from 'onnx-proto';
import { int64Const, node, output } from './graphBuild';
import type { HeadOutputs } from './heads';

export const WATCH_INPUT = 'attention_lens.lens_watch';

export interface WatchOutputs {
  readonly input: string;
  readonly logits: string;
  readonly higher: string;
}

const FLOAT = 1; // TensorProto.DataType
const UINT8 = 2;

export function addWatch(
  declared: onnx.IValueInfoProto,
  heads: HeadOutputs,
  nodes: onnx.INodeProto[],
  outputs: onnx.IValueInfoProto[],
): { outputs: WatchOutputs; initializers: onnx.ITensorProto[] } {
  const P = 'probe.lens.watch_';
  const add = (op: string, inputs: string[], outs: string[], attrs = {}): void => {
    nodes.push(node(op, inputs, outs, `attention_lens/${outs[0]}`, attrs));
  };
  const initializers: onnx.ITensorProto[] = [int64Const(`${P}axis2`, [2]), int64Const(`${P}axis3`, [3])];
  // The float32 logits heads.ts reduced (it casts other float types to float32 under this name).
  const elem = declared.type?.tensorType?.elemType ?? FLOAT;
  const logits = elem === FLOAT ? heads.logits : 'probe.lens.logits_f32';
  add('Gather', [logits, WATCH_INPUT], [`${P}logits`], { axis: { int: 2 } });
  // Rank: logits [1, N, 1, V] > watched [1, N, W, 1], counted as uint8 · ones[V, 1] (MatMulInteger's int32 sums).
  add('Unsqueeze', [logits, `${P}axis2`], [`${P}all4`]);
  add('Unsqueeze', [`${P}logits`, `${P}axis3`], [`${P}logits4`]);
  add('Greater', [`${P}all4`, `${P}logits4`], [`${P}greater`]);
  const dims = declared.type?.tensorType?.shape?.dim ?? [];
  const last = dims[dims.length - 1]?.dimValue;
  const vocab = typeof last === 'number' ? last : last ? Number(last.toString()) : 0;
  if (Number.isSafeInteger(vocab) && vocab > 0) {
    initializers.push({ name: `${P}ones_u8`, dataType: UINT8, dims: [vocab, 1], rawData: new Uint8Array(vocab).fill(1) });
    add('Cast', [`${P}greater`], [`${P}greater_u8`], { to: { int: UINT8 } });
    add('MatMulInteger', [`${P}greater_u8`, `${P}ones_u8`], [`${P}count`]);
    add('Cast', [`${P}count`], [`${P}count_f`], { to: { int: FLOAT } });
    add('Squeeze', [`${P}count_f`, `${P}axis3`], [`${P}higher`]);
  } else {
    add('Cast', [`${P}greater`], [`${P}greater_f`], { to: { int: FLOAT } });
    add('ReduceSum', [`${P}greater_f`, `${P}axis3`], [`${P}higher`], { keepdims: { int: 0 } });
  }
  outputs.push(output(`${P}logits`, 'float32', 3), output(`${P}higher`, 'float32', 3));
  return { outputs: { input: WATCH_INPUT, logits: `${P}logits`, higher: `${P}higher` }, initializers };
}
