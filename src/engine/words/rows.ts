/**
 * Runs several sequences of one length through a model in one batch and reads each position's
 * top candidates (engine runtime). Only the prediction heads are fetched — no attention — so a
 * step of a word search costs one forward pass of the batch and a few kilobytes back. Models
 * without the in-graph heads fall back to their logits (headsFromLogits).
 */
import * as ort from 'onnxruntime-node';
import { EngineError } from '../errors';
import type { LoadedModel } from '../model';
import { headsFromLogits, type HeadData } from '../predictions';
import type { Step } from './beam';
import { isProbeInput, probeFeed } from '../probes';
import { shownPath } from '../paths';

export interface RowTops {
  /** The candidates at `position` of row `row`, most likely first. */
  top(row: number, position: number): Step[];
}

const int64 = (values: ArrayLike<number>, dims: number[]): ort.Tensor => new ort.Tensor('int64', BigInt64Array.from(values as number[], BigInt), dims);

/** Reads top-k rows out of batched head outputs ([batch, seq, k] and [batch, seq]). */
export function rowTops(heads: Pick<HeadData, 'k' | 'topValues' | 'topIndices' | 'logSumExp'>, length: number): RowTops {
  return {
    top: (row, position) => {
      const at = row * length + position;
      const out: Step[] = [];
      for (let j = 0; j < heads.k; j++) {
        out.push({ id: Number(heads.topIndices[at * heads.k + j]), logP: heads.topValues[at * heads.k + j] - heads.logSumExp[at] });
      }
      return out;
    },
  };
}

/** Rows of equal length; `typeIds` per row (segment ids, zeros for most models). */
export async function runRows(model: LoadedModel, rows: readonly (readonly number[])[], typeIds: readonly (readonly number[])[]): Promise<RowTops> {
  const B = rows.length;
  const T = rows[0]?.length ?? 0;
  if (B === 0 || T === 0 || rows.some((r) => r.length !== T)) throw new EngineError('internal', 'a batch needs rows of one, non-zero length');
  const session = model.session;
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    if (name === 'input_ids') feeds[name] = int64(rows.flat(), [B, T]);
    else if (name === 'attention_mask') feeds[name] = int64(new Array<number>(B * T).fill(1), [B, T]);
    else if (name === 'token_type_ids') feeds[name] = int64(typeIds.flat(), [B, T]);
    else if (name === 'position_ids')
      feeds[name] = int64(
        Array.from({ length: B * T }, (_, i) => i % T),
        [B, T],
      );
    else if (/^past_key_values\.\d+\.(key|value)$/.test(name)) {
      const meta = session.inputMetadata.find((m) => m.name === name);
      const half = meta?.isTensor === true && meta.type === 'float16';
      const dims = [B, model.kvHeads, 0, model.headDim];
      feeds[name] = half ? new ort.Tensor('float16', new Uint16Array(0), dims) : new ort.Tensor('float32', new Float32Array(0), dims);
    } else if (name === 'use_cache_branch') feeds[name] = new ort.Tensor('bool', [false], [1]);
    else if (isProbeInput(name)) feeds[name] = probeFeed(model, name);
    else
      throw new EngineError(
        'unsupported-architecture',
        `${shownPath(model.facts.id)}: the model needs an input "${name}" the engine does not know how to fill`,
      );
  }
  const heads = model.patched.outputs.heads;
  const fetches = heads ? [heads.topValues, heads.topIndices, heads.logSumExp] : ['logits'];
  if (!heads && !session.outputNames.includes('logits'))
    throw new EngineError('bad-input', `${shownPath(model.facts.id)} has no language-model head: it predicts no words`);
  let out: ort.InferenceSession.OnnxValueMapType;
  try {
    out = await session.run(feeds, fetches);
  } catch (error) {
    throw new EngineError('internal', `${shownPath(model.facts.id)}: inference failed (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  if (heads) {
    const values = out[heads.topValues];
    return rowTops(
      {
        k: Number(values.dims[2]),
        topValues: values.data as Float32Array,
        topIndices: out[heads.topIndices].data as BigInt64Array,
        logSumExp: out[heads.logSumExp].data as Float32Array,
      },
      T,
    );
  }
  const logits = out.logits;
  const vocab = Number(logits.dims[2]);
  const data = logits.data as Float32Array;
  const perRow = rows.map((_, b) => headsFromLogits(data.subarray(b * T * vocab, (b + 1) * T * vocab), T, vocab, 20, null));
  return { top: (row, position) => rowTops(perRow[row], T).top(0, position) };
}
