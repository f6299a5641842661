/**
 * Pure helpers of the Representations tab (browser and unit tests): the colour-table index of a
 * cosine (−1 … 1 on the panel's ramp), the mean similarity of a layer off its diagonal, whether
 * every occurrence has the same vector, and where a projected point sits in a square plot.
 */
import { SAME_COSINE } from '../../src/protocol/reprViews';
import { colorIndex } from '../../src/protocol/colorScale';

/** The colour-table index of a cosine: −1 is the ramp's start, 1 its end. */
export function cosineIndex(c: number): number {
  return colorIndex(Math.max(-1, Math.min(1, c)) + 1, 2);
}

/** Mean cosine off the diagonal of an n × n matrix (1 for a single occurrence). */
export function meanOffDiagonal(cosine: Float32Array, n: number): number {
  if (n < 2) return 1;
  let sum = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) if (p !== q) sum += cosine[p * n + q];
  return sum / (n * (n - 1));
}

/** Whether every pair is the same vector (cosine within 1e-6 of 1): the static layer's lesson. */
export function allIdentical(cosine: Float32Array): boolean {
  return cosine.every((c) => c >= 1 - 1e-6);
}

/** Whether every pair reads as 1.000 (SAME_COSINE): one vector to the reader, whatever the layer. */
export function allShownIdentical(cosine: Float32Array): boolean {
  return cosine.every((c) => c >= SAME_COSINE);
}

/**
 * Each point of a 2-D projection (count × 2, row-major) as a fraction 0…1 of a square plot with a
 * margin: both axes on one scale (distances stay true), centred; all points at the centre when they
 * coincide.
 */
export function plotPositions(points: Float32Array, count: number, margin = 0.08): { x: number; y: number }[] {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, points[i * 2]);
    maxX = Math.max(maxX, points[i * 2]);
    minY = Math.min(minY, points[i * 2 + 1]);
    maxY = Math.max(maxY, points[i * 2 + 1]);
  }
  const span = Math.max(maxX - minX, maxY - minY);
  if (!(span > 1e-9)) return Array.from({ length: count }, () => ({ x: 0.5, y: 0.5 }));
  const scale = (1 - 2 * margin) / span;
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  // Screen y grows downwards: PC2 up.
  return Array.from({ length: count }, (_, i) => ({ x: 0.5 + (points[i * 2] - cx) * scale, y: 0.5 - (points[i * 2 + 1] - cy) * scale }));
}

/** A model id or folder's last part (the embedded models are folders). */
export function modelName(model: string): string {
  return model.split(/[\\/]/).filter(Boolean).pop() ?? model;
}
