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
import { describeChoice } from '../../src/protocol/viewChoice';
import type { MatrixReply, Stage } from '../../src/protocol/views';
import { button, el, foldedHelp, replaceChildren } from '../common/dom';
import { t } from '../common/l10n';
import { labelPositions, labelStride, type Cell } from './heatmapMath';
import { clampWindow, combineName, fullWindow, panWindow, paneSide, revealCell, windowHit, zoomWindow, type MatrixWindow } from './matrixMath';
import { paintPane, Pane, placeAxisLabels, placeCrosshair, resetPane, sizePane } from './matrixPaint';
import { moveInGrid } from '../common/navigation';
import { inBackground } from '../common/background';
import { MatrixReadout, valueAt } from './matrixReadout';
import type { MatrixContext, MatrixEvents } from './matrixContext';

const AXIS = 88;
const LABEL_SPACING = 14;
const MAX_SIDE = 560;
/** The gap between two panes side by side (views.css, .matrix-panes). */
const PANE_GAP = 16;
/** Matrix views made so far: each one's help has its own id (Compare shows two beside the Attention tab's). */
let made = 0;

export class MatrixView {
  readonly element: HTMLElement;
  private readonly panesBox = el('div', { className: 'matrix-panes' });
  private readonly readout = new MatrixReadout();
  private readonly windowLine = el('span', { className: 'matrix-window muted' });
  private readonly focusBox: HTMLElement;
  private panes: Pane[] = [];
  private context: MatrixContext | null = null;
  private window: MatrixWindow = fullWindow(0);
  private side = 0;
  private cell: Cell | null = null;
  private focusedRow: number | null = null;
  private frameRequest = 0;
  /** The window on screen is not the one asked for last (shown while off screen, or not asked yet). */
  private stale = false;
  private generation = 0;
  private paints = 0;
  private drag: { x: number; y: number; w: MatrixWindow } | null = null;
  /** The element's width and the height there was for the plots at the last layout (null: never laid out). */
  private fitted: { width: number; room: number } | null = null;
  private checking = 0;
  /** What the axes' labels were last placed for (the same again: the page keeps them). */
  private placed: readonly unknown[] = [];

