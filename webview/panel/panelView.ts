/**
 * The panel's DOM (browser): header (document, model, status, notices), the empty state before any
 * analysis, and for an analysis the token strip, the view controls (layer, head combination,
 * cleaning), the model view (every head as a thumbnail), the matrix view, the head view, and the
 * predictions. The analysis comes without its tensors: each view asks the host for what it draws
 * through a ViewSource. It knows nothing else of the host link: panel.ts wires it to messages and
 * saved state.
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import { viewAxis, type ViewAxis } from '../../src/protocol/viewAxis';
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { Cleaning } from '../../src/protocol/views';
import type { ModelStatus, ShownAnalysis } from '../../src/protocol/webviewApi';
import { button, el, replaceChildren } from '../common/dom';
import { ExportBar, type ExportFile } from '../export/exportBar';
import { isByteLevel } from '../common/format';
import { HeadView } from '../views/headView';
import { MatrixView } from '../views/matrixView';
import { ModelView } from '../views/modelView';
import type { PanelState } from './panelState';
import { PredictionsView } from './predictions';
import { StatusLine } from '../common/statusLine';
import { axisLabels, labelsOf, TokenStrip } from './tokenStrip';
import { ViewControls } from '../views/viewControls';
import { headExport, matrixExport, modelExport } from '../export/viewExports';
import { ViewSource, type Requester } from '../common/viewSource';
import { inBackground } from '../common/background';

export interface PanelEvents {
  onReveal(token: number): void;
  /** The reader changed what the views show. */
  onSelection(choice: ViewChoice): void;
  onToken(token: number | null): void;
  onCommand(command: 'analyzeSelection' | 'selectModel'): void;
  onExport(file: ExportFile): void;
}

export class PanelView {
  private readonly status = new StatusLine();
  private readonly docName = el('h1', { className: 'doc-name' }, 'Attention Lens');
  private readonly modelLine = el('p', { className: 'model-line' });
  private readonly notices = el('ul', { className: 'notices', attrs: { 'aria-label': 'Notices' } });
  private readonly body = el('div', { className: 'panel-body' });
  private readonly strip: TokenStrip;
  private readonly controls: ViewControls;
  private readonly model: ModelView;
  private readonly matrix: MatrixView;
  private readonly heads: HeadView;
  private readonly predictions = new PredictionsView();
  private readonly exports: { model: ExportBar; matrix: ExportBar; heads: ExportBar };
  private shown: ShownAnalysis | null = null;
  /** Room for the editor-first features' sections (next word, comparison), kept across analyses. */
  readonly extras = el('div', { className: 'extras' });
  private source: ViewSource | null = null;
  private choice: ViewChoice | null = null;
  private axis: ViewAxis | null = null;
  private tokenLabels: readonly string[] = [];
  private focusedToken: number | null = null;

  constructor(
    root: HTMLElement,
    private readonly requester: Requester,
    private readonly events: PanelEvents,
  ) {
    this.strip = new TokenStrip({
      onSelect: (i) => {
        this.focusToken(i, false);
        this.events.onToken(i);
      },
      onReveal: (i) => this.events.onReveal(i),
    });
    this.controls = new ViewControls((choice) => this.choose(choice, true));
    this.model = new ModelView({
      onOpen: (layer, head) => {
        const cleaning = this.choice?.cleaning;
        if (cleaning) this.choose({ layer, combine: { kind: 'head', head }, cleaning }, true);
      },
    });
    const pickEntry = (entry: number): void => {
      const token = this.axis?.groups[entry]?.[0];
      if (token !== undefined) this.strip.select(token, false);
    };
    this.matrix = new MatrixView({ onPick: (cell) => pickEntry(cell.query) });
    this.heads = new HeadView({ onPick: pickEntry });
    const meta = (): Record<string, unknown> => ({
      document: this.shown?.document.name,
      model: this.shown?.result.model.id,
      layer: this.choice?.layer,
      combine: this.choice?.combine,
      cleaning: this.choice?.cleaning,
      view: this.matrix.description,
    });
    const post = (file: ExportFile): void => this.events.onExport(file);
    this.exports = {
      model: new ExportBar('model view', modelExport(this.model, meta), post),
      matrix: new ExportBar('matrix view', matrixExport(this.matrix, meta), post),
      heads: new ExportBar('head view', headExport(this.heads, meta), post),
    };
    this.exports.model.setSvgAvailable(false);
    const header = el('header', { className: 'panel-header' }, this.docName, this.modelLine, this.status.element, this.notices);
    replaceChildren(root, header, this.body);
    this.showEmpty();
    this.watchTheme();
  }

  /**
   * VS Code switches themes by changing the body's class and the root's CSS variables: canvases
   * read their colours when they draw, so they draw again (at most once a frame).
   */
  private watchTheme(): void {
    let pending = 0;
    const redraw = (): void => {
      if (pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        if (!this.choice) return;
        // The same choice again: the views ask again and draw with the theme's colours.
        this.choose(this.choice, false);
        this.model.redraw();
      });
    };
    const observer = new MutationObserver(redraw);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  setStatus(status: ModelStatus): void {
    this.status.update(status);
  }

