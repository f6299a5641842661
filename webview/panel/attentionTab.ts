/**
 * The Attention tab (browser): the view controls (layer, head combination incl. rollout, cleaning)
 * over three views behind their own tabs — the matrix, the heads and the model (every head as a
 * thumbnail) — each sized to the space there is, each with its export bar. A view asks the host
 * for its data only when it is on screen (a choice made meanwhile waits for it), so a new analysis
 * costs the one view shown. Opening a head in the model view brings the matrix forward with it.
 */
import type { HeadRef, TokenInfo } from '../../src/protocol/analysis';
import { viewAxis, type ViewAxis } from '../../src/protocol/viewAxis';
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { Cleaning } from '../../src/protocol/views';
import type { ShownAnalysis } from '../../src/protocol/webviewApi';
import { inBackground } from '../common/background';
import { button, el } from '../common/dom';
import { t } from '../common/l10n';
import type { ViewSource } from '../common/viewSource';
import { ExportBar, type ExportFile } from '../export/exportBar';
import { headExport, matrixExport, modelExport } from '../export/viewExports';
import { HeadView } from '../views/headView';
import { MatrixView } from '../views/matrixView';
import { ModelView } from '../views/modelView';
import { SwitchOff } from '../views/switchOff';
import { ViewControls } from '../views/viewControls';
import { Tabs } from './tabs';
import { axisLabels } from './stripLabels';

export type AttentionViewId = 'matrix' | 'heads' | 'model';

export interface AttentionEvents {
  /** The reader changed what the views show. */
  onSelection(choice: ViewChoice): void;
  /** A view picked a token (the strip selects it). */
  onPick(token: number): void;
  onExport(file: ExportFile): void;
  /** The reader switched views (saved with the panel's state). */
  onView(view: string): void;
  /** Switch the chosen head (or set of heads) off: the text is analyzed again without them (the Compare tab shows what changed). */
  onAblate(heads: readonly HeadRef[]): void;
}

export class AttentionTab {
  readonly element: HTMLElement;
  readonly views: Tabs;
  private readonly controls: ViewControls;
  private readonly matrix: MatrixView;
  private readonly heads: HeadView;
  private readonly model: ModelView;
  private readonly exports: { matrix: ExportBar; heads: ExportBar; model: ExportBar };
  private shown: ShownAnalysis | null = null;
  private source: ViewSource | null = null;
  private choice: ViewChoice | null = null;
  private axis: ViewAxis | null = null;
  private labels: readonly string[] = [];
  private tokenLabels: readonly string[] = [];
  private focused: number | null = null;
  /** The tab is on screen. */
  private visible = false;
  /** While a new analysis is being shown: how much the space above the tab grew (see show). */
  private shift: number | null = null;
  /** The switch-off button when the matrix was last laid out: hidden or not, and the height it takes (null: not known yet). */
  private readonly ablateWas: { hidden: boolean; space: number | null } = { hidden: true, space: null };
  /** Views whose data is not that of the current choice yet (asked for when they show). */
  private readonly stale = new Set<AttentionViewId>();
  /** Switches the chosen head or set of heads off (shown while the choice names heads). */
  private readonly ablate = button('', () => this.ablateChosen(), 'button secondary ablate-heads');
  /** The model view's and the head view's own switch-off (a button and the key `x` each). */
  private readonly switchOff: { model: SwitchOff; heads: SwitchOff };

