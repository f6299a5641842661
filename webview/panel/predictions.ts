/**
 * The predictions column of the panel (browser): for encoders the top fillers of every masked
 * position, for decoders the next-token candidates and, for the selected token, how likely the
 * model found it (probability, rank, surprisal) and what it expected instead.
 */
import type { AnalysisOverview, Candidate, TokenSurprise } from '../../src/protocol/analysis';
import { barList } from '../common/bars';
import { el, replaceChildren } from '../common/dom';
import { formatBits, formatPercent, tokenLabel } from '../common/format';

export class PredictionsView {
  readonly element = el('section', { className: 'predictions', attrs: { 'aria-label': 'Predictions' } });
  private readonly focused = el('div', { className: 'focused-token', attrs: { 'aria-live': 'polite' } });
  private result: AnalysisOverview | null = null;
  private labels: readonly string[] = [];
  private byteLevel = false;
  private perToken = new Map<number, TokenSurprise>();

  show(result: AnalysisOverview, labels: readonly string[], byteLevel: boolean): void {
    this.result = result;
    this.labels = labels;
    this.byteLevel = byteLevel;
    this.perToken = new Map(result.predictions.perToken.map((t) => [t.position, t]));
    const bars = (list: readonly Candidate[], name: string): HTMLElement =>
      barList(
        list.map((c) => ({ label: tokenLabel(c.token, byteLevel), p: c.p })),
        name,
      );
    const sections: HTMLElement[] = [];
    if (result.model.kind === 'encoder') {
      sections.push(el('h2', {}, 'Masked tokens'));
      if (result.predictions.masked.length === 0) sections.push(el('p', { className: 'muted' }, 'No masked tokens in this analysis.'));
      for (const m of result.predictions.masked) {
        const name = `Fillers for #${m.position} ${labels[m.position] ?? ''}`;
        sections.push(
          el('h3', { className: 'masked-heading' }, `#${m.position} `, el('span', { className: 'token-inline' }, labels[m.position] ?? '?')),
          bars(m.top, name),
        );
      }
    } else {
      sections.push(el('h2', {}, 'Next token'));
      sections.push(
        result.predictions.next.length ? bars(result.predictions.next, 'Next-token candidates') : el('p', { className: 'muted' }, 'No next-token prediction.'),
      );
      sections.push(el('h2', {}, 'Selected token'), this.focused);
    }
    replaceChildren(this.element, ...sections);
    this.setFocus(null);
  }

  /** Shows the selected token's surprise (decoders). */
  setFocus(token: number | null): void {
    if (!this.result || this.result.model.kind !== 'decoder') return;
    if (token === null) {
      replaceChildren(this.focused, el('p', { className: 'muted' }, 'Select a token to see how likely the model found it.'));
      return;
    }
    const label = el('span', { className: 'token-inline' }, this.labels[token] ?? '?');
    const s = this.perToken.get(token);
    if (!s) {
      replaceChildren(this.focused, el('p', {}, label, ` (#${token}): no prediction for this position.`));
      return;
    }
    const facts = el(
      'dl',
      { className: 'facts' },
      el('dt', {}, 'probability'),
      el('dd', {}, formatPercent(s.p)),
      el('dt', {}, 'rank'),
      el('dd', {}, String(s.rank)),
      el('dt', {}, 'surprisal'),
      el('dd', {}, formatBits(s.surprisal)),
    );
    const expected = barList(
      s.top.map((c) => ({ label: tokenLabel(c.token, this.byteLevel), p: c.p })),
      `Expected at #${token}`,
    );
    replaceChildren(this.focused, el('p', {}, label, ` (#${token})`), facts, el('h3', {}, 'Expected instead'), expected);
  }
}
