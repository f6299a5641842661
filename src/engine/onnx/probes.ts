/**
 * Probes inside the patched graph (engine runtime): per attention layer, the query, key and value
 * exactly as the attention product consumes them (`probe.q.L`, `probe.k.L`, `probe.v.L`), the residual
 * stream entering each block and after the last one (`probe.hidden.0…L`), and a head mask input
 * (`attention_lens.head_mask`, [layers, heads], 1 = on) that scales each head's output before the
 * heads are merged. It is a required input (onnxruntime-node cannot override an initializer), so every
 * run feeds it: `probeFeeds` in ../probes.ts gives the defaults. Every exposed probe is float32 whatever the graph computes in; a run copies out
 * only the outputs it fetches (onnxruntime runs every node either way).
 *
 * Found structurally, checked, never guessed: q and Kᵀ are the operands of the MatMul that the
 * Softmax's scores come from (through the scale and the mask), v the second operand of probs × V.
 * The residual stream entering block L is the operand of the first residual Add after the attention
 * output that does not come from the attention; after the last block it is the last block's
 * feed-forward residual Add (pre-norm models) or the norm that follows it (post-norm models, when the
 * first block shows the same shape). What a graph hides is named in a notice. The output head applied
 * to earlier streams (the lens) is lensHead.ts.
 */
import type { onnx } from 'onnx-proto';
import { int64Const, node, output } from './graphBuild';
import { PASS_THROUGH, type AttentionSite } from './findAttention';
import type { GraphIndex } from './graphIndex';
import { knownTypeOf } from './tensorTypes';
import { proto } from './proto';
import { noticeLine } from '../../protocol/notices';

export const HEAD_MASK_INPUT = 'attention_lens.head_mask';

export interface QkvOutputs {
  readonly q: string;
  readonly k: string;
  readonly v: string;
  /** The factor between q·kᵀ and the scores; null: 1/√d (a fused operator's default). */
  readonly scale: number | null;
  /** True where the key comes as the product consumes it, transposed ([…, d, T]). */
  readonly kTransposed: boolean;
  /** 'heads': [batch, heads, T, d] (or [batch·heads, T, d]); 'merged': [batch, T, heads·d] (fused operators). */
  readonly layout: 'heads' | 'merged';
}

export interface ProbeOutputs {
  /** L+1 outputs [1, T, D], or null where the residual stream could not be located. */
  readonly hidden: readonly string[] | null;
  /** Per layer; null for a layer whose q/k/v the graph hides. */
  readonly qkv: readonly (QkvOutputs | null)[];
  /** The head-mask input, or null where some layer's heads could not be scaled. */
  readonly headMask: string | null;
}

export interface ProbeSettings {
  readonly heads: number;
}

/** What addProbes changes: nodes to insert after a given node (graph order matters), nodes to append, outputs, inputs. */
export interface ProbeEdits {
  readonly after: Map<onnx.INodeProto, onnx.INodeProto[]>;
  readonly append: onnx.INodeProto[];
  readonly outputs: onnx.IValueInfoProto[];
  readonly initializers: onnx.ITensorProto[];
  readonly inputs: onnx.IValueInfoProto[];
}

const FLOAT = proto.TensorProto.DataType.FLOAT;
const STOP = new Set(['Shape', 'Size']);
const PRODUCTS = new Set(['MatMul', 'Gemm', 'MatMulInteger', 'QLinearMatMul', 'Einsum']);
const NORM_STOP = new Set([...PRODUCTS, ...STOP, 'DynamicQuantizeLinear', 'QuantizeLinear']);

const first = (n: onnx.INodeProto | undefined, i = 0): string => (n?.input ?? [])[i] ?? '';
const out0 = (n: onnx.INodeProto): string => (n.output ?? [])[0] ?? '';

