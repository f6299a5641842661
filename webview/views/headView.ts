/**
 * The head view (browser): tokens in two columns (queries left, keys right) or, for long inputs,
 * two rows (queries above, keys below), with a line from each query to the keys it attends to,
 * weight as opacity and width, on canvas. The links come from the worker already pruned (top-k
 * keys per query, above a threshold), one list per head shown, each in its own colour. One canvas
 * is on screen at a time, so that a first paint allocates and composites one backing store: the
 * labels with every link (drawn once per reply, sized before the reply comes), or, while a token
 * is focused, the labels (copied from a bitmap kept off the page, made on the first hover) with that
 * token's links — a hover redraws only this one, a few dozen lines at most.
 */
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { HeadSelection, LinksReply } from '../../src/protocol/views';
import { anchorOf, indexLinks, PAD, selectionLabel, selectionsOf, tokenAt, type HeadStage, type Indexed, type Side } from './headLinks';
import { paintAllLinks, paintFocusLinks, paintLabels, type DrawnLink, type Focus } from './headPaint';
import { el, field, foldedHelp, replaceChildren } from '../common/dom';
import { formatDecimal, formatWeight, parseDecimal } from '../common/format';
import { t } from '../common/l10n';
import { moveInList } from '../common/navigation';
import { headColour } from '../common/theme';
import type { ViewSource } from '../common/viewSource';
import { inBackground } from '../common/background';

export interface HeadContext {
  readonly source: ViewSource;
  readonly key: number;
  readonly labels: readonly string[];
  /** What the view shows: a layer's heads (each of a set in its colour; rollout: the layer's mean) and the cleaning. */
  readonly choice: ViewChoice;
}

export interface HeadEvents {
  /** A token was picked (click or Enter). */
  onPick(token: number): void;
}

/** Inputs up to this long are drawn as two columns; longer ones as two rows. */
export const COLUMN_LIMIT = 64;
/** Rows of the columns layout: 16 px, tighter (down to 12) when the height there is asks for it. */
const ROW = 16;
const MIN_ROW = 12;
/** The weight under which a link is not drawn, until the reader types another. */
const DEFAULT_THRESHOLD = 0.05;
const ROWS_HEIGHT = 260;

export type { Focus } from './headPaint';

export class HeadView {
  readonly element: HTMLElement;
  private readonly allCanvas = el('canvas', { className: 'head-all', attrs: { 'aria-hidden': 'true' } });
  private readonly focusCanvas = el('canvas', { className: 'head-focus', attrs: { 'aria-hidden': 'true' } });
  /** The focusable drawing (its keys: the help's). */
  readonly stage: HTMLElement;
  private readonly topK = el('input', { className: 'picker', attrs: { id: 'head-topk', type: 'number', min: '1', max: '32', value: '3' } });
  // Text, not type=number: the browser would write and read it with a point whatever the page's
  // language, and drop a Spanish «0,3» as empty; it is written and read as the panel's numbers are.
  private readonly threshold = el('input', {
    className: 'picker',
    attrs: { id: 'head-threshold', type: 'text', inputmode: 'decimal', size: '5', value: formatDecimal(DEFAULT_THRESHOLD, 2) },
  });
  /** Which heads the lines are, in their colours: a named group, or a screen reader says a bare "mean". */
  private readonly legend = el('div', { className: 'head-legend', attrs: { role: 'group', 'aria-label': t('Line colours') } });
  private readonly readout = el('div', { className: 'readout', attrs: { 'aria-live': 'polite', 'data-testid': 'head-readout' } });
  private context: HeadContext | null = null;
  private lists: Indexed[] = [];
  private reply: LinksReply | null = null;
  private focus: Focus | null = null;
  private width = 0;
  private height = 0;
  /** The height of a token's row in the columns layout. */
  private row = ROW;
  /** The device pixels per CSS px the canvases were sized for. */
  private dpr = 1;
  /** The labels drawn off the page for the focus frames (null: to be drawn on the next hover). */
  private labelsImage: HTMLCanvasElement | null = null;
  private paints = 0;
  /** The stage the base canvas was painted for (null: paint it again: a new reply, a theme). */
  private drawn: string | null = null;
  /** Lines drawn by the last focus frame (tests read it). */
  drawnLinks: DrawnLink[] = [];

