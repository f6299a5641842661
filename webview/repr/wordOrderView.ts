/**
 * The word-order experiment in the Representations tab (browser): the original and the shuffled
 * text side by side — the bag-of-words cosine (1.000: a bag of words cannot tell them apart), each
 * one's last-layer attention (mean over heads) as a small matrix, the cosine of their mean token
 * vectors per layer, and each one's predictions — with a "shuffle again" button (the next seed).
 */
import type { WordOrderMessage, WordOrderSide } from '../../src/protocol/reprViews';
import { colorIndex } from '../../src/protocol/colorScale';
import { button, el, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { formatPercent, formatCosine, isByteLevel, tokenLabel, visibleLines, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { modelName } from './reprMath';
import { SmallMatrix } from './smallMatrix';

const SIZE = 140;

export class WordOrderView {
  readonly element = el('section', { className: 'repr-section repr-order' });
  private message: WordOrderMessage | null = null;
  private readonly matrices = [new SmallMatrix(t('Attention of the original text'), SIZE), new SmallMatrix(t('Attention of the shuffled text'), SIZE)];

  constructor(private readonly onShuffle: (wordOrderId: number) => void) {
    replaceChildren(
      this.element,
      el('h3', {}, t('Word order')),
      el('p', { className: 'repr-note' }, t('Select a sentence and run Attention Lens: Test Word Order on Selection.')),
    );
  }

  /** Draws a result (a new shuffle, asked by the button below it): the focus stays at its place. */
  show(message: WordOrderMessage): void {
    keepingFocus(this.element, () => this.render(message));
  }

  private render(message: WordOrderMessage): void {
    this.message = message;
    const r = message.result;
    const last = r.representation[r.representation.length - 1];
    const sides = [
      { title: t('Original'), side: r.original, matrix: this.matrices[0] },
      { title: t('Shuffled (seed {0})', r.seed), side: r.shuffled, matrix: this.matrices[1] },
    ];
    replaceChildren(
      this.element,
      el('h3', {}, t('Word order')),
      el('p', { className: 'repr-bag' }, t('Bag of words: cosine {0} — the same {1} words, so the same vector.', formatCosine(r.bagOfWords), r.words)),
      el(
        'p',
        { className: 'repr-note' },
        t('The model ({0}): mean last-layer vector cosine {1}.', visibleText(modelName(r.model)), formatCosine(last?.cosine ?? 0)),
      ),
      el('div', { className: 'repr-sides' }, ...sides.map(({ title, side, matrix }) => this.side(title, side, matrix, r.masked))),
      el(
        'table',
        { className: 'repr-layers', attrs: { 'aria-label': t('Cosine of the original and shuffled texts’ mean vectors, per layer') } },
        el(
          'thead',
          {},
          el('tr', {}, el('th', { attrs: { scope: 'col' } }, t('Layer')), el('th', { attrs: { scope: 'col' } }, t('Cosine of the mean vectors'))),
        ),
        el(
          'tbody',
          {},
          ...r.representation.map((x) =>
            el('tr', {}, el('th', { attrs: { scope: 'row' } }, x.layer === 0 ? t('0 (embeddings)') : String(x.layer)), el('td', {}, formatCosine(x.cosine))),
          ),
        ),
      ),
      button(t('Shuffle again'), () => {
        if (this.message) this.onShuffle(this.message.id);
      }),
    );
  }

  private side(title: string, side: WordOrderSide, matrix: SmallMatrix, masked: string | null): HTMLElement {
    const T = side.tokens.length;
    let max = 0;
    for (const v of side.attention) max = Math.max(max, v);
    matrix.paint(side.attention, T, (v) => colorIndex(v, max));
    const heading = masked === null ? t('Next token') : t('Fillers of “{0}” masked', visibleText(masked));
    const byteLevel = isByteLevel(side.tokens.map((text) => ({ text, special: false })));
    return el(
      'div',
      { className: 'repr-side' },
      el('h4', {}, title),
      el('p', { className: 'repr-text' }, visibleLines(side.text)),
      matrix.canvas,
      el('p', { className: 'repr-caption' }, t('Last layer, mean over heads')),
      el('h4', {}, heading),
      el(
        'ol',
        {},
        ...side.predictions.map((c) => el('li', {}, `${tokenLabel(c.token, byteLevel)} `, el('span', { className: 'repr-num' }, formatPercent(c.p)))),
      ),
    );
  }
}
