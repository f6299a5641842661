/**
 * Where a graph keeps its learned position table (engine runtime, pure over decoded protobuf): the
 * rank-2 initializer a Gather reads along axis 0, named as one (`position_embeddings`, `wpe`, …) or
 * looked up with indices computed from `position_ids`. The patcher records its row count (the most
 * positions the graph can look up, whatever config.json claims); the positions lesson reads its values.
 * The token table likewise (the Gather that reads `input_ids`): its rows bound the ids a tokenizer may give.
 *
 *   const nodes = []; const inits = new Map();
 *   collect(model.graph, nodes, inits);
 *   const rows = positionRows(nodes, inits); // 512 for BERT-base, null for a rotary model
 */
import type { onnx } from 'onnx-proto';

const TABLE_NAME = /position|wpe|pos_emb|embed_positions/i;
const NOT_TABLE = /rotary|inv_freq|cos|sin/i;

/** Every node and initializer of the graph and of its subgraphs (If branches), the patcher's left out. */
export function collect(graph: onnx.IGraphProto, nodes: onnx.INodeProto[], inits: Map<string, onnx.ITensorProto>): void {
  for (const t of graph.initializer ?? []) if (t.name && !t.name.startsWith('lens.') && !inits.has(t.name)) inits.set(t.name, t);
  for (const n of graph.node ?? []) {
    nodes.push(n);
    for (const a of n.attribute ?? []) {
      if (a.g) collect(a.g, nodes, inits);
      for (const g of a.graphs ?? []) collect(g, nodes, inits);
    }
  }
}

/** Whether `name` is computed from the graph input `input` (walking producers). */
export function derivesFrom(nodes: readonly onnx.INodeProto[], name: string, input: string): boolean {
  const producers = new Map<string, onnx.INodeProto>();
  for (const n of nodes) for (const o of n.output ?? []) if (o) producers.set(o, n);
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const at = stack.pop() as string;
    if (at === input) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...(producers.get(at)?.input ?? []).filter(Boolean));
  }
  return false;
}

const dimsOf = (t: onnx.ITensorProto): number[] => (t.dims ?? []).map(Number);

/** The Gather that looks positions up and the table it reads, or null (rotary, or no table found). */
export function positionGather(
  nodes: readonly onnx.INodeProto[],
  inits: ReadonlyMap<string, onnx.ITensorProto>,
): { readonly gather: onnx.INodeProto; readonly tensor: onnx.ITensorProto } | null {
  const gathers = nodes.filter((n) => {
    if (n.opType !== 'Gather') return false;
    const data = inits.get(n.input?.[0] ?? '');
    const axis = Number((n.attribute ?? []).find((a) => a.name === 'axis')?.i ?? 0);
    return data !== undefined && dimsOf(data).length === 2 && axis === 0 && !NOT_TABLE.test(data.name ?? '');
  });
  const named = gathers.find((n) => TABLE_NAME.test(n.input?.[0] ?? ''));
  const gather = named ?? gathers.find((n) => derivesFrom(nodes, n.input?.[1] ?? '', 'position_ids'));
  return gather ? { gather, tensor: inits.get(gather.input?.[0] ?? '') as onnx.ITensorProto } : null;
}

/** The learned position table's row count, or null where the graph has none. */
export function positionRows(nodes: readonly onnx.INodeProto[], inits: ReadonlyMap<string, onnx.ITensorProto>): number | null {
  const found = positionGather(nodes, inits);
  const rows = found ? dimsOf(found.tensor)[0] : NaN;
  return Number.isInteger(rows) && rows > 0 ? rows : null;
}

/** Token tables named as such, where the Gather's indices are computed from input_ids rather than read from it. */
const TOKEN_TABLE = /word_embeddings|wte|embed_tokens|tok_embeddings|word_embedding|shared/i;

/**
 * The rows of the graph's token embedding table (the rank-2 initializer a Gather reads along axis 0
 * with `input_ids`, or with indices computed from it and named as a token table), or null where
 * none is found (quantized tables behind a DequantizeLinear, an external lookup): the most ids the
 * graph can look up, whatever the tokenizer or config.json say.
 */
export function tokenRows(nodes: readonly onnx.INodeProto[], inits: ReadonlyMap<string, onnx.ITensorProto>): number | null {
  const position = positionGather(nodes, inits)?.gather;
  const gathers = nodes.filter((n) => {
    if (n.opType !== 'Gather' || n === position) return false;
    const data = inits.get(n.input?.[0] ?? '');
    const axis = Number((n.attribute ?? []).find((a) => a.name === 'axis')?.i ?? 0);
    return data !== undefined && dimsOf(data).length === 2 && axis === 0;
  });
  const gather =
    gathers.find((n) => n.input?.[1] === 'input_ids') ??
    gathers.find((n) => TOKEN_TABLE.test(n.input?.[0] ?? '') && derivesFrom(nodes, n.input?.[1] ?? '', 'input_ids'));
  const rows = gather ? dimsOf(inits.get(gather.input?.[0] ?? '') as onnx.ITensorProto)[0] : NaN;
  return Number.isInteger(rows) && rows > 0 ? rows : null;
}
