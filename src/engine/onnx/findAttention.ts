/**
 * Finds the attention sites of an ONNX transformer graph (engine runtime): the Softmax nodes that
 * turn scaled, masked scores into attention probabilities, or the fused attention operators that
 * compute them internally. Layers are numbered in graph order, which ONNX requires to be a
 * topological order, so layer L's site always precedes layer L+1's in a sequential stack.
 */
import type { onnx } from 'onnx-proto';
import { EngineError } from '../errors';

export type SiteKind = 'softmax' | 'multiHeadAttention' | 'groupQueryAttention' | 'attention23';

export interface AttentionSite {
  readonly layer: number;
  readonly kind: SiteKind;
  readonly nodeIndex: number;
  readonly nodeName: string;
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

/** Ops a Softmax output may pass through on its way to the probability × value product. */
const PASS_THROUGH = new Set(['Cast', 'Dropout', 'Identity', 'Where', 'Reshape', 'Expand']);

function opKey(n: onnx.INodeProto): string {
  const domain = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}/` : '';
  return `${domain}${n.opType ?? ''}`;
}

export function defaultOpset(model: onnx.IModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return Number(entry?.version ?? 0);
}

export function findAttentionSites(model: onnx.IModelProto, fileLabel: string): AttentionSite[] {
  const nodes = model.graph?.node ?? [];
  const consumers = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    for (const input of n.input ?? []) {
      if (!input) continue;
      const list = consumers.get(input);
      if (list) list.push(i);
      else consumers.set(input, [i]);
    }
  });

  const unsupported = new Set<string>();
  const sites: Omit<AttentionSite, 'layer'>[] = [];
  nodes.forEach((n, i) => {
    const key = opKey(n);
    const name = n.name || `${key}#${i}`;
    if (UNSUPPORTED.has(key)) unsupported.add(key);
    else if (key === 'com.microsoft/MultiHeadAttention') sites.push({ kind: 'multiHeadAttention', nodeIndex: i, nodeName: name });
    else if (key === 'com.microsoft/GroupQueryAttention') sites.push({ kind: 'groupQueryAttention', nodeIndex: i, nodeName: name });
    else if (key === 'Attention') sites.push({ kind: 'attention23', nodeIndex: i, nodeName: name });
    else if (key === 'Softmax' && feedsValueProduct(n, nodes, consumers)) sites.push({ kind: 'softmax', nodeIndex: i, nodeName: name });
  });

  if (unsupported.size > 0) {
    throw new EngineError(
      'unsupported-operator',
      `${fileLabel}: attention operator ${[...unsupported].join(', ')} is not supported (its probabilities cannot be exposed); export the model without fused attention or with MultiHeadAttention, GroupQueryAttention or opset-23 Attention`,
    );
  }
  if (sites.length === 0) {
    const nested = nodes.some((n) => (n.attribute ?? []).some((a) => a.g || (a.graphs?.length ?? 0) > 0));
    const ops = [...new Set(nodes.map(opKey))].sort().join(', ');
    throw new EngineError(
      'unsupported-operator',
      nested
        ? `${fileLabel}: attention sits inside If/Loop subgraphs (a merged decoder); use the plain onnx/model.onnx export`
        : `${fileLabel}: no attention Softmax or supported fused attention operator found (operators: ${ops})`,
    );
  }
  return sites.map((s, layer) => ({ ...s, layer }));
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
      if ((op === 'MatMul' || op === 'Einsum') && (consumer.input ?? [])[0] === tensor) return true;
      if (PASS_THROUGH.has(op)) queue.push(...(consumer.output ?? []).filter(Boolean));
    }
  }
  return false;
}
