/**
 * Patches an ONNX transformer so that one forward pass returns its attention (engine runtime).
 *
 * For every attention site (findAttention.ts) the patched graph gets an output `attentions.L`
 * [batch, heads, query, key] holding the probabilities, optionally `attention_scores.L` with the
 * scaled, masked scores before softmax, optionally cast to float16 inside the graph (half the bytes
 * to copy back to JavaScript, which is where the cost of exposing attention lies), and optional
 * prediction heads over `logits` (heads.ts) so that the vocabulary-sized logits never leave ORT.
 *
 * Every exposed tensor is cast to the requested precision whatever the graph computes in (a float16
 * export's attention is float16, an fp32 or int8 one's float32), and masked scores are normalised
 * (see `exposeScores`), so float16, int8 and fp32 exports come out alike.
 *
 * onnxruntime runs every node of a graph whatever a run fetches, so what costs is gated or placed:
 * each layer's scores are computed only when the run's `attention_lens.scores` input (bool [layers])
 * says so (an If per layer; otherwise the output is an empty tensor), and every exposure runs right
 * after its source (schedule.ts), so that each layer's float32 [heads, T, T] tensors die with it.
 *
 * Sites inside an If (Optimum's merged decoder runs the whole decoder in one of two branches) are
 * exposed in both branches, added to the branches' outputs and routed out as new outputs of the If
 * node, so the main graph sees `attentions.L` whichever branch ran.
 *
 * Plain Softmax sites of the main graph are patched by appending nodes and outputs to the
 * serialized model (no re-encoding of the weights); fused operators and If nodes need a node
 * rewritten, so those models are re-encoded.
 *
 *   const { bytes, outputs } = patchModelBytes(await readFile('onnx/model.onnx'), { precision: 'float16' }, 'model.onnx');
 */
import type { onnx } from 'onnx-proto';
import { proto } from './proto';
import { EngineError } from '../errors';
import { appendGraph, elemType, floatConst, floatDtype, node, output } from './graphBuild';
import { defaultOpset, findAttentionTree, flattenSites, type AttentionSite, type GraphSites } from './findAttention';
import { addPredictionHeads, type HeadOutputs } from './heads';
import { floatTypeOf, knownTypeOf } from './tensorTypes';
import { indexGraph } from './graphIndex';
import { addProbes, type ProbeOutputs } from './probes';
import { buildLensHead, type LensOutputs } from './lensHead';
import { scheduled } from './schedule';
import { gate } from './gates';
import { noticeLine } from '../../protocol/notices';
import { collect, positionRows, tokenRows } from './positionTable';

/** Bump whenever the patched graph changes for the same input: it is part of the cache key. */
export const PATCHER_VERSION = 16;

const FLOAT32_MAX = 3.4028234663852886e38;

/** The patched graph's input that says which layers' scores a run computes: bool [layers], false for all by default. */
export const SCORES_INPUT = 'attention_lens.scores';
/** The patched graph's input that says whether a run computes the prediction heads (heads.ts): bool [1]. */
export const HEADS_INPUT = 'attention_lens.heads';

export interface PatchOptions {
  /** Also expose the scaled, masked scores before softmax. */
  readonly scores?: boolean;
  /** Element type of the exposed attention tensors. */
  readonly precision?: 'float32' | 'float16';
  /** Add in-graph top-k over the logits' vocabulary axis (0: none). */
  readonly topK?: number;
  /** Decoders: add the logit and rank of each position's actual next token. */
  readonly nextTokenStats?: boolean;
  /**
   * Also add the probes (probes.ts: q/k/v, hidden states, the head mask) and the lens head
   * (lensHead.ts); `heads` sizes the head mask, `width` (hidden size) the lens input.
   */
  readonly probes?: { readonly heads: number; readonly width: number; readonly kind: 'encoder' | 'decoder' };
}

export interface PatchedProbes extends ProbeOutputs {
  readonly lens: LensOutputs | null;
}

export interface PatchedOutputs {
  readonly attentions: readonly string[];
  readonly scores: readonly string[] | null;
  readonly heads: HeadOutputs | null;
  /** Absent or null where the patch added none (older cache entries, merged decoders). */
  readonly probes?: PatchedProbes | null;
}

export interface PatchResult {
  readonly bytes: Uint8Array;
  readonly sites: readonly AttentionSite[];
  readonly outputs: PatchedOutputs;
  readonly opset: number;
  readonly notices: readonly string[];
  /** The lens head's own model (lensHead.ts), written beside the patched graph; null without one. */
  readonly lensBytes: Uint8Array | null;
  /** The rows of the graph's learned position table (positionTable.ts): the most positions it can look up; null: none found. */
  readonly positionRows: number | null;
  /** The rows of the graph's token embedding table (positionTable.ts): the most ids it can look up; null: none found. */
  readonly tokenRows: number | null;
}