  /** `room` bounds a pane's side by the height there is; `subject`, where a tab shows two, says whose it is ("Encoder"). */
  constructor(
    private readonly events: MatrixEvents,
    private readonly room: () => number = () => Number.POSITIVE_INFINITY,
    private readonly subject: string | null = null,
  ) {
    const helpId = `matrix-help-${++made}`;
    const zoomIn = button('+', () => this.zoom(0.5), 'button secondary small');
    const zoomOut = button('−', () => this.zoom(2), 'button secondary small');
    // Where a tab shows two matrices, each one's buttons say whose they are: Tab does not land twice on "Zoom in".
    zoomIn.setAttribute('aria-label', subject ? t('{0}: zoom in', subject) : t('Zoom in'));
    zoomOut.setAttribute('aria-label', subject ? t('{0}: zoom out', subject) : t('Zoom out'));
    const fit = button(t('Fit'), () => this.setWindow(fullWindow(this.axis)), 'button secondary small');
    if (subject) fit.setAttribute('aria-label', t('{0}: fit', subject));
    this.focusBox = el(
      'div',
      { className: 'matrix-focus', attrs: { tabindex: '0', role: 'group', 'aria-roledescription': t('heatmap'), 'aria-describedby': helpId } },
      this.panesBox,
    );
    const help = foldedHelp(
      t('Keyboard and mouse'),
      helpId,
      t('Rows are queries, columns are keys. Arrow keys move the cell cursor, Shift+arrows pan, + and − zoom, Enter selects the row’s token, Escape clears.'),
    );
    this.element = el(
      'div',
      { className: 'matrix-view' },
      el('div', { className: 'controls' }, zoomIn, zoomOut, fit, this.windowLine),
      this.focusBox,
      this.readout.element,
      help,
    );
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

  /** The height the plots take in the page now (before they are sized, a canvas's default). */
  get plotHeight(): number {
    return this.panes[0]?.plot.offsetHeight ?? 0;
  }

  get description(): string {
    const c = this.context;
    if (!c) return 'matrix';
    return `layer${c.choice.layer}-${combineName(c.choice.combine)}`;
  }

  /**
   * Resolves false when the host answered with an error (the caller may ask again later). `shift`: how much the space above grew since the
   * last layout (null: unknown); with it the panes are sized from that layout, reading none, and the next frame checks them against the page.
   */
  show(context: MatrixContext, shift: number | null = null): Promise<boolean> {
    const axisChanged = context.labels.length !== this.axis || context.key !== this.context?.key;
    this.context = context;
    // What a screen reader says on reaching the heatmap, beside its role.
    const shows = describeChoice(context.choice, t);
    this.focusBox.setAttribute('aria-label', this.subject ? t('{0} — attention matrix: {1}', this.subject, shows) : t('Attention matrix: {0}', shows));
    const stages: Stage[] = context.choice.combine.kind === 'head' && context.hasScores ? ['scores', 'probs'] : ['probs'];
    if (stages.join() !== this.panes.map((p) => p.stage).join()) {
      this.panes = stages.map((s) => new Pane(s));
      replaceChildren(this.panesBox, ...this.panes.map((p) => p.element));
    }
    // Another analysis: its labels come now, its cells with the reply; the last one's go at once.
    for (const p of this.panes) resetPane(p, axisChanged);
    this.window = clampWindow(axisChanged ? fullWindow(context.labels.length) : this.window, context.labels.length);
    // A new analysis or choice: the readout of the old one goes.
    this.cell = null;
    this.showReadout();
    // Asked now, not on the next frame: a new analysis's first paint waits for this reply.
    if (this.frameRequest) cancelAnimationFrame(this.frameRequest);
    this.frameRequest = 0;
    this.stale = true;
    if (shift !== null && this.fitted) {
      const { width, room } = this.fitted;
      // The side first, the request with it, then the page's part (styles, labels).
      this.side = this.sideFor(width, room - shift);
      const fetched = this.fetch();
      this.size(width, room - shift);
      cancelAnimationFrame(this.checking);
      this.checking = requestAnimationFrame(() => this.layout(false));
      return fetched;
    }
    // Off screen (a hidden tab) it asks nothing: the resize that shows it lays it out and asks then.
    if (this.element.clientWidth === 0) return Promise.resolve(true);
    this.layout(false);
    cancelAnimationFrame(this.frameRequest);
    this.frameRequest = 0;
    return this.fetch();
  }

  /** Takes the keyboard focus (the heatmap, where the arrows read cells). */
  focus(): void {
    this.focusBox.focus({ preventScroll: true });
  }

  /** Sizes the panes again (the space changed); asks for new data only when their size did. */
  relayout(): void {
    this.layout(false);
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

  /** Sizes the panes to the page; asks for new data when the device size changed or `force`. */
  private layout(force: boolean): void {
    const width = this.element.clientWidth;
    if (!this.context || width === 0) return;
    const room = Math.floor(this.room());
    this.fitted = { width, room };
    const changed = this.size(width, room);
    if (force || changed || this.stale) this.request();
  }

  /** Sizes the panes for `width` CSS px and `room` px of height for the plots; true when their device size changed. */
  private size(width: number, room: number): boolean {
    const dpr = window.devicePixelRatio || 1;
    const side = this.sideFor(width, room);
    const changed = side !== this.side;
    this.side = side;
    for (const p of this.panes) sizePane(p, side, AXIS, dpr, this.context?.decoder ?? false);
    this.placeLabels();
    return changed;
  }

  /** A pane's side for `width` CSS px and `room` px of height for the plots. */
  private sideFor(width: number, room: number): number {
    const n = this.panes.length;
    // Each pane is its labels and its plot; the panes' gap lies only between two of them (a lone pane, as Compare's, spans its column).
    const available = Math.floor((width - n * AXIS - (n - 1) * PANE_GAP) / n);
    const fitted = paneSide(available, room, this.window.size, MAX_SIDE, LABEL_SPACING);
    // A pixel or two is no reason to ask again (and keeps a size that follows the height from see-sawing).
    return Math.abs(fitted - this.side) <= 2 ? this.side : fitted;
  }

  private get deviceSide(): number {
    return Math.max(1, Math.round(this.side * (window.devicePixelRatio || 1)));
  }

  private request(): void {
    if (this.frameRequest) return;
    // Coalesce: a drag or a burst of keys asks once per frame.
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      inBackground(this.fetch());
    });
  }

