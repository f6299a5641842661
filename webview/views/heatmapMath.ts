/**
 * The heatmap's arithmetic, free of the DOM (pure: browser and Node): cell size for a device pixel
 * ratio, pointer → cell hit-testing, which axis labels to show, painting a matrix into pixels.
 */
export interface Cell {
  readonly query: number;
  readonly key: number;
}

/**
 * CSS pixels per cell: as large as fits in `available` CSS pixels (at most `maxCss`), rounded down
 * to whole device pixels so that every cell is the same number of device pixels (crisp, no seams).
 * Never less than one device pixel.
 */
export function cellSize(available: number, count: number, dpr: number, maxCss = 28): number {
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  if (count <= 0) return 1 / ratio;
  const fit = Math.min(available / count, maxCss);
  const device = Math.max(1, Math.floor(fit * ratio + 1e-9));
  return device / ratio;
}

/**
 * The cell under a point given in CSS pixels relative to the drawn matrix's top-left corner,
 * whose drawn size is `width` × `height`; null outside.
 */
export function hitTest(x: number, y: number, width: number, height: number, count: number): Cell | null {
  if (!(width > 0) || !(height > 0) || count <= 0) return null;
  if (x < 0 || y < 0 || x >= width || y >= height) return null;
  const key = Math.min(count - 1, Math.floor((x / width) * count));
  const query = Math.min(count - 1, Math.floor((y / height) * count));
  return { query, key };
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

/** The largest finite value of a matrix (0 when there is none). */
export function matrixMax(matrix: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < matrix.length; i++) {
    const v = matrix[i];
    if (v > max && v !== Number.POSITIVE_INFINITY) max = v;
  }
  return max;
}

/** Paints `matrix` (row-major query × key) into `pixels` through a packed colour table (see colorIndex), scaled to `max`. */
export function paintMatrix(matrix: ArrayLike<number>, max: number, lut32: Uint32Array, pixels: Uint32Array): void {
  const n = Math.min(matrix.length, pixels.length);
  if (!(max > 0)) {
    pixels.fill(lut32[0], 0, n);
    return;
  }
  const top = lut32.length - 1;
  for (let i = 0; i < n; i++) {
    const v = matrix[i];
    // colorIndex, inlined (same expression, same rounding): this loop runs T² times per redraw.
    let c = v > 0 ? Math.round((v / max) * top) : 0;
    if (c > top) c = top;
    pixels[i] = lut32[c];
  }
}
