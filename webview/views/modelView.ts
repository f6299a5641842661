/**
 * The model view (browser): a layers × heads grid of thumbnails of every head's matrix, from the
 * worker's `thumbnails` reply (already block-averaged there to a few pixels a side, one byte a
 * pixel), shown as one small canvas scaled up by CSS (modelPaint.ts) to the space there is (wide
 * panels get big thumbnails, the grid never needs more than the height it is given), with the
 * labels and rings in the DOM over it, and the per-head summary numbers (entropy, attention to the
 * previous token, to special tokens, to itself) to sort each layer's heads by or to highlight the
 * strongest heads. Click or Enter opens a head in the other views; the arrows, Home/End and
 * PageUp/PageDown (as in the matrix) move the focused head, which a screen reader hears as the
 * active cell of the grid's rows and cells (modelCells.ts).
 */
import { HEAD_STATS, STAT_COUNT, type HeadStat, type ThumbnailsReply } from '../../src/protocol/views';
import { el, field, foldedHelp, replaceChildren } from '../common/dom';
import { formatBits, formatWeight } from '../common/format';
import { t } from '../common/l10n';
import { moveInRows } from '../common/navigation';
import { atlasSize, cellOf, drawThumbnails, GAP, gridBox, gridGeometry, gridPicture, LABEL, ringBox, THUMB, type GridGeometry, type Ring } from './modelPaint';
import { GridCells } from './modelCells';
import { placeLabels } from './modelLabels';
import type { ModelContext, ModelEvents } from './modelContext';

/** A thumbnail's side on screen, CSS px: as much as the space gives, within these. */
const MIN_SIDE = 16;
const MAX_SIDE = 128;
const STAT_NAMES: Record<HeadStat, () => string> = {
  entropy: () => t('entropy'),
  previous: () => t('previous token'),
  special: () => t('special tokens'),
  self: () => t('itself'),
};

/** The readout while no head is pointed at: what the grid's numbers are, and what pointing does. */
const idle = (): string => t('Rows are layers, columns heads. Point at a head to read its summary numbers.');

/** Strongest first: lowest entropy, highest shares; a statistic that is not a number (NaN attention) last. */
function byStat(x: number, y: number, stat: HeadStat): number {
  if (Number.isFinite(x) !== Number.isFinite(y)) return Number.isFinite(x) ? -1 : 1;
  if (!Number.isFinite(x)) return 0;
  return stat === 'entropy' ? x - y : y - x;
}

export class ModelView {
  readonly element: HTMLElement;
  /** The thumbnails' pixels, scaled by CSS; the labels and rings are beside it in the grid. */
  private readonly canvas = el('canvas', { className: 'model-canvas', attrs: { 'aria-hidden': 'true' } });
  private readonly labels = el('div', { className: 'model-labels', attrs: { 'aria-hidden': 'true' } });
  private readonly rings = el('div', { className: 'model-rings', attrs: { 'aria-hidden': 'true' } });
  readonly grid = el(
    'div',
    {
      className: 'model-grid',
      attrs: { tabindex: '0', role: 'grid', 'aria-roledescription': t('grid of heads'), 'aria-describedby': 'model-help' },
    },
    this.canvas,
    this.labels,
    this.rings,
  );
  /** The grid's rows and cells for a screen reader, over the thumbnails (the canvas is hidden from it). */
  private readonly cells = new GridCells(this.grid);
  private readonly sortPicker = el('select', { className: 'picker', attrs: { id: 'model-sort' } });
  private readonly highlightPicker = el('select', { className: 'picker', attrs: { id: 'model-highlight' } });
  private readonly readout = el('div', { className: 'readout', attrs: { 'aria-live': 'polite', 'data-testid': 'model-readout' } });
  private readonly scroll = el('div', { className: 'model-scroll' }, this.grid);
  private context: ModelContext | null = null;
  private reply: ThumbnailsReply | null = null;
  /** order[layer * heads + column] = the head drawn in that column. */
  private order: Int32Array = new Int32Array(0);
  private focused: { layer: number; column: number } | null = null;
  private opened: { layer: number; head: number } | null = null;
  private paints = 0;
  /** The grid's geometry now (null: nothing drawn yet). */
  private geometry: GridGeometry | null = null;
  /** What the canvas's pixels show: the reply, its order and geometry (null: to paint again). */
  private painted: { reply: ThumbnailsReply; order: Int32Array; geometry: GridGeometry } | null = null;
  /** The worker's image of the thumbnails (off screen), and the reply it holds. */
  private readonly source = document.createElement('canvas');
  private sourced: ThumbnailsReply | null = null;
  /** The labels' shape and whether the heads' row shows (model order). */
  private labelled = '';
  /** The reply and thumbnail side of the last draw. */
  private drawn: { reply: ThumbnailsReply; side: number } | null = null;

