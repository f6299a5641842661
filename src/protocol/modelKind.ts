/**
 * Encoder or decoder, from a model's config.json (pure TypeScript, all runtimes): the one table of
 * model types and the one rule. The engine refuses a model this calls unknown; Select Model (host)
 * files a chosen folder or cached download under the setting of its kind.
 *
 *   kindOfConfig({ model_type: 'qwen3' })                      // 'decoder'
 *   kindOfConfig({ architectures: ['BertForMaskedLM'] })       // 'encoder'
 *   kindOfConfig({ model_type: 'whisper' })                    // null
 *
 * The `architectures` list wins over `model_type`: a masked-LM head makes an encoder, a causal-LM
 * head a decoder, whatever the base type.
 */
import type { ModelKind } from './analysis';

/** transformers.js `model_type`s of each kind that the engine can show (masked-LM encoders, causal-LM decoders). */
export const MODEL_TYPES: { readonly [K in ModelKind]: readonly string[] } = {
  encoder: [
    'bert',
    'distilbert',
    'roberta',
    'xlm-roberta',
    'camembert',
    'electra',
    'albert',
    'mpnet',
    'deberta',
    'deberta-v2',
    'modernbert',
    'mobilebert',
    'convbert',
    'flaubert',
    'xlm',
    'squeezebert',
    'esm',
  ],
  decoder: [
    'gpt2',
    'distilgpt2',
    'gpt_neo',
    'gpt_neox',
    'gptj',
    'gpt_bigcode',
    'codegen',
    'llama',
    'mistral',
    'qwen2',
    'qwen3',
    'phi',
    'phi3',
    'gemma',
    'gemma2',
    'olmo',
    'opt',
    'bloom',
    'falcon',
    'stablelm',
    'starcoder2',
    'smollm3',
    'granite',
  ],
};

const ENCODER_HEAD = /(ForMaskedLM|ForPreTraining)$/;
const DECODER_HEAD = /(ForCausalLM|LMHeadModel)$/;

/** Encoder or decoder by a config.json's `architectures`, then its `model_type`; null when neither says. */
export function kindOfConfig(config: { readonly architectures?: unknown; readonly model_type?: unknown }): ModelKind | null {
  const names = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [];
  if (names.some((a) => ENCODER_HEAD.test(a))) return 'encoder';
  if (names.some((a) => DECODER_HEAD.test(a))) return 'decoder';
  const type = typeof config.model_type === 'string' ? config.model_type : '';
  if (MODEL_TYPES.encoder.includes(type)) return 'encoder';
  if (MODEL_TYPES.decoder.includes(type)) return 'decoder';
  return null;
}