/**
 * The ONNX model in `bytes`; `fileLabel` names the file ("model tiny: onnx/model.onnx", as the other
 * model-folder errors do), and a refusal reads "<fileLabel> is not a readable ONNX model …".
 */
export function decodeModel(bytes: Uint8Array, fileLabel: string): onnx.ModelProto {
  let model: onnx.ModelProto;
  try {
    model = proto.ModelProto.decode(bytes);
  } catch (error) {
    throw new EngineError('model-corrupt', `${fileLabel} is not a readable ONNX model (${(error as Error).message}); copy or download it again`, {
      cause: error,
    });
  }
  if (!model.graph || (model.graph.node ?? []).length === 0) {
    throw new EngineError('model-corrupt', `${fileLabel} has no graph (truncated or not a model); copy or download it again`);
  }
  return model;
}

/** Scores at or below this are the attention mask, whatever the export wrote for it (see `exposeScores`). */
export const MASKED_SCORE_FLOOR = -5000;

interface Context {
  readonly options: PatchOptions;
  readonly precision: 'float32' | 'float16';
  readonly fileLabel: string;
  readonly notices: string[];
  layer: number;
  rewritten: boolean;
  maskConstants: boolean;
  /** Layers whose scores are gated on SCORES_INPUT (each needs its index as a constant). */
  readonly gated: Set<number>;
}

/** Names in a graph `depth` levels of If nesting down: the main graph keeps the public names. */
function scoped(depth: number, name: string, lens = false): string {
  if (depth === 0) return lens ? `attention_lens/${name}` : name;
  return `attention_lens/d${depth}/${name}`;
}

/**
 * Adds, inside one graph, the nodes that expose each of its sites, and routes the tensors of If
 * branches out through the If node's outputs. Returns the keys (`attentions.L`, `attention_scores.L`)
 * it made available in this graph, named `scoped(depth, key)`; the main graph's nodes come back in
 * `added` so that they can be appended without re-encoding the model.
 */
