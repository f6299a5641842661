/**
 * The heatmap's colour scale (pure: browser and Node). A 256-entry lookup table for a sequential,
 * colour-blind-safe ramp, so that painting a cell is one table read. The ramp is computed, not
 * copied: a path through the OKLab colour space (Ottosson 2020: OKLab → LMS by a matrix, cube,
 * → linear sRGB by a matrix) whose perceptual lightness L rises linearly from dark to light while
 * the hue turns from blue-violet through teal and green to yellow — a blue–yellow ramp, which
 * the common colour-vision deficiencies (red–green) still read in order, and which reads in order
 * without colour at all because lightness alone is monotonic. Chroma is reduced where a colour
 * would leave the sRGB gamut.
 */

export type Rgb = readonly [number, number, number];

export const LUT_SIZE = 256;

const L0 = 0.28;
const L1 = 0.93;
/** Hue (degrees in the OKLab a–b plane) at the dark end and at the light end. */
const HUE0 = 290;
const HUE1 = 105;

/** Linear sRGB of an OKLab colour (Ottosson's published matrices). */
function oklabToLinear(l: number, a: number, b: number): [number, number, number] {
  const l_ = (l + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m_ = (l - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s_ = (l - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
    -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
    -0.0041960863 * l_ - 0.7034186147 * m_ + 1.707614701 * s_,
  ];
}

/** The sRGB transfer function (IEC 61966-2-1), linear → encoded, 0..1. */
function encode(c: number): number {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
}

/** The ramp's colour at t in [0, 1]. */
export function rampColor(t: number): Rgb {
  const u = Math.max(0, Math.min(1, t));
  const l = L0 + (L1 - L0) * u;
  const hue = ((HUE0 + (HUE1 - HUE0) * u) * Math.PI) / 180;
  // Chroma: moderate at the dark end, lowest around teal, strongest at the yellow end.
  let chroma = 0.13 - 0.12 * u + 0.16 * u * u;
  let rgb = oklabToLinear(l, chroma * Math.cos(hue), chroma * Math.sin(hue));
  for (let i = 0; i < 30 && rgb.some((c) => c < 0 || c > 1); i++) {
    chroma *= 0.9;
    rgb = oklabToLinear(l, chroma * Math.cos(hue), chroma * Math.sin(hue));
  }
  const byte = (c: number): number => Math.round(encode(Math.max(0, Math.min(1, c))) * 255);
  return [byte(rgb[0]), byte(rgb[1]), byte(rgb[2])];
}

/** RGBA bytes, LUT_SIZE × 4. */
export function buildLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = rampColor(i / (LUT_SIZE - 1));
    lut.set([r, g, b, 255], i * 4);
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
