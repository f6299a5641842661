/**
 * The heatmap's axis labels, free of the DOM (pure: browser and Node): every how many cells a label
 * fits, and which positions get one (the focused one always). The window arithmetic (hit-testing,
 * zoom, pan, painting) is in matrixMath.ts.
 */
export interface Cell {
  readonly query: number;
  readonly key: number;
}

const NICE_STRIDES = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];

/** Every how many cells a label fits, given the cell size and a label's minimum spacing (CSS px). */
export function labelStride(cellCss: number, minSpacingCss: number): number {
  for (const s of NICE_STRIDES) if (s * cellCss >= minSpacingCss) return s;
  return Math.ceil(minSpacingCss / Math.max(cellCss, 1e-6));
}

/** The positions that get an axis label: every `stride`-th, and the focused one if any. */
export function labelPositions(count: number, stride: number, focused: number | null = null): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i += stride) out.push(i);
  if (focused !== null && focused >= 0 && focused < count && focused % stride !== 0) {
    // Drop the regular neighbours the focused label would collide with.
    const near = (i: number): boolean => Math.abs(i - focused) < stride;
    return [...out.filter((i) => !near(i)), focused].sort((a, b) => a - b);
  }
  return out;
}
