/**
 * WCAG's contrast ratio, for the webview tests (plain Node): of two sRGB colours, and of a CSS colour
 * string as getComputedStyle writes it ("rgb(55, 148, 255)").
 *
 *   contrast([0, 0, 0], [255, 255, 255]); // 21
 */

/** The channels of a computed `rgb(…)`/`rgba(…)` colour. */
export const channels = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);

/** WCAG's contrast ratio of two sRGB colours (0–255 channels). */
export function contrast(a: readonly number[], b: readonly number[]): number {
  const luminance = (c: readonly number[]): number => {
    const [r, g, bl] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