/** The Q·Kᵀ product behind a Softmax's scores, through the scale (Div/Mul by a constant), the mask (Add/Where) and casts. */
function findQk(g: GraphIndex, tensor: string, scale: number, depth = 0): { node: onnx.INodeProto; scale: number } | null {
  const p = g.producer(tensor);
  if (!p || depth > 8) return null;
  const ins = p.input ?? [];
  switch (p.opType) {
    case 'MatMul':
      return g.dynamic(ins[0]) && g.dynamic(ins[1]) ? { node: p, scale } : null;
    case 'Cast':
    case 'Identity':
      return findQk(g, ins[0], scale, depth + 1);
    case 'Div': {
      const c = g.scalar(ins[1]);
      return c === null || c === 0 ? null : findQk(g, ins[0], scale / c, depth + 1);
    }
    case 'Mul': {
      const [a, b] = [g.scalar(ins[0]), g.scalar(ins[1])];
      if (b !== null) return findQk(g, ins[0], scale * b, depth + 1);
      return a !== null ? findQk(g, ins[1], scale * a, depth + 1) : null;
    }
    case 'Add':
    case 'Sub':
    case 'Where': {
      // The mask is one operand, the scores the other: the one that leads to a product.
      const candidates = p.opType === 'Where' ? ins.slice(1) : p.opType === 'Sub' ? ins.slice(0, 1) : ins;
      const found = candidates.map((x) => (x && g.dynamic(x) ? findQk(g, x, scale, depth + 1) : null)).filter((x) => x !== null);
      return found.length === 1 ? found[0] : null;
    }
    default:
      return null;
  }
}

/** The probs × V MatMul a Softmax output reaches as left operand (findAttention's rule). */
function findPv(g: GraphIndex, softmax: onnx.INodeProto): onnx.INodeProto | null {
  const queue = [out0(softmax)];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const t = queue.shift() as string;
    if (seen.has(t)) continue;
    seen.add(t);
    for (const c of g.consumers(t)) {
      if (c.opType === 'MatMul' && first(c) === t) return c;
      if (PASS_THROUGH.has(c.opType ?? '')) queue.push(...(c.output ?? []).filter(Boolean));
    }
  }
  return null;
}

/** The first Add after `from` (walking consumers) that adds something not computed from `from`: the residual connection. */
function residualAdd(g: GraphIndex, from: string): { node: onnx.INodeProto; skip: string } | null {
  const reached = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const t = queue.shift() as string;
    for (const c of g.consumers(t)) {
      if (STOP.has(c.opType ?? '')) continue;
      const ins = c.input ?? [];
      if (c.opType === 'Add' && ins.length === 2 && ins.every((x) => g.dynamic(x))) {
        const outside = ins.filter((x) => !reached.has(x));
        if (outside.length === 1) return { node: c, skip: outside[0] };
      }
      for (const o of c.output ?? [])
        if (o && !reached.has(o)) {
          reached.add(o);
          queue.push(o);
        }
    }
  }
  return null;
}

/** The next residual Add along the stream from `from`: both operands come from it, one of them through a product (a sublayer). */
function streamAdd(g: GraphIndex, from: string): onnx.INodeProto | null {
  const plain = new Set<string>([from]);
  const viaProduct = new Set<string>();
  const queue: [string, boolean][] = [[from, false]];
  let found: onnx.INodeProto | null = null;
  while (queue.length > 0 && !found) {
    const [t, crossed] = queue.shift() as [string, boolean];
    for (const c of g.consumers(t)) {
      if (STOP.has(c.opType ?? '')) continue;
      const ins = c.input ?? [];
      // One operand straight from the stream, the other through a product. (In an int8 graph a tensor may be both:
      // the activation's quantization scale reaches the dequantized product without crossing it.)
      const [a, b] = ins;
      if (
        c.opType === 'Add' &&
        ins.length === 2 &&
        ((plain.has(a) && !viaProduct.has(a) && viaProduct.has(b)) || (plain.has(b) && !viaProduct.has(b) && viaProduct.has(a)))
      ) {
        if (!found || g.order(c) < g.order(found)) found = c;
        continue;
      }
      const next = crossed || PRODUCTS.has(c.opType ?? '');
      for (const o of c.output ?? []) {
        if (!o) continue;
        const set = next ? viaProduct : plain;
        if (!set.has(o)) {
          set.add(o);
          queue.push([o, next]);
        }
      }
    }
  }
  return found;
}