  /** `scroller` is the element the tab scrolls in: the views size themselves to its height. */
  constructor(
    private readonly events: AttentionEvents,
    private readonly scroller: () => HTMLElement | null,
  ) {
    this.controls = new ViewControls((choice) => this.choose(choice, true));
    this.matrix = new MatrixView({ onPick: (cell) => this.pick(cell.query) }, () => this.room(this.matrix.element) + this.matrix.plotHeight);
    this.heads = new HeadView({ onPick: (entry) => this.pick(entry) }, () => this.room(this.heads.element) + this.heads.stageHeight);
    this.model = new ModelView(
      {
        onOpen: (layer, head) => {
          if (!this.choice) return;
          // The grid is about to hide: the focus it has goes with the head, to the matrix (not to the page's body).
          const hadFocus = this.model.grid.contains(document.activeElement);
          this.choose({ layer, combine: { kind: 'head', head }, cleaning: this.choice.cleaning }, true);
          // What the click changed is in the matrix: bring it forward.
          this.views.select('matrix');
          this.scroller()?.scrollTo({ top: 0 });
          if (hadFocus) this.matrix.focus();
        },
      },
      // The grid takes the width, and at most the screen under its controls and readout.
      () => this.screenBelow(this.model.grid, this.model.element),
    );
    const meta = (): Record<string, unknown> => ({
      document: this.shown?.document.name,
      model: this.shown?.result.model.id,
      // An ablation is part of what the numbers are: the heads that were switched off.
      ...(this.shown?.result.ablated?.length ? { ablated: this.shown.result.ablated.map((h) => `${h.layer}:${h.head}`) } : {}),
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
    this.views = new Tabs('attention-view', t('Attention views'), (id, byReader) => {
      // The buttons first: the view on screen sizes itself under them.
      this.showSwitches();
      this.refresh();
      if (byReader) this.events.onView(id);
    });
    const onSwitch = (heads: readonly HeadRef[]): void => this.events.onAblate(heads);
    this.switchOff = {
      model: new SwitchOff(() => (this.model.target ? [this.model.target] : []), onSwitch),
      heads: new SwitchOff(() => this.chosenHeads(), onSwitch),
    };
    this.switchOff.model.listen(this.model.grid);
    this.switchOff.heads.listen(this.heads.stage);
    // Each view's row of controls ends with its switch-off button, then its export bar (pushed to
    // the row's end, wrapping under the controls when the row is full): Tab reaches them in the order
    // they are read, and the bar never lies over a control, whatever the language or the zoom.
    for (const [view, off, bar] of [
      [this.matrix.element, null, this.exports.matrix],
      [this.heads.element, this.switchOff.heads, this.exports.heads],
      [this.model.element, this.switchOff.model, this.exports.model],
    ] as const)
      (view.querySelector(':scope > .controls') ?? view).append(...(off ? [off.button] : []), el('div', { className: 'section-head' }, bar.element));
    const section = (name: string, title: string, view: HTMLElement): HTMLElement =>
      el('section', { className: `view-section ${name}-section`, attrs: { 'aria-label': title } }, view);
    this.views.add({ id: 'matrix', label: t('Matrix'), content: section('matrix', t('Matrix'), this.matrix.element) });
    this.views.add({ id: 'heads', label: t('Heads'), content: section('head', t('Heads'), this.heads.element) });
    this.views.add({ id: 'model', label: t('Model'), content: section('model', t('Model'), this.model.element) });
    this.element = el(
      'div',
      { className: 'attention-tab' },
      this.controls.element,
      this.ablate,
      el('div', { className: 'sub-tabs' }, this.views.list),
      this.views.panels,
    );
  }

  /**
   * Shows an analysis on `choice` in `view` (unknown: the one shown), with `labels` (the strip's) and
   * its views' source. `shift`: how much the space above the tab grew since the page was last laid
   * out (null: unknown), so that the view on screen can ask for its data before the page is laid out.
   */
  show(
    shown: ShownAnalysis,
    source: ViewSource,
    labels: readonly string[],
    choice: ViewChoice,
    token: number | null,
    view?: string,
    shift: number | null = null,
  ): void {
    this.shown = shown;
    this.source = source;
    this.tokenLabels = labels;
    // No choice while the view is selected: nothing is asked before the analysis's own choice is made.
    this.choice = null;
    if (view) this.views.select(view);
    const { layers, heads } = shown.result.attention;
    this.controls.set(layers, heads, choice);
    this.model.follow(shown.result.attention.key);
    this.focused = token;
    this.shift = shift;
    this.choose(choice, false);
    this.shift = null;
  }

  /** The tab came on screen or went off it. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.refresh();
  }

  /** The space changed (the panel was resized): the views on screen fit themselves again. */
  resize(): void {
    this.matrix.relayout();
    this.heads.resize();
    this.model.redraw();
  }

  /** The theme changed: every view draws again with its colours (the model view from the reply it has). */
  redraw(): void {
    this.stale.add('matrix');
    this.stale.add('heads');
    this.model.redraw();
    this.refresh();
  }

  /** Marks token `token` (null: none) in the matrix's rows and the head view. */
  focusToken(token: number | null): void {
    this.focused = token;
    const entry = token === null ? -1 : (this.axis?.entryOf[token] ?? -1);
    this.matrix.setFocusedRow(entry >= 0 ? entry : null);
    this.heads.setFocusedToken(entry >= 0 ? entry : null);
  }

  choose(choice: ViewChoice, byReader: boolean): void {
    const shown = this.shown;
    if (!shown) return;
    const previous = this.choice;
    this.choice = choice;
    this.controls.show(choice);
    const cleaningChanged = !previous || !sameCleaning(previous.cleaning, choice.cleaning);
    if (cleaningChanged) {
      this.axis = viewAxis(shown.result.tokens as TokenInfo[], choice.cleaning);
      this.labels = axisLabels(this.axis, this.tokenLabels);
      this.stale.add('model');
    }
    this.stale.add('matrix');
    this.stale.add('heads');
    this.model.setOpened(choice.layer, choice.combine.kind === 'head' ? choice.combine.head : null);
    this.exports.matrix.setSvgAvailable(this.labels.length <= 64);
    this.exports.heads.setSvgAvailable(this.labels.length <= 64);
    // Before the refresh, which sizes the view on screen under the tab's button.
    this.showSwitches();
    this.refresh();
    // A new analysis's model view has dropped its focused head in the refresh.
    this.switchOff.model.update();
    this.focusToken(this.focused);
    if (byReader) this.events.onSelection(choice);
  }

  /** Asks for the data of the view on screen, if the choice changed since it last asked. */
  private refresh(): void {
    const shown = this.shown;
    const source = this.source;
    const choice = this.choice;
    const view = this.views.selected as AttentionViewId;
    if (!this.visible || !shown || !source || !choice || !this.stale.has(view)) return;
    this.stale.delete(view);
    const { attention, model } = shown.result;
    const common = { source, key: attention.key, labels: this.labels, choice };
    const shownNow = (): boolean => this.shown === shown && this.choice === choice;
    // A view the host failed asks again the next time it shows.
    const retry = (ok: boolean): void => {
      if (!ok && shownNow()) this.stale.add(view);
    };
    if (view === 'matrix')
      inBackground(this.matrix.show({ ...common, decoder: model.kind === 'decoder', hasScores: attention.hasScores }, this.shiftAbove()).then(retry));
    else if (view === 'heads')
      inBackground(
        this.heads.show(common).then((ok) => {
          retry(ok);
          this.focusToken(this.focused);
        }),
      );
    else inBackground(this.model.show({ source, key: attention.key, layers: attention.layers, heads: attention.heads, cleaning: choice.cleaning }).then(retry));
  }

  /**
   * The switch-off buttons: the head and model views have their own (naming the heads they show or
   * the focused thumbnail's); the tab's own serves the matrix, for the heads the choice names.
   */
  private showSwitches(): void {
    const heads = this.chosenHeads();
    this.ablate.hidden = heads.length === 0 || this.views.selected !== 'matrix';
    this.ablate.textContent = heads.length === 1 ? t('Switch head {0}:{1} off', heads[0].layer, heads[0].head) : t('Switch these {0} heads off', heads.length);
    this.switchOff.model.update();
    this.switchOff.heads.update();
  }

  /** The heads the choice names: one head, or a set (none for the mean, the max or rollout). */
  private chosenHeads(): HeadRef[] {
    const c = this.choice;
    if (c?.combine.kind === 'head') return [{ layer: c.layer, head: c.combine.head }];
    if (c?.combine.kind === 'set') return c.combine.heads.map((head) => ({ layer: c.layer, head }));
    return [];
  }

  private ablateChosen(): void {
    const heads = this.chosenHeads();
    if (heads.length) this.events.onAblate(heads);
  }

  private pick(entry: number): void {
    const token = this.axis?.groups[entry]?.[0];
    if (token !== undefined) this.events.onPick(token);
  }

  /** The scroller's height less what sits above `node` in `within` (infinite off screen). */
  private screenBelow(node: HTMLElement, within: HTMLElement): number {
    const height = this.scroller()?.clientHeight ?? 0;
    if (height === 0) return Number.POSITIVE_INFINITY;
    return height - (node.getBoundingClientRect().top - within.getBoundingClientRect().top) - 8;
  }

  /**
   * How much the space above the views grew since the matrix was last laid out: the panel's part
   * (the token strip's, given to show) and the switch-off button's, when it came or went (null:
   * unknown, the matrix then reads the page).
   */
  private shiftAbove(): number | null {
    if (this.shift === null || this.ablate.hidden === this.ablateWas.hidden) return this.shift;
    if (this.ablateWas.space === null) return null;
    return this.shift + (this.ablate.hidden ? -this.ablateWas.space : this.ablateWas.space);
  }

  /**
   * Notes, while the page's layout is read anyway, whether the switch-off button is shown and the
   * height it takes (learnt once: shown for a moment if it is hidden), for shiftAbove.
   */
  private noteAblate(): void {
    const hidden = this.ablate.hidden === true;
    if (this.ablateWas.space === null) {
      const below = this.ablate.nextElementSibling as HTMLElement | null;
      const at = below?.offsetTop ?? 0;
      this.ablate.hidden = !hidden;
      const other = below?.offsetTop ?? 0;
      this.ablate.hidden = hidden;
      this.ablateWas.space = Math.abs(other - at);
    }
    this.ablateWas.hidden = hidden;
  }

  /** The height left below `node` in the scroller (negative when it already overflows); infinite off screen. */
  private room(node: HTMLElement): number {
    const scroller = this.scroller();
    if (!scroller || scroller.clientHeight === 0) return Number.POSITIVE_INFINITY;
    if (node === this.matrix.element) this.noteAblate();
    const top = node.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    // Less the scroller's bottom padding and a few px of slack (margins below the view).
    return scroller.clientHeight - top - node.offsetHeight - 16;
  }
}

function sameCleaning(a: Cleaning, b: Cleaning): boolean {
  return a.hideSpecial === b.hideSpecial && a.mergeSubwords === b.mergeSubwords && a.hidePunctuation === b.hidePunctuation;
}
