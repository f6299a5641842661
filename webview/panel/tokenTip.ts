/**
 * The token strip's readout (browser): a tooltip under the token pointed at or reached by the
 * keyboard — its label, index, id and source range, its whitespace in words, its vocabulary text,
 * and whether it is special or masked. It hovers over the tabs below the strip, so Escape closes it
 * (wherever the focus is) until another token is read (WCAG 1.4.13), and the pointer may rest on it
 * to read it (`covers`: the strip keeps it). It lets the pointer through (the tokens of the rows it
 * covers stay within reach). It is the description of the
 * option the keyboard is on when it is about that option (`describes`), and of none otherwise: a
 * readout of the token under the pointer is read as a tooltip, with no option's name beside it.
 *
 *   tip.show({ index: 3, token, label: '␣river', range, byteLevel: true }, option, strip, true);
 *   tip.describing; // 3: the readout is option 3's description
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import type { SourceRange } from '../../src/protocol/webviewApi';
import { spellWhitespace } from '../../src/protocol/tokenText';
import { el, replaceChildren } from '../common/dom';
import { formatRange, TEXT_MAX, tokenSource, visibleText } from '../common/format';
import { t } from '../common/l10n';

/** The readout's distance below its token, px. */
const GAP = 4;

/** What the readout says of a token. */
export interface TipToken {
  readonly index: number;
  readonly token: TokenInfo;
  readonly label: string;
  readonly range: SourceRange | null;
  readonly byteLevel: boolean;
}

export class TokenTip {
  readonly element = el('div', { className: 'token-tip', attrs: { id: 'token-tip', role: 'tooltip' } });
  /** The token whose readout Escape closed (null: none); reading another one shows it again. */
  private dismissed: number | null = null;
  private shown: number | null = null;
  /** The token whose readout this holds as its option's description (null: the readout is read on its own). */
  private describes: number | null = null;

  constructor() {
    this.element.hidden = true;
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || this.element.hidden) return;
      this.dismissed = this.shown;
      this.element.hidden = true;
    });
  }

  /** True when the point (client px) is on the shown readout, or in the gap between it and its token. */
  covers(x: number, y: number): boolean {
    if (this.element.hidden) return false;
    const r = this.element.getBoundingClientRect();
    return x >= r.left && x <= r.right && y >= r.top - GAP && y <= r.bottom;
  }

  /** The token whose option has this readout as its description, if any. */
  get describing(): number | null {
    return this.describes;
  }

  /**
   * Shows the readout of `at` under `item` (an option of the strip `within`); null hides it.
   * `description`: it is read as the description of `item`, which has the keyboard focus.
   */
  show(at: TipToken | null, item: HTMLElement | undefined, within: HTMLElement, description: boolean): void {
    if (at?.index !== this.dismissed) this.dismissed = null;
    this.shown = at?.index ?? null;
    if (!at || !item) {
      this.element.hidden = true;
      return;
    }
    this.fill(at, description);
    if (at.index === this.dismissed) {
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    const box = within.getBoundingClientRect();
    const r = item.getBoundingClientRect();
    // Below the token, kept inside the strip's width.
    const left = Math.max(0, Math.min(r.left - box.left, box.width - this.element.offsetWidth));
    this.element.style.left = `${left}px`;
    this.element.style.top = `${r.bottom - box.top + GAP}px`;
  }

  private fill(at: TipToken, description: boolean): void {
    const { token } = at;
    this.describes = description ? at.index : null;
    // As a description, "masked" is shown, not read: the option's name says it already. Read on its own, it says it.
    const unread = description ? { attrs: { 'aria-hidden': 'true' } } : {};
    // A special token with no place in the text is said to be special by its range ("no source (special token)"): once.
    const special = token.special && at.range !== null;
    const flags = [
      special ? el('span', {}, t('special token')) : null,
      special && token.masked ? el('span', unread, ', ') : null,
      token.masked ? el('span', unread, t('masked')) : null,
    ].filter((x) => x !== null);
    const spelled = token.special ? null : spellWhitespace(tokenSource(token.text, at.byteLevel), t);
    replaceChildren(
      this.element,
      el('span', { className: 'tip-label' }, at.label),
      el('span', { className: 'tip-line' }, t('#{0} · id {1} · {2}', at.index, token.id, formatRange(at.range, token.special))),
      spelled ? el('span', { className: 'tip-line' }, t('in words: {0}', visibleText(spelled, TEXT_MAX))) : null,
      el('span', { className: 'tip-line' }, t('vocabulary: {0}', visibleText(token.text, TEXT_MAX))),
      flags.length > 0 ? el('span', { className: 'tip-line' }, ...flags) : null,
    );
  }
}
