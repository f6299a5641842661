/**
 * The Predictions tab (browser): what the model predicts, each kind once. For an encoder, the
 * fillers of every masked position; for a decoder, the next token (nextTokens.ts: one list, with
 * the sampling controls applied to it) and, for the selected token, how likely the model found it
 * (probability, rank, surprisal) and what it expected instead. Every list's values are the model's
 * probabilities over the whole vocabulary (the rest of it is a row of its own), so they sum to 100 %.
 */
import type { AnalysisOverview, Candidate, TokenSurprise } from '../../src/protocol/analysis';
import type { PreviewMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { barList, type Bar } from '../common/bars';
import { el, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { formatBits, formatInteger, formatPercent, tokenLabel } from '../common/format';
import { t } from '../common/l10n';
import { NextTokensView, type NextTokenEvents } from './nextTokens';

export class PredictionsView {
  readonly element = el('section', { className: 'predictions', attrs: { 'aria-label': t('Predictions') } });
  private readonly next: NextTokensView;
  private readonly masked = el('div', { className: 'masked-list' });
  private readonly focused = el('div', { className: 'focused-token', attrs: { 'aria-live': 'polite' } });
  private readonly selectedSection = el(
    'section',
    { className: 'selected-token', attrs: { 'aria-label': t('Selected token') } },
    el('h2', {}, t('Selected token')),
    this.focused,
  );
  private result: AnalysisOverview | null = null;
  private labels: readonly string[] = [];
  private byteLevel = false;
  private perToken = new Map<number, TokenSurprise>();

  constructor(events: NextTokenEvents) {
    this.next = new NextTokensView(events);
    replaceChildren(this.element, this.masked, el('div', { className: 'prediction-columns' }, this.next.element, this.selectedSection));
  }

  /** A focus on what the new analysis hides (a decoder's controls, an encoder's list) goes to the heading of what it shows. */
  show(shown: ShownAnalysis, labels: readonly string[], byteLevel: boolean): void {
    keepingFocus(
      this.element,
      () => this.render(shown, labels, byteLevel),
      () => Array.from(this.element.querySelectorAll('h2')).find((h) => h.getClientRects().length > 0) ?? null,
    );
  }

  private render(shown: ShownAnalysis, labels: readonly string[], byteLevel: boolean): void {
    const result = shown.result;
    this.result = result;
    this.labels = labels;
    this.byteLevel = byteLevel;
    this.perToken = new Map(result.predictions.perToken.map((s) => [s.position, s]));
    this.next.show(shown);
    const decoder = result.model.kind === 'decoder';
    this.selectedSection.hidden = !decoder;
    this.masked.hidden = decoder;
    if (!decoder) this.showMasked(result);
    this.setFocus(null);
  }

  setPreview(preview: PreviewMessage): void {
    this.next.setPreview(preview);
  }

  /** Shows the selected token's surprise (decoders). */
  setFocus(token: number | null): void {
    if (!this.result || this.result.model.kind !== 'decoder') return;
    if (token === null) {
      const none = t('Select a token to see how likely the model found it.');
      // A live region, cleared by every new analysis: rewritten only when it said something else.
      if (this.focused.textContent !== none) replaceChildren(this.focused, el('p', { className: 'muted' }, none));
      return;
    }
    const label = el('span', { className: 'token-inline' }, this.labels[token] ?? '?');
    const s = this.perToken.get(token);
    if (!s) {
      replaceChildren(this.focused, el('p', {}, label, ' ', t('(#{0}): no prediction for this position.', token)));
      return;
    }
    const facts = el(
      'dl',
      { className: 'facts' },
      el('dt', {}, t('probability')),
      el('dd', {}, formatPercent(s.p)),
      el('dt', {}, t('rank')),
      el('dd', {}, formatInteger(s.rank)),
      el('dt', {}, t('surprisal')),
      el('dd', {}, formatBits(s.surprisal)),
    );
    replaceChildren(
      this.focused,
      el('p', {}, label, ` (#${token})`),
      facts,
      el('h3', {}, t('Expected instead')),
      barList(this.bars(s.top), t('Expected at #{0}', token)),
    );
  }

  private showMasked(result: AnalysisOverview): void {
    const lists = result.predictions.masked.map((m) =>
      el(
        'div',
        { className: 'masked-position' },
        el('h3', { className: 'masked-heading' }, `#${m.position} `, el('span', { className: 'token-inline' }, this.labels[m.position] ?? '?')),
        barList(this.bars(m.top), t('Fillers for #{0} {1}', m.position, this.labels[m.position] ?? '')),
      ),
    );
    replaceChildren(
      this.masked,
      el('h2', { attrs: { tabindex: '-1' } }, t('Masked tokens')),
      lists.length
        ? el('p', { className: 'help' }, t('The model’s most likely fillers of each masked position (the rest of the vocabulary is one row).'))
        : el('p', { className: 'muted' }, t('No masked tokens in this analysis.')),
      el('div', { className: 'masked-grid' }, ...lists),
    );
  }

  /** The model's candidates as bars, with what they leave of the vocabulary as the last one. */
  private bars(list: readonly Candidate[]): Bar[] {
    const bars: Bar[] = list.map((c) => ({ label: tokenLabel(c.token, this.byteLevel), p: c.p }));
    const rest = 1 - list.reduce((sum, c) => sum + c.p, 0);
    if (rest > 1e-6) bars.push({ label: t('the rest of the vocabulary'), p: rest, kind: 'rest' });
    return bars;
  }
}
