/**
 * Patches an ONNX transformer so that one forward pass returns its attention (engine runtime).
 *
 * For every attention site (findAttention.ts) the patched graph gets an output `attentions.L`
 * [batch, heads, query, key] holding the probabilities, optionally `attention_scores.L` with the
 * scaled, masked scores before softmax, optionally cast to float16 inside the graph (half the bytes
 * to copy back to JavaScript, which is where the cost of exposing attention lies), and optional
 * prediction heads over `logits` (heads.ts) so that the vocabulary-sized logits never leave ORT.
 *
 * Plain Softmax sites are patched by appending nodes and outputs to the serialized model (no
 * re-encoding of the weights); fused operators need their node rewritten, so those models are
 * re-encoded.
 *
 *   const { bytes, outputs } = patchModelBytes(await readFile('onnx/model.onnx'), { precision: 'float16' }, 'model.onnx');
 */
import type { onnx } from 'onnx-proto';
import { proto } from './proto';
import { EngineError } from '../errors';
import { appendGraph, node, output, type Dtype } from './graphBuild';
import { defaultOpset, findAttentionSites, type AttentionSite } from './findAttention';
import { addPredictionHeads, type HeadOutputs } from './heads';

/** Bump whenever the patched graph changes for the same input: it is part of the cache key. */
export const PATCHER_VERSION = 8;

export interface PatchOptions {
  /** Also expose the scaled, masked scores before softmax. */
  readonly scores?: boolean;
  /** Element type of the exposed attention tensors. */
  readonly precision?: 'float32' | 'float16';
  /** Add in-graph top-k over the logits' vocabulary axis (0: none). */
  readonly topK?: number;
  /** Decoders: add the logit and rank of each position's actual next token. */
  readonly nextTokenStats?: boolean;
}

export interface PatchedOutputs {
  readonly attentions: readonly string[];
  readonly scores: readonly string[] | null;
  readonly heads: HeadOutputs | null;
}

export interface PatchResult {
  readonly bytes: Uint8Array;
  readonly sites: readonly AttentionSite[];
  readonly outputs: PatchedOutputs;
  readonly opset: number;
  readonly notices: readonly string[];
}

export function decodeModel(bytes: Uint8Array, fileLabel: string): onnx.ModelProto {
  let model: onnx.ModelProto;
  try {
    model = proto.ModelProto.decode(bytes);
  } catch (error) {
    throw new EngineError('model-corrupt', `${fileLabel}: not a readable ONNX model (${(error as Error).message})`, { cause: error });
  }
  if (!model.graph || (model.graph.node ?? []).length === 0) {
    throw new EngineError('model-corrupt', `${fileLabel}: the ONNX file has no graph (truncated or not a model)`);
  }
  return model;
}

export function patchModelBytes(bytes: Uint8Array, options: PatchOptions, fileLabel: string): PatchResult {
  const model = decodeModel(bytes, fileLabel);
  const graph = model.graph as onnx.GraphProto;
  const sites = findAttentionSites(model, fileLabel);
  const precision: Dtype = options.precision ?? 'float32';
  const existing = new Set((graph.output ?? []).map((o) => o.name));
  const notices: string[] = [];

  const extraNodes: onnx.INodeProto[] = [];
  const extraOutputs: onnx.IValueInfoProto[] = [];
  const attentions: string[] = [];
  const scores: string[] = [];
  let rewritten = false;

  const expose = (source: string, name: string): void => {
    if (existing.has(name)) throw new EngineError('model-corrupt', `${fileLabel}: already has an output named ${name}`);
    const op = precision === 'float16' ? 'Cast' : 'Identity';
    const attrs = precision === 'float16' ? { to: { int: proto.TensorProto.DataType.FLOAT16 } } : undefined;
    extraNodes.push(node(op, [source], [name], `attention_lens/${name}`, attrs));
    extraOutputs.push(output(name, precision, 4));
  };

  for (const site of sites) {
    const n = graph.node[site.nodeIndex];
    const probsName = `attentions.${site.layer}`;
    const scoresName = `attention_scores.${site.layer}`;
    switch (site.kind) {
      case 'softmax': {
        expose((n.output ?? [])[0], probsName);
        if (options.scores) {
          expose((n.input ?? [])[0], scoresName);
          scores.push(scoresName);
        }
        break;
      }
      case 'multiHeadAttention': {
        // Its optional 4th output is the scaled, masked Q·Kᵀ before softmax.
        const qk = setFourthOutput(n, `attention_lens/qk.${site.layer}`);
        rewritten = true;
        // ORT cannot infer this optional output's element type on its own; declare it.
        graph.valueInfo.push(proto.ValueInfoProto.create(output(qk, 'float32', 4)));
        const probs = `attention_lens/probs.${site.layer}`;
        extraNodes.push(node('Softmax', [qk], [probs], `attention_lens/softmax.${site.layer}`, { axis: { int: -1 } }));
        expose(probs, probsName);
        if (options.scores) {
          expose(qk, scoresName);
          scores.push(scoresName);
        }
        break;
      }
      case 'groupQueryAttention':
      case 'attention23': {
        // The optional 4th output: qk_output=2 / qk_matmul_output_mode=3 give the softmax
        // probabilities. Attention's mode 1 gives the scaled scores with the mask added, which we
        // then softmax in the graph when the scores are wanted too. GroupQueryAttention's
        // qk_output=1 leaves the causal mask out (measured), so it offers probabilities only.
        const gqa = site.kind === 'groupQueryAttention';
        const attr = gqa ? 'qk_output' : 'qk_matmul_output_mode';
        rewritten = true;
        if (options.scores && gqa && site.layer === 0) {
          notices.push('scores before softmax are not available for GroupQueryAttention (its score output has no causal mask); only probabilities are shown');
        }
        if (options.scores && !gqa) {
          setIntAttribute(n, attr, 1);
          const qk = setFourthOutput(n, `attention_lens/qk.${site.layer}`);
          graph.valueInfo.push(proto.ValueInfoProto.create(output(qk, 'float32', 4)));
          const probs = `attention_lens/probs.${site.layer}`;
          extraNodes.push(node('Softmax', [qk], [probs], `attention_lens/softmax.${site.layer}`, { axis: { int: -1 } }));
          expose(probs, probsName);
          expose(qk, scoresName);
          scores.push(scoresName);
        } else {
          setIntAttribute(n, attr, gqa ? 2 : 3);
          expose(setFourthOutput(n, `attention_lens/probs.${site.layer}`), probsName);
        }
        break;
      }
    }
    attentions.push(probsName);
  }

  const opset = defaultOpset(model);
  const heads = addPredictionHeads(graph, opset, options, extraNodes, extraOutputs, notices);

  let patched: Uint8Array;
  if (rewritten) {
    graph.node.push(...extraNodes.map((x) => proto.NodeProto.create(x)));
    graph.output.push(...extraOutputs.map((x) => proto.ValueInfoProto.create(x)));
    graph.initializer.push(...(heads?.initializers ?? []).map((x) => proto.TensorProto.create(x)));
    patched = proto.ModelProto.encode(model).finish();
  } else {
    patched = appendGraph(bytes, { node: extraNodes, output: extraOutputs, initializer: heads?.initializers ?? [] });
  }
  return {
    bytes: patched,
    sites,
    outputs: { attentions, scores: options.scores && scores.length > 0 ? scores : null, heads: heads?.outputs ?? null },
    opset,
    notices,
  };
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