  /** `fit` is the height there is for the stage (the panel's views each fit one screen). */
  constructor(
    private readonly events: HeadEvents,
    private readonly fit: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    this.stage = el(
      'div',
      { className: 'head-stage', attrs: { tabindex: '0', role: 'group', 'aria-roledescription': t('head view'), 'aria-describedby': 'head-help' } },
      this.allCanvas,
      this.focusCanvas,
    );
    this.focusCanvas.hidden = true;
    const help = foldedHelp(
      t('Keyboard and mouse'),
      'head-help',
      t(
        'Lines join each query to the keys it attends to (stronger = more opaque and wider). Point at a token or use the arrow keys to see only its lines; Enter selects it, Escape clears. X switches the heads shown off.',
      ),
    );
    this.element = el(
      'div',
      { className: 'head-view' },
      el('div', { className: 'controls' }, field(t('Top keys per query'), this.topK), field(t('Threshold'), this.threshold), this.legend),
      this.stage,
      this.readout,
      help,
    );
    for (const input of [this.topK, this.threshold]) input.addEventListener('change', () => inBackground(this.fetch()));
    this.stage.addEventListener('pointermove', (e) => this.setFocus(this.hit(e), false));
    this.stage.addEventListener('pointerleave', () => this.setFocus(null, false));
    this.stage.addEventListener('click', (e) => {
      const f = this.hit(e);
      if (f) this.events.onPick(f.token);
    });
    this.stage.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.resize()).observe(this.element);
    this.readout.textContent = t('Point at a token to see only its lines.');
  }

  get layout(): 'columns' | 'rows' {
    return (this.context?.labels.length ?? 0) <= COLUMN_LIMIT ? 'columns' : 'rows';
  }

  get shownReply(): LinksReply | null {
    return this.reply;
  }

  get labels(): readonly string[] {
    return this.context?.labels ?? [];
  }

  get canvases(): readonly HTMLCanvasElement[] {
    return [this.focus ? this.focusCanvas : this.allCanvas];
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /** The height the stage takes in the page now. */
  get stageHeight(): number {
    return this.stage.offsetHeight;
  }

  get selections(): HeadSelection[] {
    return this.context ? selectionsOf(this.context.choice.combine) : [];
  }

  /** Resolves false when the host answered with an error (the caller may ask again later). */
  show(context: HeadContext): Promise<boolean> {
    // Another analysis: nothing of the last one stays (its lines, its readout).
    const another = context.key !== this.context?.key;
    if (another) {
      this.reply = null;
      this.lists = [];
    }
    this.context = context;
    const { layer, combine } = context.choice;
    // What a screen reader says on reaching the drawing, beside its role.
    this.stage.setAttribute('aria-label', t('Head view: {0}', t('layer {0}, {1}', layer, selectionsOf(combine).map(selectionLabel).join(', '))));
    this.focus = null;
    this.drawnLinks = [];
    this.showReadout();
    // Asked first, before anything reads the page's layout: the reply can come before the next frame.
    const fetched = this.fetch();
    // Laid out while the reply is on its way; the canvas, whose lines are the last analysis's, hidden
    // until the reply draws it (drawing it now as well would make the browser upload it twice).
    if (another) this.place();
    this.drawFocus();
    return fetched;
  }

  /** Shows only one token's lines (its links as a query), or all with null. */
  setFocusedToken(token: number | null): void {
    this.setFocus(token === null ? null : { side: 'query', token }, false);
  }

  private async fetch(): Promise<boolean> {
    const c = this.context;
    if (!c) return true;
    const topK = Math.max(1, Math.min(32, Math.round(Number(this.topK.value) || 3)));
    const typed = parseDecimal(this.threshold.value);
    const threshold = Number.isFinite(typed) ? Math.max(0, Math.min(1, typed)) : DEFAULT_THRESHOLD;
    this.threshold.value = formatDecimal(threshold, 2);
    const { layer, combine, cleaning } = c.choice;
    const heads = selectionsOf(combine);
    const out = await c.source.links('head', { key: c.key, layer, heads, cleaning, topK, threshold });
    if (c !== this.context || out.kind !== 'ok') return out.kind !== 'error';
    this.reply = out.reply;
    this.lists = out.reply.lists.map((l) => indexLinks(l, out.reply.axisLength));
    replaceChildren(
      this.legend,
      ...heads.map((h, i) => {
        const swatch = el('span', { className: 'swatch' });
        swatch.style.background = headColour(i);
        return el('span', { className: 'legend-item' }, swatch, selectionLabel(h));
      }),
      combine.kind === 'rollout' ? el('span', { className: 'muted' }, t(' (rollout spans layers: the lines show this layer’s mean)')) : null,
    );
    this.drawn = null;
    this.resize();
    return true;
  }

  /**
   * Lays the stage out again (the space changed); paints its lines again only when the reply or the
   * stage's size did: the tab shown again (its size back from 0) finds its canvas as it left it.
   */
  resize(): void {
    if (!this.reply || !this.place()) return;
    const drawn = `${this.layout} ${this.labels.length} ${this.width}x${this.height} ${this.row} ${this.dpr}`;
    if (this.drawn !== drawn) {
      this.paintBase();
      this.drawn = drawn;
      this.stage.dataset.paints = String(++this.paints);
    }
    this.drawFocus();
  }

  /**
   * Sizes the stage and the canvas on screen to the space there is; false when there is nothing to
   * lay out or no space (a hidden tab). A canvas keeps its backing store when its size is unchanged.
   */
  private place(): boolean {
    const c = this.context;
    if (!c || this.element.clientWidth === 0) return false;
    const n = c.labels.length;
    this.dpr = window.devicePixelRatio || 1;
    const room = this.fit();
    this.row = Math.max(MIN_ROW, Math.min(ROW, Math.floor((room - 2 * PAD) / Math.max(1, n))));
    this.width = this.layout === 'columns' ? Math.max(320, Math.min(900, this.element.clientWidth || 520)) : Math.max(400, this.element.clientWidth || 800);
    this.height = this.layout === 'columns' ? PAD * 2 + n * this.row : Math.max(200, Math.min(ROWS_HEIGHT, Math.floor(room)));
    this.sizeCanvas(this.allCanvas);
    this.stage.style.height = `${this.height}px`;
    this.stage.style.width = `${this.width}px`;
    this.stage.dataset.layout = this.layout;
    this.stage.dataset.row = String(this.row);
    return true;
  }

  /** Gives a canvas the stage's size (its backing store only when that changed) and the device scale. */
  private sizeCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
    const [w, h] = [Math.round(this.width * this.dpr), Math.round(this.height * this.dpr)];
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    canvas.style.width = `${this.width}px`;
    canvas.style.height = `${this.height}px`;
    const ctx = canvas.getContext('2d');
    ctx?.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    return ctx;
  }

  /** The canvas of all lines: cleared, the labels, then every link of the reply. */
  private paintBase(): void {
    const ctx = this.allCanvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, this.width, this.height);
    paintLabels(ctx, this.geometry, this.labels, null);
    paintAllLinks(ctx, this.geometry, this.lists);
    // The focus frames' copy of the labels is of the last layout or theme: drawn again when needed.
    this.labelsImage = null;
  }

  /** Where token i sits on a side: the end of its label that lines attach to. */
  anchor(side: Side, i: number): { x: number; y: number } {
    return anchorOf(this.geometry, side, i);
  }

  private get geometry(): HeadStage {
    return { layout: this.layout, count: this.labels.length, width: this.width, height: this.height, row: this.row };
  }

  /** The labels as they stand on the base canvas, drawn once off the page for the focus frames. */
  private labelsBitmap(): HTMLCanvasElement {
    if (this.labelsImage) return this.labelsImage;
    const image = document.createElement('canvas');
    image.width = this.allCanvas.width;
    image.height = this.allCanvas.height;
    const ctx = image.getContext('2d');
    if (ctx) {
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      paintLabels(ctx, this.geometry, this.labels, null);
    }
    return (this.labelsImage = image);
  }

  /** With a focused token: the labels and that token's lines only, on the focus canvas shown instead of the base (the hover frame). */
  private drawFocus(): void {
    const f = this.reply && this.width > 0 ? this.focus : null;
    // Waiting for a new analysis's first reply, neither canvas shows.
    this.allCanvas.hidden = f !== null || this.reply === null;
    this.focusCanvas.hidden = f === null;
    this.drawnLinks = [];
    if (!f) {
      delete this.focusCanvas.dataset.links;
      return;
    }
    const ctx = this.sizeCanvas(this.focusCanvas);
    if (!ctx) return;
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.drawImage(this.labelsBitmap(), 0, 0, this.width, this.height);
    this.drawnLinks = paintFocusLinks(ctx, this.geometry, this.lists, f);
    paintLabels(ctx, this.geometry, this.labels, f);
    // What this frame drew, for tests: "query>key" per line.
    this.focusCanvas.dataset.links = this.drawnLinks.map((d) => `${d.query}>${d.key}`).join(' ');
  }

  private hit(e: MouseEvent): Focus | null {
    const r = this.stage.getBoundingClientRect();
    return tokenAt(this.geometry, e.clientX - r.left, e.clientY - r.top);
  }

  private setFocus(focus: Focus | null, keyboard: boolean): void {
    const same = focus?.side === this.focus?.side && focus?.token === this.focus?.token;
    if (same && !keyboard) return;
    this.focus = focus;
    this.drawFocus();
    this.showReadout();
  }

  private showReadout(): void {
    const f = this.focus;
    if (!f) {
      // Rewritten only when the words change: a screen reader says a live region again on any rewrite.
      const hint = t('Point at a token to see only its lines.');
      if (this.readout.textContent !== hint) this.readout.textContent = hint;
      return;
    }
    const labels = this.labels;
    const parts = this.drawnLinks
      .slice(0, 12)
      .map((d) => `${labels[f.side === 'query' ? d.key : d.query] ?? ''} ${formatWeight(this.lists[d.list].weight[this.indexOf(d)])}`);
    const list = parts.length ? parts.join(', ') : t('nothing above the threshold');
    const token = `${labels[f.token] ?? ''} (#${f.token})`;
    this.readout.textContent = f.side === 'query' ? t('{0} attends to: {1}', token, list) : t('{0} is attended by: {1}', token, list);
  }

  private indexOf(d: { query: number; key: number; list: number }): number {
    const l = this.lists[d.list];
    for (let i = l.byQuery[d.query]; i < l.byQuery[d.query + 1]; i++) if (l.keyIndex[i] === d.key) return i;
    return -1;
  }

  private onKey(e: KeyboardEvent): void {
    const n = this.labels.length;
    if (n === 0) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      this.setFocus(null, true);
      return;
    }
    const current = this.focus ?? { side: 'query' as const, token: 0 };
    if (e.key === 'Enter') {
      e.preventDefault();
      this.events.onPick(current.token);
      return;
    }
    // Along the axis move the token; across it switch between the query and the key side.
    const across = this.layout === 'columns' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    if (across.includes(e.key)) {
      e.preventDefault();
      const side = e.key === across[0] ? 'query' : 'key';
      this.setFocus({ side, token: current.token }, true);
      return;
    }
    const key = this.layout === 'columns' ? e.key : e.key === 'ArrowLeft' ? 'ArrowUp' : e.key === 'ArrowRight' ? 'ArrowDown' : e.key;
    const next = this.focus ? moveInList(current.token, key, n) : e.key.startsWith('Arrow') || e.key.startsWith('Page') ? current.token : null;
    if (next === null) return;
    e.preventDefault();
    this.setFocus({ side: current.side, token: next }, true);
  }
}