function patchGraph(ctx: Context, sites: GraphSites, scopes: readonly onnx.IGraphProto[], depth: number, added: onnx.INodeProto[]): string[] {
  const graph = sites.graph;
  const keys: string[] = [];
  // An Identity where the graph already computes in the asked precision (fp32 attention of an fp32 export).
  const cast = (source: string, target: string): onnx.INodeProto => {
    const name = target.startsWith('attention_lens/') ? target : `attention_lens/${target}`;
    const to = elemType(ctx.precision);
    return knownTypeOf(scopes, source) === to ? node('Identity', [source], [target], name) : node('Cast', [source], [target], name, { to: { int: to } });
  };
  const expose = (source: string, key: string): void => {
    added.push(cast(source, scoped(depth, key)));
    keys.push(key);
  };
  // Masked scores leave the graph as what float32's minimum becomes in the exposed precision (itself,
  // or −∞ in float16), whatever the export wrote: a float16 export clamps the mask to −10⁴ and adds the
  // score to it (−10⁴ + s, on either side of the views' −10⁴ rule), fused operators use −10⁴ too.
  // They are computed only when SCORES_INPUT asks for the layer (an empty tensor otherwise): the
  // cast, compare and select over [heads, T, T] cost ~80 ms per BERT-base run at 512 tokens.
  const exposeScores = (source: string, key: string, layer: number): void => {
    const name = (suffix: string): string => scoped(depth, `${key}.${suffix}`, true);
    const [converted, masked, wanted] = [name('cast'), name('masked'), name('wanted')];
    added.push(node('Gather', [SCORES_INPUT, `lens.layer.${layer}`], [wanted], wanted, { axis: { int: 0 } }));
    const nodes = [
      cast(source, converted),
      node('Less', [converted, 'lens.mask_floor'], [masked], masked),
      node('Where', [masked, 'lens.masked_score', converted], [scoped(depth, key)], `${masked}/where`),
    ];
    added.push(gate(name('gate'), wanted, nodes, [output(scoped(depth, key), ctx.precision, 4)]));
    ctx.maskConstants = true;
    ctx.gated.add(layer);
    keys.push(key);
  };
  const declare = (name: string, like: string): void => {
    // ORT cannot infer an optional output's element type on its own; it is the query's.
    graph.valueInfo ??= [];
    graph.valueInfo.push(output(name, floatDtype(floatTypeOf(scopes, like)), 4));
  };

  for (const item of sites.items) {
    const n = (graph.node ?? [])[item.nodeIndex];
    if (item.type === 'if') {
      const start = ctx.layer;
      let routed: string[] | null = null;
      for (const branch of item.branches) {
        ctx.layer = start;
        const inner: onnx.INodeProto[] = [];
        const branchKeys = patchGraph(ctx, branch.sites, [branch.sites.graph, ...scopes], depth + 1, inner);
        if (routed && routed.join() !== branchKeys.join()) {
          throw new EngineError('unsupported-operator', `${ctx.fileLabel}: the branches of If node ${item.nodeName} expose different attention tensors`);
        }
        routed = branchKeys;
        const g = branch.sites.graph;
        g.node = [...(g.node ?? []), ...scheduled(g.node ?? [], inner)];
        g.output = [...(g.output ?? []), ...branchKeys.map((key) => output(scoped(depth + 1, key), ctx.precision, 4))];
      }
      n.output = [...(n.output ?? []), ...(routed ?? []).map((key) => scoped(depth, key))];
      keys.push(...(routed ?? []));
      ctx.rewritten = true;
      continue;
    }
    const layer = ctx.layer++;
    const probsKey = `attentions.${layer}`;
    const scoresKey = `attention_scores.${layer}`;
    const lens = (name: string) => scoped(depth, `${name}.${layer}`, true);
    switch (item.kind) {
      case 'softmax': {
        expose((n.output ?? [])[0], probsKey);
        if (ctx.options.scores) exposeScores((n.input ?? [])[0], scoresKey, layer);
        break;
      }
      case 'multiHeadAttention': {
        // Its optional 4th output is the scaled, masked Q·Kᵀ before softmax.
        const qk = setFourthOutput(n, lens('qk'));
        ctx.rewritten = true;
        declare(qk, (n.input ?? [])[0]);
        const probs = lens('probs');
        added.push(node('Softmax', [qk], [probs], lens('softmax'), { axis: { int: -1 } }));
        expose(probs, probsKey);
        if (ctx.options.scores) exposeScores(qk, scoresKey, layer);
        break;
      }
      case 'groupQueryAttention':
      case 'attention23': {
        // The optional 4th output: qk_output=2 / qk_matmul_output_mode=3 give the softmax
        // probabilities. Attention's mode 1 gives the scaled scores with the mask added, which we
        // then softmax in the graph when the scores are wanted too. GroupQueryAttention's
        // qk_output=1 leaves the causal mask out (measured), so it offers probabilities only.
        const gqa = item.kind === 'groupQueryAttention';
        const attr = gqa ? 'qk_output' : 'qk_matmul_output_mode';
        ctx.rewritten = true;
        if (ctx.options.scores && gqa && layer === 0) {
          ctx.notices.push(noticeLine('gqa-no-scores'));
        }
        if (ctx.options.scores && !gqa) {
          setIntAttribute(n, attr, 1);
          const qk = setFourthOutput(n, lens('qk'));
          declare(qk, (n.input ?? [])[0]);
          const probs = lens('probs');
          added.push(node('Softmax', [qk], [probs], lens('softmax'), { axis: { int: -1 } }));
          expose(probs, probsKey);
          exposeScores(qk, scoresKey, layer);
        } else {
          setIntAttribute(n, attr, gqa ? 2 : 3);
          const probs = setFourthOutput(n, lens('probs'));
          declare(probs, (n.input ?? [])[0]);
          expose(probs, probsKey);
        }
        break;
      }
    }
  }
  return keys;
}

