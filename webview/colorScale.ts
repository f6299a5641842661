/**
 * The heatmap's colour scale (pure: browser and Node). A 256-entry lookup table for a sequential,
 * colour-blind-safe ramp (dark blue-violet → teal → green → yellow, monotonic in lightness), built
 * by interpolating a few anchor colours, so that painting a cell is one table read.
 */

export type Rgb = readonly [number, number, number];

/** Anchor colours of the ramp, evenly spaced from 0 to 1 (the viridis family's landmarks). */
export const ANCHORS: readonly Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export const LUT_SIZE = 256;

/** RGBA bytes, LUT_SIZE × 4. */
export function buildLut(anchors: readonly Rgb[] = ANCHORS): Uint8ClampedArray {
  if (anchors.length < 2) throw new Error('a colour scale needs at least two anchors');
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  const segments = anchors.length - 1;
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = (i / (LUT_SIZE - 1)) * segments;
    const s = Math.min(Math.floor(t), segments - 1);
    const f = t - s;
    const a = anchors[s];
    const b = anchors[s + 1];
    for (let c = 0; c < 3; c++) lut[i * 4 + c] = Math.round(a[c] + (b[c] - a[c]) * f);
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The same table as 32-bit pixels in the platform's byte order, for writing ImageData a pixel at a time. */
export function packLut(lut: Uint8ClampedArray): Uint32Array {
  const packed = new Uint32Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b, a] = [lut[i * 4], lut[i * 4 + 1], lut[i * 4 + 2], lut[i * 4 + 3]];
    packed[i] = LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
  }
  return packed;
}

/** Table index of `value` on a scale from 0 to `max` (NaN, negatives and an empty scale give 0). */
export function colorIndex(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  const i = Math.round((value / max) * (LUT_SIZE - 1));
  return i > LUT_SIZE - 1 ? LUT_SIZE - 1 : i;
}

/** The colour of `value` as [r, g, b]. */
export function colorOf(lut: Uint8ClampedArray, value: number, max: number): Rgb {
  const i = colorIndex(value, max) * 4;
  return [lut[i], lut[i + 1], lut[i + 2]];
}

/** WCAG relative luminance of an sRGB colour, 0..1 (the ramp is checked to rise monotonically). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