  /** `fit` is the height the grid may take (the panel's: one screen with the controls above it). */
  constructor(
    private readonly events: ModelEvents,
    private readonly fit: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    const options = (select: HTMLSelectElement, first: string): void =>
      replaceChildren(select, el('option', { attrs: { value: '' } }, first), ...HEAD_STATS.map((s) => el('option', { attrs: { value: s } }, STAT_NAMES[s]())));
    options(this.sortPicker, t('model order'));
    options(this.highlightPicker, t('nothing'));
    this.sortPicker.addEventListener('change', () => this.arrange());
    this.highlightPicker.addEventListener('change', () => this.placeRings());
    const help = foldedHelp(
      t('Keyboard and mouse'),
      'model-help',
      t(
        'Rows are layers, columns heads. Arrow keys move between heads, Home and End to a layer’s first and last head, PageUp and PageDown ten layers; Enter or a click opens one in the matrix and head views. X switches the focused head off.',
      ),
    );
    this.element = el(
      'div',
      { className: 'model-view' },
      el('div', { className: 'controls' }, field(t('Sort heads by'), this.sortPicker), field(t('Highlight'), this.highlightPicker)),
      // Above the grid: a head pointed at anywhere in it reads there, whatever the scroll.
      this.readout,
      this.scroll,
      help,
    );
    // Drawing the grid resizes its canvas, which resizes the scroll box: redraw only when the thumbnails' side changes.
    new ResizeObserver(() => {
      const c = this.context;
      if (c && this.reply && this.drawn?.reply === this.reply && this.scroll.clientWidth > 0 && this.fitSide(c) === this.drawn.side) return;
      this.draw();
    }).observe(this.scroll);
    this.grid.addEventListener('pointermove', (e) => this.setFocus(this.at(e), false));
    this.grid.addEventListener('pointerleave', () => this.setFocus(null, false));
    this.grid.addEventListener('click', (e) => {
      const at = this.at(e);
      if (at) this.open(at);
    });
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.grid.append(this.cells.element);
    this.readout.textContent = idle();
  }

  get stats(): Float32Array | null {
    return this.reply?.stats ?? null;
  }

  get shape(): { layers: number; heads: number } {
    return { layers: this.context?.layers ?? 0, heads: this.context?.heads ?? 0 };
  }

  /** Resolves false when the host answered with an error (the caller may ask again later). */
  async show(context: ModelContext): Promise<boolean> {
    // Another analysis: its heads' numbers are not this one's.
    if (context.key !== this.context?.key) {
      this.forget();
      this.readout.textContent = idle();
    }
    this.context = context;
    const out = await context.source.thumbnails('model', { key: context.key, size: THUMB, cleaning: context.cleaning });
    if (this.context !== context || out.kind !== 'ok') return out.kind !== 'error';
    this.reply = out.reply;
    this.arrange();
    return true;
  }

  /**
   * A new analysis (its tensors' `key`): the previous one's thumbnails go now, before the choice
   * marks a head, so that nothing draws the old grid on the way (nor lays out the page to do so).
   */
  follow(key: number): void {
    if (key !== this.context?.key) this.forget();
  }