/** The output of the norm right after `from`: what is computed from it alone, up to the next product; null unless exactly one. */
function normSink(g: GraphIndex, from: string): string | null {
  const start = g.producer(from);
  const closure = new Set<string>([from]);
  const inside = new Set<onnx.INodeProto>();
  for (const n of g.nodes.slice(start ? g.order(start) + 1 : 0)) {
    const ins = (n.input ?? []).filter(Boolean);
    if (NORM_STOP.has(n.opType ?? '') || !ins.some((x) => closure.has(x))) continue;
    if (!ins.every((x) => closure.has(x) || !g.dynamic(x))) continue;
    inside.add(n);
    for (const o of n.output ?? []) if (o) closure.add(o);
  }
  const sinks = [...closure].filter((t) => t !== from && !g.consumers(t).some((c) => inside.has(c)));
  return sinks.length === 1 ? sinks[0] : null;
}

export function addProbes(
  g: GraphIndex,
  graph: onnx.IGraphProto,
  sites: readonly AttentionSite[],
  settings: ProbeSettings,
  notices: string[],
): { outputs: ProbeOutputs; edits: ProbeEdits; lastHidden: string | null } {
  const edits: ProbeEdits = { after: new Map(), append: [], outputs: [], initializers: [], inputs: [] };
  const L = sites.length;
  const scopes = [graph];
  const expose = (source: string, name: string): string => {
    edits.append.push(
      knownTypeOf(scopes, source) === FLOAT
        ? node('Identity', [source], [name], `attention_lens/${name}`)
        : node('Cast', [source], [name], `attention_lens/${name}`, { to: { int: FLOAT } }),
    );
    edits.outputs.push(output(name, 'float32', 4));
    return name;
  };
  const qkv: (QkvOutputs | null)[] = [];
  const contexts: ({ ctx: string; producer: onnx.INodeProto; merged: boolean } | null)[] = [];
  const hidden: (string | null)[] = [];
  const residuals: (onnx.INodeProto | null)[] = [];
  const hiddenQkv: number[] = [];
  for (const site of sites) {
    const n = g.nodes[site.nodeIndex];
    const l = site.layer;
    let found: QkvOutputs | null = null;
    let ctx: { ctx: string; producer: onnx.INodeProto; merged: boolean } | null = null;
    if (site.kind === 'softmax') {
      const qk = findQk(g, first(n), 1);
      const pv = findPv(g, n);
      if (qk && pv) found = { q: first(qk.node), k: first(qk.node, 1), v: first(pv, 1), scale: qk.scale, kTransposed: true, layout: 'heads' };
      if (pv) ctx = { ctx: out0(pv), producer: pv, merged: false };
    } else {
      // Fused operators take q, k and v as inputs: [batch, T, heads·d] (opset-23 Attention: [batch, heads, T, d]
      // unless it is told the head counts, which it needs for 3-D inputs). Its output is laid out alike.
      const [q, k, v] = [first(n), first(n, 1), first(n, 2)];
      const attr = (key: string) => (n.attribute ?? []).find((a) => a.name === key);
      const merged = site.kind !== 'attention23' || attr('q_num_heads') !== undefined;
      const scaleAttr = attr('scale')?.f;
      if (q && k && v) found = { q, k, v, scale: scaleAttr ? scaleAttr : null, kTransposed: false, layout: merged ? 'merged' : 'heads' };
      ctx = { ctx: out0(n), producer: n, merged };
      const rotary = (n.attribute ?? []).find((a) => a.name === 'do_rotary')?.i;
      if (found && rotary && Number(rotary) !== 0 && l === 0) notices.push(noticeLine('gqa-qk-before-rotary'));
    }
    if (found) found = { ...found, q: expose(found.q, `probe.q.${l}`), k: expose(found.k, `probe.k.${l}`), v: expose(found.v, `probe.v.${l}`) };
    else hiddenQkv.push(l);
    qkv.push(found);
    contexts.push(ctx);
    const residual = ctx ? residualAdd(g, ctx.ctx) : null;
    residuals.push(residual?.node ?? null);
    hidden.push(residual?.skip ?? null);
  }
  if (hiddenQkv.length > 0) notices.push(noticeLine('qkv-hidden', hiddenQkv.join(', ')));

  // The stream after the last block: the next residual Add after the last attention's (pre-norm), or the norm after it
  // (post-norm); which one, the first block shows.
  let last: string | null = null;
  const r0 = residuals[0];
  const rLast = residuals[L - 1];
  if (L >= 2 && r0 && rLast && hidden[1]) {
    const m0 = streamAdd(g, out0(r0));
    const mLast = streamAdd(g, out0(rLast));
    if (m0 && mLast && out0(m0) === hidden[1]) last = out0(mLast);
    else if (m0 && mLast && normSink(g, out0(m0)) === hidden[1]) last = normSink(g, out0(mLast));
  }
  const stream = [...hidden, last];
  let hiddenOutputs: string[] | null = null;
  if (stream.every((x) => x !== null)) hiddenOutputs = stream.map((x, i) => expose(x as string, `probe.hidden.${i}`));
  else notices.push(noticeLine('no-residual-stream'));

  // The head mask: ctx · mask[L] (as [heads, 1, 1] for [batch, heads, T, d], or per head slice of a merged [batch, T, heads·d]).
  let headMask: string | null = null;
  if (contexts.every((c) => c !== null) && settings.heads > 0) {
    headMask = HEAD_MASK_INPUT;
    edits.inputs.push({ name: headMask, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: L }, { dimValue: settings.heads }] } } } });
    edits.initializers.push(
      int64Const('probe.heads_shape', [-1, 1, 1]),
      int64Const('probe.merged_split', [0, 0, settings.heads, -1]),
      int64Const('probe.merged_join', [0, 0, -1]),
      int64Const('probe.heads_col', [-1, 1]),
    );
    contexts.forEach((c, l) => {
      if (!c) return;
      const name = (s: string) => `attention_lens/head_mask/${s}.${l}`;
      const inserted: onnx.INodeProto[] = [];
      edits.initializers.push(int64Const(name('layer'), [l]));
      inserted.push(node('Gather', [headMask as string, name('layer')], [name('row2')], name('row'), { axis: { int: 0 } }));
      inserted.push(node('Reshape', [name('row2'), c.merged ? 'probe.heads_col' : 'probe.heads_shape'], [name('factors32')], name('factors')));
      const type = knownTypeOf(scopes, c.ctx) ?? FLOAT;
      const factors = type === FLOAT ? name('factors32') : name('factors_t');
      if (type !== FLOAT) inserted.push(node('Cast', [name('factors32')], [factors], name('cast'), { to: { int: type } }));
      const masked = name('masked');
      if (c.merged) {
        inserted.push(node('Reshape', [c.ctx, 'probe.merged_split'], [name('split')], name('split')));
        inserted.push(node('Mul', [name('split'), factors], [name('scaled')], name('mul')));
        inserted.push(node('Reshape', [name('scaled'), 'probe.merged_join'], [masked], name('join')));
      } else inserted.push(node('Mul', [c.ctx, factors], [masked], name('mul')));
      for (const consumer of g.consumers(c.ctx)) consumer.input = (consumer.input ?? []).map((x) => (x === c.ctx ? masked : x));
      edits.after.set(c.producer, inserted);
    });
  } else notices.push(noticeLine('no-head-switch'));
  return { outputs: { hidden: hiddenOutputs, qkv, headMask }, edits, lastHidden: hiddenOutputs ? last : null };
}
