/**
 * Finds the attention sites of an ONNX transformer graph (engine runtime): the Softmax nodes that
 * turn scaled, masked scores into attention probabilities, or the fused attention operators that
 * compute them internally. Layers are numbered in graph order, which ONNX requires to be a
 * topological order, so layer L's site always precedes layer L+1's in a sequential stack.
 *
 * Sites inside control flow are found too. Optimum's merged decoder holds the whole decoder twice,
 * as the two branches of an `If` on `use_cache_branch`; such an If counts as one stretch of layers
 * whose sites both branches hold, in the same order (the patcher routes each layer's tensors out
 * through the If). Attention inside a Loop or Scan body cannot be routed out and is refused.
 */
import type { onnx } from 'onnx-proto';
import { neutralName } from '../../protocol/neutralise';
import { EngineError } from '../errors';

export type SiteKind = 'softmax' | 'multiHeadAttention' | 'groupQueryAttention' | 'attention23';

export interface AttentionSite {
  readonly layer: number;
  readonly kind: SiteKind;
  /** The node's index in the graph that holds it. */
  readonly nodeIndex: number;
  readonly nodeName: string;
  /** Absent in the main graph; inside control flow the If node(s) holding it, e.g. `optimum::if (then_branch, else_branch)`. */
  readonly scope?: string;
}

/** One graph's attention, in node order: its own sites, and If nodes whose branches hold some. */
export interface GraphSites {
  readonly graph: onnx.IGraphProto;
  readonly items: readonly SiteItem[];
  /** Layers in this graph, those inside If nodes included. */
  readonly layers: number;
}

export type SiteItem =
  | { readonly type: 'site'; readonly kind: SiteKind; readonly nodeIndex: number; readonly nodeName: string }
  | { readonly type: 'if'; readonly nodeIndex: number; readonly nodeName: string; readonly branches: readonly Branch[] };

export interface Branch {
  readonly attribute: string;
  readonly sites: GraphSites;
}

/** Ops whose attention cannot be exposed as an extra output; named in the error. */
const UNSUPPORTED = new Set([
  'com.microsoft/Attention',
  'com.microsoft/PackedAttention',
  'com.microsoft/PackedMultiHeadAttention',
  'com.microsoft/DecoderMaskedMultiHeadAttention',
  'com.microsoft/DecoderMaskedSelfAttention',
  'com.microsoft/SparseAttention',
  'com.microsoft/PagedAttention',
  'com.microsoft/QAttention',
  'com.microsoft/QOrderedAttention',
  'com.microsoft/LongformerAttention',
  'com.microsoft/DecoderAttention',
  'com.microsoft/RelativePositionBias',
]);

/**
 * Ops a Softmax output may pass through on its way to the probability × value product: casts (float16
 * exports cast around blocked ops), dropout and reshapes, and the activation quantization of an int8
 * export that quantizes activation × activation products too.
 */
export const PASS_THROUGH: ReadonlySet<string> = new Set([
  'Cast',
  'Dropout',
  'Identity',
  'Where',
  'Reshape',
  'Expand',
  'DynamicQuantizeLinear',
  'QuantizeLinear',
  'DequantizeLinear',
]);
const PRODUCTS = new Set(['MatMul', 'Einsum', 'MatMulInteger', 'QLinearMatMul']);

function opKey(n: onnx.INodeProto): string {
  const domain = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}/` : '';
  return `${domain}${n.opType ?? ''}`;
}

export function defaultOpset(model: onnx.IModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return Number(entry?.version ?? 0);
}

function nested(n: onnx.INodeProto): { attribute: string; graph: onnx.IGraphProto }[] {
  const out: { attribute: string; graph: onnx.IGraphProto }[] = [];
  for (const a of n.attribute ?? []) {
    if (a.g) out.push({ attribute: a.name ?? '', graph: a.g });
    for (const g of a.graphs ?? []) out.push({ attribute: a.name ?? '', graph: g });
  }
  return out;
}

function graphSites(graph: onnx.IGraphProto, fileLabel: string, unsupported: Set<string>, ops: Set<string>): GraphSites {
  const nodes = graph.node ?? [];
  const consumers = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    for (const input of n.input ?? []) {
      if (!input) continue;
      const list = consumers.get(input);
      if (list) list.push(i);
      else consumers.set(input, [i]);
    }
  });
  const items: SiteItem[] = [];
  let layers = 0;
  nodes.forEach((n, i) => {
    const key = opKey(n);
    const nodeName = n.name || `${key}#${i}`;
    ops.add(key);
    const site = (kind: SiteKind): void => {
      items.push({ type: 'site', kind, nodeIndex: i, nodeName });
      layers++;
    };
    if (UNSUPPORTED.has(key)) unsupported.add(key);
    else if (key === 'com.microsoft/MultiHeadAttention') site('multiHeadAttention');
    else if (key === 'com.microsoft/GroupQueryAttention') site('groupQueryAttention');
    else if (key === 'Attention') site('attention23');
    else if (key === 'Softmax' && feedsValueProduct(n, nodes, consumers)) site('softmax');
    const inner = nested(n).map((g) => ({ attribute: g.attribute, sites: graphSites(g.graph, fileLabel, unsupported, ops) }));
    const holding = inner.filter((b) => b.sites.layers > 0);
    if (holding.length === 0) return;
    if (key !== 'If') {
      throw new EngineError(
        'unsupported-operator',
        `${fileLabel} has attention inside the body of ${shown(key)} node ${shown(nodeName)}, whose per-layer tensors cannot be exposed`,
      );
    }
    const counts = inner.map((b) => `${b.attribute} ${b.sites.layers}`);
    if (new Set(inner.map((b) => b.sites.layers)).size > 1) {
      throw new EngineError(
        'unsupported-operator',
        `${fileLabel} has an If node ${shown(nodeName)} whose branches hold different numbers of attention layers (${counts.map(shown).join(', ')})`,
      );
    }
    items.push({ type: 'if', nodeIndex: i, nodeName, branches: inner });
    layers += inner[0].sites.layers;
  });
  return { graph, items, layers };
}