  /** The last analysis's reply, focus and thumbnails go (the grid stays empty until this one's come). */
  private forget(): void {
    [this.reply, this.focused, this.painted] = [null, null, null];
    this.cells.activate(null);
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Draws again (the theme changed: the colour table is the theme's own, the rings follow CSS). */
  redraw(): void {
    this.draw();
  }

  /** The grid as shown (labels, thumbnails, rings), drawn for a PNG at `dpr`; null before a draw. */
  picture(dpr: number): { canvas: HTMLCanvasElement; width: number; height: number } | null {
    const g = this.geometry;
    if (!g || !this.painted) return null;
    const canvas = gridPicture(this.canvas, g, !this.sortPicker.value, this.marks(), dpr);
    return { canvas, ...gridBox(g) };
  }

  /** Marks the head the other views show. */
  setOpened(layer: number, head: number | null): void {
    const opened = head === null ? null : { layer, head };
    // The same mark: nothing to draw (a new analysis's choice often opens none, as the last did).
    if (opened?.layer === this.opened?.layer && opened?.head === this.opened?.head) return;
    this.opened = opened;
    this.placeRings();
  }

  /** The head the focus ring is on, else the opened one (what `x` switches off). */
  get target(): { layer: number; head: number } | null {
    if (this.focused) return { layer: this.focused.layer, head: this.headAt(this.focused.layer, this.focused.column) };
    return this.opened;
  }

  /** The head drawn at a grid place. */
  headAt(layer: number, column: number): number {
    return this.order[layer * (this.context?.heads ?? 0) + column] ?? column;
  }

  private stat(layer: number, head: number, stat: HeadStat): number {
    const heads = this.context?.heads ?? 0;
    return this.reply?.stats[(layer * heads + head) * STAT_COUNT + HEAD_STATS.indexOf(stat)] ?? Number.NaN;
  }

  private arrange(): void {
    const c = this.context;
    if (!c) return;
    const sortBy = this.sortPicker.value as HeadStat | '';
    this.order = new Int32Array(c.layers * c.heads);
    for (let l = 0; l < c.layers; l++) {
      const heads = Array.from({ length: c.heads }, (_, h) => h);
      // Entropy sorts low first (the focused heads), the shares high first.
      if (sortBy) heads.sort((a, b) => byStat(this.stat(l, a, sortBy), this.stat(l, b, sortBy), sortBy) || a - b);
      this.order.set(heads, l * c.heads);
    }
    this.draw();
  }

  /** A thumbnail's side for the space there is: the panel's width, and the height it is given. */
  private fitSide(c: ModelContext): number {
    const byWidth = Math.floor((this.scroll.clientWidth - LABEL) / c.heads) - GAP;
    const byHeight = Math.floor((this.fit() - LABEL) / c.layers) - GAP;
    return Math.max(MIN_SIDE, Math.min(MAX_SIDE, byWidth, byHeight));
  }

  private draw(): void {
    const c = this.context;
    const r = this.reply;
    // Nothing to draw, or not on screen (its tab is hidden): the resize when it shows draws it.
    if (!c || !r || this.scroll.clientWidth === 0) return;
    const side = this.fitSide(c);
    const g = gridGeometry(c.layers, c.heads, r.size, side);
    this.geometry = g;
    const p = this.painted;
    if (p?.reply !== r || p.order !== this.order || p.geometry.unit !== g.unit || p.geometry.gap !== g.gap) this.paint(r, g);
    const atlas = atlasSize(g);
    const box = gridBox(g);
    Object.assign(this.grid.style, { width: `${box.width}px`, height: `${box.height}px` });
    Object.assign(this.canvas.style, { left: `${LABEL}px`, top: `${LABEL}px`, width: `${atlas.width * g.scale}px`, height: `${atlas.height * g.scale}px` });
    this.labelled = placeLabels(this.labels, g, !this.sortPicker.value, this.labelled);
    this.cells.update(g, (layer, column) => this.summary(layer, column), [r, this.order]);
    this.placeRings();
    this.grid.dataset.paints = String(++this.paints);
    this.drawn = { reply: r, side };
    // The grid's geometry, for tests that point at a head: labels' band, a thumbnail's side and the gap after it, CSS px.
    this.grid.dataset.label = String(LABEL);
    this.grid.dataset.side = String(side);
    this.grid.dataset.gap = String(cellOf(g) - side);
    this.grid.setAttribute('aria-label', t('{0} layers × {1} heads', c.layers, c.heads));
  }

  /** The thumbnails into the canvas (one drawImage each); the canvas keeps its bitmap when its size stays. */
  private paint(reply: ThumbnailsReply, g: GridGeometry): void {
    const { width, height } = atlasSize(g);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.canvas.getContext('2d');
    const source = this.imageOf(reply);
    if (!ctx || !source || width <= 0 || height <= 0) return;
    drawThumbnails(ctx, source, g, this.order);
    this.painted = { reply, order: this.order, geometry: g };
  }

  /** The reply's image in the off-screen canvas (put there once a reply); null when it has no pixels. */
  private imageOf(reply: ThumbnailsReply): HTMLCanvasElement | null {
    if (this.sourced === reply) return this.source;
    const [width, height] = [reply.heads * reply.size, reply.layers * reply.size];
    const ctx = width > 0 && height > 0 ? this.source.getContext('2d') : null;
    if (!ctx) return null;
    [this.source.width, this.source.height] = [width, height];
    const { buffer, byteOffset, length } = reply.pixels;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(buffer as ArrayBuffer, byteOffset, length), width, height), 0, 0);
    this.sourced = reply;
    return this.source;
  }

