/**
 * The lens head (engine runtime): the model's own output head — final norm and LM head of a decoder,
 * the masked-LM head of an encoder — found in the graph as the nodes between the residual stream after
 * the last block and `logits`, and cloned onto a new input `attention_lens.lens_input` [1, N, D] with
 * the same in-graph top-k and log-sum-exp as the prediction heads (heads.ts): a run that feeds it any
 * N residual-stream rows (one position across all layers, or every position of every layer) gets
 * their top-k back without vocabulary-sized logits ever leaving onnxruntime. Runs that do not ask for
 * the lens feed one row of zeros (`probeFeeds` in ../probes.ts) and do not fetch its outputs.
 *
 * Only heads made of position-wise operators are cloned (a head that reshapes, gathers or mixes
 * positions would read the stacked rows wrongly); anything else leaves the lens out with a notice.
 */
import type { onnx } from 'onnx-proto';
import { node } from './graphBuild';
import type { GraphIndex } from './graphIndex';
import { addPredictionHeads, type HeadOutputs } from './heads';
import { knownTypeOf } from './tensorTypes';
import { proto } from './proto';
import { noticeLine } from '../../protocol/notices';

export const LENS_INPUT = 'attention_lens.lens_input';

export interface LensOutputs {
  readonly input: string;
  /** What the head is: a decoder's next-token logits, or an encoder's masked-LM head. */
  readonly kind: 'logit' | 'mlm';
  /** The hidden size: rows of the input are this wide. */
  readonly width: number;
  readonly heads: HeadOutputs;
}

const FLOAT = proto.TensorProto.DataType.FLOAT;

/** Operators that act on each row (position) alone: the head may be made of these only. */
const POSITION_WISE = new Set([
  'MatMul',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Sqrt',
  'Reciprocal',
  'Neg',
  'Erf',
  'Tanh',
  'Sigmoid',
  'Relu',
  'Softplus',
  'Cast',
  'Identity',
  'LayerNormalization',
  'SimplifiedLayerNormalization',
  'ReduceMean',
  'Gelu',
  'FastGelu',
  'BiasGelu',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'MatMulInteger',
]);

export interface LensEdits {
  readonly nodes: onnx.INodeProto[];
  readonly outputs: onnx.IValueInfoProto[];
  readonly initializers: onnx.ITensorProto[];
  readonly inputs: onnx.IValueInfoProto[];
}

export function addLensHead(
  g: GraphIndex,
  graph: onnx.IGraphProto,
  lastHidden: string,
  settings: { readonly opset: number; readonly topK: number; readonly kind: 'encoder' | 'decoder'; readonly width: number },
  notices: string[],
): { outputs: LensOutputs; edits: LensEdits } | null {
  const unavailable = (why: string) => (notices.push(noticeLine('no-lens', why)), null);
  const declared = (graph.output ?? []).find((o) => o.name === 'logits');
  if (!declared?.name) return unavailable('the model has no "logits" output');
  if (settings.topK <= 0 || settings.width <= 0) return unavailable('no top-k or hidden size');
  const reach = g.downstream(lastHidden);
  if (!reach.has(declared.name)) return unavailable('the logits do not come from the last hidden state');
  // The head: nodes on the way from the last hidden state to the logits.
  const head = new Set<onnx.INodeProto>();
  const queue = [declared.name];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const t = queue.shift() as string;
    if (seen.has(t) || t === lastHidden) continue;
    seen.add(t);
    const p = g.producer(t);
    if (!p) continue;
    head.add(p);
    for (const x of p.input ?? []) if (x && reach.has(x)) queue.push(x);
  }
  const nodes = [...head].sort((a, b) => g.order(a) - g.order(b));
  const produced = new Set<string>([lastHidden, ...nodes.flatMap((n) => n.output ?? [])]);
  for (const n of nodes) {
    if (!POSITION_WISE.has(n.opType ?? '')) return unavailable(`the output head uses ${n.opType}, which is not applied to each position alone`);
    for (const x of n.input ?? []) if (x && g.dynamic(x) && !produced.has(x)) return unavailable('the output head reads more than the last hidden state');
  }
  if (nodes.some((n) => n.opType === 'DynamicQuantizeLinear')) {
    notices.push(noticeLine('lens-int8'));
  }
  const edits: LensEdits = { nodes: [], outputs: [], initializers: [], inputs: [] };
  edits.inputs.push({
    name: LENS_INPUT,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 1 }, { dimParam: 'lens_rows' }, { dimValue: settings.width }] } } },
  });
  const type = knownTypeOf([graph], lastHidden) ?? FLOAT;
  const rename = new Map<string, string>();
  if (type === FLOAT) rename.set(lastHidden, LENS_INPUT);
  else {
    edits.nodes.push(node('Cast', [LENS_INPUT], ['probe.lens.input_cast'], 'attention_lens/probe.lens.input_cast', { to: { int: type } }));
    rename.set(lastHidden, 'probe.lens.input_cast');
  }
  for (const n of nodes) for (const o of n.output ?? []) if (o) rename.set(o, `probe.lens/${o}`);
  for (const n of nodes) {
    const clone = proto.NodeProto.create({ ...n, name: `attention_lens/lens/${n.name ?? ''}` });
    clone.input = (n.input ?? []).map((x) => rename.get(x) ?? x);
    clone.output = (n.output ?? []).map((x) => rename.get(x) ?? x);
    edits.nodes.push(clone);
  }
  const logits = rename.get(declared.name) as string;
  const elemType = declared.type?.tensorType?.elemType ?? FLOAT;
  const heads = addPredictionHeads(graph, settings.opset, { topK: settings.topK }, edits.nodes, edits.outputs, notices, {
    logits,
    elemType,
    prefix: 'probe.lens.',
  });
  if (!heads) return null;
  edits.initializers.push(...heads.initializers);
  return { outputs: { input: LENS_INPUT, kind: settings.kind === 'decoder' ? 'logit' : 'mlm', width: settings.width, heads: heads.outputs }, edits };
}
