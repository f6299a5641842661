/**
 * Read-only questions about one ONNX graph that the probe patcher asks (engine runtime): who
 * produces and who consumes a tensor, which tensors are constants (initializers, Constant nodes and
 * what is computed from them alone), the value of a constant float scalar, and reachability.
 *
 *   const g = indexGraph(model.graph);
 *   g.producer('x')?.opType; g.consumers('x'); g.dynamic('x'); g.scalar('onnx::Const_14'); // 2.8284…
 */
import type { onnx } from 'onnx-proto';
import { halfToFloat } from '../../protocol/analysis';
import { proto } from './proto';

const T = proto.TensorProto.DataType;

export interface GraphIndex {
  readonly nodes: readonly onnx.INodeProto[];
  producer(name: string): onnx.INodeProto | undefined;
  /** The node's position in the graph (topological order). */
  order(n: onnx.INodeProto): number;
  consumers(name: string): onnx.INodeProto[];
  /** True when the tensor depends on a graph input that has no default (input ids, masks…). */
  dynamic(name: string): boolean;
  /** The value of a float scalar (or one-element) constant; null when not one. */
  scalar(name: string): number | null;
  /** Tensors computed from `from` (itself included), walking consumers; `stop` ops are not walked through. */
  downstream(from: string, stop?: ReadonlySet<string>): Set<string>;
}

function tensorScalar(t: onnx.ITensorProto): number | null {
  const size = (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1);
  if (size !== 1) return null;
  if (t.dataType === T.FLOAT) {
    if (t.floatData && t.floatData.length > 0) return t.floatData[0];
    if (t.rawData && t.rawData.length >= 4) return new DataView(t.rawData.buffer, t.rawData.byteOffset, 4).getFloat32(0, true);
  }
  if (t.dataType === T.FLOAT16) {
    if (t.rawData && t.rawData.length >= 2) return halfToFloat(new DataView(t.rawData.buffer, t.rawData.byteOffset, 2).getUint16(0, true));
    if (t.int32Data && t.int32Data.length > 0) return halfToFloat(t.int32Data[0]);
  }
  if (t.dataType === T.DOUBLE && t.doubleData && t.doubleData.length > 0) return t.doubleData[0];
  return null;
}

export function indexGraph(graph: onnx.IGraphProto): GraphIndex {
  const nodes = graph.node ?? [];
  const producers = new Map<string, onnx.INodeProto>();
  const consumers = new Map<string, onnx.INodeProto[]>();
  const order = new Map<onnx.INodeProto, number>();
  const initializers = new Map<string, onnx.ITensorProto>();
  for (const t of graph.initializer ?? []) if (t.name) initializers.set(t.name, t);
  const dynamic = new Set<string>();
  for (const input of graph.input ?? []) if (input.name && !initializers.has(input.name)) dynamic.add(input.name);
  nodes.forEach((n, i) => {
    order.set(n, i);
    for (const o of n.output ?? []) if (o) producers.set(o, n);
    for (const input of n.input ?? []) {
      if (!input) continue;
      const list = consumers.get(input);
      if (list) list.push(n);
      else consumers.set(input, [n]);
    }
    if ((n.input ?? []).some((x) => x && dynamic.has(x))) for (const o of n.output ?? []) if (o) dynamic.add(o);
  });
  return {
    nodes,
    producer: (name) => producers.get(name),
    order: (n) => order.get(n) ?? -1,
    consumers: (name) => consumers.get(name) ?? [],
    dynamic: (name) => dynamic.has(name),
    scalar: scalarOf,
    downstream: (from, stop = new Set()) => {
      const seen = new Set<string>([from]);
      const queue = [from];
      while (queue.length > 0) {
        const tensor = queue.shift() as string;
        for (const c of consumers.get(tensor) ?? []) {
          if (stop.has(c.opType ?? '')) continue;
          for (const o of c.output ?? [])
            if (o && !seen.has(o)) {
              seen.add(o);
              queue.push(o);
            }
        }
      }
      return seen;
    },
  };
  function scalarOf(name: string): number | null {
    const init = initializers.get(name);
    if (init) return tensorScalar(init);
    const n = producers.get(name);
    if (!n) return null;
    const attr = (key: string) => (n.attribute ?? []).find((a) => a.name === key);
    if (n.opType === 'Constant') {
      const value = attr('value');
      if (value?.t) return tensorScalar(value.t);
      const f = attr('value_float');
      return f && typeof f.f === 'number' ? f.f : null;
    }
    // A float16 export casts its constants; the value is the same number.
    if (n.opType === 'Cast' || n.opType === 'Identity') return scalarOf((n.input ?? [])[0] ?? '');
    return null;
  }
}
