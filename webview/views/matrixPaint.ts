/**
 * The matrix view's panes and their painting (browser): one pane per stage (scores before
 * softmax, probabilities after it) with its canvas, mask overlay, axes, crosshair and legend; a
 * reply painted one canvas pixel per served cell through the colour table; a decoder's causal
 * mask hatched over the cells it hides, on light and dark themes alike.
 */
import type { MatrixReply, Stage } from '../../src/protocol/views';
import { buildLut, packLut } from '../../src/protocol/colorScale';
import { el, replaceChildren } from '../common/dom';
import { formatWeight } from '../common/format';
import { t } from '../common/l10n';
import { causalRows, paintRange, replyRange, replyValue } from './matrixMath';
import { cssColor, packColor, themeColor } from '../common/theme';

export const LUT = buildLut();
const LUT32 = packLut(LUT);

/** One stage's heatmap: its canvas, the mask overlay, both axes, the crosshair, title and legend. */
export class Pane {
  readonly canvas: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  readonly plot: HTMLElement;
  readonly frame: HTMLElement;
  readonly queryAxis = el('div', { className: 'axis axis-query', attrs: { 'aria-hidden': 'true' } });
  readonly keyAxis = el('div', { className: 'axis axis-key', attrs: { 'aria-hidden': 'true' } });
  readonly hLine = el('div', { className: 'crosshair crosshair-h' });
  readonly vLine = el('div', { className: 'crosshair crosshair-v' });
  /** The cell itself, ringed: the bands alone are faint on the colour scale (a keyboard user must see where the cursor is). */
  readonly cellRing = el('div', { className: 'crosshair-cell' });
  readonly title = el('h3', { className: 'pane-title' });
  readonly legend = el('span', { className: 'pane-range' });
  /** What the hatched cells are (a decoder's only): the hatching is not on the colour scale. */
  readonly maskKey = el('div', { className: 'mask-key', attrs: { 'aria-hidden': 'true' } }, el('span', { className: 'mask-swatch' }), t('causal mask'));
  readonly element: HTMLElement;
  reply: MatrixReply | null = null;
  range = { lo: 0, hi: 0 };

  constructor(readonly stage: Stage) {
    this.canvas = el('canvas', { className: 'matrix-canvas', attrs: { 'aria-hidden': 'true', 'data-stage': stage } });
    this.overlay = el('canvas', { className: 'matrix-overlay', attrs: { 'aria-hidden': 'true' } });
    this.plot = el('div', { className: 'matrix-plot', attrs: { 'data-stage': stage } }, this.canvas, this.overlay, this.hLine, this.vLine, this.cellRing);
    this.frame = el(
      'div',
      { className: 'heatmap-frame' },
      el('div', { className: 'heatmap-corner' }, el('span', {}, t('query ↓ key →'))),
      this.keyAxis,
      this.queryAxis,
      this.plot,
    );
    this.title.textContent = stage === 'scores' ? t('Scores before softmax (scaled, masked)') : t('Probabilities after softmax');
    this.element = el(
      'div',
      { className: 'matrix-pane' },
      this.title,
      this.frame,
      el('div', { className: 'legend', attrs: { 'aria-hidden': 'true' } }, rampCanvas(), this.legend),
      this.maskKey,
    );
    this.maskKey.hidden = true;
    this.hLine.hidden = true;
    this.vLine.hidden = true;
    this.cellRing.hidden = true;
  }
}

/** Draws a reply into a pane's canvas through the colour table, with its legend and, for a decoder, its mask. */
export function paintPane(pane: Pane, reply: MatrixReply, decoder: boolean): void {
  pane.reply = reply;
  const { width, height, data } = reply;
  if (pane.canvas.width !== width || pane.canvas.height !== height) {
    pane.canvas.width = width;
    pane.canvas.height = height;
  }
  const context = pane.canvas.getContext('2d');
  if (!context || width === 0 || height === 0) return;
  const image = context.createImageData(width, height);
  const values = data instanceof Uint8Array ? Float32Array.from(data, (_, i) => replyValue(data, i, reply.min, reply.max)) : data;
  pane.range = replyRange(reply, pane.stage);
  paintRange(values, pane.range.lo, pane.range.hi, LUT32, packColor(themeColor('--masked', '#808080')), new Uint32Array(image.data.buffer));
  context.putImageData(image, 0, 0);
  pane.canvas.dataset.lo = String(pane.range.lo);
  pane.canvas.dataset.hi = String(pane.range.hi);
  const range = `${formatWeight(pane.range.lo)} … ${formatWeight(pane.range.hi)}`;
  pane.legend.textContent = reply.block > 1 ? t('{0} · each cell the mean of {1}×{1}', range, reply.block) : range;
  pane.legend.title = pane.legend.textContent;
  paintMask(pane, reply, decoder);
}

/**
 * Forgets a pane's reply; with `clear`, also empties its plot (cells, mask, range): a new analysis's
 * labels must never stand over the last one's cells while its own are on their way (a busy engine
 * can take a second to answer). Within one analysis the old cells stay until the new ones come.
 */
export function resetPane(pane: Pane, clear: boolean): void {
  pane.reply = null;
  if (!clear) return;
  pane.canvas.getContext('2d')?.clearRect(0, 0, pane.canvas.width, pane.canvas.height);
  // An overlay that never held a mask has no drawing context to clear (nor should it get one).
  if (pane.overlay.dataset.masked === 'true') {
    pane.overlay.getContext('2d')?.clearRect(0, 0, pane.overlay.width, pane.overlay.height);
    pane.overlay.dataset.masked = 'false';
  }
  pane.legend.textContent = '';
  pane.legend.title = '';
}

