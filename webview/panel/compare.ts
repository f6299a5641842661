/**
 * Encoder beside decoder, in the panel (browser): the same text's attention under the encoder
 * (bidirectional) and the decoder (causal) for one layer/head index, side by side, with what each
 * predicts for the word at the cursor. Each side is drawn by `renderMatrix` with the panel's matrix
 * view, from windows the host serves (the worker keeps the tensors).
 */
import { NO_CLEANING } from '../../src/protocol/views';
import type { ComparisonMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { el, replaceChildren } from '../common/dom';
import { formatBits, formatPercent, isByteLevel, tokenLabel } from '../common/format';
import { MatrixView } from '../views/matrixView';
import { labelsOf } from './tokenStrip';
import { ViewSource, type Requester } from '../common/viewSource';

const sides = new WeakMap<HTMLElement, { view: MatrixView; source: ViewSource; key: number }>();

/**
 * Draws one analysis's matrix for `layer`/`head` (null = mean of heads) into `target` with the
 * panel's matrix view, asking the host for the window it shows like the panel does (each side on
 * its own lanes, so the two sides and the panel never cancel each other's requests).
 */
export function renderMatrix(target: HTMLElement, requester: Requester, lane: string, shown: ShownAnalysis, layer: number, head: number | null): void {
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
  side.view.show({
    source: side.source,
    key: shape.key,
    labels: labelsOf(shown.result.tokens, isByteLevel(shown.result.tokens)),
    decoder: shown.result.model.kind === 'decoder',
    // One stage only: the comparison is about the probabilities' shape (both directions vs causal).
    hasScores: false,
    layer: Math.min(layer, shape.layers - 1),
    combine: head === null ? { kind: 'mean' } : { kind: 'head', head: Math.min(head, shape.heads - 1) },
    cleaning: NO_CLEANING,
  });
}

export class CompareView {
  readonly element = el('section', { className: 'compare', attrs: { 'aria-label': 'Encoder beside decoder' } });
  private readonly layerPicker = el('select', { className: 'picker', attrs: { id: 'compare-layer' } });
  private readonly headPicker = el('select', { className: 'picker', attrs: { id: 'compare-head' } });
  private readonly sides = el('div', { className: 'compare-columns' });
  private comparison: ComparisonMessage | null = null;
  private readonly matrices = [el('div', { className: 'compare-matrix' }), el('div', { className: 'compare-matrix' })];

  constructor(private readonly requester: Requester) {
    this.element.hidden = true;
    this.layerPicker.addEventListener('change', () => this.draw());
    this.headPicker.addEventListener('change', () => this.draw());
  }

  show(comparison: ComparisonMessage): void {
    this.comparison = comparison;
    const { encoder, decoder } = comparison;
    const layers = Math.min(encoder.result.attention.layers, decoder.result.attention.layers);
    const heads = Math.min(encoder.result.attention.heads, decoder.result.attention.heads);
    fill(
      this.layerPicker,
      Array.from({ length: layers }, (_, l) => [String(l), `Layer ${l}`]),
      String(Math.min(decoder.layer, layers - 1)),
    );
    fill(this.headPicker, [['mean', 'Mean of heads'], ...Array.from({ length: heads }, (_, h): [string, string] => [String(h), `Head ${h}`])], 'mean');
    replaceChildren(
      this.element,
      el('h2', {}, 'Encoder beside decoder'),
      el('p', { className: 'help' }, 'The same text: the encoder reads in both directions, the decoder only leftwards (its upper triangle is empty).'),
      el(
        'div',
        { className: 'controls' },
        el('label', { attrs: { for: 'compare-layer' } }, 'Layer'),
        this.layerPicker,
        el('label', { attrs: { for: 'compare-head' } }, 'Head'),
        this.headPicker,
      ),
      this.sides,
      this.guess(),
    );
    this.element.hidden = false;
    this.draw();
  }

  /** Keeps the comparison visible only while the panel shows one of its two analyses. */
  follow(analysisId: number): void {
    const c = this.comparison;
    this.element.hidden = !c || (c.encoder.id !== analysisId && c.decoder.id !== analysisId);
  }

  private draw(): void {
    const c = this.comparison;
    if (!c) return;
    const layer = Number(this.layerPicker.value);
    const head = this.headPicker.value === 'mean' ? null : Number(this.headPicker.value);
    const side = (title: string, shown: ShownAnalysis, matrix: HTMLElement): HTMLElement => {
      const box = el(
        'div',
        { className: 'compare-side', attrs: { 'data-kind': shown.result.model.kind } },
        el('h3', {}, title),
        el('p', { className: 'model-line' }, `${shown.result.model.id} · ${shown.result.tokens.length} tokens`),
        matrix,
      );
      renderMatrix(matrix, this.requester, `compare-${shown.result.model.kind}-`, shown, layer, head);
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

function fill(select: HTMLSelectElement, options: readonly (readonly [string, string])[], value: string): void {
  replaceChildren(select, ...options.map(([v, label]) => el('option', { attrs: { value: v } }, label)));
  select.value = value;
}
