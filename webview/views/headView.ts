/**
 * The head view (browser): tokens in two columns (queries left, keys right) or, for long inputs,
 * two rows (queries above, keys below), with a line from each query to the keys it attends to,
 * weight as opacity and width, on canvas. The links come from the worker already pruned (top-k
 * keys per query, above a threshold), one list per head shown, each in its own colour. Three
 * layers of canvas keep hovering cheap: the labels, every link (drawn once per reply), and the
 * focused token's links — a hover clears and redraws only the last, a few dozen lines at most.
 */
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { HeadSelection, LinksReply } from '../../src/protocol/views';
import { anchorOf, indexLinks, PAD, selectionLabel, selectionsOf, tokenAt, type HeadStage, type Indexed, type Side } from './headLinks';
import { el, foldedHelp, replaceChildren } from '../common/dom';
import { formatWeight } from '../common/format';
import { t } from '../common/l10n';
import { moveInList } from '../common/navigation';
import { cssColor, headColour } from '../common/theme';
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
const ROWS_HEIGHT = 260;

export interface Focus {
  readonly side: Side;
  readonly token: number;
}

export class HeadView {
  readonly element: HTMLElement;
  private readonly labelsCanvas = el('canvas', { className: 'head-labels', attrs: { 'aria-hidden': 'true' } });
  private readonly allCanvas = el('canvas', { className: 'head-all', attrs: { 'aria-hidden': 'true' } });
  private readonly focusCanvas = el('canvas', { className: 'head-focus', attrs: { 'aria-hidden': 'true' } });
  /** The focusable drawing (its keys: the help's). */
  readonly stage: HTMLElement;
  private readonly topK = el('input', { className: 'picker', attrs: { id: 'head-topk', type: 'number', min: '1', max: '32', value: '3' } });
  private readonly threshold = el('input', {
    className: 'picker',
    attrs: { id: 'head-threshold', type: 'number', min: '0', max: '1', step: '0.01', value: '0.05' },
  });
  private readonly legend = el('div', { className: 'head-legend' });
  private readonly readout = el('div', { className: 'readout', attrs: { 'aria-live': 'polite', 'data-testid': 'head-readout' } });
  private context: HeadContext | null = null;
  private lists: Indexed[] = [];
  private reply: LinksReply | null = null;
  private focus: Focus | null = null;
  private width = 0;
  private height = 0;
  /** The height of a token's row in the columns layout. */
  private row = ROW;
  private paints = 0;
  /** Lines drawn by the last focus frame (tests read it). */
  drawnLinks: { query: number; key: number; list: number }[] = [];

  /** `fit` is the height there is for the stage (the panel's views each fit one screen). */
  constructor(
    private readonly events: HeadEvents,
    private readonly fit: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    this.stage = el(
      'div',
      { className: 'head-stage', attrs: { tabindex: '0', role: 'group', 'aria-roledescription': t('head view'), 'aria-describedby': 'head-help' } },
      this.labelsCanvas,
      this.allCanvas,
      this.focusCanvas,
    );
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
      el(
        'div',
        { className: 'controls' },
        el('label', { attrs: { for: 'head-topk' } }, t('Top keys per query')),
        this.topK,
        el('label', { attrs: { for: 'head-threshold' } }, t('Threshold')),
        this.threshold,
        this.legend,
      ),
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
    return [this.labelsCanvas, this.focus ? this.focusCanvas : this.allCanvas];
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
    if (context.key !== this.context?.key) {
      this.reply = null;
      this.lists = [];
      for (const canvas of [this.labelsCanvas, this.allCanvas, this.focusCanvas]) canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    }
    this.context = context;
    this.focus = null;
    this.drawnLinks = [];
    this.showReadout();
    return this.fetch();
  }

  /** Shows only one token's lines (its links as a query), or all with null. */
  setFocusedToken(token: number | null): void {
    this.setFocus(token === null ? null : { side: 'query', token }, false);
  }

  private async fetch(): Promise<boolean> {
    const c = this.context;
    if (!c) return true;
    const topK = Math.max(1, Math.min(32, Math.round(Number(this.topK.value) || 3)));
    const threshold = Math.max(0, Math.min(1, Number(this.threshold.value) || 0));
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
    this.resize();
    return true;
  }

  /** Lays the stage out again (the space changed). */
  resize(): void {
    const c = this.context;
    if (!c || !this.reply || this.element.clientWidth === 0) return;
    const n = c.labels.length;
    const dpr = window.devicePixelRatio || 1;
    const room = this.fit();
    this.row = Math.max(MIN_ROW, Math.min(ROW, Math.floor((room - 2 * PAD) / Math.max(1, n))));
    this.width = this.layout === 'columns' ? Math.max(320, Math.min(900, this.element.clientWidth || 520)) : Math.max(400, this.element.clientWidth || 800);
    this.height = this.layout === 'columns' ? PAD * 2 + n * this.row : Math.max(200, Math.min(ROWS_HEIGHT, Math.floor(room)));
    for (const canvas of [this.labelsCanvas, this.allCanvas, this.focusCanvas]) {
      canvas.width = Math.round(this.width * dpr);
      canvas.height = Math.round(this.height * dpr);
      canvas.style.width = `${this.width}px`;
      canvas.style.height = `${this.height}px`;
      canvas.getContext('2d')?.setTransform(dpr, 0, 0, dpr, 0, 0);
    }
    this.stage.style.height = `${this.height}px`;
    this.stage.style.width = `${this.width}px`;
    this.drawLabels();
    this.drawAll();
    this.drawFocus();
    this.stage.dataset.paints = String(++this.paints);
    this.stage.dataset.layout = this.layout;
    this.stage.dataset.row = String(this.row);
  }

