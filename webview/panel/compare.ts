/**
 * The Compare tab (browser): the same text's attention under the encoder (bidirectional) and the
 * decoder (causal) for one view choice — layer, heads, cleaning, chosen with the same controls as
 * the panel's views — side by side when the panel is wide enough (stacked only when it is not),
 * with what each predicts for the word at the cursor. Each side is drawn by `renderMatrix` with
 * the panel's matrix view, from windows the host serves (the worker keeps the tensors); a side
 * asks only while the tab is on screen.
 */
import { fitChoice, type ViewChoice } from '../../src/protocol/viewChoice';
import { viewAxis } from '../../src/protocol/viewAxis';
import type { ComparisonMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { inBackground } from '../common/background';
import { barList } from '../common/bars';
import { el, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { formatBits, formatInteger, formatPercent, isByteLevel, tokenLabel, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { MatrixView } from '../views/matrixView';
import { ViewControls } from '../views/viewControls';
import { axisLabels, labelsOf } from './stripLabels';
import { ViewSource, type FailureReporter, type Requester } from '../common/viewSource';

const sides = new WeakMap<HTMLElement, { view: MatrixView; source: ViewSource; key: number }>();

/**
 * Draws one analysis's matrix under `choice` (fitted to the analysis's model) into `target` with
 * the panel's matrix view, asking the host for the window it shows like the panel does (each side
 * on its own lanes, so the two sides and the panel never cancel each other's requests).
 */
export function renderMatrix(
  target: HTMLElement,
  requester: Requester,
  report: FailureReporter,
  lane: string,
  shown: ShownAnalysis,
  choice: ViewChoice,
  subject: string,
): void {
  const shape = shown.result.attention;
  let side = sides.get(target);
  if (!side || side.key !== shape.key) {
    side = {
      view: new MatrixView({ onPick: () => undefined }, () => roomFor(target), subject),
      source: new ViewSource(requester, { layers: shape.layers, heads: shape.heads }, lane, report),
      key: shape.key,
    };
    sides.set(target, side);
  }
  replaceChildren(target, side.view.element);
  const { tokens } = shown.result;
  inBackground(
    side.view.show({
      source: side.source,
      key: shape.key,
      labels: axisLabels(viewAxis(tokens, choice.cleaning), labelsOf(tokens, isByteLevel(tokens))),
      decoder: shown.result.model.kind === 'decoder',
      // One stage only: the comparison is about the probabilities' shape (both directions vs causal).
      hasScores: false,
      choice: fitChoice(choice, shape),
    }),
  );
}

/**
 * The side a comparison's matrix may take: with both sides and the guess below them, Compare fits
 * about one screen of its tab — under half the tab's height a matrix, a third when they stack.
 */
function roomFor(target: HTMLElement): number {
  const tab = target.closest<HTMLElement>('.tab-panel');
  const columns = target.closest<HTMLElement>('.compare-columns');
  if (!tab || !columns || tab.clientHeight === 0) return Number.POSITIVE_INFINITY;
  const stacked = columns.children.length > 1 && columns.children[0].getBoundingClientRect().top !== columns.children[1].getBoundingClientRect().top;
  return Math.floor(tab.clientHeight * (stacked ? 0.3 : 0.45));
}

export class CompareView {
  readonly element = el('section', { className: 'compare', attrs: { 'aria-label': t('Encoder beside decoder') } });
  private readonly controls = new ViewControls((choice) => this.draw(choice), 'compare-');
  private readonly sides = el('div', { className: 'compare-columns' });
  private comparison: ComparisonMessage | null = null;
  private readonly matrices = [el('div', { className: 'compare-matrix' }), el('div', { className: 'compare-matrix' })];
  /** The panel shows one of the comparison's analyses. */
  private following = false;
  /** The tab is on screen (the sides ask for their windows only then). */
  private visible = false;
  private drawn: ViewChoice | null = null;

  constructor(
    private readonly requester: Requester,
    private readonly report: FailureReporter,
  ) {
    this.showEmpty();
  }

  /** The tab came on screen or went off it. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.following && this.comparison && !this.drawn) this.draw(this.controls.read());
  }

  /** Draws `comparison` in place: the keyboard focus, if it was in the tab, stays at its place there. */
  show(comparison: ComparisonMessage): void {
    keepingFocus(this.element, () => this.render(comparison));
  }

  private render(comparison: ComparisonMessage): void {
    this.comparison = comparison;
    this.following = true;
    this.drawn = null;
    const { encoder, decoder } = comparison;
    // Both models' layers and heads: the choice the panel shows for the decoder, fitted to both.
    const shape = {
      layers: Math.min(encoder.result.attention.layers, decoder.result.attention.layers),
      heads: Math.min(encoder.result.attention.heads, decoder.result.attention.heads),
    };
    const choice = fitChoice(decoder.choice, shape);
    this.controls.set(shape.layers, shape.heads, choice);
    replaceChildren(
      this.element,
      el('h2', {}, t('Encoder beside decoder')),
      el(
        'p',
        { className: 'help' },
        t('The same text: the encoder reads in both directions, the decoder only leftwards (its upper triangle, hatched, is the causal mask: weight 0).'),
      ),
      this.controls.element,
      this.sides,
      this.guess(),
    );
    if (this.visible) this.draw(choice);
  }

  /** Shows the comparison only while the panel shows one of its two analyses; else says how to make one. */
  follow(analysisId: number): void {
    const c = this.comparison;
    const following = c !== null && (c.encoder.id === analysisId || c.decoder.id === analysisId);
    if (following === this.following) return;
    this.following = following;
    if (following && c) this.show(c);
    else this.showEmpty();
  }

  private showEmpty(): void {
    replaceChildren(
      this.element,
      el('h2', {}, t('Encoder beside decoder')),
      el(
        'p',
        { className: 'muted compare-empty' },
        t('No comparison of this text yet: run Attention Lens: Compare Encoder and Decoder with the cursor on a word.'),
      ),
    );
  }

  private draw(choice: ViewChoice): void {
    const c = this.comparison;
    if (!c) return;
    this.drawn = choice;
    const side = (title: string, shown: ShownAnalysis, matrix: HTMLElement): HTMLElement =>
      el(
        'div',
        { className: 'compare-side', attrs: { 'data-kind': shown.result.model.kind } },
        el('h3', {}, title),
        el('p', { className: 'model-line' }, t('{0} · {1} tokens', shown.result.model.id, shown.result.tokens.length)),
        matrix,
      );
    replaceChildren(this.sides, side(t('Encoder (bidirectional)'), c.encoder, this.matrices[0]), side(t('Decoder (causal)'), c.decoder, this.matrices[1]));
    // In the page first: each side sizes itself to its column.
    renderMatrix(this.matrices[0], this.requester, this.report, 'compare-encoder-', c.encoder, choice, t('Encoder'));
    renderMatrix(this.matrices[1], this.requester, this.report, 'compare-decoder-', c.decoder, choice, t('Decoder'));
  }

  private guess(): HTMLElement | null {
    const c = this.comparison;
    const g = c?.guess;
    if (!c || !g) return null;
    const enc = c.encoder.result.tokens;
    const dec = c.decoder.result.tokens;
    // Whole-word fillers are words (their text as it reads), a token's fillers are tokens.
    const fillerLabel = (token: string): string => (g.encoderWhole ? tokenLabel(token, false) : tokenLabel(token, isByteLevel(enc)));
    const encoderBars = g.encoderFillers.length
      ? barList(
          g.encoderFillers.slice(0, 8).map((f) => ({ label: fillerLabel(f.token), p: f.p })),
          g.encoderWhole ? t('Encoder fillers (whole words)') : t('Encoder fillers'),
        )
      : el('p', { className: 'muted' }, t('No fillers.'));
    const encoderNote =
      g.encoderPieces > 1 && !g.encoderWhole
        ? el('p', { className: 'muted' }, t('The word is {0} tokens: these fill its first token only.', g.encoderPieces))
        : null;
    const d = g.decoder;
    const decoderPart = d
      ? el(
          'div',
          {},
          d.pieces > 1
            ? el(
                'p',
                {},
                t(
                  'probability {0} ({1} tokens in turn, their probabilities multiplied) · {2} · its first token’s rank {3}',
                  formatPercent(d.p),
                  formatInteger(d.pieces),
                  formatBits(d.surprisal),
                  formatInteger(d.rank),
                ),
              )
            : el('p', {}, t('probability {0} · rank {1} · {2}', formatPercent(d.p), formatInteger(d.rank), formatBits(d.surprisal))),
          barList(
            d.expected.slice(0, 8).map((e) => ({ label: tokenLabel(e.token, isByteLevel(dec)), p: e.p })),
            d.pieces > 1 ? t('Decoder expectations for its first token') : t('Decoder expectations'),
          ),
        )
      : el('p', { className: 'muted' }, t('The decoder makes no prediction for the first token.'));
    return el(
      'div',
      { className: 'compare-columns compare-guess' },
      el('div', {}, el('h3', {}, t('Encoder: “{0}” masked, filled with', visibleText(g.word))), encoderBars, encoderNote),
      el('div', {}, el('h3', {}, t('Decoder: “{0}” from the text before it', visibleText(g.word))), decoderPart),
    );
  }
}
