/**
 * Probability bars (browser): a list of labelled horizontal bars with percentages, used for
 * masked-token fillers, next-token candidates and the side view's headline predictions.
 */
import { el } from './dom';
import { barWidth, formatPercent } from './format';

export interface Bar {
  readonly label: string;
  readonly p: number;
}

export function barList(bars: readonly Bar[], ariaLabel: string, compact = false): HTMLElement {
  const list = el('ol', { className: compact ? 'bars compact' : 'bars', attrs: { 'aria-label': ariaLabel } });
  for (const bar of bars) {
    const fill = el('div', { className: 'bar-fill' });
    // CSSOM, not a style attribute: the CSP allows no inline style markup.
    fill.style.width = barWidth(bar.p);
    list.append(
      el(
        'li',
        { className: 'bar' },
        el('span', { className: 'bar-label' }, bar.label),
        el('span', { className: 'bar-track', attrs: { 'aria-hidden': 'true' } }, fill),
        el('span', { className: 'bar-value' }, formatPercent(bar.p)),
      ),
    );
  }
  return list;
}