/** Gives a pane's plot `side` CSS px (and its axes, `axis` px for the query labels); the mask overlay's bitmap only when its device size changed (that clears it: the mask is drawn again). */
export function sizePane(p: Pane, side: number, axis: number, dpr: number, decoder: boolean): void {
  p.maskKey.hidden = !decoder;
  for (const node of [p.canvas, p.overlay, p.plot]) {
    node.style.width = `${side}px`;
    node.style.height = `${side}px`;
  }
  p.keyAxis.style.width = `${side}px`;
  p.element.style.width = `${axis + side}px`;
  p.queryAxis.style.height = `${side}px`;
  const device = Math.round(side * dpr);
  if (p.overlay.width !== device || p.overlay.height !== device) {
    p.overlay.width = device;
    p.overlay.height = device;
    if (p.reply) paintMask(p, p.reply, decoder);
  }
}

/** The crosshair over `cell` in each pane, hidden when the cell is outside the window `w` shown at `side` CSS px. */
export function placeCrosshair(
  panes: readonly Pane[],
  cell: { query: number; key: number } | null,
  w: { row0: number; col0: number; size: number },
  side: number,
): void {
  const cellCss = side / Math.max(1, w.size);
  for (const p of panes) {
    const inside = cell !== null && cell.query >= w.row0 && cell.query < w.row0 + w.size && cell.key >= w.col0 && cell.key < w.col0 + w.size;
    p.hLine.hidden = !inside;
    p.vLine.hidden = !inside;
    p.cellRing.hidden = !inside;
    if (!inside || !cell) continue;
    const [top, left, size] = [`${(cell.query - w.row0) * cellCss}px`, `${(cell.key - w.col0) * cellCss}px`, `${Math.max(1, cellCss)}px`];
    Object.assign(p.hLine.style, { top, height: size });
    Object.assign(p.vLine.style, { left, width: size });
    Object.assign(p.cellRing.style, { top, left, width: size, height: size });
  }
}

/** The axes' labels at their tokens' places: `rows` (query indices) down the left, `cols` (key indices) along the top. */
export function placeAxisLabels(
  pane: Pane,
  labels: readonly string[],
  query: { rows: readonly number[]; from: number },
  key: { cols: readonly number[]; from: number },
  cellCss: number,
  focusedRow: number | null,
): void {
  const label = (i: number, from: number, vertical: boolean): HTMLElement => {
    const node = el('span', { className: i === focusedRow ? 'axis-label focused' : 'axis-label' }, labels[i] ?? '');
    const offset = `${(i - from + 0.5) * cellCss}px`;
    if (vertical) node.style.left = offset;
    else node.style.top = offset;
    return node;
  };
  replaceChildren(pane.queryAxis, ...query.rows.map((i) => label(i, query.from, false)));
  replaceChildren(pane.keyAxis, ...key.cols.map((i) => label(i, key.from, true)));
}

/** Hatches the causal mask (key > query) of a decoder over the window the reply covers. */
export function paintMask(pane: Pane, reply: MatrixReply, decoder: boolean): void {
  // An encoder's overlay that never held a mask stays without a drawing context (it costs a bitmap).
  if (!decoder && pane.overlay.dataset.masked !== 'true') {
    pane.overlay.dataset.masked = 'false';
    return;
  }
  const context = pane.overlay.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, pane.overlay.width, pane.overlay.height);
  pane.overlay.dataset.masked = 'false';
  if (!decoder) return;
  const w = { row0: reply.rows.start, col0: reply.cols.start, size: reply.rows.count };
  const rows = causalRows(w);
  const side = pane.overlay.width;
  const rowH = side / w.size;
  // A neutral fill off the colour scale, then hatching in the foreground colour: masked cells
  // never read as weights near zero, on light and dark themes alike.
  for (const style of [cssColor('--masked', '#808080'), hatch(context)]) {
    context.fillStyle = style;
    for (let r = 0; r < rows.length; r++) {
      if (rows[r] >= 1) continue;
      const x = Math.floor(rows[r] * side);
      context.fillRect(x, Math.floor(r * rowH), side - x, Math.ceil(rowH));
    }
  }
  pane.overlay.dataset.masked = 'true';
}

/** The colour scale as a strip for a legend (the matrix panes', the occurrences' cosines). */
export function rampCanvas(): HTMLCanvasElement {
  const canvas = el('canvas', { className: 'legend-ramp' });
  canvas.width = LUT.length / 4;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  if (context) {
    const image = context.createImageData(canvas.width, 1);
    image.data.set(LUT);
    context.putImageData(image, 0, 0);
  }
  return canvas;
}

let hatchCache: { pattern: CanvasPattern; colour: string } | null = null;

/** Diagonal hatching in the theme's foreground colour, for masked cells. */
export function hatch(context: CanvasRenderingContext2D): CanvasPattern | string {
  const colour = cssColor('--hatch', 'rgba(128,128,128,0.6)');
  if (hatchCache?.colour === colour) return hatchCache.pattern;
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const pen = tile.getContext('2d');
  if (!pen) return colour;
  pen.strokeStyle = colour;
  pen.lineWidth = 1.5;
  pen.beginPath();
  pen.moveTo(0, 8);
  pen.lineTo(8, 0);
  pen.stroke();
  const pattern = context.createPattern(tile, 'repeat');
  if (!pattern) return colour;
  hatchCache = { pattern, colour };
  return pattern;
}