export function patchModelBytes(bytes: Uint8Array, options: PatchOptions, fileLabel: string): PatchResult {
  const model = decodeModel(bytes, fileLabel);
  const graph = model.graph as onnx.GraphProto;
  const { rows, tokens } = tableRows(graph);
  const tree = findAttentionTree(model, fileLabel);
  const sites = flattenSites(tree);
  const precision = options.precision ?? 'float32';
  const existing = new Set((graph.output ?? []).map((o) => o.name));
  const ctx: Context = { options, precision, fileLabel, notices: [], layer: 0, rewritten: false, maskConstants: false, gated: new Set() };

  const extraNodes: onnx.INodeProto[] = [];
  const keys = patchGraph(ctx, tree, [graph], 0, extraNodes);
  for (const key of keys) if (existing.has(key)) throw new EngineError('model-corrupt', `${fileLabel} already has an output named ${key}`);
  const extraOutputs = keys.map((key) => output(key, precision, 4));
  const attentions = keys.filter((k) => k.startsWith('attentions.'));
  const scores = keys.filter((k) => k.startsWith('attention_scores.'));
  const initializers: onnx.ITensorProto[] = [];
  if (ctx.maskConstants) {
    initializers.push(floatConst('lens.mask_floor', MASKED_SCORE_FLOOR, precision), floatConst('lens.masked_score', -FLOAT32_MAX, precision));
  }
  const inputs: onnx.IValueInfoProto[] = [];
  if (ctx.gated.size > 0) {
    const layers = sites.length;
    inputs.push({ name: SCORES_INPUT, type: { tensorType: { elemType: elemType('bool'), shape: { dim: [{ dimValue: layers }] } } } });
    for (const l of ctx.gated) initializers.push({ name: `lens.layer.${l}`, dataType: elemType('int64'), dims: [], int64Data: [l] });
  }

  const opset = defaultOpset(model);
  // The heads run only when asked (HEADS_INPUT): an encoder's predictions are read at masked positions only.
  // Not over a float16 export's logits: behind the If, its top-1 probabilities moved by up to 1.3e-3 (measured,
  // test/unit/engine/lens.test.ts; onnxruntime optimizes a branch apart from the main graph), more than the
  // float16 rounding the lens is held to; a float32 graph's came out the same.
  const headNodes: onnx.INodeProto[] = [];
  const headOutputs: onnx.IValueInfoProto[] = [];
  const heads = addPredictionHeads(graph, opset, options, headNodes, headOutputs, ctx.notices);
  const logitsType = (graph.output ?? []).find((o) => o.name === 'logits')?.type?.tensorType?.elemType;
  if (heads && logitsType === elemType('float32')) {
    inputs.push({ name: HEADS_INPUT, type: { tensorType: { elemType: elemType('bool'), shape: { dim: [{ dimValue: 1 }] } } } });
    extraNodes.push(gate('attention_lens/heads.gate', HEADS_INPUT, headNodes, headOutputs));
  } else extraNodes.push(...headNodes);
  extraOutputs.push(...headOutputs);
  initializers.push(...(heads?.initializers ?? []));

  let probes: PatchedProbes | null = null;
  let lens: ReturnType<typeof buildLensHead> = null;
  if (options.probes && sites.some((s) => s.scope)) {
    ctx.notices.push(noticeLine('merged-decoder-probes'));
  } else if (options.probes) {
    const g = indexGraph(graph);
    const added = addProbes(g, graph, sites, { heads: options.probes.heads }, ctx.notices);
    lens = added.lastHidden
      ? buildLensHead(g, model, added.lastHidden, { opset, topK: options.topK ?? 0, kind: options.probes.kind, width: options.probes.width }, ctx.notices)
      : null;
    probes = { ...added.outputs, lens: lens?.outputs ?? null };
    // Head-mask nodes go right after the product they scale (graph order is topological order).
    const nodes: onnx.INodeProto[] = [];
    for (const n of graph.node) nodes.push(n, ...(added.edits.after.get(n) ?? []).map((x) => proto.NodeProto.create(x)));
    graph.node = nodes as onnx.NodeProto[];
    extraNodes.push(...added.edits.append);
    extraOutputs.push(...added.edits.outputs);
    initializers.push(...added.edits.initializers);
    graph.input.push(...added.edits.inputs.map((x) => proto.ValueInfoProto.create(x)));
    ctx.rewritten = true;
  }

  let patched: Uint8Array;
  const nodes = scheduled(graph.node, extraNodes);
  if (ctx.rewritten) {
    graph.node.push(...nodes.map((x) => proto.NodeProto.create(x)));
    graph.output.push(...extraOutputs.map((x) => proto.ValueInfoProto.create(x)));
    graph.initializer.push(...initializers.map((x) => proto.TensorProto.create(x)));
    graph.input.push(...inputs.map((x) => proto.ValueInfoProto.create(x)));
    patched = proto.ModelProto.encode(model).finish();
  } else {
    patched = appendGraph(bytes, { node: nodes, output: extraOutputs, initializer: initializers, input: inputs });
  }
  return {
    bytes: patched,
    sites,
    outputs: { attentions, scores: options.scores && scores.length > 0 ? scores : null, heads: heads?.outputs ?? null, probes },
    opset,
    notices: ctx.notices,
    lensBytes: lens?.bytes ?? null,
    positionRows: rows,
    tokenRows: tokens,
  };
}

/** The position and token tables' rows, read before the patch adds anything. */
function tableRows(graph: onnx.GraphProto): { readonly rows: number | null; readonly tokens: number | null } {
  const nodes: onnx.INodeProto[] = [];
  const inits = new Map<string, onnx.ITensorProto>();
  collect(graph, nodes, inits);
  return { rows: positionRows(nodes, inits), tokens: tokenRows(nodes, inits) };
}

function setFourthOutput(n: onnx.INodeProto, fallbackName: string): string {
  const outputs = [...(n.output ?? [])];
  while (outputs.length < 4) outputs.push('');
  if (!outputs[3]) outputs[3] = fallbackName;
  n.output = outputs;
  return outputs[3];
}

function setIntAttribute(n: onnx.INodeProto, name: string, value: number): void {
  const attrs = (n.attribute ?? []).filter((a) => a.name !== name);
  attrs.push({ name, type: proto.AttributeProto.AttributeType.INT, i: value });
  n.attribute = attrs;
}
