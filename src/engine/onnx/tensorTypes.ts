/**
 * The element type of a float tensor inside a graph (engine runtime), found without running shape
 * inference: where the graph declares it (inputs, outputs, value_info, initializers, Constant and
 * Cast nodes) that is the answer; otherwise it is the type of the producing node's float operand
 * (elementwise ops, MatMul, Softmax, LayerNorm… keep their input's type). A float16 export is
 * float16 throughout, an fp32 or int8 one float32, so this walk settles the type the patcher must
 * declare for a fused operator's extra output.
 *
 *   const type = floatTypeOf([branch, mainGraph], 'query'); // innermost graph first
 */
import type { onnx } from 'onnx-proto';
import { proto } from './proto';

const T = proto.TensorProto.DataType;
const FLOATS = new Set<number>([T.FLOAT, T.FLOAT16, T.BFLOAT16, T.DOUBLE]);
/** Ops whose output is not a float of their input's type. */
const FIXED: Record<string, number> = { Shape: T.INT64, Size: T.INT64, DynamicQuantizeLinear: T.UINT8, MatMulInteger: T.INT32, DequantizeLinear: T.FLOAT };

interface Indexed {
  readonly declared: Map<string, number>;
  readonly producers: Map<string, onnx.INodeProto>;
}

const indexCache = new WeakMap<onnx.IGraphProto, Indexed>();

function indexed(graph: onnx.IGraphProto): Indexed {
  let index = indexCache.get(graph);
  if (index) return index;
  const declared = new Map<string, number>();
  for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
    const elem = v.type?.tensorType?.elemType;
    if (v.name && elem) declared.set(v.name, elem);
  }
  for (const t of graph.initializer ?? []) if (t.name && t.dataType) declared.set(t.name, t.dataType);
  const producers = new Map<string, onnx.INodeProto>();
  for (const n of graph.node ?? []) for (const o of n.output ?? []) if (o) producers.set(o, n);
  index = { declared, producers };
  indexCache.set(graph, index);
  return index;
}

/** The element type of `name` as seen from the first graph of `scopes` (innermost first); null when the walk cannot tell. */
export function knownTypeOf(scopes: readonly onnx.IGraphProto[], name: string): number | null {
  return typeOf(scopes, name, new Set());
}

/** As knownTypeOf, FLOAT when unknown. */
export function floatTypeOf(scopes: readonly onnx.IGraphProto[], name: string): number {
  return knownTypeOf(scopes, name) ?? T.FLOAT;
}

function typeOf(scopes: readonly onnx.IGraphProto[], name: string, seen: Set<string>): number | null {
  if (seen.has(name)) return null;
  seen.add(name);
  for (const graph of scopes) {
    const { declared, producers } = indexed(graph);
    const known = declared.get(name);
    if (known) return known;
    const n = producers.get(name);
    if (!n) continue;
    const op = n.opType ?? '';
    const attr = (key: string) => (n.attribute ?? []).find((a) => a.name === key);
    if (op === 'Cast') return Number(attr('to')?.i ?? T.FLOAT);
    if (op === 'Constant' || op === 'ConstantOfShape') return attr('value')?.t?.dataType ?? T.FLOAT;
    if (FIXED[op] !== undefined) return (n.output ?? []).indexOf(name) === 0 ? FIXED[op] : T.FLOAT;
    const operands = op === 'Where' ? (n.input ?? []).slice(1) : (n.input ?? []);
    for (const input of operands) {
      if (!input) continue;
      const type = typeOf(scopes, input, seen);
      if (type !== null && FLOATS.has(type)) return type;
    }
    return null;
  }
  return null;
}
