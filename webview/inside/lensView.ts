/**
 * The layer lens grid (browser): layers (rows, 0 = the embeddings, i = after block i) × tokens
 * (columns: a decoder's every token — what it would predict next — or an encoder's masked ones),
 * each cell the top token the model's own output head reads from that layer's stream, coloured by
 * its probability. Hover or focus gives the layer's top-k; a click (or Enter) follows that token's
 * probability and rank through the layers; a watch list follows words the reader types, which the
 * engine answers at every layer whatever their rank (the request's `watch`). The grid shows a window
 * of the tokens that fits the width and asks the engine (`lens`) for those positions only, when it is seen.
 */
import type { LensData, LensPosition, ModelKind, TokenInfo } from '../../src/protocol/analysis';
import { INSIDE_LIMITS } from '../../src/protocol/inside';
import { inBackground } from '../common/background';
import { button, el, field, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { barWidth, formatInteger, formatPercent, formatWholePercent, stripLabel } from '../common/format';
import { t } from '../common/l10n';
import type { ViewSource } from '../common/viewSource';
import type { Exportable } from '../export/exportBar';
import { lensCsv, lensJson } from './insideFormats';
import { follow, followWatched, lensPositions, watchKey, windowStart, type FollowStep } from './lensMath';
import { LENS_CELL, paintLensGrid } from './insidePaint';
import { rampCanvas } from '../views/matrixPaint';
import { moveInRows } from '../common/navigation';

export interface LensContext {
  readonly source: ViewSource;
  readonly key: number;
  readonly kind: ModelKind;
  readonly tokens: readonly TokenInfo[];
  readonly labels: readonly string[];
  /** The model's tokens are byte-level (GPT-2 style): candidates are shown and matched decoded. */
  readonly byteLevel: boolean;
}

/** Candidates asked per layer: the hover shows the first five, a followed token is found among all (watched ones anywhere). */
export const LENS_TOP_K = 20;
const SHOWN_TOP = 5;

export class LensView {
  readonly element: HTMLElement;
  readonly canvas = el('canvas', { className: 'lens-canvas', attrs: { tabindex: '0', role: 'group' } });
  private readonly status = el('p', { className: 'muted', attrs: { 'data-testid': 'lens-status' } });
  private readonly range = el('span', { className: 'muted', attrs: { 'data-testid': 'lens-range' } });
  /** The axes' labels are for the eye: a screen reader hears each cell's layer and token in the readout, not a run of bare numbers. */
  private readonly columns = el('div', { className: 'lens-columns', attrs: { 'aria-hidden': 'true' } });
  private readonly rowLabels = el('div', { className: 'lens-rows', attrs: { 'aria-hidden': 'true' } });
  private readonly readout = el('p', { className: 'inside-readout', attrs: { 'data-testid': 'lens-readout', 'aria-live': 'polite' } });
  private readonly followed = el('div', { className: 'lens-follow', attrs: { 'data-testid': 'lens-follow' } });
  private readonly watchInput = el('input', { className: 'lens-watch-input', attrs: { type: 'text', id: 'lens-watch', spellcheck: 'false' } });
  private readonly watchList = el('div', { className: 'lens-watch-list' });
  private readonly earlier = button('◀', () => this.page(-1), 'button secondary small');
  private readonly later = button('▶', () => this.page(1), 'button secondary small');
  private readonly body = el('div', { className: 'lens-body' });
  /** What a cell's colour says (under the grid, shown with it). */
  private readonly key = el(
    'div',
    { className: 'legend lens-key', attrs: { 'aria-hidden': 'true' } },
    rampCanvas(),
    el('span', { className: 'pane-range' }, `${formatWholePercent(0)} … ${formatWholePercent(1)}`),
    el('span', {}, t('the probability of the token written in the cell')),
  );
  private readonly focusBox = el('div', { className: 'lens-focus', attrs: { 'aria-hidden': 'true' } });
  private context: LensContext | null = null;
  private positions: number[] = [];
  private start = 0;
  private count = 6;
  private data: LensData | null = null;
  private focus = { row: 0, col: 0 };
  private following: { position: number; id: number; token: string } | null = null;
  private readonly watched: string[] = [];
  private visible = false;
  private stale = true;

  constructor() {
    this.earlier.setAttribute('aria-label', t('Earlier tokens'));
    this.later.setAttribute('aria-label', t('Later tokens'));
    this.canvas.setAttribute('aria-label', t('Layer lens: arrow keys move, Enter follows the token'));
    this.canvas.addEventListener('mousemove', (e) => {
      const cell = this.hit(e);
      if (cell) this.describe(cell.row, cell.col);
    });
    this.canvas.addEventListener('click', (e) => {
      const cell = this.hit(e);
      if (!cell) return;
      this.focus = cell;
      this.placeFocus();
      this.describe(cell.row, cell.col);
      this.followCell();
    });
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    this.canvas.addEventListener('focus', () => this.describe(this.focus.row, this.focus.col));
    const add = (): void => {
      const word = watchKey(this.watchInput.value).slice(0, INSIDE_LIMITS.maxWatchLength).trim();
      this.watchInput.value = '';
      if (!word || this.watched.includes(word) || this.watched.length >= INSIDE_LIMITS.maxWatch) return;
      this.watched.push(word);
      this.drawFollow();
      this.reload(); // the engine answers the watched words with the lens
    };
    this.watchInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') add();
    });
    this.element = el(
      'div',
      { className: 'lens-view' },
      el('p', { className: 'inside-honest' }, t('The model’s own output head applied to earlier layers; not a calibrated probability.')),
      this.status,
      el('div', { className: 'controls' }, this.earlier, this.range, this.later),
      this.body,
      this.readout,
      el(
        'div',
        { className: 'controls lens-watch' },
        field(t('Watch a token'), this.watchInput),
        button(t('Add'), add, 'button secondary small'),
        this.watchList,
      ),
      this.followed,
    );
  }

  show(context: LensContext, token: number | null): void {
    // Another analysis: the last one's lens goes now, not when this one's reply comes (hidden, when it is next seen).
    if (context.key !== this.context?.key) this.clear();
    this.context = context;
    this.positions = lensPositions(context.tokens, context.kind);
    this.start = windowStart(this.positions, token, this.count, 0);
    this.reload();
  }

  /** The selected token: the window moves to hold it. */
  setToken(token: number | null): void {
    const next = windowStart(this.positions, token, this.count, this.start);
    if (next === this.start) return;
    this.start = next;
    this.reload();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.load();
  }

  exportable(meta: () => Record<string, unknown>): Exportable {
    const labels = (): readonly string[] => this.context?.labels ?? [];
    return {
      stem: () => `lens-${this.positions[this.start] ?? 0}`,
      layers: () =>
        this.data
          ? {
              parts: [{ canvas: this.canvas, x: 0, y: 0, width: this.canvas.width, height: this.canvas.height }],
              width: this.canvas.width,
              height: this.canvas.height,
            }
          : null,
      svg: () => null,
      json: () => (this.data ? lensJson(meta(), this.data, labels()) : null),
      csv: () => (this.data ? lensCsv(this.data, labels()) : null),
    };
  }

  /** Nothing on screen or to export of a lens: its cells, labels, range, status, readout and followed token. */
  private clear(): void {
    this.data = null;
    this.following = null;
    replaceChildren(this.body);
    replaceChildren(this.followed);
    this.status.textContent = '';
    this.range.textContent = '';
    this.readout.textContent = '';
  }

  private reload(): void {
    this.stale = true;
    if (this.visible) this.load();
  }

  private load(): void {
    const c = this.context;
    if (!c) return;
    this.stale = false;
    const room = this.element.clientWidth - LENS_CELL.label - 8;
    this.count = room > 0 ? Math.max(2, Math.min(16, Math.floor(room / LENS_CELL.width))) : this.count;
    this.start = windowStart(this.positions, null, this.count, this.start);
    const shown = this.positions.slice(this.start, this.start + this.count);
    const had = document.activeElement;
    this.earlier.disabled = this.start <= 0;
    this.later.disabled = this.start + this.count >= this.positions.length;
    // A way that ends here is disabled: the focus it had goes to the way back (not to the page's body).
    if ((had === this.earlier || had === this.later) && (had as HTMLButtonElement).disabled) (had === this.later ? this.earlier : this.later).focus();
    this.range.textContent = shown.length ? t('tokens {0}–{1} of {2}', this.start + 1, this.start + shown.length, this.positions.length) : '';
    // As the Q/K/V inspector does: the cells may stay while other tokens or words are asked for, the readout of the last goes.
    this.readout.textContent = '';
    if (!shown.length) {
      this.data = null;
      this.status.textContent =
        c.kind === 'encoder'
          ? t('No token is masked. Mask a word (Attention Lens: Mask Word at Cursor) to see what the masked-word head reads at each layer.')
          : t('No tokens to read.');
      replaceChildren(this.body);
      return;
    }
    this.status.textContent = t('Reading {0} tokens through every layer…', shown.length);
    inBackground(
      c.source.lens('lens', { key: c.key, positions: shown, topK: LENS_TOP_K, ...(this.watched.length ? { watch: [...this.watched] } : {}) }).then((o) => {
        // A reply for an analysis no longer shown says nothing, not even its error.
        if (this.context !== c) return;
        if (o.kind === 'error') this.status.textContent = o.message;
        if (o.kind !== 'ok') return;
        this.status.textContent =
          c.kind === 'encoder'
            ? t('Columns: the masked tokens. Rows: 0 the embeddings, i after block i.')
            : t('Columns: what the model predicts after each token. Rows: 0 the embeddings, i after block i.');
        this.data = o.reply;
        this.draw(c, o.reply);
      }),
    );
  }

  private draw(c: LensContext, lens: LensData): void {
    const layers = lens.positions[0]?.layers.length ?? 0;
    const cells = Array.from({ length: layers }, (_, r) =>
      lens.positions.map((p) => {
        const top = p.layers[r]?.top[0];
        return top ? { text: stripLabel(top.token, c.byteLevel), p: top.p } : null;
      }),
    );
    paintLensGrid(this.canvas, cells, lens.positions.length);
    this.canvas.dataset.layers = String(layers);
    this.canvas.dataset.positions = lens.positions.map((p) => p.position).join(' ');
    const column = (p: LensPosition): HTMLElement =>
      el('span', { className: 'lens-column', attrs: { title: `${c.labels[p.position] ?? ''} (${p.position})` } }, c.labels[p.position] ?? String(p.position));
    replaceChildren(this.columns, ...lens.positions.map(column));
    replaceChildren(this.rowLabels, ...Array.from({ length: layers }, (_, r) => el('span', { className: 'lens-row-label' }, String(r))));
    replaceChildren(this.body, this.columns, el('div', { className: 'lens-grid' }, this.rowLabels, this.canvas, this.focusBox), this.key);
    this.focus = { row: Math.min(this.focus.row, layers - 1), col: Math.min(this.focus.col, lens.positions.length - 1) };
    this.placeFocus();
    this.drawFollow();
  }

  private hit(e: MouseEvent): { row: number; col: number } | null {
    const box = this.canvas.getBoundingClientRect();
    const col = Math.floor((e.clientX - box.left) / LENS_CELL.width);
    const row = Math.floor((e.clientY - box.top) / LENS_CELL.height);
    const p = this.data?.positions[col];
    return p && row >= 0 && row < p.layers.length ? { row, col } : null;
  }

  private describe(row: number, col: number): void {
    const p = this.data?.positions[col];
    const layer = p?.layers[row];
    if (!p || !layer) return;
    const top = layer.top
      .slice(0, SHOWN_TOP)
      .map((c) => `${this.shownToken(c.token)} ${formatPercent(c.p)}`)
      .join(', ');
    this.readout.textContent = t('Layer {0} at {1} ({2}): {3}', layer.layer, this.context?.labels[p.position] ?? '', p.position, top);
  }

  private followCell(): void {
    const p = this.data?.positions[this.focus.col];
    const top = p?.layers[this.focus.row]?.top[0];
    if (!p || !top) return;
    this.following = { position: p.position, id: top.id, token: this.shownToken(top.token) };
    this.drawFollow();
  }

  /** A watched word's button, which stops watching it (its name says so: "the ×" alone says nothing). */
  private chip(word: string, index: number): HTMLButtonElement {
    const chip = button(
      `${word} ×`,
      () => {
        this.watched.splice(index, 1);
        this.drawFollow();
      },
      'button secondary small lens-chip',
    );
    chip.setAttribute('aria-label', t('Stop watching {0}', word));
    return chip;
  }

  /** The followed token and the watched words through the layers, at the followed position (else the window's first). */
  private drawFollow(): void {
    // A removed word's button had the focus: the next word's takes it, or the field when none is left.
    keepingFocus(
      this.watchList,
      () => replaceChildren(this.watchList, ...this.watched.map((w, i) => this.chip(w, i))),
      () => this.watchInput,
    );
    const lens = this.data;
    const at = lens?.positions.find((p) => p.position === this.following?.position) ?? lens?.positions[0];
    if (!lens || !at || (!this.following && !this.watched.length)) {
      replaceChildren(this.followed);
      return;
    }
    const series: { name: string; steps: FollowStep[]; missing?: boolean }[] = [];
    if (this.following && this.following.position === at.position) series.push({ name: this.following.token, steps: follow(at, this.following.id) });
    // A watched word the last answer does not hold yet is left out until the next one (asked when it was added).
    const watched = this.watched.flatMap((w) => {
      const index = lens.watch?.indexOf(w) ?? -1;
      if (index < 0) return [];
      const steps = followWatched(at, index);
      return [{ name: w, steps: steps ?? at.layers.map(({ layer }) => ({ layer, p: null, rank: null })), missing: steps === null }];
    });
    series.push(...watched);
    if (!series.length) {
      replaceChildren(this.followed);
      return;
    }
    const cell = (s: FollowStep, missing = false): HTMLElement => {
      const fill = el('div', { className: 'bar-fill' });
      fill.style.width = barWidth(s.p ?? 0);
      const text =
        s.p !== null
          ? t('{0} · rank {1}', formatPercent(s.p), formatInteger(s.rank ?? 0))
          : missing
            ? t('not one token of the vocabulary')
            : t('not in the top {0}', LENS_TOP_K);
      return el('td', {}, el('span', { className: 'bar-track', attrs: { 'aria-hidden': 'true' } }, fill), el('span', { className: 'lens-step' }, text));
    };
    const layers = at.layers.length;
    replaceChildren(
      this.followed,
      el(
        'table',
        { className: 'lens-follow-table' },
        el('caption', {}, t('Through the layers at {0} ({1})', this.context?.labels[at.position] ?? '', at.position)),
        el('tr', {}, el('th', {}, t('Layer')), ...series.map((s) => el('th', {}, s.name))),
        ...Array.from({ length: layers }, (_, r) => el('tr', {}, el('th', {}, String(r)), ...series.map((s) => cell(s.steps[r], s.missing)))),
      ),
    );
  }

  /** A candidate as the grid and the readout show it: whitespace as glyphs ("␣bank"). */
  private shownToken(token: string): string {
    return stripLabel(token, this.context?.byteLevel ?? false);
  }

  private page(direction: number): void {
    this.start = Math.max(0, this.start + direction * this.count);
    this.reload();
  }

  private onKey(e: KeyboardEvent): void {
    const lens = this.data;
    if (!lens) return;
    const rows = lens.positions[0]?.layers.length ?? 0;
    const cols = lens.positions.length;
    // The other grids' keys (navigation.ts): arrows a step, Home/End the row's ends, PageUp/PageDown ten layers.
    const moved = moveInRows({ row: this.focus.row, column: this.focus.col }, e.key, rows, cols);
    if (moved) this.focus = { row: moved.row, col: moved.column };
    else if (e.key === 'Enter' || e.key === ' ') this.followCell();
    else return;
    e.preventDefault();
    this.placeFocus();
    this.describe(this.focus.row, this.focus.col);
  }

  private placeFocus(): void {
    this.canvas.dataset.focus = `${this.focus.row}/${this.focus.col}`;
    this.focusBox.style.left = `${LENS_CELL.label + this.focus.col * LENS_CELL.width}px`;
    this.focusBox.style.top = `${this.focus.row * LENS_CELL.height}px`;
    this.focusBox.style.width = `${LENS_CELL.width - 1}px`;
    this.focusBox.style.height = `${LENS_CELL.height - 1}px`;
  }
}
