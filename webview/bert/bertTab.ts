/**
 * The panel's BERT tab (browser): next-sentence prediction — P(IsNext), the `[CLS] A [SEP] B [SEP]`
 * strip coloured by segment, and per layer how much attention crosses from A to B and back (bars),
 * with "try a random B" — or why the model has no next-sentence head; then live fine-tuning — what
 * it demonstrates, cross-validated accuracy, per-class figures and the confusion matrix; then the
 * model's positions (positionsView.ts). Every text
 * from the document, the model or the user's labels is set as text, never parsed.
 */
import type { BertMessage, FineTuneShown, NspShown, PositionsShown } from '../../src/protocol/bert';
import { baselineAccuracy } from '../../src/protocol/finetune';
import { nspAccuracy } from '../../src/protocol/modelCard';
import { IS_NEXT } from '../../src/protocol/representations';
import { barList } from '../common/bars';
import { button, el, replaceChildren } from '../common/dom';
import {
  formatInteger,
  formatPercent,
  formatWholePercent,
  isByteLevel,
  prepareNumberFormats,
  TEXT_MAX,
  tokenLabels,
  visibleLines,
  visibleText,
} from '../common/format';
import { keepingFocus } from '../common/focusKeeper';
import { t } from '../common/l10n';
import { tableScroll } from '../common/tableScroll';
import { drawPositions } from './positionsView';

export interface BertEvents {
  onRandomB(): void;
}

const SEGMENT_CLASS = { a: 'bert-seg-a', b: 'bert-seg-b' } as const;

/** How many tokens a sentence's range holds. */
const span = (r: { readonly start: number; readonly end: number }): number => Math.max(0, r.end - r.start);

/** How far to trust P(IsNext): the model card's held-out accuracy, or that nobody measured it. */
function reliability(model: string): string {
  const card = nspAccuracy(model);
  if (!card) return t('How far to trust it: nobody measured this model’s next-sentence accuracy here; read P(IsNext) as the model’s guess, not as a fact.');
  return t(
    'How far to trust it: on held-out pairs of everyday prose this model’s next-sentence prediction is right {0} of the time in Spanish and {1} in English, where guessing is right {2}; on documentation like its training text, {3} and {4} (model card).',
    formatPercent(card.everyday.es),
    formatPercent(card.everyday.en),
    formatPercent(0.5),
    formatPercent(card.test.es),
    formatPercent(card.test.en),
  );
}

export class BertTab {
  readonly element = el('div', { className: 'bert-tab' });
  private readonly nsp = el('section', { className: 'bert-nsp' });
  private readonly tune = el('section', { className: 'bert-finetune' });
  private readonly positions = el('section', { className: 'bert-positions' });
  /** Milliseconds the last positions paint took. */
  positionsPaintMs = 0;
  private message: BertMessage | null = null;
  private shownPositions: PositionsShown | null = null;

  constructor(private readonly events: BertEvents) {
    this.nsp.setAttribute('aria-label', t('Next-sentence prediction'));
    this.tune.setAttribute('aria-label', t('Fine-tuning'));
    this.positions.setAttribute('aria-label', t('Positional encoding'));
    replaceChildren(this.element, this.nsp, this.tune, this.positions);
    this.drawEmpty();
    // The positions' first paint shows percentages: their formats are made before it, while idle.
    prepareNumberFormats();
  }

  /** The host's latest next-sentence prediction and fine-tuning. */
  show(message: BertMessage): void {
    this.message = message;
    // "Try a random B", pressed, is drawn again with the new pair: it keeps the focus.
    const nsp = message.nsp;
    if (nsp) keepingFocus(this.nsp, () => this.drawNsp(nsp));
    if (message.fineTune) this.drawFineTune(message.fineTune);
    // The same table again (a replay) is not drawn again.
    if (message.positions && message.positions !== this.shownPositions) {
      this.shownPositions = message.positions;
      this.positionsPaintMs = drawPositions(this.positions, message.positions);
    }
  }

  get hasContent(): boolean {
    return this.message !== null;
  }