/** The longest node or operator name a refusal quotes; the model file writes them. */
const NAME_MAX = 100;
/** The most operators a refusal lists; the rest are counted. */
const LIST_MAX = 30;

/** A name from the model file as a refusal quotes it: escaped (a newline reads `\x0A`) and cut. */
function shown(name: string): string {
  return neutralName(name, NAME_MAX);
}

/** Names from the model file, each shown, at most LIST_MAX of them and the rest counted. */
function listed(names: readonly string[]): string {
  const head = names.slice(0, LIST_MAX).map(shown).join(', ');
  return names.length > LIST_MAX ? `${head} and ${names.length - LIST_MAX} more` : head;
}

/** The attention of the main graph and every If branch inside it; throws when there is none or it cannot be exposed. */
export function findAttentionTree(model: onnx.IModelProto, fileLabel: string): GraphSites {
  const unsupported = new Set<string>();
  const ops = new Set<string>();
  const tree = graphSites(model.graph ?? {}, fileLabel, unsupported, ops);
  if (unsupported.size > 0) {
    throw new EngineError(
      'unsupported-operator',
      `${fileLabel} uses attention operator ${listed([...unsupported])}, which is not supported (its probabilities cannot be exposed); export the model without fused attention or with MultiHeadAttention, GroupQueryAttention or opset-23 Attention`,
    );
  }
  if (tree.layers === 0) {
    throw new EngineError(
      'unsupported-operator',
      `${fileLabel} has no attention Softmax or supported fused attention operator (operators: ${listed([...ops].sort())})`,
    );
  }
  return tree;
}

/** One site per layer, in layer order; inside an If, the first branch's node stands for the layer. */
export function flattenSites(tree: GraphSites, scope?: string, first = 0): AttentionSite[] {
  const out: AttentionSite[] = [];
  for (const item of tree.items) {
    const layer = first + out.length;
    if (item.type === 'site') out.push({ layer, kind: item.kind, nodeIndex: item.nodeIndex, nodeName: item.nodeName, ...(scope ? { scope } : {}) });
    else {
      const here = `${item.nodeName} (${item.branches.map((b) => b.attribute).join(', ')})`;
      out.push(...flattenSites(item.branches[0].sites, scope ? `${scope} > ${here}` : here, layer));
    }
  }
  return out;
}

export function findAttentionSites(model: onnx.IModelProto, fileLabel: string): AttentionSite[] {
  return flattenSites(findAttentionTree(model, fileLabel));
}

/** True when the Softmax output reaches a MatMul/Einsum as its left operand (probs × V). */
function feedsValueProduct(softmax: onnx.INodeProto, nodes: readonly onnx.INodeProto[], consumers: ReadonlyMap<string, number[]>): boolean {
  const seen = new Set<string>();
  const queue = [...(softmax.output ?? []).filter(Boolean)];
  while (queue.length > 0) {
    const tensor = queue.shift() as string;
    if (seen.has(tensor)) continue;
    seen.add(tensor);
    for (const index of consumers.get(tensor) ?? []) {
      const consumer = nodes[index];
      const op = consumer.opType ?? '';
      if (PRODUCTS.has(op) && (consumer.input ?? [])[0] === tensor) return true;
      if (PASS_THROUGH.has(op)) queue.push(...(consumer.output ?? []).filter(Boolean));
    }
  }
  return false;
}