  /** Shows an analysis at the given place (view choice, selected token). */
  show(shown: ShownAnalysis, at: PanelState): void {
    this.shown = shown;
    const { result } = shown;
    const { layers, heads } = result.attention;
    this.source = new ViewSource(this.requester, { layers, heads });
    const byteLevel = isByteLevel(result.tokens);
    this.tokenLabels = labelsOf(result.tokens, byteLevel);
    this.docName.textContent = shown.document.name;
    this.modelLine.textContent = `${result.model.id} · ${result.model.kind} · ${layers} layers × ${heads} heads · ${result.tokens.length} tokens`;
    replaceChildren(this.notices, ...result.notices.map((n) => el('li', { className: 'notice' }, n)));
    this.strip.setTokens(result.tokens, shown.ranges, this.tokenLabels);
    this.predictions.show(result, this.tokenLabels, byteLevel);
    const section = (name: string, title: string, bar: ExportBar, view: HTMLElement): HTMLElement =>
      el(
        'section',
        { className: `view-section ${name}-section`, attrs: { 'aria-label': title } },
        el('div', { className: 'section-head' }, el('h2', {}, title), bar.element),
        view,
      );
    replaceChildren(
      this.body,
      this.strip.element,
      this.controls.element,
      el(
        'div',
        { className: 'columns' },
        el(
          'div',
          { className: 'attention' },
          section('matrix', 'Matrix', this.exports.matrix, this.matrix.element),
          section('head', 'Heads', this.exports.heads, this.heads.element),
          section('model', 'Model', this.exports.model, this.model.element),
        ),
        this.predictions.element,
      ),
      this.extras,
    );
    this.controls.set(layers, heads, at.choice);
    this.choice = null;
    this.focusedToken = at.token;
    this.choose(at.choice, false);
    this.strip.select(at.token, false);
  }

  /** How many tokens the strip shows now. */
  get tokenCount(): number {
    return this.strip.count;
  }

  /** Selects a token because the host asked (cursor sync); out-of-range tokens are ignored. */
  focusToken(token: number | null, fromHost = true): void {
    if (!this.shown || (token !== null && token >= this.shown.result.tokens.length)) return;
    if (fromHost) {
      this.strip.select(token, false);
      return;
    }
    this.focusedToken = token;
    const entry = token === null ? -1 : (this.axis?.entryOf[token] ?? -1);
    this.matrix.setFocusedRow(entry >= 0 ? entry : null);
    this.heads.setFocusedToken(entry >= 0 ? entry : null);
    this.predictions.setFocus(token);
  }

  private choose(choice: ViewChoice, byReader: boolean): void {
    const shown = this.shown;
    const source = this.source;
    if (!shown || !source) return;
    const previous = this.choice;
    this.choice = choice;
    this.controls.show(choice);
    const { result } = shown;
    const cleaningChanged = !previous || !sameCleaning(previous.cleaning, choice.cleaning);
    if (cleaningChanged) this.axis = viewAxis(result.tokens as TokenInfo[], choice.cleaning);
    const axis = this.axis as ViewAxis;
    const labels = axisLabels(axis, this.tokenLabels);
    const key = result.attention.key;
    const common = { source, key, labels, choice };
    this.matrix.show({ ...common, decoder: result.model.kind === 'decoder', hasScores: result.attention.hasScores });
    inBackground(this.heads.show(common).then(() => this.focusToken(this.focusedToken, false)));
    if (cleaningChanged)
      inBackground(this.model.show({ source, key, layers: result.attention.layers, heads: result.attention.heads, cleaning: choice.cleaning }));
    const head = choice.combine.kind === 'head' ? choice.combine.head : null;
    this.model.setOpened(choice.layer, head);
    this.exports.matrix.setSvgAvailable(labels.length <= 64);
    this.exports.heads.setSvgAvailable(labels.length <= 64);
    this.focusToken(this.focusedToken, false);
    if (byReader) this.events.onSelection(choice);
  }

  private showEmpty(): void {
    replaceChildren(
      this.body,
      el(
        'div',
        { className: 'empty' },
        el('p', {}, 'Select text and run Attention Lens: Analyze Selection.'),
        el(
          'div',
          { className: 'actions' },
          button('Analyze selection', () => this.events.onCommand('analyzeSelection')),
          button('Select model', () => this.events.onCommand('selectModel'), 'button secondary'),
        ),
      ),
    );
  }
}

function sameCleaning(a: Cleaning, b: Cleaning): boolean {
  return a.hideSpecial === b.hideSpecial && a.mergeSubwords === b.mergeSubwords && a.hidePunctuation === b.hidePunctuation;
}