  private drawEmpty(): void {
    replaceChildren(
      this.nsp,
      el('h2', {}, t('Next-sentence prediction')),
      el('p', { className: 'bert-hint' }, t('Put the cursor on a sentence and run Attention Lens: Predict Next Sentence (BERT).')),
    );
    replaceChildren(
      this.tune,
      el('h2', {}, t('Fine-tuning')),
      el(
        'p',
        { className: 'bert-hint' },
        t('Label a few lines (Attention Lens: Label Line for Fine-Tuning), then run Attention Lens: Fine-Tune on Labelled Lines.'),
      ),
    );
    replaceChildren(
      this.positions,
      el('h2', {}, t('Positional encoding')),
      el('p', { className: 'bert-hint' }, t('Run Attention Lens: Show Position Encoding to see the model’s own position table.')),
    );
  }

  private drawNsp(shown: NspShown): void {
    const heading = el('h2', {}, t('Next-sentence prediction'));
    const pair = el(
      'dl',
      { className: 'bert-pair' },
      el('dt', { className: 'bert-seg-a' }, t('Sentence A')),
      el('dd', {}, visibleLines(shown.a)),
      el('dt', { className: 'bert-seg-b' }, t('Sentence B')),
      el('dd', {}, visibleLines(shown.b)),
    );
    const random = button(t('Try a random B'), () => this.events.onRandomB(), 'button secondary');
    if ('unsupported' in shown) {
      replaceChildren(this.nsp, heading, pair, el('p', { className: 'bert-unsupported', attrs: { role: 'status' } }, shown.unsupported));
      return;
    }
    const r = shown.result;
    // The head's label under a fixed rule, not a fact about the pair (the lecture's own true pair gets a few
    // percent from a small model): the rule is written beside it, so that the student reads the threshold.
    const threshold = formatWholePercent(IS_NEXT);
    const verdict = r.isNext >= IS_NEXT ? t('IsNext (P ≥ {0})', threshold) : t('NotNext (P < {0})', threshold);
    const strip = el('div', { className: 'bert-strip', attrs: { role: 'list', 'aria-label': t('Tokens of [CLS] A [SEP] B [SEP]') } });
    // As the panel's strip shows tokens: byte-level marks as the characters they stand for, whitespace as glyphs.
    const plain = r.tokens.map((token) => ({ text: token.text, special: token.segment === null }));
    const labels = tokenLabels(plain, isByteLevel(plain));
    r.tokens.forEach((token, i) => {
      const cls = token.segment ? SEGMENT_CLASS[token.segment] : 'bert-seg-special';
      const item = el('span', { className: `bert-token ${cls}`, attrs: { role: 'listitem', title: visibleText(token.text, TEXT_MAX) } }, labels[i]);
      // Its colour says the sentence; its name says it too, for a screen reader and without colour.
      if (token.segment) item.setAttribute('aria-label', token.segment === 'a' ? t('{0}, sentence A', labels[i]) : t('{0}, sentence B', labels[i]));
      strip.append(item);
    });
    const layers = el('div', { className: 'bert-cross' });
    for (const c of r.crossAttention) {
      layers.append(
        el('h3', {}, t('Layer {0}', c.layer)),
        barList(
          [
            { label: t('A → B'), p: c.aToB },
            { label: t('B → A'), p: c.bToA },
          ],
          t('Attention across the sentences, layer {0}', c.layer),
          true,
        ),
      );
    }
    replaceChildren(
      this.nsp,
      heading,
      pair,
      el(
        'p',
        { className: 'bert-verdict' },
        el('span', { className: 'bert-p' }, `P(IsNext) = ${formatPercent(r.isNext)}`),
        ' ',
        el('span', { className: 'bert-label' }, verdict),
        ' ',
        random,
      ),
      el('p', { className: 'bert-hint bert-reliability' }, reliability(r.model)),
      strip,
      el('p', { className: 'bert-hint' }, t('How much each layer’s attention crosses between the sentences (mean over heads and over the tokens that look):')),
      // What no preference would give (a token's attention spread evenly over every token of the strip): a bar reads against it.
      el(
        'p',
        { className: 'bert-hint bert-even' },
        t(
          'Spread evenly over the {0} tokens, A → B would be {1} and B → A {2}: the share of the strip the other sentence holds.',
          r.tokens.length,
          formatPercent(span(r.segments.b) / r.tokens.length),
          formatPercent(span(r.segments.a) / r.tokens.length),
        ),
      ),
      layers,
    );
  }

