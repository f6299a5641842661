/**
 * Probability bars (browser): a list of labelled horizontal bars with percentages, used for
 * masked-token fillers, next-token candidates and the side view's headline predictions. A bar may
 * stand for something that is not one token (the rest of the vocabulary: `kind: 'rest'`, drawn
 * apart) and may be an estimate (`approximate`: its value reads "≈"). Bars of attention weights
 * (the spotlight's) pass `formatWeight`, so that a weight reads "0.300" as in the matrix and the hover.
 */
import { el } from './dom';
import { barWidth, formatPercent } from './format';

export interface Bar {
  readonly label: string;
  readonly p: number;
  readonly kind?: 'token' | 'rest';
  readonly approximate?: boolean;
}

export function barList(bars: readonly Bar[], ariaLabel: string, compact = false, format: (p: number) => string = formatPercent): HTMLElement {
  const list = el('ol', { className: compact ? 'bars compact' : 'bars', attrs: { 'aria-label': ariaLabel } });
  for (const bar of bars) {
    const fill = el('div', { className: 'bar-fill' });
    // CSSOM, not a style attribute: the CSP allows no inline style markup.
    fill.style.width = barWidth(bar.p);
    list.append(
      el(
        'li',
        { className: bar.kind === 'rest' ? 'bar bar-rest' : 'bar' },
        el('span', { className: 'bar-label' }, bar.label),
        el('span', { className: 'bar-track', attrs: { 'aria-hidden': 'true' } }, fill),
        el('span', { className: 'bar-value' }, `${bar.approximate ? '≈ ' : ''}${format(bar.p)}`),
      ),
    );
  }
  return list;
}
