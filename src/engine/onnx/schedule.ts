/**
 * Where the patcher's added nodes go in a graph's node list (engine runtime), so that onnxruntime runs
 * each exposed tensor right after its source. The order is a matter of speed, never of values.
 *
 * onnxruntime (1.x, its GraphViewer) runs a graph in the order of a depth-first walk back from the
 * nodes whose outputs no node consumes ("leaves": every exposure is one), starting from the LAST such
 * node in the list; each leaf runs as soon as the walk from it has placed its sources. Appended in
 * layer order, the exposures of an encoder ran after the whole encoder, in reverse: every layer's
 * float32 [heads, T, T] scores and probabilities (12.6 MB each for a base model at 512 tokens) stayed
 * alive to the end of the run, and each layer's score product, mask add and softmax wrote fresh,
 * cold memory instead of reusing the previous layer's buffers (measured: the mask Add 105 vs 17 ms,
 * the scaled product 71 vs 15 ms of the bare model, BERT-base at 512 tokens; tools/bench/profileOps.ts).
 * So leaves go last, those whose sources come latest first: the walk then meets layer 0's exposures
 * first, and each runs right after its layer.
 *
 *   branch.node = [...branch.node, ...scheduled(branch.node, added)];
 */
import type { onnx } from 'onnx-proto';

/** Tensors a node reads: its inputs, and what the graphs in its attributes read from outside them. */
export function readsOf(n: onnx.INodeProto): string[] {
  const reads = (n.input ?? []).filter(Boolean);
  for (const a of n.attribute ?? []) {
    for (const g of [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]) {
      const inside = new Set<string>([...(g.initializer ?? []).map((t) => t.name ?? ''), ...(g.input ?? []).map((i) => i.name ?? '')]);
      for (const inner of g.node ?? []) {
        for (const name of readsOf(inner)) if (!inside.has(name)) reads.push(name);
        for (const o of inner.output ?? []) if (o) inside.add(o);
      }
    }
  }
  return reads;
}

/**
 * `added` reordered for appending after `existing`: the nodes something consumes first, in their order,
 * then the leaves, the one whose sources come latest in `existing` first (a leaf fed only by graph inputs
 * and constants comes last, so it runs first).
 */
export function scheduled(existing: readonly onnx.INodeProto[], added: readonly onnx.INodeProto[]): onnx.INodeProto[] {
  const position = new Map<string, number>();
  existing.forEach((n, i) => {
    for (const o of n.output ?? []) if (o) position.set(o, i);
  });
  const producer = new Map<string, onnx.INodeProto>();
  for (const n of added) for (const o of n.output ?? []) if (o) producer.set(o, n);
  const consumed = new Set<string>();
  for (const n of [...existing, ...added]) for (const name of readsOf(n)) consumed.add(name);

  // A tensor's place: its producer's index in `existing`; through added nodes, their latest source's.
  const memo = new Map<string, number>();
  const place = (name: string): number => {
    const known = position.get(name) ?? memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, -1); // graph inputs, initializers (and a cycle, which a valid graph has not)
    const n = producer.get(name);
    const value = n ? Math.max(-1, ...readsOf(n).map(place)) : -1;
    memo.set(name, value);
    return value;
  };
  const isLeaf = (n: onnx.INodeProto): boolean => (n.output ?? []).every((o) => !o || !consumed.has(o));
  const leaves = added
    .filter(isLeaf)
    .map((n, i) => ({ n, i, at: Math.max(-1, ...readsOf(n).map(place)) }))
    .sort((a, b) => b.at - a.at || a.i - b.i)
    .map((x) => x.n);
  return [...added.filter((n) => !isLeaf(n)), ...leaves];
}
