/**
 * The engine's notices: what an analysis or a model load wants a person to know (another precision
 * ran, the layer lens is not available…), each a code and its arguments (pure; all runtimes). The
 * engine speaks English — the CLI, the log and the patch cache on disk hold the English line — so a
 * notice travels as its English line, written only through `noticeLine` from the one template of
 * its code; `readNotice` gives the code and arguments back from the line, and the host translates
 * by code (src/host/analyses/notices.ts), the way it translates engine errors. A line that is no
 * notice of this table (a host's own line, a notice of an older engine) reads as null.
 *
 *   noticeLine('weights-fallback', 'tiny-bert', 'q8', 'onnx/model_fp16.onnx', 'fp16')
 *     // "model tiny-bert has no q8 weights; ran onnx/model_fp16.onnx (fp16) instead"
 *   readNotice(thatLine)   // { code: 'weights-fallback', args: ['tiny-bert', 'q8', 'onnx/model_fp16.onnx', 'fp16'] }
 */

/** Each notice's English line; `{0}`, `{1}`… are its arguments. */
export const NOTICE_TEMPLATES = {
  'no-logits-output': 'the model has no output named "logits"; predictions are not available',
  'old-opset': 'the model uses opset {0} (< 13); predictions are computed outside the graph',
  'no-mask-token': "the tokenizer has no mask token: this encoder's masked-word predictions are not available, only its attention",
  'no-lm-head': 'the model has no language-model head (no "logits" output): attention only, no predictions',
  'weights-fallback': 'model {0} has no {1} weights; ran {2} ({3}) instead',
  'config-field-ignored': "config.json's {0} is {1}, but the graph has {2}: the graph's count is used",
  'config-field-unusable': "config.json's {0} is {1}, which is not a count that fits the model: it is not used",
  'config-heads-unusable':
    "config.json's {0} is {1}, which is no head count for a hidden size of {2}: the graph's heads are shown, but heads cannot be switched off",
  'config-heads-missing':
    "config.json states no head count (num_attention_heads, n_head, n_heads or num_heads): the graph's {0} heads are shown, but heads cannot be switched off",
  'layers-subset': 'attention of layers {0} only (of {1}), to stay within the memory budget',
  'no-scores': 'scores before softmax are not available for this model',
  'gqa-no-scores': 'scores before softmax are not available for GroupQueryAttention (its score output has no causal mask); only probabilities are shown',
  'gqa-qk-before-rotary': 'q and k are shown as the fused GroupQueryAttention receives them, before the rotary embedding it applies inside',
  'qkv-hidden': 'q, k and v are not exposed by this graph for layers {0}',
  'qkv-not-reproducing':
    'layer {0}: softmax(q·kᵀ·scale + mask) does not reproduce its attention (the graph changes the scores in another way); q, k and v are what its product consumes',
  'no-residual-stream': 'the residual stream (hidden states) could not be located in this graph; hidden states and the layer lens are not available',
  'no-head-switch': "heads cannot be switched off in this graph (the output of some layer's heads was not found)",
  'merged-decoder-probes': 'hidden states, q/k/v, the layer lens and head switches are not available for a merged decoder (its layers sit inside an If)',
  'no-lens': 'the layer lens is not available: {0}',
  'attention-not-finite':
    'the attention weights are not numbers (NaN or infinite) in {0} of {1} rows (each layer, head and token): those rows attend to nothing in the lists',
  'logits-not-finite': "the model's output scores (logits) are not numbers (NaN or infinite) at {0} of {1} positions: nothing is predicted there",
  'lens-int8':
    "the int8 model quantizes the output head's input per run; the lens quantizes its rows together, so its probabilities differ slightly from the model's own",
} as const;

export type NoticeCode = keyof typeof NOTICE_TEMPLATES;

export interface EngineNotice {
  readonly code: NoticeCode;
  readonly args: readonly string[];
}

const PLACEHOLDER = /\{(\d)\}/g;

/** The English line of a notice (arguments as text). */
export function noticeLine(code: NoticeCode, ...args: readonly (string | number)[]): string {
  return NOTICE_TEMPLATES[code].replace(PLACEHOLDER, (_, i: string) => String(args[Number(i)] ?? ''));
}

/** Each template as an anchored pattern whose groups are its arguments, in placeholder order. */
const PATTERNS: readonly { readonly code: NoticeCode; readonly pattern: RegExp; readonly order: readonly number[] }[] = Object.entries(NOTICE_TEMPLATES).map(
  ([code, template]) => {
    const order = [...template.matchAll(PLACEHOLDER)].map((m) => Number(m[1]));
    const source = template
      .split(PLACEHOLDER)
      .map((piece, i) => (i % 2 === 1 ? '(.+?)' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return { code: code as NoticeCode, pattern: new RegExp(`^${source}$`, 'su'), order };
  },
);

/** The code and arguments of an engine's notice line; null for any other line. */
export function readNotice(line: string): EngineNotice | null {
  for (const { code, pattern, order } of PATTERNS) {
    const m = pattern.exec(line);
    if (!m) continue;
    const args: string[] = [];
    order.forEach((slot, i) => (args[slot] = m[i + 1]));
    return { code, args };
  }
  return null;
}
