/**
 * The benchmark's synthetic attention (tests; plain TypeScript, bundled into the page too): 12
 * layers × 12 heads of softmax rows with a structure per head, so that Node and the page's
 * in-process worker (pageWorker.ts) build the same tensors from the same seed.
 */
import type { AttentionData } from '../../../src/protocol/analysis';
import { seededRandom } from '../../../src/protocol/sampling';
import { toHalf } from './analysisSpec';

export const LAYERS = 12;
export const HEADS = 12;

/** Softmax rows with a structure per head: attend to self, to the previous token, to token 0, or broadly. */
export function syntheticAttention(t: number, seed = 7): AttentionData {
  const next = seededRandom(seed);
  const row = new Float64Array(t);
  const probs = Array.from({ length: LAYERS }, (_, layer) => {
    const values = new Float32Array(HEADS * t * t);
    for (let head = 0; head < HEADS; head++) {
      const kind = (layer * HEADS + head) % 4;
      for (let q = 0; q < t; q++) {
        let sum = 0;
        for (let k = 0; k < t; k++) {
          let score = 2 * next();
          if (kind === 0 && k === q) score += 6;
          if (kind === 1 && k === Math.max(0, q - 1)) score += 6;
          if (kind === 2 && k === 0) score += 7;
          if (kind === 3) score += 1.5 * Math.cos((k - q) / 9);
          row[k] = Math.exp(score);
          sum += row[k];
        }
        for (let k = 0; k < t; k++) values[(head * t + q) * t + k] = row[k] / sum;
      }
    }
    return toHalf(values);
  });
  return { layers: LAYERS, heads: HEADS, length: t, precision: 'float16', probs, scores: null };
}
