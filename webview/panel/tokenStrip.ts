/**
 * The token strip (browser): every token of the analysis as an option of one listbox, wrapped like
 * text in a compact box that stays in view above the tabs and scrolls on its own. Only the rows in
 * view (and the selected token) are in the page: widths are measured once on a canvas and the
 * places computed (stripLayout.ts), so 512 tokens cost Chromium a few dozen elements. Each option
 * keeps its accessible name (its label), its place (aria-posinset of aria-setsize) and its id
 * `token-i`. One Tab stop (roving tabindex); arrows, Home/End, PageUp/PageDown move; Enter or a
 * click asks the host to reveal the token in the editor; a readout describes the hovered or
 * keyboard-focused token.
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import type { SourceRange } from '../../src/protocol/webviewApi';
import { el, replaceChildren } from '../common/dom';
import { t } from '../common/l10n';
import { moveInList } from '../common/navigation';
import { BOX, TokenMeasurer } from './tokenMeasure';
import { TokenTip } from './tokenTip';
import { layoutStrip, rowsInView, scrollToRow, type StripLayout } from './stripLayout';

export interface TokenStripEvents {
  /** The selected token changed (by keyboard, pointer or `select`); null = none. */
  onSelect(token: number | null): void;
  onReveal(token: number): void;
}

/** A row of tokens: 22 px boxes and a 2 px gap (tokens.css sets the same). */
const ROW = 24;
const GAP = 2;
/** The list's padding, px (tokens.css). */
const PAD = 6;
/** Rows shown at most before the strip scrolls. */
const MAX_ROWS = 3;

export class TokenStrip {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly sizer = el('div', { className: 'token-sizer' });
  private readonly tip = new TokenTip();
  /** The options in the page now, by token index. */
  private readonly items = new Map<number, HTMLElement>();
  private tokens: readonly TokenInfo[] = [];
  private ranges: readonly (SourceRange | null)[] = [];
  private labels: readonly string[] = [];
  private byteLevel = false;
  private widths: Float64Array = new Float64Array(0);
  private layout: StripLayout = layoutStrip([], 0, GAP);
  private laidOutFor = -1;
  private selected: number | null = null;
  private hovered: number | null = null;
  /** The selected token's row is to be scrolled into view once the strip has a layout. */
  private revealPending = false;
  private frame = 0;
  /**
   * Rows put in the page beyond those in view, on each side: none until the reader scrolls the
   * strip (a new analysis's first frame lays out only what shows), then one, ready for the scroll.
   */
  private margin = 0;
  /**
   * The list's geometry as last read or set (client width, -1: to be read; scroll offset; client
   * height): the frame that puts options in the page reads no layout, so it lays the page out once.
   */
  private view = { width: -1, top: 0, height: 0 };
  /** The list has the height of MAX_ROWS rows before its tokens are measured (fillsRows). */
  private filled = false;
  private readonly measurer = new TokenMeasurer(this.sizer);

