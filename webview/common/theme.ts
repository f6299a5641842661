/**
 * Colours from the VS Code theme for canvas drawing (browser): a CSS custom property resolved
 * through the page's style sheet (which maps `--vscode-*` variables to the view's names), turned
 * into RGBA bytes by the canvas itself, so any CSS colour syntax works. Also the categorical
 * colours that tell heads apart, chosen for colour-vision deficiencies (Okabe & Ito's set).
 */

let probe: CanvasRenderingContext2D | null = null;
/** Colours resolved since the theme last changed (each costs a style recalculation and a canvas read). */
let resolved: Map<string, [number, number, number, number]> | null = null;

/** The CSS colour of `--name` on the root element, as [r, g, b, a] bytes. */
export function themeColor(name: string, fallback: string): [number, number, number, number] {
  if (!resolved) {
    resolved = new Map();
    // VS Code changes theme through the root's style and class and the body's class: forget then.
    const forget = new MutationObserver(() => resolved?.clear());
    forget.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    if (document.body) forget.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }
  const key = `${name}|${fallback}`;
  const known = resolved.get(key);
  if (known) return [...known];
  const colour = resolve(name, fallback);
  resolved.set(key, colour);
  return [...colour];
}

function resolve(name: string, fallback: string): [number, number, number, number] {
  const css = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
  probe ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probe) return [128, 128, 128, 255];
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = fallback;
  probe.fillStyle = css;
  probe.fillRect(0, 0, 1, 1);
  const d = probe.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}

export function cssColor(name: string, fallback: string): string {
  const [r, g, b, a] = themeColor(name, fallback);
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(3)})`;
}

/** RGBA bytes as one 32-bit pixel in the platform's byte order (little-endian: ABGR). */
export function packColor([r, g, b, a]: readonly number[]): number {
  return new Uint32Array(new Uint8ClampedArray([r, g, b, a]).buffer)[0];
}

/** Okabe & Ito's eight colours for categorical data, black left out (it vanishes on dark themes). */
const HEAD_COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7'];

/** The line colour of the i-th head the head view shows at once. */
export function headColour(i: number): string {
  if (i < HEAD_COLOURS.length) return HEAD_COLOURS[i];
  // Beyond seven, spread hues by the golden angle (distinct, though no longer all colour-blind safe).
  return `hsl(${Math.round((i * 137.508) % 360)}, 70%, 55%)`;
}
