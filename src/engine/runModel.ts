/**
 * One run of a loaded model's patched session (engine runtime): feeds its inputs for the token ids (the
 * probes' inputs at their neutral values unless given) and fetches only the outputs asked for
 * (onnxruntime's output filter): an output left out is never copied back to JavaScript, which is where
 * exposing attention costs. Also the lens runner that feeds hidden-state rows to the lens head's own session.
 */
import * as ort from 'onnxruntime-node';
import { EngineError } from './errors';
import type { LoadedModel } from './model';
import { HEADS_INPUT, SCORES_INPUT } from './onnx/patch';
import { isProbeInput, probeFeed, scoresFeed, type LensRunner } from './probes';
import { shownPath, withShownPath } from './paths';

/** Which outputs a run hands back: attention and scores of some model layers, the prediction heads, probes (by name). */
export interface Fetch {
  readonly probs: readonly number[];
  readonly scores: readonly number[];
  readonly heads: boolean;
  readonly extra?: readonly string[];
}

/**
 * Runs the lens head over rows of hidden states in its own session (onnx/lensHead.ts): the head alone,
 * not a forward pass of the model besides.
 */
export function lensRunner(model: LoadedModel): LensRunner {
  return async (rows, n, watch) => {
    const lens = model.patched.outputs.probes?.lens;
    const session = await model.lensSession().catch((error: unknown) => {
      throw new EngineError(
        'internal',
        `${shownPath(model.facts.id)}: the lens head could not be loaded (${withShownPath((error as Error).message, model.patched.folder).split('\n')[0]})`,
        {
          cause: error,
        },
      );
    });
    if (!lens || !session) throw new EngineError('bad-input', `${shownPath(model.facts.id)}: the layer lens is not available for this model (see its notices)`);
    const width = rows.length / n;
    const feeds: Record<string, ort.Tensor> = { [lens.input]: new ort.Tensor('float32', rows, [1, n, width]) };
    const fetches = [lens.heads.topValues, lens.heads.topIndices, lens.heads.logSumExp];
    if (lens.watch) {
      feeds[lens.watch.input] = new ort.Tensor('int64', BigInt64Array.from(watch, BigInt), [watch.length]);
      if (watch.length > 0) fetches.push(lens.watch.logits, lens.watch.higher);
    }
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = await session.run(feeds, fetches);
    } catch (error) {
      throw new EngineError('internal', `${shownPath(model.facts.id)}: the lens failed (${(error as Error).message.split('\n')[0]})`, { cause: error });
    }
    const [values, indices, lse, watchLogits, watchHigher] = fetches.map((name) => out[name]);
    return {
      k: Number(values.dims[2]),
      values: values.data as Float32Array,
      ids: indices.data as BigInt64Array,
      lse: lse.data as Float32Array,
      watchLogits: watchLogits ? (watchLogits.data as Float32Array) : null,
      watchHigher: watchHigher ? (watchHigher.data as Float32Array) : null,
    };
  };
}

/**
 * Feeds the session and fetches only the outputs asked for (onnxruntime's output filter): an
 * output left out is never copied back to JavaScript, which is where exposing attention costs.
 */
export async function run(
  model: LoadedModel,
  ids: readonly number[],
  typeIds: readonly number[],
  fetch: Fetch,
  extraFeeds: Record<string, ort.Tensor> = {},
): Promise<ort.InferenceSession.OnnxValueMapType> {
  return runBatch(model, [ids], [typeIds], fetch, extraFeeds);
}

/**
 * Several texts' token rows in one run (outputs [rows, T, …]): each row right-padded to the longest
 * with the attention mask 0 on the padding, so no real token attends to it; positions count from 0
 * in every row. One row is exactly `run`.
 */
export async function runBatch(
  model: LoadedModel,
  rows: readonly (readonly number[])[],
  typeRows: readonly (readonly number[])[],
  fetch: Fetch,
  extraFeeds: Record<string, ort.Tensor> = {},
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const B = rows.length;
  const T = Math.max(...rows.map((r) => r.length));
  /** [B, T] int64 of `value(row, t)` on the real tokens and `pad` on the padding. */
  const grid = (value: (b: number, t: number) => number, pad: number): ort.Tensor => {
    const data = new BigInt64Array(B * T).fill(BigInt(pad));
    rows.forEach((row, b) => {
      for (let t = 0; t < row.length; t++) data[b * T + t] = BigInt(value(b, t));
    });
    return new ort.Tensor('int64', data, [B, T]);
  };
  const session = model.session;
  const feeds: Record<string, ort.Tensor> = { ...extraFeeds };
  for (const name of session.inputNames) {
    if (name === 'input_ids') feeds[name] = grid((b, t) => rows[b][t], 0);
    else if (name === 'attention_mask') feeds[name] = grid(() => 1, 0);
    else if (name === 'token_type_ids') feeds[name] = grid((b, t) => typeRows[b][t], 0);
    else if (name === 'position_ids')
      feeds[name] = new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: B * T }, (_, i) => BigInt(i % T)),
        [B, T],
      );
    else if (/^past_key_values\.\d+\.(key|value)$/.test(name)) {
      // An empty cache, in the graph's own float type (float16 in a float16 export).
      const meta = session.inputMetadata.find((m) => m.name === name);
      const half = meta?.isTensor === true && meta.type === 'float16';
      feeds[name] = half
        ? new ort.Tensor('float16', new Uint16Array(0), [B, model.kvHeads, 0, model.headDim])
        : new ort.Tensor('float32', new Float32Array(0), [B, model.kvHeads, 0, model.headDim]);
    } else if (name === 'use_cache_branch') feeds[name] = new ort.Tensor('bool', [false], [1]);
    else if (name in extraFeeds) continue;
    else if (name === SCORES_INPUT) feeds[name] = scoresFeed(model, fetch.scores);
    else if (name === HEADS_INPUT) feeds[name] = new ort.Tensor('bool', [fetch.heads], [1]);
    else if (isProbeInput(name)) feeds[name] = probeFeed(model, name);
    else
      throw new EngineError(
        'unsupported-architecture',
        `${shownPath(model.facts.id)}: the model needs an input "${name}" the engine does not know how to fill`,
      );
  }
  const { attentions, scores: scoreNames, heads } = model.patched.outputs;
  const fetches = fetch.probs.map((l) => attentions[l]);
  if (scoreNames) fetches.push(...fetch.scores.map((l) => scoreNames[l]));
  if (fetch.heads && heads) {
    fetches.push(heads.topValues, heads.topIndices, heads.logSumExp);
    if (heads.nextLogit && heads.nextRank) fetches.push(heads.nextLogit, heads.nextRank);
  } else if (fetch.heads && session.outputNames.includes('logits')) fetches.push('logits');
  fetches.push(...(fetch.extra ?? []));
  try {
    return await session.run(feeds, fetches);
  } catch (error) {
    throw new EngineError('internal', `${shownPath(model.facts.id)}: inference failed (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
}
