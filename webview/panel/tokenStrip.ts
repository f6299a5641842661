/**
 * The token strip (browser): every token of the analysis as one focusable item in a listbox with
 * a roving tabindex (one Tab stop; arrows, Home/End, PageUp/PageDown move; Enter or a click asks
 * the host to reveal the token in the editor), and a readout of the hovered or focused token.
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import type { ViewAxis } from '../../src/protocol/viewAxis';
import type { SourceRange } from '../../src/protocol/webviewApi';
import { el, replaceChildren } from '../common/dom';
import { formatRange, tokenLabels } from '../common/format';
import { moveInList } from '../common/navigation';

export interface TokenStripEvents {
  /** The selected token changed (by keyboard, pointer or `select`); null = none. */
  onSelect(token: number | null): void;
  onReveal(token: number): void;
}

export class TokenStrip {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly tip: HTMLElement;
  private items: HTMLElement[] = [];
  private tokens: readonly TokenInfo[] = [];
  private ranges: readonly (SourceRange | null)[] = [];
  private labels: readonly string[] = [];
  private selected: number | null = null;
  private hovered: number | null = null;

  constructor(private readonly events: TokenStripEvents) {
    this.list = el('div', { className: 'token-list', attrs: { role: 'listbox', 'aria-label': 'Tokens', 'aria-orientation': 'horizontal' } });
    this.tip = el('div', { className: 'token-tip', attrs: { id: 'token-tip', role: 'tooltip' } });
    this.tip.hidden = true;
    this.element = el('section', { className: 'token-strip', attrs: { 'aria-label': 'Tokens of the analysis' } }, this.list, this.tip);
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
      this.hovered = this.indexOf(e.target);
      this.showTip();
    });
    this.list.addEventListener('pointerleave', () => {
      this.hovered = null;
      this.showTip();
    });
  }

  /** Shows a new analysis' tokens; `labels[i]` is how token i reads (see tokenLabels). */
  setTokens(tokens: readonly TokenInfo[], ranges: readonly (SourceRange | null)[], labels: readonly string[]): void {
    this.tokens = tokens;
    this.ranges = ranges;
    this.labels = labels;
    this.selected = null;
    this.hovered = null;
    this.items = tokens.map((t, i) => {
      const classes = ['token', t.special ? 'special' : '', t.masked ? 'masked' : ''].filter(Boolean).join(' ');
      return el(
        'span',
        { className: classes, attrs: { role: 'option', id: `token-${i}`, tabindex: i === 0 ? '0' : '-1', 'aria-selected': 'false', 'data-index': String(i) } },
        labels[i],
      );
    });
    replaceChildren(this.list, ...this.items);
    this.showTip();
  }

  get count(): number {
    return this.list.childElementCount;
  }

  /** Selects token `i` (null clears); `focus` also moves keyboard focus to it. */
  select(i: number | null, focus: boolean): void {
    if (i !== null && (i < 0 || i >= this.items.length)) return;
    const previous = this.selected;
    if (previous !== null && this.items[previous]) {
      this.items[previous].setAttribute('aria-selected', 'false');
      this.items[previous].removeAttribute('aria-describedby');
    }
    this.selected = i;
    // The roving Tab stop follows the selection (or stays on the first token).
    for (const item of this.items) item.tabIndex = -1;
    const stop = this.items[i ?? 0];
    if (stop) stop.tabIndex = 0;
    if (i !== null) {
      const item = this.items[i];
      item.setAttribute('aria-selected', 'true');
      item.setAttribute('aria-describedby', 'token-tip');
      if (focus) item.focus();
      else item.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    if (i !== previous) this.events.onSelect(i);
    this.showTip();
  }

  private onKey(e: KeyboardEvent): void {
    const i = this.indexOf(e.target);
    if (i === null) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.events.onReveal(i);
      return;
    }
    const next = moveInList(i, e.key, this.items.length);
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

  /** The readout follows the pointer, else the keyboard focus (not a focus left behind by a click). */
  private showTip(): void {
    const focused = this.indexOf(document.activeElement);
    const keyboard = focused !== null && this.items[focused].matches(':focus-visible');
    const i = this.hovered ?? (keyboard ? focused : null);
    if (i === null || !this.tokens[i]) {
      this.tip.hidden = true;
      return;
    }
    const t = this.tokens[i];
    const flags = [t.special ? 'special token' : '', t.masked ? 'masked' : ''].filter(Boolean).join(', ');
    replaceChildren(
      this.tip,
      el('span', { className: 'tip-label' }, this.labels[i]),
      el('span', { className: 'tip-line' }, `#${i} · id ${t.id} · ${formatRange(this.ranges[i] ?? null)}`),
      el('span', { className: 'tip-line' }, `vocabulary: ${t.text}`),
      flags ? el('span', { className: 'tip-line' }, flags) : null,
    );
    this.tip.hidden = false;
    const item = this.items[i];
    const box = this.element.getBoundingClientRect();
    const r = item.getBoundingClientRect();
    // Below the token, kept inside the strip's width.
    const left = Math.max(0, Math.min(r.left - box.left, box.width - this.tip.offsetWidth));
    this.tip.style.left = `${left}px`;
    this.tip.style.top = `${r.bottom - box.top + 4}px`;
  }
}

/** The labels of a token list, as the strip and the heatmap axes show them. */
export function labelsOf(tokens: readonly TokenInfo[], byteLevel: boolean): string[] {
  return tokenLabels(tokens, byteLevel);
}

/** The labels of a cleaned axis: each entry's tokens' labels joined (a merged word's continuation markers `##` dropped). */
export function axisLabels(axis: ViewAxis, labels: readonly string[]): string[] {
  return axis.groups.map((group) => group.map((i, n) => (n > 0 ? (labels[i] ?? '').replace(/^##/, '') : (labels[i] ?? ''))).join(''));
}