  constructor(private readonly events: TokenStripEvents) {
    this.list = el('div', { className: 'token-list', attrs: { role: 'listbox', 'aria-label': t('Tokens'), 'aria-orientation': 'horizontal' } }, this.sizer);
    this.element = el('section', { className: 'token-strip', attrs: { 'aria-label': t('Tokens of the analysis') } }, this.list, this.tip.element);
    this.list.addEventListener('click', (e) => {
      const i = this.indexOf(e.target);
      if (i === null) return;
      this.select(i, true);
      this.events.onReveal(i);
    });
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.list.addEventListener('focusin', (e) => {
      const i = this.indexOf(e.target);
      if (i !== null && i !== this.selected) this.select(i, false);
      this.showTip();
    });
    this.list.addEventListener('focusout', () => this.showTip());
    this.list.addEventListener('pointerover', (e) => {
      const i = this.indexOf(e.target);
      if (i === null) this.leave(e);
      else if (i !== this.hovered) {
        this.hovered = i;
        this.showTip();
      }
    });
    this.list.addEventListener('pointerleave', (e) => this.leave(e));
    // Off the strip, the pointer may rest on the readout to read it (WCAG 1.4.13): it goes once the pointer is off both.
    document.addEventListener('pointermove', (e) => {
      if (this.hovered !== null && !this.list.contains(e.target as Node | null)) this.leave(e);
    });
    // Out of the webview (onto the editor beside it) no pointermove comes, from the readout or
    // anywhere: leaving the page, or the window losing focus, takes the pointer's readout away.
    document.documentElement.addEventListener('pointerleave', () => this.unhover());
    window.addEventListener('blur', () => this.unhover());
    this.list.addEventListener(
      'scroll',
      () => {
        this.view.top = this.list.scrollTop;
        this.margin = 1;
        this.schedule();
      },
      { passive: true },
    );
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      // A new width is read again; a new height alone (its rows changed) is the strip's own doing.
      if (!box || Math.round(box.width) + 2 * PAD !== this.view.width) this.view.width = -1;
      this.schedule();
    }).observe(this.list);
  }

  /** Shows a new analysis' tokens; `labels[i]` is how token i reads (see tokenLabels), `byteLevel` how its vocabulary writes text. */
  setTokens(tokens: readonly TokenInfo[], ranges: readonly (SourceRange | null)[], labels: readonly string[], byteLevel: boolean): void {
    this.tokens = tokens;
    this.byteLevel = byteLevel;
    this.ranges = ranges;
    this.labels = labels;
    this.selected = null;
    this.hovered = null;
    this.widths = new Float64Array(0);
    this.laidOutFor = -1;
    this.items.clear();
    replaceChildren(this.sizer);
    this.list.scrollTop = 0;
    this.view.top = 0;
    this.margin = 0;
    this.list.setAttribute('aria-setsize', String(tokens.length));
    // Its height now, so that the views under it size themselves once; its options on the next
    // frame, with the rest of the page (putting them in now would lay out a page still being built).
    // The width is the one last read (the ResizeObserver says when it changes), the font the one
    // last measured with (restyle says when it may have changed): no layout is read here. A list
    // that fills every row shown, whatever its tokens' widths, is measured on that frame too.
    if (!this.fillsRows()) this.ensureLayout();
    this.schedule();
    this.showTip();
  }

  /** The list's height in the page as this strip set it, border included (-1: not laid out yet). */
  get height(): number {
    return this.laidOutFor >= 0 || this.filled ? this.view.height + 2 : -1;
  }

  /**
   * True (and the list given the height of MAX_ROWS rows) when there are more tokens than MAX_ROWS
   * − 1 rows can hold at their narrowest (a box with no text): its height is known before its
   * tokens are measured. Needs the width already read.
   */
  private fillsRows(): boolean {
    this.filled = false;
    if (this.view.width <= 0) return false;
    const perRow = Math.floor((this.view.width - 2 * PAD + GAP) / (BOX + GAP));
    if (perRow < 1 || this.tokens.length <= (MAX_ROWS - 1) * perRow) return false;
    this.setHeight(MAX_ROWS);
    this.filled = true;
    return true;
  }

  /** Shows `rows` rows of tokens (the list's border box: the rows, the padding and the border). */
  private setHeight(rows: number): void {
    const shown = rows * ROW - GAP + 2 * PAD;
    this.list.style.height = `${shown + 2}px`;
    // Its client height: less the 1 px border each side (tokens.css); it never scrolls sideways.
    this.view.height = shown;
  }

  /** The theme or the editor font changed: the next analysis's tokens are measured with the font they have then. */
  restyle(): void {
    this.measurer.restyle();
  }

  /** How many tokens the strip holds (all of them: the rows out of view come in as it scrolls). */
  get count(): number {
    return this.tokens.length;
  }

  /** Selects token `i` (null clears); `focus` also moves keyboard focus to it. Its row scrolls into view. */
  select(i: number | null, focus: boolean): void {
    if (i !== null && (i < 0 || i >= this.tokens.length)) return;
    const previous = this.selected;
    this.selected = i;
    this.revealPending = i !== null;
    // Focus needs the option in the page now; otherwise the options there say so at once and the
    // next frame brings the selected one in.
    if (focus) this.render();
    else {
      this.mark();
      this.schedule();
    }
    if (i !== null && focus) this.items.get(i)?.focus({ preventScroll: true });
    if (i !== previous) this.events.onSelect(i);
    this.showTip();
  }

  /** True while the keyboard focus is on one of the strip's tokens. */
  get hasFocus(): boolean {
    return this.list.contains(document.activeElement);
  }

  /** Moves the keyboard focus to the strip's Tab stop: the selected token, else the first (which a focused token is). */
  focus(): void {
    this.select(this.selected ?? 0, true);
  }

  /** Measures the tokens once the strip is in the page (the font is known), and lays them out for its width. */
  private ensureLayout(): boolean {
    const width = this.view.width >= 0 ? this.view.width : this.list.clientWidth;
    // Not in the page yet (a hidden panel): read again next time.
    this.view.width = width || -1;
    if (width === 0) return false;
    if (this.widths.length !== this.tokens.length) this.widths = this.measurer.measure(this.tokens, this.labels);
    const available = width - 2 * PAD;
    if (this.laidOutFor !== available) {
      // A token wider than the strip (a long label in a narrow panel) is cut to it, its end an ellipsis (tokens.css).
      this.layout = layoutStrip(
        this.widths.map((w) => Math.min(w, available)),
        available,
        GAP,
      );
      this.laidOutFor = available;
      this.sizer.style.height = `${this.layout.rows * ROW}px`;
      this.setHeight(Math.min(MAX_ROWS, Math.max(1, this.layout.rows)));
      for (const [i, item] of this.items) this.place(item, i);
    }
    return true;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Puts in the page the options of the rows in view, the selected one and the one with focus; removes the rest. */
  private render(): void {
    if (!this.ensureLayout()) return;
    if (this.revealPending && this.selected !== null) {
      this.revealPending = false;
      const top = scrollToRow(this.view.top, this.view.height, ROW, this.layout.row[this.selected]);
      if (top !== this.view.top) this.list.scrollTop = this.view.top = top;
    }
    const [first, last] = rowsInView(this.layout, this.view.top, this.view.height, ROW, this.margin);
    const wanted = new Set<number>();
    for (let i = this.layout.rowStart[first] ?? 0; i < (this.layout.rowStart[last + 1] ?? 0); i++) wanted.add(i);
    const stop = this.selected ?? 0;
    if (stop < this.tokens.length) wanted.add(stop);
    const focused = this.indexOf(document.activeElement);
    if (focused !== null) wanted.add(focused);
    for (const [i, item] of this.items) {
      if (wanted.has(i)) continue;
      item.remove();
      this.items.delete(i);
    }
    for (const i of wanted) if (!this.items.has(i)) this.sizer.append(this.item(i));
    this.mark();
  }

  /** The options in the page say which one is selected, and the selected one (else the first) is the Tab stop. */
  private mark(): void {
    const stop = this.selected ?? 0;
    for (const [i, item] of this.items) {
      const on = i === this.selected;
      item.setAttribute('aria-selected', String(on));
      item.tabIndex = i === stop ? 0 : -1;
    }
    this.describe();
  }

  /** The readout is the description of the option it is about when that option has the keyboard focus, and of no other. */
  private describe(): void {
    const focused = this.indexOf(document.activeElement);
    const described = focused !== null && this.tip.describing === focused ? focused : null;
    for (const [i, item] of this.items) {
      if (i === described) item.setAttribute('aria-describedby', 'token-tip');
      else item.removeAttribute('aria-describedby');
    }
  }

  private item(i: number): HTMLElement {
    const token = this.tokens[i];
    const classes = ['token', token.special ? 'special' : '', token.masked ? 'masked' : ''].filter(Boolean).join(' ');
    const item = el(
      'span',
      {
        className: classes,
        attrs: { role: 'option', id: `token-${i}`, tabindex: '-1', 'aria-selected': 'false', 'aria-posinset': String(i + 1), 'data-index': String(i) },
      },
      this.labels[i],
    );
    // The mark drawn after a masked token is not read (tokens.css); its name says it instead.
    if (token.masked) item.setAttribute('aria-label', t('{0} (masked)', this.labels[i] ?? ''));
    this.place(item, i);
    this.items.set(i, item);
    return item;
  }

  private place(item: HTMLElement, i: number): void {
    item.style.left = `${this.layout.x[i]}px`;
    item.style.top = `${this.layout.row[i] * ROW}px`;
    item.style.width = `${Math.min(this.widths[i], this.laidOutFor)}px`;
    item.classList.toggle('clipped', this.widths[i] > this.laidOutFor);
  }

  private onKey(e: KeyboardEvent): void {
    const i = this.indexOf(e.target);
    if (i === null) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.events.onReveal(i);
      return;
    }
    const next = moveInList(i, e.key, this.tokens.length);
    if (next === null) return;
    e.preventDefault();
    this.select(next, true);
  }

  private indexOf(target: EventTarget | null): number | null {
    const item = target instanceof Element ? target.closest<HTMLElement>('.token') : null;
    if (!item || !this.list.contains(item)) return null;
    const i = Number(item.dataset.index);
    return Number.isInteger(i) ? i : null;
  }

  /** The pointer left the token it read: the readout goes, unless the pointer is on it or on its way there. */
  private leave(e: PointerEvent): void {
    if (this.hovered === null || this.tip.covers(e.clientX, e.clientY)) return;
    this.hovered = null;
    this.showTip();
  }

  /** The pointer is off the page: the readout goes back to the keyboard's token, if any. */
  private unhover(): void {
    if (this.hovered === null) return;
    this.hovered = null;
    this.showTip();
  }

  /** The readout follows the pointer, else the keyboard focus (not a focus left behind by a click). */
  private showTip(): void {
    const focused = this.indexOf(document.activeElement);
    const keyboard = focused !== null && Boolean(this.items.get(focused)?.matches(':focus-visible'));
    const i = this.hovered ?? (keyboard ? focused : null);
    const token = i === null ? undefined : this.tokens[i];
    const at = i === null || !token ? null : { index: i, token, label: this.labels[i] ?? '', range: this.ranges[i] ?? null, byteLevel: this.byteLevel };
    this.tip.show(at, i === null ? undefined : this.items.get(i), this.element, i !== null && i === focused);
    this.describe();
  }
}