  private async fetch(): Promise<boolean> {
    const c = this.context;
    if (!c || this.axis === 0) return true;
    const generation = ++this.generation;
    this.stale = false;
    const w = this.window;
    const span = { start: 0, count: w.size };
    const outcomes = await Promise.all(
      this.panes.map((p) =>
        c.source.matrix(`matrix-${p.stage}`, {
          key: c.key,
          ...c.choice,
          stage: p.stage,
          rows: { ...span, start: w.row0 },
          cols: { ...span, start: w.col0 },
          maxSide: this.deviceSide,
          encoding: 'f32',
        }),
      ),
    );
    if (generation !== this.generation || c !== this.context) return true;
    if (outcomes.some((o) => o.kind !== 'ok')) return !outcomes.some((o) => o.kind === 'error');
    outcomes.forEach((o, i) => {
      if (o.kind === 'ok') paintPane(this.panes[i], o.reply, c.decoder);
    });
    this.element.dataset.paints = String(++this.paints);
    this.showReadout();
    return true;
  }

  private placeLabels(): void {
    const w = this.window;
    const placed = [this.labels, this.panes, w.row0, w.col0, w.size, this.side, this.focusedRow];
    if (placed.every((v, i) => v === this.placed[i])) {
      this.placeCrosshair();
      return;
    }
    this.placed = placed;
    const cellCss = w.size > 0 ? this.side / w.size : 1;
    const stride = labelStride(cellCss, LABEL_SPACING);
    const visible = (from: number, focused: number | null): number[] =>
      labelPositions(w.size, stride, focused !== null && focused >= from && focused < from + w.size ? focused - from : null).map((i) => i + from);
    const rows = visible(w.row0, this.focusedRow);
    const cols = visible(w.col0, null);
    for (const p of this.panes) placeAxisLabels(p, this.labels, { rows, from: w.row0 }, { cols, from: w.col0 }, cellCss, this.focusedRow);
    const last = (start: number): number => start + w.size - 1;
    this.windowLine.textContent = this.axis ? t('queries {0}–{1} · keys {2}–{3} of {4}', w.row0, last(w.row0), w.col0, last(w.col0), this.axis) : '';
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
    placeCrosshair(this.panes, this.cell, this.window, this.side);
  }

  /** A cell's value in a pane's reply: exact at block 1, the block's mean otherwise. */
  valueAt(stage: Stage, cell: Cell): { value: number; exact: boolean } | null {
    return valueAt(this.panes, stage, cell);
  }

  private showReadout(): void {
    const c = this.context;
    this.readout.say(this.cell, c && { labels: c.labels, decoder: c.decoder, panes: this.panes, exact: (cell) => this.exactWeight(c, cell) });
  }

  /** A cell's exact probability: its row asked of the host (null when it failed or the matrix moved on). */
  private async exactWeight(c: MatrixContext, cell: Cell): Promise<number | null> {
    const out = await c.source.row('matrix-readout', { key: c.key, ...c.choice, query: cell.query });
    return out.kind === 'ok' && this.context === c && cell.key < out.reply.weights.length ? out.reply.weights[cell.key] : null;
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
    // The first arrow puts the cursor where the view starts; with no cursor yet, Home, End, PageUp and
    // PageDown move from there (they used to wait for an arrow).
    const moved = moveInGrid(from, e.key, axis);
    const next = !this.cell && e.key.startsWith('Arrow') ? from : moved;
    if (!next) return;
    e.preventDefault();
    this.setWindow(revealCell(this.window, next, axis));
    this.setCell(next);
  }
}
