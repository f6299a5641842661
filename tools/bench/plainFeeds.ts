// The inputs of one plain forward pass of an ONNX transformer (build-time tools, Node): the ids given,
// a mask of ones, segment 0, positions 0…T−1 and an empty past for decoders ([batch, kv heads, 0, head
// size]: numeric dimensions from the model, symbolic ones 1 and 0). Inputs it has no rule for go to
// `other` (the patched graph's gates and probes), which returns a tensor or undefined (an error).
import * as ort from 'onnxruntime-node';

type InputMeta = ort.InferenceSession['inputMetadata'][number];

export function plainFeeds(
  session: ort.InferenceSession,
  ids: BigInt64Array,
  other: (name: string, meta: InputMeta) => ort.Tensor | undefined = () => undefined,
): Record<string, ort.Tensor> {
  const T = ids.length;
  const feeds: Record<string, ort.Tensor> = {};
  session.inputNames.forEach((name, index) => {
    const meta = session.inputMetadata[index];
    let tensor: ort.Tensor | undefined;
    if (name === 'input_ids') tensor = new ort.Tensor('int64', ids, [1, T]);
    else if (name === 'attention_mask') tensor = new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]);
    else if (name === 'token_type_ids') tensor = new ort.Tensor('int64', new BigInt64Array(T), [1, T]);
    else if (name === 'position_ids')
      tensor = new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: T }, (_, i) => BigInt(i)),
        [1, T],
      );
    else if (name.startsWith('past_key_values.') && meta.isTensor) {
      const dims = meta.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : 0));
      tensor = new ort.Tensor('float32', new Float32Array(0), dims);
    } else tensor = other(name, meta);
    if (!tensor) throw new Error(`no rule to fill input ${name}`);
    feeds[name] = tensor;
  });
  return feeds;
}
