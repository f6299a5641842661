/**
 * What turns a computed window of the attention views into a reply (pure TypeScript, all runtimes;
 * served by the engine worker through `serveView`): block-mean downsampling, the value range and
 * byte encoding, and the strongest links of a window.
 */

/** Block-mean of an h × w matrix over `block` × `block` cells (edge blocks average what they hold); −∞ cells are skipped, a block of only −∞ stays −∞. */
export function downsample(values: Float64Array, h: number, w: number, block: number): { data: Float64Array; height: number; width: number } {
  if (block <= 1) return { data: values, height: h, width: w };
  const height = Math.ceil(h / block);
  const width = Math.ceil(w / block);
  const sum = new Float64Array(height * width);
  const count = new Int32Array(height * width);
  for (let y = 0; y < h; y++) {
    const cellRow = Math.floor(y / block) * width;
    const base = y * w;
    for (let x = 0; x < w; x++) {
      const v = values[base + x];
      if (v === Number.NEGATIVE_INFINITY) continue;
      const cell = cellRow + Math.floor(x / block);
      sum[cell] += v;
      count[cell]++;
    }
  }
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] > 0 ? sum[i] / count[i] : Number.NEGATIVE_INFINITY;
  return { data: sum, height, width };
}

/** Smallest and largest finite value (0, 0 when there is none), and whether a −∞ (masked) cell occurs. */
export function valueRange(values: ArrayLike<number>): { min: number; max: number; masked: boolean } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let masked = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Number.NEGATIVE_INFINITY) masked = true;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max, masked } : { min: 0, max: 0, masked };
}

/**
 * Bytes for values on [min, max]: without masked cells 0..255 map linearly onto [min, max]; with
 * them, 0 is masked (−∞) and 1..255 map onto [min, max]. When min = max every finite value is the
 * lowest byte of its scale.
 */
export function quantise(values: ArrayLike<number>, min: number, max: number, masked: boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  const low = masked ? 1 : 0;
  const scale = max > min ? (255 - low) / (max - min) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === Number.NEGATIVE_INFINITY ? 0 : low + Math.round((v - min) * scale);
  }
  return out;
}

/**
 * The strongest links of rows × n weights: per query at most `topK` keys with weight ≥ threshold,
 * sorted by query, then weight (largest first), then key.
 */
export function topLinks(
  m: Float64Array,
  rows: number,
  n: number,
  topK: number,
  threshold: number,
): { query: Uint16Array; keyIndex: Uint16Array; weight: Float32Array } {
  const query: number[] = [];
  const keyIndex: number[] = [];
  const weight: number[] = [];
  const bestKey = new Int32Array(topK);
  const bestWeight = new Float64Array(topK);
  for (let q = 0; q < rows; q++) {
    let kept = 0;
    const base = q * n;
    for (let k = 0; k < n; k++) {
      const w = m[base + k];
      if (!(w >= threshold && w < Number.POSITIVE_INFINITY)) continue;
      if (kept === topK && w <= bestWeight[kept - 1]) continue;
      let at = kept < topK ? kept++ : kept - 1;
      while (at > 0 && bestWeight[at - 1] < w) {
        bestWeight[at] = bestWeight[at - 1];
        bestKey[at] = bestKey[at - 1];
        at--;
      }
      bestWeight[at] = w;
      bestKey[at] = k;
    }
    for (let i = 0; i < kept; i++) {
      query.push(q);
      keyIndex.push(bestKey[i]);
      weight.push(bestWeight[i]);
    }
  }
  return { query: Uint16Array.from(query), keyIndex: Uint16Array.from(keyIndex), weight: Float32Array.from(weight) };
}
