/**
 * Word senses in the Representations tab (browser): the occurrences' cosine matrix at the layer a
 * slider picks (the note compares it with layer 0, the static embeddings, where occurrences
 * written with the same tokens are one vector: sensesNote.ts), their 2-D projection coloured by
 * cluster (each point a button: click or Enter selects the occurrence and reveals it in the
 * editor), and, for the selected occurrence (at first the one at the cursor), static vs
 * contextual: its tokens' input-embedding rows' nearest vocabulary entries beside, per layer, the
 * nearest tokens of the text it was read in. Model and document text is only set as text.
 */
import type { NearToken, SensesMessage } from '../../src/protocol/reprViews';
import { el, replaceChildren } from '../common/dom';
import { formatCosine, TEXT_MAX, tokenLabel, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { headColour } from '../common/theme';
import { allShownIdentical, cosineIndex, modelName, plotPositions } from './reprMath';
import { layerNote, sensesTitle, staticsByteLevel } from './sensesNote';
import { spellings } from '../../src/protocol/senseSpellings';
import { rampCanvas } from '../views/matrixPaint';
import { SmallMatrix } from './smallMatrix';

const PLOT = 180;

export class SensesView {
  readonly element = el('section', { className: 'repr-section repr-senses' });
  private readonly title = el('h3', {});
  private readonly slider = el('input', { className: 'repr-layer', attrs: { type: 'range', min: '0', max: '0', step: '1', value: '0' } });
  private readonly readout = el('span', { className: 'repr-readout', attrs: { 'aria-live': 'polite' } });
  private readonly note = el('p', { className: 'repr-note' });
  private readonly hover = el('p', { className: 'repr-hover', attrs: { 'aria-live': 'polite' } });
  private readonly matrix = new SmallMatrix(t('Cosine similarity of the occurrences'), PLOT, (r, c, v) => this.showCell(r, c, v));
  private readonly plot = el('div', { className: 'repr-plot', attrs: { role: 'group' } });
  private readonly statics = el('div', { className: 'repr-static' });
  private readonly context = el('div', { className: 'repr-context' });
  private message: SensesMessage | null = null;
  private layer = 0;
  private selected = 0;

  constructor(private readonly onReveal: (sensesId: number, occurrence: number) => void) {
    this.slider.setAttribute('aria-label', t('Layer'));
    this.plot.setAttribute('aria-label', t('Occurrences on the first two principal components'));
    this.plot.style.width = `${PLOT}px`;
    this.plot.style.height = `${PLOT}px`;
    this.slider.addEventListener('input', () => this.setLayer(Number(this.slider.value)));
    const compare = el(
      'div',
      { className: 'repr-compare' },
      el('div', {}, el('h4', {}, t('Static: the input embedding')), this.statics),
      el('div', {}, el('h4', {}, t('Contextual: nearest tokens of the text, per layer')), this.context),
    );
    replaceChildren(
      this.element,
      this.title,
      el('label', { className: 'repr-slider' }, this.slider, this.readout),
      this.note,
      el(
        'div',
        { className: 'repr-figures' },
        el(
          'figure',
          {},
          el('figcaption', {}, t('Cosine similarity of the occurrences')),
          this.matrix.canvas,
          el(
            'div',
            { className: 'legend', attrs: { 'aria-hidden': 'true' } },
            rampCanvas(),
            el('span', { className: 'pane-range' }, `${formatCosine(-1)} … ${formatCosine(1)}`),
          ),
        ),
        el('figure', {}, el('figcaption', {}, t('Occurrences on the first two principal components')), this.plot),
      ),
      this.hover,
      el('h3', {}, t('Static vs contextual')),
      compare,
    );
  }

  show(message: SensesMessage): void {
    this.message = message;
    const { result } = message;
    // The occurrence at the cursor, the one the student asked about (the message guard holds it to the occurrences).
    this.selected = result.at?.index ?? 0;
    this.title.textContent = sensesTitle(result, visibleText(message.document, TEXT_MAX), visibleText(modelName(result.model), TEXT_MAX));
    this.slider.max = String(result.layers.length - 1);
    this.layer = Math.min(this.layer, result.layers.length - 1);
    this.slider.value = String(this.layer);
    this.draw();
  }

  /** Shows layer `layer` (clamped to the layers there are). */
  setLayer(layer: number): void {
    if (!this.message) return;
    this.layer = Math.max(0, Math.min(layer, this.message.result.layers.length - 1));
    this.slider.value = String(this.layer);
    this.draw();
  }

  private draw(): void {
    const message = this.message;
    if (!message) return;
    const { occurrences, layers } = message.result;
    const n = occurrences.length;
    const data = layers[this.layer];
    this.readout.textContent = this.layer === 0 ? t('Layer 0 (embeddings)') : t('Layer {0}', this.layer);
    this.matrix.paint(data.cosine, n, cosineIndex);
    // Occurrences that read as cosine 1.000 are one vector: not drawn apart (the note says so too).
    const same = allShownIdentical(data.cosine);
    this.note.textContent = layerNote(message.result, this.layer);
    this.hover.textContent = '';
    const spots = same ? plotPositions(new Float32Array(2 * n), n) : plotPositions(data.projection.points, n);
    // The points are made again: one with the keyboard focus hands it to its successor (not to the page's body).
    const focused = this.plot.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.occurrence : undefined;
    replaceChildren(
      this.plot,
      ...spots.map((p, i) => {
        const b = el('button', {
          className: i === this.selected ? 'repr-point selected' : 'repr-point',
          attrs: { type: 'button', 'aria-label': t('Occurrence {0}, line {1}, cluster {2}', i + 1, this.place(i), data.clusters[i] + 1) },
        });
        b.style.left = `${p.x * PLOT}px`;
        b.style.top = `${p.y * PLOT}px`;
        b.style.background = headColour(data.clusters[i] === 0 ? 4 : 0);
        b.dataset.occurrence = String(i);
        b.addEventListener('click', () => {
          this.selected = i;
          this.onReveal(message.id, i);
          this.draw();
        });
        return b;
      }),
    );
    if (focused !== undefined) this.plot.querySelector<HTMLElement>(`[data-occurrence="${focused}"]`)?.focus();
    this.drawStatics();
    this.drawContext();
  }

  /** Occurrence `i`'s line; from several files, "file:line". */
  private place(i: number): string {
    const m = this.message;
    if (!m) return '';
    const file = m.files?.[m.result.occurrences[i].source];
    return file === undefined ? String(m.lines[i]) : `${visibleText(file, TEXT_MAX)}:${m.lines[i]}`;
  }

  private showCell(row: number, column: number, value: number): void {
    this.hover.textContent = t(
      'Occurrence {0} (line {1}) × occurrence {2} (line {3}): cosine {4}',
      row + 1,
      this.place(row),
      column + 1,
      this.place(column),
      formatCosine(value),
    );
  }

  /** The static rows of the selected occurrence's tokens (other tokens have other rows). */
  private drawStatics(): void {
    const result = this.message?.result;
    if (!result) return;
    const i = this.selected;
    const statics = [...new Set(result.occurrences[i].ids)].flatMap((id) => result.static.filter((s) => s.id === id));
    const byteLevel = staticsByteLevel(result);
    const ways = spellings(result.occurrences).length;
    replaceChildren(
      this.statics,
      ...(ways > 1
        ? [
            el(
              'p',
              {},
              t(
                'The tokens of occurrence {0} (line {1}): the word is written with {2} different sequences of tokens here, each with its own rows; select a point to see another’s.',
                i + 1,
                this.place(i),
                ways,
              ),
            ),
          ]
        : []),
      ...statics.map((s) =>
        el(
          'div',
          { className: 'repr-static-row' },
          el('p', {}, t('“{0}”: row {1} of {2} ({3} wide); nearest in the vocabulary:', tokenLabel(s.token, byteLevel), s.id, s.table.name, s.table.width)),
          el(
            'ol',
            {},
            ...s.neighbours.map((x) => el('li', {}, `${tokenLabel(x.token, byteLevel)} `, el('span', { className: 'repr-num' }, formatCosine(x.cosine)))),
          ),
        ),
      ),
    );
  }

  private drawContext(): void {
    const message = this.message;
    if (!message) return;
    const i = this.selected;
    const occurrence = message.result.occurrences[i];
    const rows = message.result.layers.map((l) =>
      el(
        'tr',
        { className: l.layer === this.layer ? 'current' : '' },
        el('th', { attrs: { scope: 'row' } }, l.layer === 0 ? t('0 (embeddings)') : String(l.layer)),
        // Document text, read as the strip reads a token: a whitespace token in words ("newline"), not a blank.
        el('td', {}, l.nearest[i].map((x) => `${nearLabel(x, l.nearest[i], occurrence)} ${formatCosine(x.cosine)}`).join(' · ')),
      ),
    );
    replaceChildren(
      this.context,
      el('p', {}, t('Occurrence {0} (line {1})', i + 1, this.place(i))),
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, el('th', { attrs: { scope: 'col' } }, t('Layer')), el('th', { attrs: { scope: 'col' } }, t('Nearest tokens (cosine)')))),
        el('tbody', {}, ...rows),
      ),
    );
  }
}

/**
 * A nearest token as the Contextual table says it: its text (a whitespace token in words, as the
 * strip reads it), and, where the list has another token of the same text, where it is from the
 * occurrence ("user, 12 characters before"), so "user 0.921 · user 0.914" names two places.
 */
function nearLabel(x: NearToken, list: readonly NearToken[], occurrence: { readonly start: number; readonly end: number }): string {
  const label = tokenLabel(x.text, false);
  if (!list.some((y) => y !== x && y.text === x.text)) return label;
  if (x.end <= occurrence.start) {
    const n = occurrence.start - x.end;
    return n === 0 ? t('{0}, just before', label) : n === 1 ? t('{0}, 1 character before', label) : t('{0}, {1} characters before', label, n);
  }
  const n = Math.max(0, x.start - occurrence.end);
  return n === 0 ? t('{0}, just after', label) : n === 1 ? t('{0}, 1 character after', label) : t('{0}, {1} characters after', label, n);
}
