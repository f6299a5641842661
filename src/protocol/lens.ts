/**
 * Reading the layer lens (pure TypeScript, all runtimes): where a position's prediction settles — the
 * first layer from which the model's final top-1 stays top-1 through the last layer — for the settling
 * strip and its hover.
 *
 *   settlingLayer(result.lens.positions[3]); // 2: top-1 from layer 2 on is the final prediction
 */
import type { LensPosition } from './analysis';

/** The first layer from which the final top-1 stays the top-1; null when the position has no lens. */
export function settlingLayer(position: LensPosition): number | null {
  const layers = position.layers;
  const final = layers[layers.length - 1]?.top[0]?.id;
  if (final === undefined) return null;
  let first = layers[layers.length - 1].layer;
  for (let i = layers.length - 1; i >= 0 && layers[i].top[0]?.id === final; i--) first = layers[i].layer;
  return first;
}
