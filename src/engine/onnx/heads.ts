/**
 * In-graph prediction heads over a model's `logits` (engine runtime). A vocabulary-sized logits
 * tensor is 60–100 MB at 512 tokens and copying it back to JavaScript costs more than computing
 * it, so the patched graph reduces it where it is produced:
 *   lens.topk_values / lens.topk_indices  [batch, seq, k]  the k largest logits and their ids
 *   lens.logsumexp                        [batch, seq]     log Σ exp(logits): p = exp(logit − lse)
 *   lens.next_logit                       [batch, seq, 1]  decoders: logit of the token that follows
 *   lens.next_rank                        [batch, seq]     decoders: how many ids score higher (0 = top)
 * The last position's "next token" is a placeholder (itself); callers ignore it. Float16 logits (a
 * float16 export) are cast to float32 first: the engine reads float32, and the log-sum-exp and rank
 * are computed at the precision it reports.
 */
import type { onnx } from 'onnx-proto';
import { int64Const, node, output, type Dtype } from './graphBuild';
import { noticeLine } from '../../protocol/notices';

export interface HeadOutputs {
  readonly logits: string;
  readonly topK: number;
  readonly topValues: string;
  readonly topIndices: string;
  readonly logSumExp: string;
  readonly nextLogit: string | null;
  readonly nextRank: string | null;
}

interface HeadOptions {
  readonly topK?: number;
  readonly nextTokenStats?: boolean;
}

const BIG = 9007199254740991; // Slice clamps ends to the dimension; 2^53−1 is exact in JS.
const FLOAT = 1; // TensorProto.DataType
const UINT8 = 2;