  /** Highlight rings for the top heads by a statistic, the opened head, the focused head (drawn in that order). */
  private marks(): Ring[] {
    const c = this.context;
    if (!c) return [];
    const rings: Ring[] = [];
    const highlight = this.highlightPicker.value as HeadStat | '';
    if (highlight) {
      // The strongest tenth of the heads (lowest entropy, highest shares).
      const all: { l: number; h: number; v: number }[] = [];
      for (let l = 0; l < c.layers; l++) for (let h = 0; h < c.heads; h++) all.push({ l, h, v: this.stat(l, h, highlight) });
      all.sort((a, b) => byStat(a.v, b.v, highlight));
      // A head whose statistic is not a number (its attention is not) is never among the strongest.
      const top = all.slice(0, Math.max(1, Math.round(all.length / 10))).filter((x) => Number.isFinite(x.v));
      for (const { l, h } of top) rings.push({ layer: l, column: this.columnOf(l, h), colour: '--warning' });
      this.grid.dataset.highlighted = top.map(({ l, h }) => `${l}/${h}`).join(' ');
    } else delete this.grid.dataset.highlighted;
    if (this.opened && this.opened.layer < c.layers)
      rings.push({ layer: this.opened.layer, column: this.columnOf(this.opened.layer, this.opened.head), colour: '--fg' });
    if (this.focused) rings.push({ layer: this.focused.layer, column: this.focused.column, colour: '--focus' });
    return rings;
  }

  /** The rings as boxes over the grid, one element each (kept between calls). */
  private placeRings(): void {
    const g = this.geometry;
    const rings = g && this.reply ? this.marks() : [];
    while (this.rings.children.length < rings.length) this.rings.append(el('div', { className: 'model-ring' }));
    const nodes = this.rings.children;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as HTMLElement;
      const ring = rings[i];
      node.hidden = !ring || !g;
      if (!ring || !g) continue;
      const r = ringBox(g, ring.layer, ring.column);
      node.dataset.ring = ring.colour.slice(2);
      Object.assign(node.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.side}px`, height: `${r.side}px` });
    }
  }

  private columnOf(layer: number, head: number): number {
    const heads = this.context?.heads ?? 0;
    for (let col = 0; col < heads; col++) if (this.order[layer * heads + col] === head) return col;
    return head;
  }

  private at(e: MouseEvent): { layer: number; column: number } | null {
    const c = this.context;
    const g = this.geometry;
    if (!c || !g) return null;
    const r = this.grid.getBoundingClientRect();
    const x = e.clientX - r.left - LABEL;
    const y = e.clientY - r.top - LABEL;
    const cell = cellOf(g);
    const column = Math.floor(x / cell);
    const layer = Math.floor(y / cell);
    if (x < 0 || y < 0 || column >= c.heads || layer >= c.layers || x - column * cell > g.side || y - layer * cell > g.side) return null;
    return { layer, column };
  }

  private setFocus(at: { layer: number; column: number } | null, keyboard: boolean): void {
    const same = at?.layer === this.focused?.layer && at?.column === this.focused?.column;
    this.focused = at;
    if (!same || keyboard) this.placeRings();
    this.cells.activate(at);
    // By keyboard the active cell's name says the head: the readout, live, would say it a second time.
    this.readout.setAttribute('aria-live', keyboard ? 'off' : 'polite');
    this.readout.textContent = at ? this.summary(at.layer, at.column) : idle();
  }

  /** The head at a grid place and its summary numbers, in words (the readout's, and its cell's name). */
  private summary(layer: number, column: number): string {
    const head = this.headAt(layer, column);
    const s = (stat: HeadStat): number => this.stat(layer, head, stat);
    return t(
      'Layer {0}, head {1}: entropy {2}, previous token {3}, special tokens {4}, itself {5}',
      layer,
      head,
      formatBits(s('entropy')),
      formatWeight(s('previous')),
      formatWeight(s('special')),
      formatWeight(s('self')),
    );
  }

  private open(at: { layer: number; column: number }): void {
    const head = this.headAt(at.layer, at.column);
    this.opened = { layer: at.layer, head };
    this.placeRings();
    this.events.onOpen(at.layer, head);
  }

  private onKey(e: KeyboardEvent): void {
    const c = this.context;
    if (!c) return;
    const from = this.focused ?? { layer: 0, column: 0 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.open(from);
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      this.setFocus(null, true);
      return;
    }
    // As in the matrix the first arrow puts the cursor on the first head; with no cursor yet, Home,
    // End, PageUp and PageDown move from there (they used to wait for an arrow).
    const moved = moveInRows({ row: from.layer, column: from.column }, e.key, c.layers, c.heads);
    if (!moved) return;
    const next = !this.focused && e.key.startsWith('Arrow') ? from : { layer: moved.row, column: moved.column };
    e.preventDefault();
    this.setFocus(next, true);
  }
}
