/**
 * Head ablation as an analysis' identity (pure TypeScript, all runtimes): the one canonical form of
 * a set of switched-off heads (sorted, each once), its key for the host's cache, and its label for
 * people ("3:1, 3:2" — layer:head, as the CLI's --ablate takes them).
 *
 *   headsKey([{ layer: 3, head: 2 }, { layer: 3, head: 1 }]); // '3:1,3:2'
 *   headsKey(undefined);                                       // '' (nothing switched off)
 */
import type { HeadRef } from './analysis';

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

/** True when every head names a layer and a head of a model with this many of each. */
export function headsFit(heads: readonly HeadRef[], shape: { readonly layers: number; readonly heads: number }): boolean {
  return heads.every(
    (h) => Number.isInteger(h.layer) && Number.isInteger(h.head) && h.layer >= 0 && h.head >= 0 && h.layer < shape.layers && h.head < shape.heads,
  );
}
