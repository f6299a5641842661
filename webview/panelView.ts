/**
 * The panel's DOM (browser): header (document, model, status, notices), the empty state before any
 * analysis, and for an analysis the token strip, the layer/head pickers, the heatmap and the
 * predictions. It knows nothing of the host link: panel.ts wires it to messages and saved state.
 */
import type { ModelStatus, ShownAnalysis } from '../src/protocol/webviewApi';
import { AttentionMatrices } from './attentionMatrices';
import { button, el, replaceChildren } from './dom';
import { isByteLevel } from './format';
import { Heatmap } from './heatmap';
import type { PanelState } from './panelState';
import { PredictionsView } from './predictions';
import { StatusLine } from './statusLine';
import { labelsOf, TokenStrip } from './tokenStrip';

export interface PanelEvents {
  onReveal(token: number): void;
  onSelection(layer: number, head: number | null): void;
  onToken(token: number | null): void;
  onCommand(command: 'analyzeSelection' | 'selectModel'): void;
}

export class PanelView {
  private readonly status = new StatusLine();
  private readonly docName = el('h1', { className: 'doc-name' }, 'Attention Lens');
  private readonly modelLine = el('p', { className: 'model-line' });
  private readonly notices = el('ul', { className: 'notices', attrs: { 'aria-label': 'Notices' } });
  private readonly body = el('div', { className: 'panel-body' });
  private readonly strip: TokenStrip;
  private readonly heatmap: Heatmap;
  private readonly predictions = new PredictionsView();
  private readonly layerPicker = el('select', { className: 'picker', attrs: { id: 'layer-picker' } });
  private readonly headPicker = el('select', { className: 'picker', attrs: { id: 'head-picker' } });
  private shown: ShownAnalysis | null = null;
  /** Room for the editor-first features' sections (next word, comparison), kept across analyses. */
  readonly extras = el('div', { className: 'extras' });

  constructor(root: HTMLElement, private readonly events: PanelEvents) {
    this.strip = new TokenStrip({
      onSelect: (i) => {
        this.heatmap.setFocusedRow(i);
        this.predictions.setFocus(i);
        this.events.onToken(i);
      },
      onReveal: (i) => this.events.onReveal(i),
    });
    this.heatmap = new Heatmap({ onPick: (cell) => this.strip.select(cell.query, false) });
    const onPick = (): void => {
      const layer = Number(this.layerPicker.value);
      const head = this.headPicker.value === 'mean' ? null : Number(this.headPicker.value);
      this.heatmap.setSelection(layer, head);
      this.events.onSelection(layer, head);
    };
    this.layerPicker.addEventListener('change', onPick);
    this.headPicker.addEventListener('change', onPick);
    const header = el(
      'header',
      { className: 'panel-header' },
      this.docName,
      this.modelLine,
      this.status.element,
      this.notices,
    );
    replaceChildren(root, header, this.body);
    this.showEmpty();
  }

  setStatus(status: ModelStatus): void {
    this.status.update(status);
  }

  /** Shows an analysis at the given place (layer, head, selected token). */
  show(shown: ShownAnalysis, at: PanelState): void {
    this.shown = shown;
    const { result } = shown;
    const byteLevel = isByteLevel(result.tokens);
    const labels = labelsOf(result.tokens, byteLevel);
    this.docName.textContent = shown.document.name;
    const { layers, heads } = result.attention;
    this.modelLine.textContent = `${result.model.id} · ${result.model.kind} · ${layers} layers × ${heads} heads · ${result.tokens.length} tokens`;
    replaceChildren(this.notices, ...result.notices.map((n) => el('li', { className: 'notice' }, n)));
    fillPicker(this.layerPicker, Array.from({ length: layers }, (_, l) => [String(l), `Layer ${l}`]), String(at.layer));
    fillPicker(this.headPicker, [['mean', 'Mean of heads'], ...Array.from({ length: heads }, (_, h): [string, string] => [String(h), `Head ${h}`])], at.head === null ? 'mean' : String(at.head));
    const controls = el(
      'div',
      { className: 'controls' },
      el('label', { attrs: { for: 'layer-picker' } }, 'Layer'),
      this.layerPicker,
      el('label', { attrs: { for: 'head-picker' } }, 'Head'),
      this.headPicker,
    );
    this.strip.setTokens(result.tokens, shown.ranges, labels);
    this.predictions.show(result, labels, byteLevel);
    replaceChildren(
      this.body,
      this.strip.element,
      el('div', { className: 'columns' }, el('section', { className: 'attention', attrs: { 'aria-label': 'Attention' } }, controls, this.heatmap.element), this.predictions.element),
      this.extras,
    );
    this.heatmap.setData(new AttentionMatrices(result.attention), labels, at.layer, at.head);
    this.strip.select(at.token, false);
  }

  /** How many tokens the strip shows now. */
  get tokenCount(): number {
    return this.strip.count;
  }

  /** Selects a token because the host asked (cursor sync); out-of-range tokens are ignored. */
  focusToken(token: number | null): void {
    if (!this.shown || (token !== null && token >= this.shown.result.tokens.length)) return;
    this.strip.select(token, false);
  }

  private showEmpty(): void {
    replaceChildren(
      this.body,
      el(
        'div',
        { className: 'empty' },
        el('p', {}, 'Select text and run Attention Lens: Analyze Selection.'),
        el('div', { className: 'actions' }, button('Analyze selection', () => this.events.onCommand('analyzeSelection')), button('Select model', () => this.events.onCommand('selectModel'), 'button secondary')),
      ),
    );
  }
}

function fillPicker(select: HTMLSelectElement, options: readonly (readonly [string, string])[], value: string): void {
  replaceChildren(select, ...options.map(([v, label]) => el('option', { attrs: { value: v } }, label)));
  select.value = value;
}
