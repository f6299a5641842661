/**
 * The matrix view (browser): the query × key heatmap of one head or a combination, asked of the
 * host window by window. The visible window is requested downsampled to the canvas's device
 * pixels (one canvas pixel per served cell, scaled up without smoothing), so a 512-token input
 * costs what the screen shows, not T². For one head with scores, the two stages sit side by side:
 * scores before softmax (scaled, masked) and probabilities after it. For a decoder the causal upper
 * triangle is hatched as masked. Labels thin out with the cell size; a crosshair reads the exact
 * value with the query and key tokens; zoom (buttons, +/−, ctrl+wheel) and pan (drag, shift+arrows)
 * move the window.
 */
import type { Cleaning, Combine, MatrixReply, Stage } from '../../src/protocol/views';
import { buildLut, packLut } from '../common/colorScale';
import { button, el, replaceChildren } from '../common/dom';
import { formatWeight } from '../common/format';
import { labelPositions, labelStride, type Cell } from './heatmapMath';
import {
  causalRows,
  clampWindow,
  fullWindow,
  panWindow,
  paintRange,
  replyValue,
  revealCell,
  valueRange,
  windowHit,
  zoomWindow,
  type MatrixWindow,
} from './matrixMath';
import { moveInGrid } from '../common/navigation';
import { cssColor, packColor, themeColor } from '../common/theme';
import type { ViewSource } from '../common/viewSource';

export interface MatrixContext {
  readonly source: ViewSource;
  readonly key: number;
  /** Labels of the (cleaned) axis. */
  readonly labels: readonly string[];
  readonly decoder: boolean;
  readonly hasScores: boolean;
  readonly layer: number;
  readonly combine: Combine;
  readonly cleaning: Cleaning;
}

export interface MatrixEvents {
  /** A cell was picked (click or Enter): the panel focuses its query token. */
  onPick(cell: Cell): void;
}

export const LUT = buildLut();
const LUT32 = packLut(LUT);
const AXIS = 88;
const LABEL_SPACING = 14;
const MAX_SIDE = 560;

class Pane {
  readonly canvas: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  readonly plot: HTMLElement;
  readonly frame: HTMLElement;
  readonly queryAxis = el('div', { className: 'axis axis-query', attrs: { 'aria-hidden': 'true' } });
  readonly keyAxis = el('div', { className: 'axis axis-key', attrs: { 'aria-hidden': 'true' } });
  readonly hLine = el('div', { className: 'crosshair crosshair-h' });
  readonly vLine = el('div', { className: 'crosshair crosshair-v' });
  readonly title = el('h3', { className: 'pane-title' });
  readonly legend = el('span', { className: 'pane-range' });
  readonly element: HTMLElement;
  reply: MatrixReply | null = null;
  range = { lo: 0, hi: 0 };

  constructor(readonly stage: Stage) {
    this.canvas = el('canvas', { className: 'matrix-canvas', attrs: { 'aria-hidden': 'true', 'data-stage': stage } });
    this.overlay = el('canvas', { className: 'matrix-overlay', attrs: { 'aria-hidden': 'true' } });
    this.plot = el('div', { className: 'matrix-plot', attrs: { 'data-stage': stage } }, this.canvas, this.overlay, this.hLine, this.vLine);
    this.frame = el(
      'div',
      { className: 'heatmap-frame' },
      el('div', { className: 'heatmap-corner' }, el('span', {}, 'query ↓ key →')),
      this.keyAxis,
      this.queryAxis,
      this.plot,
    );
    this.title.textContent = stage === 'scores' ? 'Scores before softmax (scaled, masked)' : 'Probabilities after softmax';
    this.element = el(
      'div',
      { className: 'matrix-pane' },
      this.title,
      this.frame,
      el('div', { className: 'legend', attrs: { 'aria-hidden': 'true' } }, rampCanvas(), this.legend),
    );
    this.hLine.hidden = true;
    this.vLine.hidden = true;
  }
}

