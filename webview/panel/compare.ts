/**
 * Encoder beside decoder, in the panel (browser): the same text's attention under the encoder
 * (bidirectional) and the decoder (causal) for one view choice — layer, heads, cleaning, chosen
 * with the same controls as the panel's views — side by side, with what each predicts for the
 * word at the cursor. Each side is drawn by `renderMatrix` with the panel's matrix view, from
 * windows the host serves (the worker keeps the tensors).
 */
import { fitChoice, type ViewChoice } from '../../src/protocol/viewChoice';
import { viewAxis } from '../../src/protocol/viewAxis';
import type { ComparisonMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { el, replaceChildren } from '../common/dom';
import { formatBits, formatPercent, isByteLevel, tokenLabel } from '../common/format';
import { MatrixView } from '../views/matrixView';
import { ViewControls } from '../views/viewControls';
import { axisLabels, labelsOf } from './tokenStrip';
import { ViewSource, type Requester } from '../common/viewSource';

const sides = new WeakMap<HTMLElement, { view: MatrixView; source: ViewSource; key: number }>();

/**
 * Draws one analysis's matrix under `choice` (fitted to the analysis's model) into `target` with
 * the panel's matrix view, asking the host for the window it shows like the panel does (each side
 * on its own lanes, so the two sides and the panel never cancel each other's requests).
 */
function renderMatrix(target: HTMLElement, requester: Requester, lane: string, shown: ShownAnalysis, choice: ViewChoice): void {
  const shape = shown.result.attention;
  let side = sides.get(target);
  if (!side || side.key !== shape.key) {
    side = {
      view: new MatrixView({ onPick: () => undefined }),
      source: new ViewSource(requester, { layers: shape.layers, heads: shape.heads }, lane),
      key: shape.key,
    };
    sides.set(target, side);
  }
  replaceChildren(target, side.view.element);
  const { tokens } = shown.result;
  side.view.show({
    source: side.source,
    key: shape.key,
    labels: axisLabels(viewAxis(tokens, choice.cleaning), labelsOf(tokens, isByteLevel(tokens))),
    decoder: shown.result.model.kind === 'decoder',
    // One stage only: the comparison is about the probabilities' shape (both directions vs causal).
    hasScores: false,
    choice: fitChoice(choice, shape),
  });
}

export class CompareView {
  readonly element = el('section', { className: 'compare', attrs: { 'aria-label': 'Encoder beside decoder' } });
  private readonly controls = new ViewControls((choice) => this.draw(choice), 'compare-');
  private readonly sides = el('div', { className: 'compare-columns' });
  private comparison: ComparisonMessage | null = null;
  private readonly matrices = [el('div', { className: 'compare-matrix' }), el('div', { className: 'compare-matrix' })];

  constructor(private readonly requester: Requester) {
    this.element.hidden = true;
  }

  show(comparison: ComparisonMessage): void {
    this.comparison = comparison;
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
      el('h2', {}, 'Encoder beside decoder'),
      el('p', { className: 'help' }, 'The same text: the encoder reads in both directions, the decoder only leftwards (its upper triangle is empty).'),
      this.controls.element,
      this.sides,
      this.guess(),
    );
    this.element.hidden = false;
    this.draw(choice);
  }

  /** Keeps the comparison visible only while the panel shows one of its two analyses. */
  follow(analysisId: number): void {
    const c = this.comparison;
    this.element.hidden = !c || (c.encoder.id !== analysisId && c.decoder.id !== analysisId);
  }

  private draw(choice: ViewChoice): void {
    const c = this.comparison;
    if (!c) return;
    const side = (title: string, shown: ShownAnalysis, matrix: HTMLElement): HTMLElement => {
      const box = el(
        'div',
        { className: 'compare-side', attrs: { 'data-kind': shown.result.model.kind } },
        el('h3', {}, title),
        el('p', { className: 'model-line' }, `${shown.result.model.id} · ${shown.result.tokens.length} tokens`),
        matrix,
      );
      renderMatrix(matrix, this.requester, `compare-${shown.result.model.kind}-`, shown, choice);
      return box;
    };
    replaceChildren(this.sides, side('Encoder (bidirectional)', c.encoder, this.matrices[0]), side('Decoder (causal)', c.decoder, this.matrices[1]));
  }

  private guess(): HTMLElement | null {
    const g = this.comparison?.guess;
    if (!g) return null;
    const enc = this.comparison!.encoder.result.tokens;
    const dec = this.comparison!.decoder.result.tokens;
    const encoderBars = g.encoderFillers.length
      ? barList(
          g.encoderFillers.slice(0, 8).map((c) => ({ label: tokenLabel(c.token, isByteLevel(enc)), p: c.p })),
          'Encoder fillers',
        )
      : el('p', { className: 'muted' }, 'No fillers.');
    const d = g.decoder;
    const decoderPart = d
      ? el(
          'div',
          {},
          el('p', {}, `probability ${formatPercent(d.p)} · rank ${d.rank} · ${formatBits(d.surprisal)}`),
          barList(
            d.expected.slice(0, 8).map((c) => ({ label: tokenLabel(c.token, isByteLevel(dec)), p: c.p })),
            'Decoder expectations',
          ),
        )
      : el('p', { className: 'muted' }, 'The decoder makes no prediction for the first token.');
    return el(
      'div',
      { className: 'compare-columns compare-guess' },
      el('div', {}, el('h3', {}, 'Encoder: “', el('span', { className: 'token-inline' }, g.word), '” masked, filled with'), encoderBars),
      el('div', {}, el('h3', {}, 'Decoder: “', el('span', { className: 'token-inline' }, g.word), '” from the text before it'), decoderPart),
    );
  }
}