  private drawFineTune(shown: FineTuneShown): void {
    const r = shown.result;
    const figures = t('Figures per label');
    const table = el('table', { className: 'bert-classes', attrs: { 'aria-label': figures } });
    const col = (text: string): HTMLElement => el('th', { attrs: { scope: 'col' } }, text);
    table.append(el('tr', {}, col(t('Label')), col(t('Lines')), col(t('Precision')), col(t('Recall')), col(t('F1'))));
    r.perClass.forEach((c, i) =>
      table.append(
        el(
          'tr',
          {},
          el('th', { attrs: { scope: 'row' } }, visibleText(r.labels[i])),
          el('td', {}, formatInteger(c.support)),
          el('td', {}, formatPercent(c.precision)),
          el('td', {}, formatPercent(c.recall)),
          el('td', {}, formatPercent(c.f1)),
        ),
      ),
    );
    const matrix = t('Confusion matrix (rows: true label, columns: predicted)');
    const confusion = el('table', { className: 'bert-confusion', attrs: { 'aria-label': matrix } });
    // The corner names no column: an empty cell, not a nameless column header.
    confusion.append(el('tr', {}, el('td', {}), ...r.labels.map((l) => el('th', { attrs: { scope: 'col' } }, visibleText(l)))));
    r.confusion.forEach((row, i) => {
      const total = row.reduce((a, b) => a + b, 0) || 1;
      const cells = row.map((v, j) => {
        const cell = el('td', { className: i === j ? 'bert-cell bert-diagonal' : 'bert-cell' }, formatInteger(v));
        cell.style.setProperty('--share', String(v / total));
        return cell;
      });
      confusion.append(el('tr', {}, el('th', { attrs: { scope: 'row' } }, visibleText(r.labels[i])), ...cells));
    });
    const baseline = baselineAccuracy(r.perClass);
    const name = visibleText(shown.document, TEXT_MAX);
    replaceChildren(
      this.tune,
      el('h2', {}, t('Fine-tuning')),
      el(
        'p',
        { className: 'bert-lesson' },
        // Trained by the course on its pack's file (predicted null): no line is the student's, and none of the editor was labelled.
        shown.predicted === null
          ? t(
              'Here fine-tuning adds one layer on top of the pre-trained model and trains only that small classifier on the course’s labelled lines; the model stays frozen. Full fine-tuning also adjusts the model’s own weights.',
            )
          : t(
              'Here fine-tuning adds one layer on top of the pre-trained model and trains only that small classifier on your labelled lines; the model stays frozen. Full fine-tuning also adjusts the model’s own weights.',
            ),
      ),
      el(
        'p',
        { className: 'bert-verdict' },
        el('span', { className: 'bert-p' }, t('Accuracy {0}', formatPercent(r.accuracy))),
        ' ',
        shown.predicted === null
          ? t('{0}-fold cross-validation on {1} lines of {2}, the course’s labelled examples ({3} features each).', r.folds, r.examples, name, r.width)
          : t(
              '{0}-fold cross-validation on {1} lines of {2} ({3} features each); the classifier then labelled {4} other lines in the editor.',
              r.folds,
              r.examples,
              name,
              r.width,
              shown.predicted,
            ),
      ),
      el(
        'p',
        { className: 'bert-baseline' },
        [
          t('Always answering the most common label would score {0}.', formatPercent(baseline)),
          r.accuracy > baseline ? '' : t('This classifier does no better: too few lines, or the model’s features do not separate these labels.'),
        ]
          .filter(Boolean)
          .join(' '),
      ),
      // Wider than a narrow tab (its percentages, Spanish's longer headers): each scrolls on its own.
      tableScroll(table, figures),
      el('h3', {}, matrix),
      tableScroll(confusion, matrix),
    );
  }
}
