/**
 * The Query/Key/Value inspector (browser): one layer, one head, one query token, with the model's
 * real numbers. Each key token's row shows k_j, q ⊙ k_j, the dot product, ×scale, the mask, the
 * softmax weight (beside the attention the engine returned for that cell: they must agree), the
 * value v_j and a_j·v_j; the output vector is their sum. Vectors are strips on a diverging scale (canvas, one
 * per column), exact values in the readout on hover; the formula under each column's name; a
 * decoder's keys after the query are hatched, not hidden. Arrow keys move the key (up/down) and
 * the query (left/right). It asks for one head's slice (`qkvWindow`) and the matrix row (`row`).
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import type { ViewChoice } from '../../src/protocol/viewChoice';
import { NO_CLEANING } from '../../src/protocol/views';
import { inBackground } from '../common/background';
import { el, field, replaceChildren } from '../common/dom';
import { formatDecimal, formatExact } from '../common/format';
import { t } from '../common/l10n';
import type { ViewSource } from '../common/viewSource';
import type { Exportable } from '../export/exportBar';
import { qkvCsv, qkvJson } from './insideFormats';
import { divergingRamp, paintStrip, ROW } from './insidePaint';
import { checkText, gridChildren, num, type StripColumn } from './qkvGrid';
import { breakdown, cellWidth, fitCell, largestDifference, type Breakdown } from './qkvMath';

export interface QkvContext {
  readonly source: ViewSource;
  readonly key: number;
  readonly layers: number;
  readonly heads: number;
  readonly causal: boolean;
  readonly tokens: readonly TokenInfo[];
  readonly labels: readonly string[];
}

export class QkvView {
  readonly element: HTMLElement;
  private readonly layerPicker = el('select', { className: 'picker', attrs: { id: 'qkv-layer' } });
  private readonly headPicker = el('select', { className: 'picker', attrs: { id: 'qkv-head' } });
  private readonly title = el('p', { className: 'inside-title', attrs: { 'data-testid': 'qkv-title' } });
  private readonly status = el('p', { className: 'muted', attrs: { 'data-testid': 'qkv-status' } });
  private readonly check = el('p', { className: 'inside-check', attrs: { 'data-testid': 'qkv-check' } });
  private readonly readout = el('p', { className: 'inside-readout', attrs: { 'data-testid': 'qkv-readout', 'aria-live': 'polite' } });
  private readonly grid = el('div', { className: 'qkv-grid', attrs: { tabindex: '0', role: 'group', 'aria-label': t('Keys of the query: arrow keys move') } });
  /** What the strips' colours say (shown with the breakdown). */
  private readonly key = el(
    'div',
    { className: 'legend qkv-key', attrs: { 'aria-hidden': 'true', hidden: '' } },
    divergingRamp(),
    el(
      'span',
      {},
      t(
        'Strips: one cell per component, purple below 0, orange above, paler near 0; each quantity (q, k, q ⊙ k, v, a·v, output) on the scale of its own largest magnitude.',
      ),
    ),
  );
  private readonly qCanvas = el('canvas', { className: 'qkv-strip qkv-q' });
  private readonly outCanvas = el('canvas', { className: 'qkv-strip qkv-output' });
  private readonly strips: Record<StripColumn, HTMLCanvasElement> = {
    k: el('canvas', { className: 'qkv-strip qkv-k' }),
    product: el('canvas', { className: 'qkv-strip qkv-product' }),
    v: el('canvas', { className: 'qkv-strip qkv-v' }),
    weighted: el('canvas', { className: 'qkv-strip qkv-weighted' }),
  };
  private readonly focusBox = el('div', { className: 'qkv-focus', attrs: { 'aria-hidden': 'true' } });
  private context: QkvContext | null = null;
  private layer = 0;
  private head = 0;
  private query = 0;
  private focused = 0;
  private data: Breakdown | null = null;
  private matrixRow: Float32Array | null = null;
  private visible = false;
  private stale = true;
  /** What the Attention tab shows: the check says when its matrix is not the row compared here. */
  private panelChoice: ViewChoice | null = null;

  constructor() {
    for (const picker of [this.layerPicker, this.headPicker])
      picker.addEventListener('change', () => {
        this.layer = Number(this.layerPicker.value);
        this.head = Number(this.headPicker.value);
        this.reload();
      });
    // A narrower panel narrows the strips again (down to 1 px a component), so that a·v stays in view.
    let gridWidth = 0;
    new ResizeObserver(() => {
      if (this.grid.clientWidth === gridWidth) return;
      gridWidth = this.grid.clientWidth;
      if (this.data && this.context && gridWidth > 0) this.render(this.context, this.data);
    }).observe(this.grid);
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.grid.addEventListener('focus', () => this.describeRow());
    for (const [column, canvas] of Object.entries(this.strips) as [StripColumn, HTMLCanvasElement][])
      canvas.addEventListener('mousemove', (e) => this.hover(column, canvas, e));
    this.element = el(
      'div',
      { className: 'qkv-view' },
      el('div', { className: 'controls' }, field(t('Layer'), this.layerPicker), field(t('Head'), this.headPicker)),
      this.title,
      this.status,
      this.grid,
      this.key,
      this.check,
      this.readout,
    );
  }

  /** The analysis and where the inspector opens: the panel's layer and head (a combination: its layer, head 0) and token. */
  show(context: QkvContext, choice: ViewChoice, token: number | null): void {
    // Another analysis: the last one's breakdown goes now, not when this one's reply comes (the matrix clears its cells so too).
    if (context.key !== this.context?.key) this.clear();
    this.context = context;
    const options = (n: number, name: (i: number) => string): HTMLOptionElement[] =>
      Array.from({ length: n }, (_, i) => el('option', { attrs: { value: String(i) } }, name(i)));
    replaceChildren(this.layerPicker, ...options(context.layers, (i) => String(i)));
    replaceChildren(this.headPicker, ...options(context.heads, (i) => String(i)));
    this.query = token ?? this.defaultQuery(context);
    this.focused = this.query;
    this.follow(choice);
  }

  /** The panel's view choice changed: the inspector follows its layer and head. */
  follow(choice: ViewChoice): void {
    if (!this.context) return;
    this.panelChoice = choice;
    this.layer = Math.min(choice.layer, this.context.layers - 1);
    if (choice.combine.kind === 'head') this.head = choice.combine.head;
    this.reload();
  }

  /** The selected token becomes the query. */
  setQuery(token: number | null): void {
    if (!this.context || token === null || token === this.query || token >= this.context.tokens.length) return;
    this.query = token;
    this.reload();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.load();
  }

  get description(): string {
    return `layer${this.layer}-head${this.head}-query${this.query}`;
  }

  exportable(meta: () => Record<string, unknown>): Exportable {
    const labels = (): readonly string[] => this.context?.labels ?? [];
    return {
      stem: () => `${this.description}-qkv`,
      layers: () => {
        const d = this.data;
        if (!d) return null;
        const parts = [this.strips.k, this.strips.product, this.strips.v, this.strips.weighted].map((canvas, i, all) => ({
          canvas,
          x: all.slice(0, i).reduce((x, c) => x + c.width + 12, 0),
          y: 0,
          width: canvas.width,
          height: canvas.height,
        }));
        const last = parts[parts.length - 1];
        return { parts, width: last.x + last.width, height: Math.max(...parts.map((p) => p.height)) };
      },
      svg: () => null,
      json: () => (this.data ? qkvJson(meta(), this.data, labels(), this.matrixRow) : null),
      csv: () => (this.data ? qkvCsv(this.data, labels(), this.matrixRow) : null),
    };
  }

  private defaultQuery(context: QkvContext): number {
    const masked = context.tokens.findIndex((tok) => tok.masked);
    if (masked >= 0) return masked;
    for (let i = context.tokens.length - 1; i >= 0; i--) if (!context.tokens[i].special) return i;
    return 0;
  }

  /** Nothing on screen or to export of a breakdown: its grid, title, check and readout. */
  private clear(): void {
    this.data = null;
    this.matrixRow = null;
    replaceChildren(this.grid);
    this.key.hidden = true;
    this.title.textContent = '';
    this.check.textContent = '';
    this.check.dataset.difference = '';
    this.readout.textContent = '';
  }

  private reload(): void {
    this.layerPicker.value = String(this.layer);
    this.headPicker.value = String(this.head);
    this.stale = true;
    if (this.visible) this.load();
  }

  private load(): void {
    const c = this.context;
    if (!c) return;
    this.stale = false;
    const { layer, head, query } = this;
    this.status.textContent = t('Asking the engine for q, k and v of layer {0}, head {1}…', layer, head);
    // As the matrix does: the cells may stay while another layer, head or query is asked for, the readout of the last goes.
    this.readout.textContent = '';
    const slice = c.source.qkvWindow('qkv', { key: c.key, layer, head, query });
    const row = c.source.row('qkv-row', { key: c.key, layer, combine: { kind: 'head', head }, cleaning: NO_CLEANING, query });
    inBackground(
      Promise.all([slice, row]).then(([w, r]) => {
        // A reply for an analysis no longer shown says nothing, not even its error.
        if (this.context !== c) return;
        if (w.kind === 'error') this.status.textContent = w.message;
        if (w.kind !== 'ok') return;
        this.status.textContent = '';
        this.matrixRow = r.kind === 'ok' ? r.reply.weights : null;
        this.data = breakdown(w.reply, c.causal);
        this.focused = Math.min(this.focused, c.tokens.length - 1);
        this.render(c, this.data);
      }),
    );
  }

  private render(c: QkvContext, b: Breakdown): void {
    const cell = cellWidth(b.headDim);
    const label = (i: number): string => c.labels[i] ?? String(i);
    // The usual scale is the lecture's formula's 1/√d: said so, so that × scale reads as "÷ √d" (another model's own scale: its number only).
    const isRootD = Math.abs(b.scale * Math.sqrt(b.headDim) - 1) < 1e-4;
    const scale = isRootD ? `1/√${b.headDim} = ${num(b.scale)}` : num(b.scale);
    this.title.textContent = t('Query {0} ({1}), layer {2}, head {3}: d = {4}, scale = {5}', label(b.query), b.query, b.layer, b.head, b.headDim, scale);
    this.paintStrips(b, cell);
    this.key.hidden = false;
    replaceChildren(this.grid, ...gridChildren(b, label, { qCanvas: this.qCanvas, outCanvas: this.outCanvas, strips: this.strips, focusBox: this.focusBox }));
    // Half a window's width has no room for four 64 px strips beside the numbers: they narrow until a·v is in view.
    const fitted = this.grid.clientWidth > 0 ? fitCell(b.headDim, cell, this.grid.scrollWidth - this.grid.clientWidth) : cell;
    if (fitted < cell) this.paintStrips(b, fitted);
    const difference = this.matrixRow ? largestDifference(b.rows, this.matrixRow) : null;
    this.check.dataset.difference = difference === null ? '' : String(difference);
    this.check.textContent = checkText(difference, b, label);
    const p = this.panelChoice;
    const same = p !== null && p.layer === b.layer && p.combine.kind === 'head' && p.combine.head === b.head && !Object.values(p.cleaning).some(Boolean);
    if (difference !== null && !same)
      this.check.textContent += ` ${t('The Attention tab shows other numbers now (another layer, heads combined, or cleaning): choose layer {0}, head {1} and no cleaning there to see this row.', b.layer, b.head)}`;
    this.placeFocus();
  }

  /** The strips of every key, the query's and the output's, `cell` px a component. */
  private paintStrips(b: Breakdown, cell: number): void {
    const T = b.rows.length;
    const masked = b.rows.map((r) => r.masked);
    const values = (pick: (r: Breakdown['rows'][number]) => Float32Array): Float32Array => {
      const out = new Float32Array(T * b.headDim);
      b.rows.forEach((r, j) => out.set(pick(r), j * b.headDim));
      return out;
    };
    paintStrip(this.strips.k, { values: b.k, rows: T, d: b.headDim, range: b.ranges.k }, cell);
    paintStrip(this.strips.product, { values: values((r) => r.product), rows: T, d: b.headDim, range: b.ranges.product }, cell);
    paintStrip(this.strips.v, { values: b.v, rows: T, d: b.headDim, range: b.ranges.v }, cell);
    paintStrip(this.strips.weighted, { values: values((r) => r.weighted), rows: T, d: b.headDim, range: b.ranges.weighted, masked }, cell);
    paintStrip(this.qCanvas, { values: b.q, rows: 1, d: b.headDim, range: b.ranges.q }, cell);
    paintStrip(this.outCanvas, { values: b.output, rows: 1, d: b.headDim, range: b.ranges.output }, cell);
  }

  private placeFocus(): void {
    const head = this.grid.querySelector<HTMLElement>('.qkv-head');
    this.focusBox.style.top = `${(head?.offsetHeight ?? 0) + this.focused * ROW}px`;
    this.focusBox.style.height = `${ROW}px`;
    this.focusBox.dataset.row = String(this.focused);
    this.describeRow();
  }

  /** The focused key's whole row, in words (the readout is a live region). */
  private describeRow(): void {
    const b = this.data;
    const c = this.context;
    const r = b?.rows[this.focused];
    if (!b || !c || !r) return;
    const matrix = this.matrixRow ? this.matrixRow[r.key] : Number.NaN;
    this.readout.textContent = t(
      'Key {0} ({1}): q·k = {2}, × scale = {3}, mask {4}, softmax {5}, matrix {6}',
      c.labels[r.key] ?? String(r.key),
      r.key,
      num(r.dot),
      num(r.scaled),
      r.masked ? '−∞' : '0',
      formatDecimal(r.weight, 6),
      formatDecimal(matrix, 6),
    );
  }

  private hover(column: StripColumn, canvas: HTMLCanvasElement, e: MouseEvent): void {
    const b = this.data;
    if (!b) return;
    const box = canvas.getBoundingClientRect();
    const cell = Number(canvas.dataset.cell ?? 1);
    const dim = Math.floor((e.clientX - box.left) / cell);
    const row = Math.floor((e.clientY - box.top) / ROW);
    if (dim < 0 || dim >= b.headDim || row < 0 || row >= b.rows.length) return;
    const r = b.rows[row];
    const at = row * b.headDim + dim;
    const value = column === 'k' ? b.k[at] : column === 'v' ? b.v[at] : column === 'product' ? r.product[dim] : r.weighted[dim];
    const name = column === 'k' ? 'k' : column === 'v' ? 'v' : column === 'product' ? 'q⊙k' : 'a·v';
    this.readout.textContent = `${name}[${this.context?.labels[row] ?? row} (${row})][${dim}] = ${formatExact(value)}`;
  }

  private onKey(e: KeyboardEvent): void {
    const c = this.context;
    if (!c || !this.data) return;
    const T = c.tokens.length;
    let handled = true;
    if (e.key === 'ArrowDown') this.focused = Math.min(T - 1, this.focused + 1);
    else if (e.key === 'ArrowUp') this.focused = Math.max(0, this.focused - 1);
    else if (e.key === 'Home') this.focused = 0;
    else if (e.key === 'End') this.focused = T - 1;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const next = Math.max(0, Math.min(T - 1, this.query + (e.key === 'ArrowLeft' ? -1 : 1)));
      if (next !== this.query) {
        this.query = next;
        this.reload();
      }
    } else handled = false;
    if (!handled) return;
    e.preventDefault();
    this.placeFocus();
  }
}
