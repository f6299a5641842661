/**
 * Nodes that run only when a run asks for their outputs (engine runtime). onnxruntime runs every node
 * of a graph whatever a run fetches, so the patcher puts what the extension often leaves unfetched
 * (each layer's scores before softmax, the prediction heads over the vocabulary-sized logits) inside
 * an If on a bool input: the then-branch is the nodes as they were, the else-branch gives an empty
 * tensor ([0, …, 0], same element type and rank) for each output. The branches read the graph's
 * tensors from the outer scope; the If's outputs keep the public names.
 *
 *   added.push(gate('attention_lens/heads.gate', 'attention_lens.heads.wanted', headNodes, headOutputs));
 */
import type { onnx } from 'onnx-proto';
import { proto } from './proto';

const ATTR = proto.AttributeProto.AttributeType;

/** `nodes` (which produce `outputs`) behind an If on `cond` (a one-element bool tensor). */
export function gate(name: string, cond: string, nodes: readonly onnx.INodeProto[], outputs: readonly onnx.IValueInfoProto[]): onnx.INodeProto {
  // Inside the then-branch the outputs get their own names: a subgraph may not redefine an outer name.
  const inner = new Map(outputs.map((o) => [o.name ?? '', `${o.name ?? ''}.computed`]));
  const rename = (x: string): string => inner.get(x) ?? x;
  const compute: onnx.IGraphProto = {
    name: `${name}.then`,
    node: nodes.map((n) => ({ ...n, input: (n.input ?? []).map(rename), output: (n.output ?? []).map(rename) })),
    output: outputs.map((o) => ({ ...o, name: rename(o.name ?? '') })),
  };
  const skip: onnx.IGraphProto = {
    name: `${name}.else`,
    node: outputs.map((o) => {
      const empty = `${o.name ?? ''}.empty`;
      const rank = o.type?.tensorType?.shape?.dim?.length ?? 0;
      const value: onnx.ITensorProto = { name: empty, dataType: o.type?.tensorType?.elemType ?? 0, dims: new Array<number>(rank).fill(0) };
      return { opType: 'Constant', input: [], output: [empty], name: empty, attribute: [{ name: 'value', type: ATTR.TENSOR, t: value }], domain: '' };
    }),
    output: outputs.map((o) => ({ ...o, name: `${o.name ?? ''}.empty` })),
  };
  return {
    opType: 'If',
    input: [cond],
    output: outputs.map((o) => o.name ?? ''),
    name,
    attribute: [
      { name: 'then_branch', type: ATTR.GRAPH, g: compute },
      { name: 'else_branch', type: ATTR.GRAPH, g: skip },
    ],
    domain: '',
  };
}