/** The logits' vocabulary size when the graph declares it (0 when symbolic or absent). */
function vocabSize(graph: onnx.IGraphProto, logits: string): number {
  const dims = (graph.output ?? []).find((o) => o.name === logits)?.type?.tensorType?.shape?.dim ?? [];
  const last = dims[dims.length - 1]?.dimValue;
  const value = typeof last === 'number' ? last : last ? Number(last.toString()) : 0;
  return dims.length === 3 && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/**
 * Another logits tensor to reduce the same way (the probe lens, onnx/lensHead.ts): its name, element
 * type, and the prefix of every name added for it (instead of `lens.`).
 */
export interface HeadSource {
  readonly logits: string;
  readonly elemType: number;
  readonly prefix: string;
}

export function addPredictionHeads(
  graph: onnx.IGraphProto,
  opset: number,
  options: HeadOptions,
  nodes: onnx.INodeProto[],
  outputs: onnx.IValueInfoProto[],
  notices: string[],
  source?: HeadSource,
): { outputs: HeadOutputs; initializers: onnx.ITensorProto[] } | null {
  const topK = options.topK ?? 0;
  if (topK <= 0) return null;
  const declared = source ? null : (graph.output ?? []).find((o) => o.name === 'logits');
  const logitsName = source ? source.logits : declared?.name;
  if (!logitsName) {
    notices.push(noticeLine('no-logits-output'));
    return null;
  }
  if (opset < 13) {
    notices.push(noticeLine('old-opset', opset));
    return null;
  }
  const P = source?.prefix ?? 'lens.';
  const inits: onnx.ITensorProto[] = [];
  const add = (op: string, inputs: string[], outs: string[], attrs = {}): void => {
    nodes.push(node(op, inputs, outs, `attention_lens/${outs[0]}`, attrs));
  };
  const elem = source ? source.elemType : (declared?.type?.tensorType?.elemType ?? FLOAT);
  const logits = elem === FLOAT ? logitsName : `${P}logits_f32`;
  if (elem !== FLOAT) add('Cast', [logitsName], [logits], { to: { int: FLOAT } });
  const expose = (name: string, dtype: Dtype, rank: number): void => {
    outputs.push(output(name, dtype, rank));
  };

  inits.push(int64Const(`${P}k`, [topK]), int64Const(`${P}zero`, [0]), int64Const(`${P}one`, [1]), int64Const(`${P}axis2`, [2]));
  add('TopK', [logits, `${P}k`], [`${P}topk_values`, `${P}topk_indices`], { axis: { int: -1 } });
  expose(`${P}topk_values`, 'float32', 3);
  expose(`${P}topk_indices`, 'int64', 3);
  // log Σ exp(logits) = max − logsoftmax(logits)[argmax]. ORT's CPU ReduceLogSumExp is a scalar loop
  // (~200 ms over BERT-base's 512 × 30522 logits on 2 cores, a sixth of the whole run; measured again
  // on GPT-2 small's 128 × 50257: 3× the CPU time of this); its LogSoftmax is vectorized and threaded,
  // and the arg-max is TopK's first column. The logits go in as they are: an earlier floor at max − 80
  // (against denormal exp(), which the engine's sessions now treat as zero, model.ts) cost one more
  // [seq, vocab] pass, 1.5–16 ms of CPU on GPT-2 small's logits at 128–512 tokens, with or without
  // denormals as zero, and changed no value (test/unit/engine/onnx/headsReference.test.ts).
  add('Slice', [`${P}topk_indices`, `${P}zero`, `${P}one`, `${P}axis2`], [`${P}top1_index`]);
  add('Slice', [`${P}topk_values`, `${P}zero`, `${P}one`, `${P}axis2`], [`${P}top1_value`]);
  add('LogSoftmax', [logits], [`${P}logprobs`], { axis: { int: -1 } });
  add('GatherElements', [`${P}logprobs`, `${P}top1_index`], [`${P}top1_logprob`], { axis: { int: 2 } });
  add('Sub', [`${P}top1_value`, `${P}top1_logprob`], [`${P}logsumexp3`]);
  add('Squeeze', [`${P}logsumexp3`, `${P}axis2`], [`${P}logsumexp`]);
  expose(`${P}logsumexp`, 'float32', 2);

  let nextLogit: string | null = null;
  let nextRank: string | null = null;
  const inputIds = source ? undefined : (graph.input ?? []).find((i) => i.name === 'input_ids')?.name;
  if (options.nextTokenStats && inputIds) {
    inits.push(int64Const('lens.minus_one', [-1]), int64Const('lens.big', [BIG]));
    add('Slice', [inputIds, 'lens.one', 'lens.big', 'lens.one'], ['lens.ids_after']);
    add('Slice', [inputIds, 'lens.minus_one', 'lens.big', 'lens.one'], ['lens.ids_last']);
    add('Concat', ['lens.ids_after', 'lens.ids_last'], ['lens.next_ids'], { axis: { int: 1 } });
    add('Unsqueeze', ['lens.next_ids', 'lens.axis2'], ['lens.next_ids3']);
    add('GatherElements', [logits, 'lens.next_ids3'], ['lens.next_logit'], { axis: { int: 2 } });
    add('Greater', [logits, 'lens.next_logit'], ['lens.higher']);
    const vocab = vocabSize(graph, logitsName);
    if (vocab > 0) {
      // Count the trues as uint8 · ones[V, 1] (MatMulInteger, int32 sums): a quarter of the bytes that
      // Cast-to-float + ReduceSum write and read over [seq, vocab] (~75 → ~40 ms, GPT-2 small at 512 tokens).
      inits.push({ name: 'lens.ones_u8', dataType: UINT8, dims: [vocab, 1], rawData: new Uint8Array(vocab).fill(1) });
      add('Cast', ['lens.higher'], ['lens.higher_u8'], { to: { int: UINT8 } });
      add('MatMulInteger', ['lens.higher_u8', 'lens.ones_u8'], ['lens.higher_count']);
      add('Cast', ['lens.higher_count'], ['lens.next_rank3'], { to: { int: FLOAT } });
      add('Squeeze', ['lens.next_rank3', 'lens.axis2'], ['lens.next_rank']);
    } else {
      inits.push(int64Const('lens.axis_last', [-1])); // ReduceSum takes its axes as an input from opset 13
      add('Cast', ['lens.higher'], ['lens.higher_f'], { to: { int: FLOAT } });
      add('ReduceSum', ['lens.higher_f', 'lens.axis_last'], ['lens.next_rank'], { keepdims: { int: 0 } });
    }
    expose('lens.next_logit', 'float32', 3);
    expose('lens.next_rank', 'float32', 2);
    nextLogit = 'lens.next_logit';
    nextRank = 'lens.next_rank';
  }
  return {
    outputs: {
      logits: logitsName,
      topK,
      topValues: `${P}topk_values`,
      topIndices: `${P}topk_indices`,
      logSumExp: `${P}logsumexp`,
      nextLogit,
      nextRank,
    },
    initializers: inits,
  };
}
