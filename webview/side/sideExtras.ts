/**
 * The side view's part of the editor-first features (browser), each section following the active
 * editor: the spotlight — the tokens it lights up for the token under the cursor with a legend of
 * its colours, or, outside the analyzed text, why nothing lights up and an "Analyze here" button —
 * and the surprisal heatmap's legend (the same bands, least surprising first, as the editor's
 * colours), and the settling strip's legend (the layer from which each prediction stays the same).
 * They use different colour families: the spotlight violet, the heatmap blue to red, the settling teal.
 */
import type { SpotlightMessage, SurprisalLegend } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { button, el, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { formatWeight, TEXT_MAX, visibleText } from '../common/format';
import { slot, slots, t } from '../common/l10n';

export class SideExtras {
  readonly element = el('div', { className: 'side-extras' });
  private readonly spot = el('section', { className: 'spotlight-list', attrs: { 'aria-label': t('Spotlight') } });
  private readonly legend = el('section', { className: 'surprisal-legend', attrs: { 'aria-label': t('Surprisal legend') } });
  private readonly settling = el('section', { className: 'settling-legend', attrs: { 'aria-label': t('Where the prediction settles') } });

  /** `analyzeHere` runs Analyze Selection in the active editor (at its cursor). */
  constructor(private readonly analyzeHere: () => void) {
    replaceChildren(this.element, this.spot, this.legend, this.settling);
    this.showSpotlight(null);
    this.showLegend(null);
    this.showSettling(null);
  }

  /** The list replaces "Analyze here" once the text is analyzed: a focus there goes to its heading, where a screen reader reads on. */
  showSpotlight(message: SpotlightMessage): void {
    keepingFocus(
      this.spot,
      () => this.renderSpotlight(message),
      () => this.spot.querySelector('h3'),
    );
  }

  private renderSpotlight(message: SpotlightMessage): void {
    this.spot.hidden = message === null;
    if (!message) return replaceChildren(this.spot);
    if ('kind' in message) {
      replaceChildren(
        this.spot,
        el('h3', { attrs: { tabindex: '-1' } }, t('Spotlight')),
        el(
          'p',
          { className: 'spotlight-outside' },
          message.analyzed === null
            ? t('Nothing lights up: {0} has no analysis of its current text.', visibleText(message.document, TEXT_MAX))
            : t('Nothing lights up: the cursor is outside the analyzed text ({0} of {1}).', message.analyzed, visibleText(message.document, TEXT_MAX)),
        ),
        el('div', { className: 'actions' }, button(t('Analyze here'), this.analyzeHere)),
      );
      return;
    }
    replaceChildren(
      this.spot,
      el(
        'h3',
        { attrs: { tabindex: '-1' } },
        ...slots(t('Spotlight: {0} attends to', slot(0)), el('span', { className: 'token-inline' }, visibleText(message.token))),
      ),
      el('p', { className: 'model-line' }, message.view),
      message.items.length > 0
        ? barList(
            message.items.map((i) => ({ label: visibleText(i.label), p: i.weight })),
            t('Attended tokens'),
            true,
            formatWeight,
          )
        : el(
            'p',
            { className: 'muted' },
            message.empty === 'not-numbers'
              ? t('Its attention weights are not numbers (NaN or infinite): nothing to light up.')
              : t('The panel’s cleaning hides this token: nothing to light up.'),
          ),
      swatches('weight', message.bands, t('Spotlight colours, by share of the strongest weight')),
    );
  }

  showLegend(legend: SurprisalLegend | null): void {
    this.legend.hidden = legend === null;
    if (!legend) return replaceChildren(this.legend);
    replaceChildren(
      this.legend,
      el('h3', {}, t('Surprisal (bits) in {0}', visibleText(legend.document, TEXT_MAX))),
      swatches('band', legend.bands, t('Surprisal colours')),
    );
  }

  showSettling(legend: SurprisalLegend | null): void {
    this.settling.hidden = legend === null;
    if (!legend) return replaceChildren(this.settling);
    replaceChildren(
      this.settling,
      el('h3', {}, t('Where the prediction settles in {0}', visibleText(legend.document, TEXT_MAX))),
      el('p', { className: 'model-line' }, t('The first layer from which the model’s final top-1 stays top-1 (the model’s own head on earlier layers).')),
      swatches('settle', legend.bands, t('Settling colours, earliest layer first')),
    );
  }
}

/** One swatch per label, in the editor's colours (`swatch <family>-<i>` in side.css). */
function swatches(family: 'weight' | 'band' | 'settle', labels: readonly string[], ariaLabel: string): HTMLElement {
  return el(
    'ol',
    { className: `legend-bands ${family}-legend`, attrs: { 'aria-label': ariaLabel } },
    ...labels.map((label, b) =>
      el('li', { className: 'legend-band' }, el('span', { className: `swatch ${family}-${b}`, attrs: { 'aria-hidden': 'true' } }), label),
    ),
  );
}
