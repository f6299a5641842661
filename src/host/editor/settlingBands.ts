/**
 * How the settling strip grades tokens (pure; extension host and unit tests): the layer from which a
 * position's final top-1 prediction stays top-1 (protocol/lens.ts `settlingLayer`; 0 = already after
 * the embeddings, L = only after the last block) into at most SETTLING_BUCKETS colour bands — one per
 * layer when the model has few, equal shares of the layers when it has more — and the side view's
 * legend of those bands.
 */
import { t } from '../l10n';

export const SETTLING_BUCKETS = 5;

/** The band of settling layer `layer` of a model with `layers` blocks (its stream has layers + 1 entries). */
export function settlingBucket(layer: number, layers: number): number {
  const entries = layers + 1;
  const clamped = Math.min(Math.max(Math.floor(layer), 0), layers);
  if (entries <= SETTLING_BUCKETS) return clamped;
  return Math.min(SETTLING_BUCKETS - 1, Math.floor((clamped * SETTLING_BUCKETS) / entries));
}

/** The layers of each band, earliest first: [first, last] of every band in use. */
export function settlingBands(layers: number): [number, number][] {
  const bands: [number, number][] = [];
  for (let layer = 0; layer <= layers; layer++) {
    const b = settlingBucket(layer, layers);
    if (bands[b]) bands[b][1] = layer;
    else bands[b] = [layer, layer];
  }
  return bands;
}

/** The legend's labels, one per band: "layer 0 (embeddings)", "layer 1", …, or "layers 3–5" when a band holds several. */
export function settlingLegend(layers: number): string[] {
  return settlingBands(layers).map(([first, last]) => {
    if (first === last) return first === 0 ? t('layer 0 (the embeddings)') : t('layer {0}', first);
    return first === 0 ? t('layers 0 (the embeddings) to {0}', last) : t('layers {0}–{1}', first, last);
  });
}