export class MatrixView {
  readonly element: HTMLElement;
  private readonly panesBox = el('div', { className: 'matrix-panes' });
  private readonly readout = el('div', { className: 'readout', attrs: { 'aria-live': 'polite', 'data-testid': 'matrix-readout' } });
  private readonly windowLine = el('span', { className: 'matrix-window muted' });
  private readonly errorLine = el('p', { className: 'view-error', attrs: { role: 'alert' } });
  private readonly focusBox: HTMLElement;
  private panes: Pane[] = [];
  private context: MatrixContext | null = null;
  private window: MatrixWindow = fullWindow(0);
  private side = 0;
  private cell: Cell | null = null;
  private focusedRow: number | null = null;
  private frameRequest = 0;
  private generation = 0;
  private paints = 0;
  private drag: { x: number; y: number; w: MatrixWindow } | null = null;

  constructor(private readonly events: MatrixEvents) {
    const zoomIn = button('+', () => this.zoom(0.5), 'button secondary small');
    const zoomOut = button('−', () => this.zoom(2), 'button secondary small');
    zoomIn.setAttribute('aria-label', 'Zoom in');
    zoomOut.setAttribute('aria-label', 'Zoom out');
    const fit = button('Fit', () => this.setWindow(fullWindow(this.axis)), 'button secondary small');
    this.focusBox = el(
      'div',
      { className: 'matrix-focus', attrs: { tabindex: '0', role: 'group', 'aria-roledescription': 'heatmap', 'aria-describedby': 'matrix-help' } },
      this.panesBox,
    );
    const help = el(
      'p',
      { className: 'help', attrs: { id: 'matrix-help' } },
      'Rows are queries, columns are keys. Arrow keys move the cell cursor, Shift+arrows pan, + and − zoom, Enter selects the row’s token, Escape clears.',
    );
    this.element = el(
      'div',
      { className: 'matrix-view' },
      el('div', { className: 'controls' }, zoomIn, zoomOut, fit, this.windowLine),
      this.errorLine,
      this.focusBox,
      this.readout,
      help,
    );
    this.errorLine.hidden = true;
    this.focusBox.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.focusBox.addEventListener('pointerleave', () => this.setCell(null));
    this.focusBox.addEventListener('pointerdown', (e) => {
      if (e.button === 0) this.drag = { x: e.clientX, y: e.clientY, w: this.window };
    });
    window.addEventListener('pointerup', () => (this.drag = null));
    this.focusBox.addEventListener('click', (e) => {
      const hit = this.hit(e);
      if (hit) this.events.onPick(hit.cell);
    });
    this.focusBox.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey && !e.metaKey) return;
        e.preventDefault();
        const hit = this.hit(e);
        const r = hit?.pane.plot.getBoundingClientRect();
        this.zoom(e.deltaY < 0 ? 0.8 : 1.25, r ? (e.clientX - r.left) / r.width : 0.5, r ? (e.clientY - r.top) / r.height : 0.5);
      },
      { passive: false },
    );
    this.focusBox.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.layout(false)).observe(this.element);
    this.showReadout();
  }

  /** The length of the (cleaned) axis shown. */
  get axis(): number {
    return this.context?.labels.length ?? 0;
  }

  /** The window on screen. */
  get visible(): MatrixWindow {
    return this.window;
  }

  /** What the panes show now (export). */
  get shown(): readonly { readonly stage: Stage; readonly reply: MatrixReply; readonly canvas: HTMLCanvasElement; readonly overlay: HTMLCanvasElement }[] {
    return this.panes.filter((p) => p.reply).map((p) => ({ stage: p.stage, reply: p.reply as MatrixReply, canvas: p.canvas, overlay: p.overlay }));
  }

  get labels(): readonly string[] {
    return this.context?.labels ?? [];
  }

  /** The CSS size of each pane's plot. */
  get plotSide(): number {
    return this.side;
  }

  get description(): string {
    const c = this.context;
    if (!c) return 'matrix';
    return `layer${c.layer}-${combineName(c.combine)}`;
  }

  show(context: MatrixContext): void {
    const axisChanged = context.labels.length !== this.axis || context.key !== this.context?.key;
    this.context = context;
    const stages: Stage[] = context.combine.kind === 'head' && context.hasScores ? ['scores', 'probs'] : ['probs'];
    if (stages.join() !== this.panes.map((p) => p.stage).join()) {
      this.panes = stages.map((s) => new Pane(s));
      replaceChildren(this.panesBox, ...this.panes.map((p) => p.element));
    }
    for (const p of this.panes) p.reply = null;
    if (axisChanged) this.window = fullWindow(context.labels.length);
    this.window = clampWindow(this.window, context.labels.length);
    this.cell = null;
    this.layout(true);
  }

  setFocusedRow(query: number | null): void {
    this.focusedRow = query;
    this.placeLabels();
  }

  setWindow(w: MatrixWindow): void {
    const next = clampWindow(w, this.axis);
    if (next.row0 === this.window.row0 && next.col0 === this.window.col0 && next.size === this.window.size) return;
    this.window = next;
    this.placeLabels();
    this.request();
  }

  zoom(factor: number, fx = 0.5, fy = 0.5): void {
    this.setWindow(zoomWindow(this.window, factor, this.axis, fx, fy));
  }

  /** Sizes the panes; asks for new data when the device size changed or `force`. */
  private layout(force: boolean): void {
    if (!this.context) return;
    const dpr = window.devicePixelRatio || 1;
    const n = this.panes.length;
    const width = this.element.clientWidth || 600;
    const available = Math.floor((width - n * (AXIS + 16)) / n);
    // At most 28 CSS px per cell, so that a short input stays a compact table.
    const side = Math.max(120, Math.min(MAX_SIDE, available, this.window.size * 28));
    const changed = side !== this.side;
    this.side = side;
    for (const p of this.panes) {
      for (const node of [p.canvas, p.overlay, p.plot]) {
        node.style.width = `${side}px`;
        node.style.height = `${side}px`;
      }
      p.keyAxis.style.width = `${side}px`;
      p.queryAxis.style.height = `${side}px`;
      const device = Math.round(side * dpr);
      // Resizing a canvas clears it: only when the size changed, then the mask is drawn again.
      if (p.overlay.width !== device || p.overlay.height !== device) {
        p.overlay.width = device;
        p.overlay.height = device;
        if (p.reply) this.paintMask(p, p.reply);
      }
    }
    this.placeLabels();
    if (force || changed) this.request();
  }

  private get deviceSide(): number {
    return Math.max(1, Math.round(this.side * (window.devicePixelRatio || 1)));
  }

  private request(): void {
    if (this.frameRequest) return;
    // Coalesce: a drag or a burst of keys asks once per frame.
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      void this.fetch();
    });
  }

  private async fetch(): Promise<void> {
    const c = this.context;
    if (!c || this.axis === 0) return;
    const generation = ++this.generation;
    const w = this.window;
    const span = { start: 0, count: w.size };
    const outcomes = await Promise.all(
      this.panes.map((p) =>
        c.source.matrix(`matrix-${p.stage}`, {
          key: c.key,
          layer: c.layer,
          combine: c.combine,
          stage: p.stage,
          cleaning: c.cleaning,
          rows: { ...span, start: w.row0 },
          cols: { ...span, start: w.col0 },
          maxSide: this.deviceSide,
          encoding: 'f32',
        }),
      ),
    );
    if (generation !== this.generation || c !== this.context) return;
    const error = outcomes.find((o) => o.kind === 'error');
    this.errorLine.hidden = !error;
    this.errorLine.textContent = error?.kind === 'error' ? error.message : '';
    if (outcomes.some((o) => o.kind !== 'ok')) return;
    outcomes.forEach((o, i) => {
      if (o.kind === 'ok') this.paint(this.panes[i], o.reply);
    });
    this.element.dataset.paints = String(++this.paints);
    this.showReadout();
  }

  private paint(pane: Pane, reply: MatrixReply): void {
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
    pane.range = valueRange(values, pane.stage);
    paintRange(values, pane.range.lo, pane.range.hi, LUT32, packColor(themeColor('--masked', '#808080')), new Uint32Array(image.data.buffer));
    context.putImageData(image, 0, 0);
    pane.canvas.dataset.lo = String(pane.range.lo);
    pane.canvas.dataset.hi = String(pane.range.hi);
    pane.legend.textContent = `${formatWeight(pane.range.lo)} … ${formatWeight(pane.range.hi)}${reply.block > 1 ? ` · each cell the mean of ${reply.block}×${reply.block}` : ''}`;
    this.paintMask(pane, reply);
  }

  /** Hatches the causal mask (key > query) of a decoder over the window the reply covers. */
  private paintMask(pane: Pane, reply: MatrixReply): void {
    const context = pane.overlay.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, pane.overlay.width, pane.overlay.height);
    pane.overlay.dataset.masked = 'false';
    if (!this.context?.decoder) return;
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

  private placeLabels(): void {
    const w = this.window;
    const cellCss = w.size > 0 ? this.side / w.size : 1;
    const stride = labelStride(cellCss, LABEL_SPACING);
    const labels = this.labels;
    const visible = (from: number, focused: number | null): number[] =>
      labelPositions(w.size, stride, focused !== null && focused >= from && focused < from + w.size ? focused - from : null).map((i) => i + from);
    for (const p of this.panes) {
      const label = (i: number, from: number, vertical: boolean): HTMLElement => {
        const node = el('span', { className: i === this.focusedRow ? 'axis-label focused' : 'axis-label' }, labels[i] ?? '');
        const offset = `${(i - from + 0.5) * cellCss}px`;
        if (vertical) node.style.left = offset;
        else node.style.top = offset;
        return node;
      };
      replaceChildren(p.queryAxis, ...visible(w.row0, this.focusedRow).map((i) => label(i, w.row0, false)));
      replaceChildren(p.keyAxis, ...visible(w.col0, null).map((i) => label(i, w.col0, true)));
    }
    const last = (start: number): number => start + w.size - 1;
    this.windowLine.textContent = this.axis ? `queries ${w.row0}–${last(w.row0)} · keys ${w.col0}–${last(w.col0)} of ${this.axis}` : '';
    this.placeCrosshair();
  }

  private hit(e: MouseEvent): { pane: Pane; cell: Cell } | null {
    for (const pane of this.panes) {
      const r = pane.plot.getBoundingClientRect();
      const cell = windowHit(e.clientX - r.left, e.clientY - r.top, r.width, this.window);
      if (cell) return { pane, cell };
    }
    return null;
  }

  private onPointerMove(e: PointerEvent): void {
    if (this.drag && (e.buttons & 1) === 1) {
      const cellCss = this.side / Math.max(1, this.window.size);
      const dx = Math.round((this.drag.x - e.clientX) / cellCss);
      const dy = Math.round((this.drag.y - e.clientY) / cellCss);
      if (dx !== 0 || dy !== 0) this.setWindow(panWindow(this.drag.w, dy, dx, this.axis));
      return;
    }
    const cell = this.hit(e)?.cell ?? null;
    // Moving within a cell changes nothing (and must not ask for its exact value again).
    if (cell?.query === this.cell?.query && cell?.key === this.cell?.key) return;
    this.setCell(cell);
  }

  private setCell(cell: Cell | null): void {
    this.cell = cell;
    this.placeCrosshair();
    this.showReadout();
  }

  private placeCrosshair(): void {
    const cell = this.cell;
    const w = this.window;
    const cellCss = this.side / Math.max(1, w.size);
    for (const p of this.panes) {
      const inside = cell !== null && cell.query >= w.row0 && cell.query < w.row0 + w.size && cell.key >= w.col0 && cell.key < w.col0 + w.size;
      p.hLine.hidden = !inside;
      p.vLine.hidden = !inside;
      if (!inside || !cell) continue;
      p.hLine.style.top = `${(cell.query - w.row0) * cellCss}px`;
      p.hLine.style.height = `${Math.max(1, cellCss)}px`;
      p.vLine.style.left = `${(cell.key - w.col0) * cellCss}px`;
      p.vLine.style.width = `${Math.max(1, cellCss)}px`;
    }
  }

  /** A cell's value in a pane's reply: exact at block 1, the block's mean otherwise. */
  valueAt(stage: Stage, cell: Cell): { value: number; exact: boolean } | null {
    const pane = this.panes.find((p) => p.stage === stage);
    const r = pane?.reply;
    if (!r) return null;
    const q = cell.query - r.rows.start;
    const k = cell.key - r.cols.start;
    if (q < 0 || k < 0 || q >= r.rows.count || k >= r.cols.count) return null;
    const index = Math.floor(q / r.block) * r.width + Math.floor(k / r.block);
    return { value: replyValue(r.data, index, r.min, r.max), exact: r.block === 1 };
  }

  private showReadout(): void {
    const cell = this.cell;
    if (!cell || !this.context) {
      replaceChildren(this.readout, 'Point at a cell (or focus the matrix and use the arrow keys) to read its value.');
      return;
    }
    const name = (i: number): string => `${this.labels[i] ?? ''} (#${i})`;
    const parts = this.panes.map((p) => {
      const v = this.valueAt(p.stage, cell);
      const masked = this.context?.decoder && cell.key > cell.query;
      const text = masked ? 'masked' : v ? `${v.exact ? '' : '≈ '}${formatWeight(v.value)}` : '…';
      return this.panes.length > 1 ? `${p.stage} ${text}` : text;
    });
    replaceChildren(this.readout, `${name(cell.query)} → ${name(cell.key)}: ${parts.join(' · ')}`);
    const probs = this.valueAt('probs', cell);
    if (probs && !probs.exact) void this.exactValue(cell);
  }

  /** At a downsampled zoom a cell is a block mean: one row request gives the exact weight. */
  private async exactValue(cell: Cell): Promise<void> {
    const c = this.context;
    if (!c) return;
    const out = await c.source.row('matrix-readout', { key: c.key, layer: c.layer, combine: c.combine, cleaning: c.cleaning, query: cell.query });
    if (out.kind !== 'ok' || this.cell !== cell || cell.key >= out.reply.weights.length) return;
    const name = (i: number): string => `${this.labels[i] ?? ''} (#${i})`;
    replaceChildren(this.readout, `${name(cell.query)} → ${name(cell.key)}: ${formatWeight(out.reply.weights[cell.key])}`);
  }

  private onKey(e: KeyboardEvent): void {
    const axis = this.axis;
    if (axis === 0) return;
    if (e.key === '+' || e.key === '=') return void (e.preventDefault(), this.zoom(0.5));
    if (e.key === '-' || e.key === '_') return void (e.preventDefault(), this.zoom(2));
    if (e.key === 'Escape') return void (e.preventDefault(), this.setCell(null));
    const from = this.cell ?? { query: this.focusedRow ?? this.window.row0, key: this.window.col0 };
    if (e.key === 'Enter') return void (e.preventDefault(), this.events.onPick(from));
    if (e.shiftKey && e.key.startsWith('Arrow')) {
      e.preventDefault();
      const step = Math.max(1, Math.round(this.window.size / 4));
      const d = { ArrowUp: [-step, 0], ArrowDown: [step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] }[e.key] ?? [0, 0];
      this.setWindow(panWindow(this.window, d[0], d[1], axis));
      return;
    }
    const next = this.cell ? moveInGrid(from, e.key, axis) : e.key.startsWith('Arrow') ? from : null;
    if (!next) return;
    e.preventDefault();
    this.setWindow(revealCell(this.window, next, axis));
    this.setCell(next);
  }
}

/** The colour scale as a strip for the legend. */
function rampCanvas(): HTMLCanvasElement {
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
function hatch(context: CanvasRenderingContext2D): CanvasPattern | string {
  const colour = cssColor('--hatch', 'rgba(128,128,128,0.6)');
  if (hatchCache?.colour === colour) return hatchCache.pattern;
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const t = tile.getContext('2d');
  if (!t) return colour;
  t.strokeStyle = colour;
  t.lineWidth = 1.5;
  t.beginPath();
  t.moveTo(0, 8);
  t.lineTo(8, 0);
  t.stroke();
  const pattern = context.createPattern(tile, 'repeat');
  if (!pattern) return colour;
  hatchCache = { pattern, colour };
  return pattern;
}

export function combineName(c: Combine): string {
  switch (c.kind) {
    case 'head':
      return `head${c.head}`;
    case 'set':
      return `heads${c.heads.join('+')}`;
    default:
      return c.kind;
  }
}
