/**
 * The panel's "Inside" tab (browser): inside one attention head and inside the layers, with the
 * model's real numbers — the Q/K/V inspector and the layer lens, each behind its own sub-tab with
 * an export bar. The inspector follows the panel's layer, head and selected token; the lens grid
 * moves to the selected token. Nothing is asked of the engine until a view is on screen.
 */
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import { el } from '../common/dom';
import { isByteLevel } from '../common/format';
import { t } from '../common/l10n';
import type { ViewSource } from '../common/viewSource';
import { ExportBar, type ExportFile } from '../export/exportBar';
import { Tabs } from '../panel/tabs';
import { LensView } from './lensView';
import { QkvView } from './qkvView';

export class InsideTab {
  readonly element: HTMLElement;
  readonly views: Tabs;
  private readonly qkv = new QkvView();
  private readonly lens = new LensView();
  private shown: ShownAnalysis | null = null;
  private visible = false;

  /** `onView`: the reader chose the other view (the panel saves it with its place). */
  constructor(onExport: (file: ExportFile) => void, onView: () => void = () => undefined) {
    const meta = (): Record<string, unknown> => ({ document: this.shown?.document.name, model: this.shown?.result.model.id });
    // The view, then its export bar: Tab reaches the view's layer, head and grid before Export, as one reads them.
    const section = (name: string, title: string, bar: ExportBar, view: HTMLElement): HTMLElement =>
      el('section', { className: `view-section ${name}-section`, attrs: { 'aria-label': title } }, view, el('div', { className: 'section-head' }, bar.element));
    const qkvBar = new ExportBar('qkv view', this.qkv.exportable(meta), onExport);
    const lensBar = new ExportBar('lens view', this.lens.exportable(meta), onExport);
    qkvBar.setSvgAvailable(false);
    lensBar.setSvgAvailable(false);
    this.views = new Tabs('inside-view', t('Inside views'), (_id, byReader) => {
      this.refresh();
      if (byReader) onView();
    });
    this.views.add({ id: 'qkv', label: t('Q/K/V'), content: section('qkv', t('Query, key and value'), qkvBar, this.qkv.element) });
    this.views.add({ id: 'lens', label: t('Layer lens'), content: section('lens', t('Layer lens'), lensBar, this.lens.element) });
    this.element = el('div', { className: 'inside-tab' }, el('div', { className: 'sub-tabs' }, this.views.list), this.views.panels);
  }

  show(shown: ShownAnalysis, source: ViewSource, labels: readonly string[], choice: ViewChoice, token: number | null): void {
    this.shown = shown;
    const { result } = shown;
    const key = result.attention.key;
    this.qkv.show(
      { source, key, layers: result.attention.layers, heads: result.attention.heads, causal: result.model.kind === 'decoder', tokens: result.tokens, labels },
      choice,
      token,
    );
    this.lens.show({ source, key, kind: result.model.kind, tokens: result.tokens, labels, byteLevel: isByteLevel(result.tokens) }, token);
  }

  /** The panel's view choice changed (layer, head). */
  follow(choice: ViewChoice): void {
    this.qkv.follow(choice);
  }

  /** The reader selected a token (a matrix cell's query, the strip, the editor). */
  setToken(token: number | null): void {
    this.qkv.setQuery(token);
    this.lens.setToken(token);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.refresh();
  }

  private refresh(): void {
    const selected = this.views.selected;
    this.qkv.setVisible(this.visible && selected === 'qkv');
    this.lens.setVisible(this.visible && selected === 'lens');
  }
}
