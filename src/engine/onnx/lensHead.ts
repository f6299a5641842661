/**
 * The lens head (engine runtime): the model's own output head — final norm and LM head of a decoder,
 * the masked-LM head of an encoder — found in the graph as the nodes between the residual stream after
 * the last block and `logits`, and copied into a small model of its own (`onnx/lens_head.onnx` beside
 * the patched graph) whose input `attention_lens.lens_input` [1, N, D] takes any N residual-stream rows
 * (one position across all layers, or every position of every layer) and whose outputs are their
 * top-k, log-sum-exp (heads.ts) and, for the watched ids fed as `attention_lens.lens_watch` [W], their
 * logits and ranks (lensWatch.ts): the vocabulary-sized logits never leave onnxruntime.
 *
 * A model of its own because onnxruntime runs every node of a session whatever the fetches: a lens
 * head inside the patched graph made each lens run a forward pass of one token and the model's own
 * LM head besides (measured: most of one position's lens on GPT-2 small), and made every
 * analysis apply the head to a row of zeros. The price is a second copy of the head's weights in
 * memory (GPT-2 small: 97 MB more resident, measured), loaded only when a lens is first
 * asked for (model.ts) — the Inside tab's lens or the settling strip —, which waits for it once.
 *
 * Only heads made of position-wise operators are copied (a head that reshapes, gathers or mixes
 * positions would read the stacked rows wrongly); anything else leaves the lens out with a notice.
 */
import type { onnx } from 'onnx-proto';
import { node } from './graphBuild';
import type { GraphIndex } from './graphIndex';
import { addPredictionHeads, type HeadOutputs } from './heads';
import { addWatch, WATCH_INPUT, type WatchOutputs } from './lensWatch';
import { knownTypeOf } from './tensorTypes';
import { proto } from './proto';
import { noticeLine } from '../../protocol/notices';

export const LENS_INPUT = 'attention_lens.lens_input';
/** The lens head's model file, in the patched entry's onnx/ folder. */
export const LENS_FILE = 'lens_head.onnx';

export interface LensOutputs {
  /** The lens head's own model file (onnx/…), loaded into a session of its own. */
  readonly file: string;
  readonly input: string;
  /** What the head is: a decoder's next-token logits, or an encoder's masked-LM head. */
  readonly kind: 'logit' | 'mlm';
  /** The hidden size config.json states; the head's input takes the rows as wide as the graph's hidden states are (a config may lie). */
  readonly width: number;
  readonly heads: HeadOutputs;
  /** The watched ids' logits and ranks; absent in entries patched before the watch list. */
  readonly watch?: WatchOutputs;
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

/** The nodes that compute `names` from constants alone (a transposed or dequantized weight), in graph order. */
function constantProducers(g: GraphIndex, names: Iterable<string>): onnx.INodeProto[] {
  const found = new Set<onnx.INodeProto>();
  const queue = [...names];
  while (queue.length > 0) {
    const p = g.producer(queue.pop() as string);
    if (!p || found.has(p)) continue;
    found.add(p);
    queue.push(...(p.input ?? []).filter(Boolean));
  }
  return [...found].sort((a, b) => g.order(a) - g.order(b));
}

export function buildLensHead(
  g: GraphIndex,
  model: onnx.IModelProto,
  lastHidden: string,
  settings: { readonly opset: number; readonly topK: number; readonly kind: 'encoder' | 'decoder'; readonly width: number },
  notices: string[],
): { outputs: LensOutputs; bytes: Uint8Array } | null {
  const graph = model.graph as onnx.IGraphProto;
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
  const constants = new Set<string>();
  for (const n of nodes) {
    if (!POSITION_WISE.has(n.opType ?? '')) return unavailable(`the output head uses ${n.opType}, which is not applied to each position alone`);
    for (const x of n.input ?? []) {
      if (!x || produced.has(x)) continue;
      if (g.dynamic(x)) return unavailable('the output head reads more than the last hidden state');
      constants.add(x);
    }
  }
  if (nodes.some((n) => n.opType === 'DynamicQuantizeLinear')) {
    notices.push(noticeLine('lens-int8'));
  }
  // The head's model: its nodes (the last hidden state renamed to the input), what its constants are
  // computed from, and the initializers all of them read.
  const body: onnx.INodeProto[] = [];
  const type = knownTypeOf([graph], lastHidden) ?? FLOAT;
  const input = type === FLOAT ? LENS_INPUT : 'attention_lens.lens_input_cast';
  if (type !== FLOAT) body.push(node('Cast', [LENS_INPUT], [input], 'attention_lens/lens_input_cast', { to: { int: type } }));
  body.push(...constantProducers(g, constants));
  for (const n of nodes) body.push({ ...n, input: (n.input ?? []).map((x) => (x === lastHidden ? input : x)) });
  const read = new Set(body.flatMap((n) => n.input ?? []));
  const initializer = (graph.initializer ?? []).filter((t) => t.name && read.has(t.name));
  const added: onnx.INodeProto[] = [];
  const outputs: onnx.IValueInfoProto[] = [];
  const lensGraph: onnx.IGraphProto = {
    name: 'attention_lens_head',
    input: [
      {
        name: LENS_INPUT,
        type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 1 }, { dimParam: 'lens_rows' }, { dimParam: 'lens_width' }] } } },
      },
      { name: WATCH_INPUT, type: { tensorType: { elemType: proto.TensorProto.DataType.INT64, shape: { dim: [{ dimParam: 'lens_watched' }] } } } },
    ],
    output: [declared],
  };
  const elemType = declared.type?.tensorType?.elemType ?? FLOAT;
  const heads = addPredictionHeads(lensGraph, settings.opset, { topK: settings.topK }, added, outputs, notices, {
    logits: declared.name,
    elemType,
    prefix: 'probe.lens.',
  });
  if (!heads) return null;
  const watch = addWatch(declared, heads.outputs, added, outputs);
  const lensModel: onnx.IModelProto = {
    irVersion: model.irVersion,
    opsetImport: model.opsetImport,
    producerName: 'attention-lens',
    graph: {
      ...lensGraph,
      node: [...body, ...added],
      initializer: [...initializer, ...heads.initializers, ...watch.initializers],
      output: outputs,
    },
  };
  const bytes = proto.ModelProto.encode(proto.ModelProto.create(lensModel)).finish();
  return {
    outputs: {
      file: LENS_FILE,
      input: LENS_INPUT,
      kind: settings.kind === 'decoder' ? 'logit' : 'mlm',
      width: settings.width,
      heads: heads.outputs,
      watch: watch.outputs,
    },
    bytes,
  };
}
