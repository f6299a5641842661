/**
 * The query × key matrices the heatmap shows, made on demand (pure: browser and Node). A layer is
 * expanded to float32 only when first shown (float16 arrives as raw bits), and the mean over heads
 * is computed once per layer; both are kept in small least-recently-used caches so that BERT-base
 * at 512 tokens (12 layers × 12 heads, 144 MiB as float32) never sits in memory whole.
 */
import { layerToFloat32, type AttentionData } from '../src/protocol/analysis';

class Lru<V> {
  private readonly map = new Map<number, V>();
  constructor(private readonly limit: number) {}

  get(key: number, make: () => V): V {
    let value = this.map.get(key);
    if (value !== undefined) this.map.delete(key);
    else value = make();
    this.map.set(key, value);
    while (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as number);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}

/** How many expanded layers to keep (float32 layers of float32 data are views and cost nothing). */
const LAYER_CACHE = 4;
const MEAN_CACHE = 12;

export class AttentionMatrices {
  private readonly layers = new Lru<Float32Array>(LAYER_CACHE);
  private readonly means = new Lru<Float32Array>(MEAN_CACHE);

  constructor(private readonly data: AttentionData) {}

  get length(): number {
    return this.data.length;
  }

  /** Layer `layer`, head `head` (null = mean over heads), row-major [query][key]; do not modify. */
  matrix(layer: number, head: number | null): Float32Array {
    const t = this.data.length;
    const size = t * t;
    const full = this.layers.get(layer, () => layerToFloat32(this.data.probs[layer], this.data.precision));
    if (head !== null) return full.subarray(head * size, (head + 1) * size);
    return this.means.get(layer, () => meanOfHeads(full, this.data.heads, size));
  }

  /** Expanded layers held right now (tests watch the cache stay bounded). */
  get cachedLayers(): number {
    return this.layers.size;
  }
}

function meanOfHeads(layer: Float32Array, heads: number, size: number): Float32Array {
  const out = new Float32Array(size);
  if (heads === 0) return out;
  // Summed in float64 like attentionRow (src/protocol/attentionMath.ts), so hovers and the view agree.
  const sum = new Float64Array(size);
  for (let h = 0; h < heads; h++) {
    const offset = h * size;
    for (let i = 0; i < size; i++) sum[i] += layer[offset + i];
  }
  for (let i = 0; i < size; i++) out[i] = sum[i] / heads;
  return out;
}
