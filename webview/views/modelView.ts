/**
 * The model view (browser): a layers × heads grid of thumbnails of every head's matrix, drawn on
 * one canvas from the worker's `thumbnails` reply (already block-averaged there to a few pixels a
 * side, one byte a pixel) and scaled to the space there is (wide panels get big thumbnails, the
 * grid never needs more than the height it is given), with the per-head summary numbers (entropy,
 * attention to the previous token, to special tokens, to itself) to sort each layer's heads by or
 * to highlight the strongest heads. Click or Enter opens a head in the other views; arrow keys
 * move the focused head.
 */
import { HEAD_STATS, STAT_COUNT, type Cleaning, type HeadStat, type ThumbnailsReply } from '../../src/protocol/views';
import { packLut } from '../common/colorScale';
import { el, foldedHelp, replaceChildren } from '../common/dom';
import { formatBits, formatWeight } from '../common/format';
import { t } from '../common/l10n';
import { LUT } from './matrixPaint';
import { cssColor } from '../common/theme';
import type { ViewSource } from '../common/viewSource';

export interface ModelContext {
  readonly source: ViewSource;
  readonly key: number;
  readonly layers: number;
  readonly heads: number;
  readonly cleaning: Cleaning;
}

export interface ModelEvents {
  onOpen(layer: number, head: number): void;
}

const LUT32 = packLut(LUT);
/** Thumbnail pixels per side, as the worker makes them. */
export const THUMB = 32;
const GAP = 6;
const LABEL = 26;
/** A thumbnail's side on screen, CSS px: as much as the space gives, within these. */
const MIN_SIDE = 16;
const MAX_SIDE = 128;
const STAT_NAMES: Record<HeadStat, () => string> = {
  entropy: () => t('entropy'),
  previous: () => t('previous token'),
  special: () => t('special tokens'),
  self: () => t('itself'),
};

export class ModelView {
  readonly element: HTMLElement;
  readonly canvas = el('canvas', {
    className: 'model-canvas',
    attrs: { tabindex: '0', role: 'grid', 'aria-roledescription': t('grid of heads'), 'aria-describedby': 'model-help' },
  });
  private readonly sortPicker = el('select', { className: 'picker', attrs: { id: 'model-sort' } });
  private readonly highlightPicker = el('select', { className: 'picker', attrs: { id: 'model-highlight' } });
  private readonly readout = el('div', { className: 'readout', attrs: { 'aria-live': 'polite', 'data-testid': 'model-readout' } });
  private readonly scroll = el('div', { className: 'model-scroll' }, this.canvas);
  private context: ModelContext | null = null;
  private reply: ThumbnailsReply | null = null;
  /** order[layer * heads + column] = the head drawn in that column. */
  private order: Int32Array = new Int32Array(0);
  private focused: { layer: number; column: number } | null = null;
  private opened: { layer: number; head: number } | null = null;
  private paints = 0;
  /** A thumbnail's side on screen now, CSS px. */
  private side = THUMB;
  private atlas: HTMLCanvasElement | null = null;
  private atlasOf: ThumbnailsReply | null = null;
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
    this.highlightPicker.addEventListener('change', () => this.draw());
    const help = foldedHelp(
      t('Keyboard and mouse'),
      'model-help',
      t(
        'Rows are layers, columns heads. Arrow keys move between heads; Enter or a click opens one in the matrix and head views. X switches the focused head off.',
      ),
    );
    this.element = el(
      'div',
      { className: 'model-view' },
      el(
        'div',
        { className: 'controls' },
        el('label', { attrs: { for: 'model-sort' } }, t('Sort heads by')),
        this.sortPicker,
        el('label', { attrs: { for: 'model-highlight' } }, t('Highlight')),
        this.highlightPicker,
      ),
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
    this.canvas.addEventListener('pointermove', (e) => this.setFocus(this.at(e), false));
    this.canvas.addEventListener('pointerleave', () => this.setFocus(null, false));
    this.canvas.addEventListener('click', (e) => {
      const at = this.at(e);
      if (at) this.open(at);
    });
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.readout.textContent = t('Point at a head to read its summary numbers.');
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
      this.reply = null;
      this.focused = null;
      this.readout.textContent = t('Point at a head to read its summary numbers.');
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
    if (key === this.context?.key) return;
    this.reply = null;
    this.focused = null;
  }

  /** Draws again (the theme changed). */
  redraw(): void {
    this.draw();
  }