  /** Where token i sits on a side: the end of its label that lines attach to. */
  anchor(side: Side, i: number): { x: number; y: number } {
    return anchorOf(this.geometry, side, i);
  }

  private get geometry(): HeadStage {
    return { layout: this.layout, count: this.labels.length, width: this.width, height: this.height, row: this.row };
  }

  private drawLabels(highlight: Focus | null = null, ctx = this.labelsCanvas.getContext('2d')): void {
    if (!ctx) return;
    const labels = this.labels;
    const n = labels.length;
    if (!highlight) ctx.clearRect(0, 0, this.width, this.height);
    ctx.font = '11px monospace';
    ctx.fillStyle = highlight ? cssColor('--fg', '#ddd') : cssColor('--muted', '#999');
    const text = (label: string, side: Side, i: number): void => {
      const a = this.anchor(side, i);
      if (this.layout === 'columns') {
        ctx.textBaseline = 'middle';
        ctx.textAlign = side === 'query' ? 'right' : 'left';
        ctx.fillText(clip(label, 16), side === 'query' ? a.x - 4 : a.x + 4, a.y);
        return;
      }
      ctx.save();
      ctx.translate(a.x, side === 'query' ? a.y - 4 : a.y + 4);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'middle';
      ctx.textAlign = side === 'query' ? 'left' : 'right';
      ctx.fillText(clip(label, 9), 0, 0);
      ctx.restore();
    };
    if (highlight) {
      text(labels[highlight.token] ?? '', highlight.side, highlight.token);
      return;
    }
    const stride = this.layout === 'columns' ? 1 : Math.max(1, Math.ceil(12 / ((this.width - 2 * PAD) / Math.max(1, n))));
    for (let i = 0; i < n; i += stride) {
      text(labels[i], 'query', i);
      text(labels[i], 'key', i);
    }
    // Tick marks for every token in rows, so that unlabelled ones still show where they are.
    if (this.layout === 'rows') {
      ctx.fillStyle = cssColor('--border', '#555');
      for (let i = 0; i < n; i++) {
        const q = this.anchor('query', i);
        const k = this.anchor('key', i);
        ctx.fillRect(q.x - 0.5, q.y - 3, 1, 3);
        ctx.fillRect(k.x - 0.5, k.y, 1, 3);
      }
    }
  }

  private line(ctx: CanvasRenderingContext2D, list: number, link: number, density = 1): void {
    const l = this.lists[list];
    const from = this.anchor('query', l.query[link]);
    const to = this.anchor('key', l.keyIndex[link]);
    const share = l.max > 0 ? l.weight[link] / l.max : 0;
    ctx.globalAlpha = (0.15 + 0.85 * share) * density;
    ctx.lineWidth = 0.5 + 2.5 * share;
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  }

  private drawAll(): void {
    const ctx = this.allCanvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, this.width, this.height);
    // Thousands of overlapping lines would fill the band solid: fade them with their number.
    const total = this.lists.reduce((n, l) => n + l.query.length, 0);
    const density = Math.min(1, 400 / Math.max(1, total));
    this.lists.forEach((l, list) => {
      ctx.strokeStyle = headColour(list);
      for (let i = 0; i < l.query.length; i++) this.line(ctx, list, i, density);
    });
    ctx.globalAlpha = 1;
  }

  /** Clears and draws the focused token's lines only (the hover frame). */
  private drawFocus(): void {
    const ctx = this.focusCanvas.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, this.width, this.height);
    const f = this.focus;
    this.allCanvas.hidden = f !== null;
    this.drawnLinks = [];
    if (!f) {
      delete this.focusCanvas.dataset.links;
      return;
    }
    this.lists.forEach((l, list) => {
      ctx.strokeStyle = headColour(list);
      if (f.side === 'query') {
        for (let i = l.byQuery[f.token]; i < l.byQuery[f.token + 1]; i++) {
          this.line(ctx, list, i);
          this.drawnLinks.push({ query: l.query[i], key: l.keyIndex[i], list });
        }
      } else {
        for (let j = l.byKey[f.token]; j < l.byKey[f.token + 1]; j++) {
          const i = l.byKeyOrder[j];
          this.line(ctx, list, i);
          this.drawnLinks.push({ query: l.query[i], key: l.keyIndex[i], list });
        }
      }
    });
    ctx.globalAlpha = 1;
    this.drawLabels(f, ctx);
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
      this.readout.textContent = t('Point at a token to see only its lines.');
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

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
