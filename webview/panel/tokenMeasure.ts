/**
 * How wide each token of the token strip is (browser): its label's characters measured one by one
 * on a canvas in the tokens' own font (read once from a probe in the strip), plus the spacing the
 * reader's style adds (letter-spacing after each character, word-spacing after each space: WCAG
 * 1.4.12; a canvas knows neither), plus the box around them. The canvas and each character's width are kept from one analysis to the next (a new 2D
 * context costs milliseconds, and most characters were met before), cleared when the font changes.
 *
 *   const measurer = new TokenMeasurer(sizer);
 *   const widths = measurer.measure(tokens, labels); // px, box included
 *   measurer.restyle(); // the theme changed: the next measure reads the font again
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import { el } from '../common/dom';

/** Padding, border and slack of a token box around its text, px (tokens.css). */
export const BOX = 9;
const MASK_MARK = ' ▢';

export class TokenMeasurer {
  /** The tokens' font as measured with (null: to be read again). */
  private font: string | null = null;
  /** The tokens' letter-spacing and word-spacing, px, read with the font. */
  private spacing = { letter: 0, word: 0 };
  private measurer: CanvasRenderingContext2D | null | undefined;
  private readonly charWidths = new Map<string, number>();

  /** `probeIn`: where a token's font can be read (an element of the strip, in the page). */
  constructor(private readonly probeIn: HTMLElement) {}

  /** The theme or the editor font changed: the next tokens are measured with the font they have then. */
  restyle(): void {
    this.font = null;
  }

  /**
   * Each token's box width: its label's characters measured one by one on a canvas (a monospace
   * font has no kerning; a character met again costs nothing), plus the box around them.
   */
  measure(tokens: readonly TokenInfo[], labels: readonly string[]): Float64Array {
    if (this.font === null) {
      this.font = this.tokenFont();
      this.charWidths.clear();
    }
    if (this.measurer === undefined) this.measurer = document.createElement('canvas').getContext('2d');
    const context = this.measurer;
    const widths = new Float64Array(tokens.length);
    if (!context) return widths.fill(60);
    context.font = this.font;
    const chars = this.charWidths;
    // Bounded: a long session of documents in many scripts does not keep every character it met.
    if (chars.size > 4096) chars.clear();
    const { letter, word } = this.spacing;
    const measure = (text: string): number => {
      let sum = 0;
      for (const c of text) {
        let w = chars.get(c);
        if (w === undefined) chars.set(c, (w = context.measureText(c).width));
        // A code point, not a grapheme, takes the letter-spacing: a combining mark errs wide, never cut.
        sum += w + letter + (c === ' ' || c === '\u00a0' ? word : 0);
      }
      return sum;
    };
    tokens.forEach((token, i) => {
      widths[i] = Math.ceil(measure(labels[i] ?? '') + (token.masked ? measure(MASK_MARK) + 2 : 0)) + BOX;
    });
    return widths;
  }

  /** A token's font, read from a probe (this reads the page's style), and its spacing (`normal`: none). */
  private tokenFont(): string {
    const probe = el('span', { className: 'token' });
    this.probeIn.append(probe);
    const style = getComputedStyle(probe);
    const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const px = (value: string): number => Math.max(0, parseFloat(value) || 0);
    this.spacing = { letter: px(style.letterSpacing), word: px(style.wordSpacing) };
    probe.remove();
    return font;
  }
}
