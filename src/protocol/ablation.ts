/**
 * Head ablation as an analysis' identity (pure TypeScript, all runtimes): the one canonical form of
 * a set of switched-off heads (sorted, each once), its key for the host's cache, and its label for
 * people ("3:1, 3:2" — layer:head, as the CLI's --ablate takes them).
 *
 *   headsKey([{ layer: 3, head: 2 }, { layer: 3, head: 1 }]); // '3:1,3:2'
 *   headsKey(undefined);                                       // '' (nothing switched off)
 */
import type { HeadRef, ModelKind } from './analysis';
import type { Translate } from './locale';

/** The heads sorted by layer then head, each once. */
export function canonicalHeads(heads: readonly HeadRef[] | undefined): HeadRef[] {
  const seen = new Map<string, HeadRef>();
  for (const { layer, head } of heads ?? []) seen.set(`${layer}:${head}`, { layer, head });
  return [...seen.values()].sort((a, b) => a.layer - b.layer || a.head - b.head);
}

/** The cache key of an ablation: '' when nothing is switched off; equal for equal sets in any order. */
export function headsKey(heads: readonly HeadRef[] | undefined): string {
  return canonicalHeads(heads)
    .map((h) => `${h.layer}:${h.head}`)
    .join(',');
}

/** "3:1, 3:2": the heads as people name them (layer:head). */
export function headsLabel(heads: readonly HeadRef[] | undefined): string {
  return canonicalHeads(heads)
    .map((h) => `${h.layer}:${h.head}`)
    .join(', ');
}

/** The model heads are switched off in: its shape and its kind (which the whole set is named after). */
export interface HeadsModel {
  readonly layers: number;
  readonly heads: number;
  readonly kind: ModelKind;
}

/**
 * The heads in words, for a set that holds whole layers: "all 16 heads of the decoder", "all 4 heads
 * of layer 3, heads 0:1 (layer:head)" (a list of sixteen pairs reads as noise). Null while no layer
 * is whole: the exact list (headsLabel) says a small set best.
 */
export function headsInWords(heads: readonly HeadRef[] | undefined, model: HeadsModel, t: Translate): string | null {
  const off = canonicalHeads(heads).filter((h) => headsFit([h], model));
  if (model.heads < 2 && off.length < model.layers) return null;
  const count = new Map<number, number>();
  for (const h of off) count.set(h.layer, (count.get(h.layer) ?? 0) + 1);
  const whole = [...count].filter(([, n]) => n === model.heads).map(([layer]) => layer);
  if (whole.length === 0) return null;
  if (whole.length === model.layers) {
    const all = model.layers * model.heads;
    return model.kind === 'encoder' ? t('all {0} heads of the encoder', all) : t('all {0} heads of the decoder', all);
  }
  const rest = off.filter((h) => !whole.includes(h.layer));
  const parts = whole.map((layer) => t('all {0} heads of layer {1}', model.heads, layer));
  if (rest.length > 0) parts.push(t('heads {0} (layer:head)', headsLabel(rest)));
  return parts.join(', ');
}

/** True when every head names a layer and a head of a model with this many of each. */
export function headsFit(heads: readonly HeadRef[], shape: { readonly layers: number; readonly heads: number }): boolean {
  return heads.every(
    (h) => Number.isInteger(h.layer) && Number.isInteger(h.head) && h.layer >= 0 && h.head >= 0 && h.layer < shape.layers && h.head < shape.heads,
  );
}