  /** Marks the head the other views show. */
  setOpened(layer: number, head: number | null): void {
    const opened = head === null ? null : { layer, head };
    // The same mark: nothing to draw (a new analysis's choice often opens none, as the last did).
    if (opened?.layer === this.opened?.layer && opened?.head === this.opened?.head) return;
    this.opened = opened;
    this.draw();
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
      if (sortBy) heads.sort((a, b) => (sortBy === 'entropy' ? 1 : -1) * (this.stat(l, a, sortBy) - this.stat(l, b, sortBy)) || a - b);
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

  /** Every thumbnail in one canvas (one putImageData per reply); draws scale them up from it. */
  private buildAtlas(c: ModelContext, r: ThumbnailsReply): HTMLCanvasElement | null {
    const size = r.size;
    if (size === 0) return null;
    const atlas = document.createElement('canvas');
    atlas.width = c.heads * size;
    atlas.height = c.layers * size;
    const actx = atlas.getContext('2d');
    if (!actx) return null;
    const image = actx.createImageData(atlas.width, atlas.height);
    mapThumbnails(r.data, c.layers, c.heads, size, new Uint32Array(image.data.buffer));
    actx.putImageData(image, 0, 0);
    return atlas;
  }

  private draw(): void {
    const c = this.context;
    const r = this.reply;
    // Nothing to draw, or not on screen (its tab is hidden): the resize when it shows draws it.
    if (!c || !r || this.scroll.clientWidth === 0) return;
    if (this.atlasOf !== r) {
      this.atlas = this.buildAtlas(c, r);
      this.atlasOf = r;
    }
    const side = (this.side = this.fitSide(c));
    const cell = side + GAP;
    const width = LABEL + c.heads * cell;
    const height = LABEL + c.layers * cell;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = cssColor('--muted', '#888');
    ctx.font = '10px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let h = 0; h < c.heads; h++) if (!this.sortPicker.value) ctx.fillText(String(h), LABEL + h * cell + side / 2, LABEL / 2);
    for (let l = 0; l < c.layers; l++) ctx.fillText(String(l), LABEL / 2, LABEL + l * cell + side / 2);
    if (this.atlas) {
      const size = r.size;
      ctx.imageSmoothingEnabled = false;
      for (let l = 0; l < c.layers; l++) {
        for (let col = 0; col < c.heads; col++)
          ctx.drawImage(this.atlas, this.headAt(l, col) * size, l * size, size, size, LABEL + col * cell, LABEL + l * cell, side, side);
      }
    }
    this.drawMarks(ctx);
    this.canvas.dataset.paints = String(++this.paints);
    this.drawn = { reply: r, side };
    // The grid's geometry, for tests that point at a head: labels' band and a thumbnail's side, CSS px.
    this.canvas.dataset.label = String(LABEL);
    this.canvas.dataset.side = String(side);
    this.canvas.dataset.gap = String(GAP);
    this.canvas.setAttribute('aria-label', t('{0} layers × {1} heads', c.layers, c.heads));
  }

  /** Highlight rings for the top heads by a statistic, the opened head, the focused head. */
  private drawMarks(ctx: CanvasRenderingContext2D): void {
    const c = this.context;
    if (!c) return;
    const cell = this.side + GAP;
    const box = (l: number, col: number, colour: string, width: number): void => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.strokeRect(LABEL + col * cell - 2, LABEL + l * cell - 2, this.side + 4, this.side + 4);
    };
    const highlight = this.highlightPicker.value as HeadStat | '';
    if (highlight) {
      // The strongest tenth of the heads (lowest entropy, highest shares).
      const all: { l: number; h: number; v: number }[] = [];
      for (let l = 0; l < c.layers; l++) for (let h = 0; h < c.heads; h++) all.push({ l, h, v: this.stat(l, h, highlight) });
      all.sort((a, b) => (highlight === 'entropy' ? a.v - b.v : b.v - a.v));
      const top = all.slice(0, Math.max(1, Math.round(all.length / 10)));
      const colour = cssColor('--warning', '#cca700');
      for (const { l, h } of top) box(l, this.columnOf(l, h), colour, 2);
      this.canvas.dataset.highlighted = top.map(({ l, h }) => `${l}/${h}`).join(' ');
    } else delete this.canvas.dataset.highlighted;
    if (this.opened && this.opened.layer < c.layers) box(this.opened.layer, this.columnOf(this.opened.layer, this.opened.head), cssColor('--fg', '#ccc'), 2);
    if (this.focused) box(this.focused.layer, this.focused.column, cssColor('--focus', '#0090f1'), 2);
  }

  private columnOf(layer: number, head: number): number {
    const heads = this.context?.heads ?? 0;
    for (let col = 0; col < heads; col++) if (this.order[layer * heads + col] === head) return col;
    return head;
  }

  private at(e: MouseEvent): { layer: number; column: number } | null {
    const c = this.context;
    if (!c) return null;
    const r = this.canvas.getBoundingClientRect();
    const scale = this.canvas.width / Math.max(1, r.width);
    const x = (e.clientX - r.left) * scale - LABEL;
    const y = (e.clientY - r.top) * scale - LABEL;
    const cell = this.side + GAP;
    const column = Math.floor(x / cell);
    const layer = Math.floor(y / cell);
    if (x < 0 || y < 0 || column >= c.heads || layer >= c.layers || x - column * cell > this.side || y - layer * cell > this.side) return null;
    return { layer, column };
  }

  private setFocus(at: { layer: number; column: number } | null, keyboard: boolean): void {
    const same = at?.layer === this.focused?.layer && at?.column === this.focused?.column;
    this.focused = at;
    if (!same || keyboard) this.draw();
    if (!at) {
      this.readout.textContent = t('Point at a head to read its summary numbers.');
      return;
    }
    const head = this.headAt(at.layer, at.column);
    const s = (stat: HeadStat): number => this.stat(at.layer, head, stat);
    this.readout.textContent = t(
      'Layer {0}, head {1}: entropy {2}, previous token {3}, special tokens {4}, itself {5}',
      at.layer,
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
    this.draw();
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
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    const next = this.focused
      ? { layer: Math.max(0, Math.min(c.layers - 1, from.layer + m[0])), column: Math.max(0, Math.min(c.heads - 1, from.column + m[1])) }
      : from;
    this.setFocus(next, true);
  }
}

/**
 * Colours the thumbnails ([layer][head][y][x] bytes) into the atlas's pixels ([layer][y][head][x]).
 * Runs once per reply, usually before the page's code is optimised: one flat index each side and
 * the data in locals keep each pixel to a few bytecodes.
 */
function mapThumbnails(data: Uint8Array, layers: number, heads: number, size: number, pixels: Uint32Array): void {
  const lut = LUT32;
  const stride = heads * size;
  let from = 0;
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      let to = l * size * stride + h * size;
      for (let y = 0; y < size; y++, to += stride) {
        const end = from + size;
        for (let i = from, j = to; i < end; i++, j++) pixels[j] = lut[data[i]];
        from = end;
      }
    }
  }
}
