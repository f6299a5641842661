/**
 * Tells an encoder from a decoder by a model's config.json (pure; extension host and unit tests),
 * so that a chosen folder lands in the right setting without asking.
 */
import type { ModelKind } from '../../protocol/analysis';

/** Encoder or decoder, from a config.json's architectures / model_type; null when unknown. */
export function kindOfConfig(config: { architectures?: unknown; model_type?: unknown }): ModelKind | null {
  const names = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [];
  if (names.some((a) => /MaskedLM|ForPreTraining|ForNextSentence/.test(a))) return 'encoder';
  if (names.some((a) => /CausalLM|LMHeadModel/.test(a))) return 'decoder';
  const type = typeof config.model_type === 'string' ? config.model_type : '';
  if (/^(bert|distilbert|roberta|xlm-roberta|electra|albert|camembert)$/.test(type)) return 'encoder';
  if (/^(gpt2|gpt_neo|gptj|gpt_neox|llama|mistral|qwen2|phi|opt|bloom)$/.test(type)) return 'decoder';
  return null;
}
