/**
 * Where each token of the token strip sits (pure: browser and Node): the tokens flow left to right
 * and wrap like text, and since their widths are measured once (monospace text, one canvas
 * measureText per token), their places are arithmetic — so the strip puts in the page only the
 * rows in view (a 512-token strip is a few dozen elements, not 512 for Chromium to lay out).
 *
 *   const layout = layoutStrip(widths, list.clientWidth, 2);
 *   const [first, last] = rowsInView(layout, scrollTop, height, ROW); // tokens layout.rowStart[first]…
 */

export interface StripLayout {
  /** x of each token's left edge, px from the content box's left. */
  readonly x: Float64Array;
  /** The row of each token. */
  readonly row: Int32Array;
  /** The first token of each row, and one past the last at the end (rows + 1 entries). */
  readonly rowStart: Int32Array;
  readonly rows: number;
}

/**
 * Flows tokens of `widths` px into rows at most `available` px wide with `gap` px between
 * neighbours; a token wider than a row gets a row of its own.
 */
export function layoutStrip(widths: ArrayLike<number>, available: number, gap: number): StripLayout {
  const n = widths.length;
  const x = new Float64Array(n);
  const row = new Int32Array(n);
  const starts = [0];
  let at = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (at > 0 && at + widths[i] > available) {
      r++;
      at = 0;
      starts.push(i);
    }
    x[i] = at;
    row[i] = r;
    at += widths[i] + gap;
  }
  starts.push(n);
  return { x, row, rowStart: Int32Array.from(starts), rows: n === 0 ? 0 : r + 1 };
}

/** Rows [first, last] that show in a viewport of `height` px scrolled by `scrollTop`, with `margin` rows either side. */
export function rowsInView(layout: StripLayout, scrollTop: number, height: number, rowHeight: number, margin = 2): [number, number] {
  if (layout.rows === 0) return [0, -1];
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - margin);
  const last = Math.min(layout.rows - 1, Math.ceil((scrollTop + height) / rowHeight) + margin);
  return [first, last];
}

/** The scrollTop that brings row `r` into a viewport of `height` px (unchanged when it shows already). */
export function scrollToRow(scrollTop: number, height: number, rowHeight: number, r: number): number {
  const top = r * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + height) return Math.max(0, top + rowHeight - height);
  return scrollTop;
}
