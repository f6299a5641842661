/**
 * The side view's part of the editor-first features (browser): the tokens the spotlight lights up
 * for the token under the cursor, and the surprisal heatmap's legend (the same bands, least
 * surprising first, as the editor's colours).
 */
import type { SpotlightList, SurprisalLegend } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { el, replaceChildren } from '../common/dom';

export class SideExtras {
  readonly element = el('div', { className: 'side-extras' });
  private readonly spot = el('section', { className: 'spotlight-list', attrs: { 'aria-label': 'Spotlight' } });
  private readonly legend = el('section', { className: 'surprisal-legend', attrs: { 'aria-label': 'Surprisal legend' } });

  constructor() {
    replaceChildren(this.element, this.spot, this.legend);
    this.showSpotlight(null);
    this.showLegend(null);
  }

  showSpotlight(list: SpotlightList | null): void {
    this.spot.hidden = list === null;
    if (!list) return replaceChildren(this.spot);
    replaceChildren(
      this.spot,
      el('h3', {}, 'Spotlight: ', el('span', { className: 'token-inline' }, list.token), ' attends to'),
      el('p', { className: 'model-line' }, list.view),
      barList(
        list.items.map((i) => ({ label: i.label, p: i.weight })),
        'Attended tokens',
        true,
      ),
    );
  }

  showLegend(legend: SurprisalLegend | null): void {
    this.legend.hidden = legend === null;
    if (!legend) return replaceChildren(this.legend);
    replaceChildren(
      this.legend,
      el('h3', {}, 'Surprisal (bits) in ', legend.document),
      el(
        'ol',
        { className: 'legend-bands' },
        ...legend.bands.map((label, b) =>
          el('li', { className: 'legend-band' }, el('span', { className: `swatch band-${b}`, attrs: { 'aria-hidden': 'true' } }), label),
        ),
      ),
    );
  }
}
