/**
 * What Select Model offers (pure; extension host and unit tests): the embedded models, presets of
 * hub models converted for transformers.js, the models already in the cache, "enter a hub id" and
 * "choose a local folder". Each entry says whether it needs a download; with remote downloads off
 * only what needs no network is offered, and an entry says that downloads are off and offers to
 * allow them.
 *
 * The presets' file layouts were checked against the repositories' public file listings on the
 * Hugging Face hub (config.json, tokenizer.json and onnx/ at the top level; sizes as listed):
 *   Xenova/bert-base-uncased                 onnx/model.onnx 438 MB, model_fp16.onnx 219 MB, model_quantized.onnx 111 MB
 *   Xenova/distilbert-base-uncased           onnx/model.onnx 268 MB, model_fp16.onnx 134 MB, model_quantized.onnx 67.7 MB
 *   Xenova/bert-base-multilingual-uncased    onnx/model.onnx 670 MB, model_fp16.onnx 335 MB, model_quantized.onnx 169 MB
 *   Xenova/gpt2                              onnx/model.onnx 501 MB, model_fp16.onnx 251 MB; q8 as decoder_model_merged_quantized.onnx 128 MB
 *   Xenova/distilgpt2                        onnx/decoder_model_merged.onnx 330 MB, decoder_model_merged_quantized.onnx 84.9 MB
 *                                            (the older merged-decoder layout; no model_fp16 — fp16 is not offered)
 * No download of them was possible where this was written; the engine's tests serve the same
 * layouts from a local server.
 */
import type { ModelKind, WeightsPrecision } from '../../protocol/analysis';
import { formatMegabytes } from '../analyses/budget';
import { t } from '../l10n';

export interface Preset {
  readonly id: string;
  readonly kind: ModelKind;
  /** What it is, in the language in use (read when the picker opens). */
  readonly title: () => string;
  /** Download size of the weights per precision, in bytes (absent: the repository has none). */
  readonly sizes: Partial<Record<WeightsPrecision, number>>;
}

export const PRESETS: readonly Preset[] = [
  { id: 'Xenova/bert-base-uncased', kind: 'encoder', title: () => t('BERT base, uncased (English; 12 layers × 12 heads)'), sizes: { fp32: 438e6, fp16: 219e6, q8: 111e6 } },
  { id: 'Xenova/distilbert-base-uncased', kind: 'encoder', title: () => t('DistilBERT base, uncased (English; 6 layers × 12 heads)'), sizes: { fp32: 268e6, fp16: 134e6, q8: 67.7e6 } },
  { id: 'Xenova/bert-base-multilingual-uncased', kind: 'encoder', title: () => t('multilingual BERT base, uncased (102 languages; 12 × 12)'), sizes: { fp32: 670e6, fp16: 335e6, q8: 169e6 } },
  { id: 'Xenova/gpt2', kind: 'decoder', title: () => t('GPT-2 small (English; 12 layers × 12 heads)'), sizes: { fp32: 501e6, fp16: 251e6, q8: 128e6 } },
  { id: 'Xenova/distilgpt2', kind: 'decoder', title: () => t('DistilGPT-2 (English; 6 layers × 12 heads)'), sizes: { fp32: 330e6, q8: 84.9e6 } },
];

export interface CachedEntry {
  readonly id: string;
  readonly kind: ModelKind | null;
  readonly bytes: number;
}

export type PickAction = 'embedded' | 'preset' | 'cached' | 'hub-id' | 'folder' | 'allow-remote';

export interface PickerEntry {
  readonly action: PickAction;
  /** The kind the choice is stored under (null: ask). */
  readonly kind: ModelKind | null;
  /** The setting's new value: '' for an embedded model, a hub id; empty for hub-id/folder. */
  readonly value: string;
  readonly label: string;
  readonly description: string;
  readonly detail?: string;
  /** Choosing it downloads files from the hub (nothing is on this machine yet). */
  readonly download: boolean;
}

export interface CatalogInput {
  readonly allowRemote: boolean;
  /** Complete hub downloads in the cache. */
  readonly cached: readonly CachedEntry[];
  /** Which weights would be downloaded (the `modelPrecision` setting). */
  readonly weights: WeightsPrecision;
  readonly embedded: { readonly encoder: string; readonly decoder: string };
  /** What each kind uses now ('' = embedded). */
  readonly current: { readonly encoder: string; readonly decoder: string };
}

/** "encoder" / "decoder" in the language in use. */
export function kindLabel(kind: ModelKind): string {
  return kind === 'encoder' ? t('encoder') : t('decoder');
}

export function pickerEntries(input: CatalogInput): PickerEntry[] {
  const inUse = (kind: ModelKind, value: string): string | undefined => input.current[kind] !== value ? undefined : kind === 'encoder' ? t('in use as the encoder') : t('in use as the decoder');
  const entries: PickerEntry[] = [
    {
      action: 'embedded',
      kind: 'decoder',
      value: '',
      label: input.embedded.decoder,
      description: t('decoder · embedded (GPT-style, 4 layers × 4 heads) · no download'),
      detail: inUse('decoder', ''),
      download: false,
    },
    {
      action: 'embedded',
      kind: 'encoder',
      value: '',
      label: input.embedded.encoder,
      description: t('encoder · embedded (BERT-style, masked words) · no download'),
      detail: inUse('encoder', ''),
      download: false,
    },
  ];
  const cached = new Map(input.cached.map((c) => [c.id, c]));
  for (const preset of PRESETS) {
    const hit = cached.get(preset.id);
    if (!hit && !input.allowRemote) continue;
    const size = preset.sizes[input.weights];
    const state = hit
      ? t('cached ({0})', formatMegabytes(hit.bytes))
      : size
        ? t('needs a download: {0} ({1})', formatMegabytes(size), input.weights)
        : t('no {0} weights: choose another precision', input.weights);
    entries.push({
      action: 'preset',
      kind: preset.kind,
      value: preset.id,
      label: preset.id,
      description: `${kindLabel(preset.kind)} · ${state}`,
      detail: [preset.title(), inUse(preset.kind, preset.id)].filter(Boolean).join(' · '),
      download: !hit,
    });
  }
  for (const c of input.cached) {
    if (PRESETS.some((p) => p.id === c.id)) continue;
    const description = `${c.kind ? kindLabel(c.kind) : t('unknown kind')} · ${t('cached ({0})', formatMegabytes(c.bytes))}`;
    entries.push({ action: 'cached', kind: c.kind, value: c.id, label: c.id, description, detail: c.kind ? inUse(c.kind, c.id) : undefined, download: false });
  }
  if (input.allowRemote)
    entries.push({ action: 'hub-id', kind: null, value: '', label: t('Enter a Hugging Face hub id…'), description: t('needs a download, kept in the cache'), download: true });
  entries.push({
    action: 'folder',
    kind: null,
    value: '',
    label: t('Choose a local folder…'),
    description: t('config.json, tokenizer.json and onnx/model.onnx (the Optimum layout)'),
    download: false,
  });
  if (!input.allowRemote)
    entries.push({
      action: 'allow-remote',
      kind: null,
      value: '',
      label: t('Allow Downloads…'),
      description: t('downloads from the Hugging Face hub are off (attentionLens.allowRemoteModels): hub models are not offered'),
      download: false,
    });
  return entries;
}
