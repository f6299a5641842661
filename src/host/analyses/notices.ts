/**
 * The engine's notices in the UI's language (extension host). The engine writes each notice as the
 * English line of its code (protocol/notices.ts), which the CLI, the log and the patch cache keep;
 * here the line is read back into its code and arguments and said again through t(), the way
 * failure.ts translates engine errors by their code. Arguments stay as the engine gave them (a
 * model's name, a file, a list of layers); a line that is no known notice passes through as it is.
 */
import { readNotice, type NoticeCode } from '../../protocol/notices';
import { t } from '../l10n';

const SAY: Readonly<Record<NoticeCode, (...args: string[]) => string>> = {
  'no-logits-output': () => t('The model has no output named “logits”: predictions are not available.'),
  'old-opset': (opset) => t('The model uses opset {0} (below 13): predictions are computed outside the graph.', opset),
  'no-mask-token': () => t('The tokenizer has no mask token: this encoder’s masked-word predictions are not available, only its attention.'),
  'no-lm-head': () => t('The model has no language-model head (no “logits” output): attention only, no predictions.'),
  'weights-fallback': (model, wanted, file, weights) => t('{0} has no {1} weights; ran {2} ({3}) instead.', model, wanted, file, weights),
  'config-field-ignored': (field, value, graph) => t('config.json’s {0} is {1}, but the graph has {2}: the graph’s count is used.', field, value, graph),
  'config-field-unusable': (field, value) => t('config.json’s {0} is {1}, which is not a count that fits the model: it is not used.', field, value),
  'config-heads-unusable': (field, value, hidden) =>
    t(
      'config.json’s {0} is {1}, which is no head count for a hidden size of {2}: the graph’s heads are shown, but heads cannot be switched off.',
      field,
      value,
      hidden,
    ),
  'config-heads-missing': (heads) =>
    t(
      'config.json states no head count (num_attention_heads, n_head, n_heads or num_heads): the graph’s {0} heads are shown, but heads cannot be switched off.',
      heads,
    ),
  'layers-subset': (layers, total) => t('Attention of layers {0} only (of {1}), to stay within the memory budget.', layers, total),
  'no-scores': () => t('Scores before the softmax are not available for this model.'),
  'attention-not-finite': (count, total) =>
    t(
      'The attention weights are not numbers (NaN or infinite) in {0} of {1} rows (each layer, head and token): those rows attend to nothing in the lists.',
      count,
      total,
    ),
  'logits-not-finite': (count, total) =>
    t("The model's output scores (logits) are not numbers (NaN or infinite) at {0} of {1} positions: nothing is predicted there.", count, total),
  'gqa-no-scores': () =>
    t('Scores before the softmax are not available for GroupQueryAttention (its score output has no causal mask): only probabilities are shown.'),
  'gqa-qk-before-rotary': () => t('Q and K are shown as the fused GroupQueryAttention receives them, before the rotary embedding it applies inside.'),
  'qkv-hidden': (layers) => t('This graph does not expose Q, K and V for layers {0}.', layers),
  'qkv-not-reproducing': (layer) =>
    t(
      'Layer {0}: softmax(Q·Kᵀ·scale + mask) does not reproduce its attention (the graph changes the scores in another way); Q, K and V are what its product consumes.',
      layer,
    ),
  'no-residual-stream': () => t('The residual stream (hidden states) could not be found in this graph: hidden states and the layer lens are not available.'),
  'no-head-switch': () => t('Heads cannot be switched off in this graph (the output of some layer’s heads was not found).'),
  'merged-decoder-probes': () =>
    t('Hidden states, Q/K/V, the layer lens and head switches are not available for a merged decoder (its layers sit inside an If).'),
  'no-lens': (why) => t('The layer lens is not available: {0}', why),
  'lens-int8': () =>
    t(
      'The int8 model quantizes the output head’s input on each run; the lens quantizes its rows together, so its probabilities differ slightly from the model’s own.',
    ),
};

/** An engine notice line in the UI's language (other lines as they are). */
export function localizedNotice(line: string): string {
  const notice = readNotice(line);
  return notice ? SAY[notice.code](...notice.args) : line;
}
