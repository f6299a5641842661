/**
 * The panel's DOM (browser), one screen: a compact header (panelHeader.ts), the token strip that
 * stays in view, and the views behind tabs — Attention (matrix, heads, model), Predictions,
 * Compare — each tab scrolling on its own. Before any analysis, one empty state. The analysis
 * comes without its tensors: each view asks the host for what it draws through a ViewSource. It
 * knows nothing else of the host link: panel.ts wires it to messages and saved state.
 *
 * The tabs are the registry's (src/protocol/panelTabs.ts: id and label, in order); the constructor
 * gives each its element and what it does when it shows or hides (webview/README.md).
 */
import type { InsideView } from '../../src/protocol/inside';
import type { SensesMessage, WordOrderMessage } from '../../src/protocol/reprViews';
import type { CourseAction, CourseMessage } from '../../src/protocol/courseMessages';
import type { ViewChoice } from '../../src/protocol/viewChoice';
import { PANEL_TABS, type PanelTabId } from '../../src/protocol/panelTabs';
import type { AblationMessage, ComparisonMessage, ModelStatus, PreviewMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { button, el, replaceChildren } from '../common/dom';
import { isByteLevel } from '../common/format';
import { t } from '../common/l10n';
import { ViewSource, type Requester } from '../common/viewSource';
import { CourseView } from '../course/courseView';
import { placeOf } from '../course/place';
import type { ExportFile } from '../export/exportBar';
import { InsideTab } from '../inside/insideTab';
import { AblationView, type AblationEvents } from './ablation';
import type { BertMessage } from '../../src/protocol/bert';
import { BertTab } from '../bert/bertTab';
import { AttentionTab } from './attentionTab';
import { CompareView } from './compare';
import type { NextTokenEvents } from './nextTokens';
import { PanelHeader } from './panelHeader';
import type { PanelState } from './panelState';
import { PredictionsView } from './predictions';
import { ScrollKeeper } from './scrollKeeper';
import { Tabs, type TabSpec } from './tabs';
import { labelsOf } from './stripLabels';
import { TokenStrip } from './tokenStrip';
import { ReprTab, type ReprEvents } from '../repr/reprTab';

export interface PanelEvents extends NextTokenEvents, AblationEvents, ReprEvents {
  onReveal(token: number): void;
  /** The reader changed what the views show. */
  onSelection(choice: ViewChoice): void;
  onToken(token: number | null): void;
  onCommand(command: 'analyzeSelection' | 'selectModel'): void;
  onExport(file: ExportFile): void;
  /** Where the reader is: the tab of each tab list, a tab's scroll offset. */
  onPlace(place: Pick<PanelState, 'tabs'> | Pick<PanelState, 'scroll'>): void;
  /** What the student does in the Course tab. */
  onCourse(action: CourseAction): void;
  /** The BERT tab's "try a random B". */
  onRandomB(): void;
}

export class PanelView {
  private readonly header = new PanelHeader();
  private readonly empty: HTMLElement;
  private readonly body = el('div', { className: 'panel-body' });
  private readonly strip: TokenStrip;
  private readonly tabs: Tabs;
  private readonly attention: AttentionTab;
  private readonly predictions: PredictionsView;
  private readonly compare: CompareView;
  private readonly inside: InsideTab;
  private readonly ablation: AblationView;
  private readonly repr: ReprTab;
  private readonly bert: BertTab;
  private readonly scroll: ScrollKeeper;
  private readonly course: CourseView;
  /** The course unit that last brought the Course tab forward. */
  private forwarded: string | null = null;
  private shown: ShownAnalysis | null = null;
  /** Where the views of the analysis shown get their numbers (a new one for each analysis shown). */
  private source: ViewSource | null = null;

  constructor(
    root: HTMLElement,
    private readonly requester: Requester,
    private readonly events: PanelEvents,
  ) {
    const report = (view: string, cause: string | null): void => this.header.report(view, cause);
    this.strip = new TokenStrip({
      onSelect: (i) => {
        this.focusToken(i, false);
        this.events.onToken(i);
      },
      onReveal: (i) => this.events.onReveal(i),
    });
    this.scroll = new ScrollKeeper((scroll) => this.events.onPlace({ scroll }));
    this.tabs = new Tabs('panel-tab', t('Views'), (_id, byReader) => {
      if (byReader) this.events.onPlace({ tabs: this.tabsNow() });
    });
    this.attention = new AttentionTab(
      {
        onSelection: (choice) => {
          this.inside.follow(choice);
          this.events.onSelection(choice);
        },
        onPick: (token) => this.strip.select(token, false),
        onExport: (file) => this.events.onExport(file),
        onView: () => this.events.onPlace({ tabs: this.tabsNow() }),
        onAblate: (heads) => this.shown && this.events.onAblate(this.shown.id, heads),
      },
      () => this.tabs.panel('attention'),
    );
    this.predictions = new PredictionsView(events);
    this.compare = new CompareView(requester, report);
    this.inside = new InsideTab(
      (file) => this.events.onExport(file),
      () => this.events.onPlace({ tabs: this.tabsNow() }),
    );
    this.ablation = new AblationView(requester, report, events);
    this.bert = new BertTab({ onRandomB: () => this.events.onRandomB() });
    this.repr = new ReprTab(events);
    this.course = new CourseView({
      onCourse: (action) => this.events.onCourse(action),
      onShowView: (view) => this.showPlace(view),
      onAnalyzeSelection: () => this.events.onCommand('analyzeSelection'),
    });
    // What each tab of the registry (src/protocol/panelTabs.ts) shows, and what it does when it shows or hides.
    const views: Record<PanelTabId, Omit<TabSpec, 'id' | 'label'>> = {
      attention: {
        content: this.attention.element,
        onShow: () => this.attention.setVisible(true),
        onHide: () => this.attention.setVisible(false),
      },
      predictions: { content: this.predictions.element },
      compare: {
        content: el('div', { className: 'compare-tab' }, this.ablation.element, this.compare.element),
        onShow: () => {
          this.compare.setVisible(true);
          this.ablation.setVisible(true);
        },
        onHide: () => {
          this.compare.setVisible(false);
          this.ablation.setVisible(false);
        },
      },
      inside: {
        content: this.inside.element,
        onShow: () => this.inside.setVisible(true),
        onHide: () => this.inside.setVisible(false),
      },
      repr: {
        content: this.repr.element,
        onShow: () => this.repr.setVisible(true),
        onHide: () => this.repr.setVisible(false),
      },
      bert: { content: this.bert.element },
      course: { content: this.course.element },
    };
    for (const tab of PANEL_TABS) this.tabs.add({ id: tab.id, label: tab.label(t), ...views[tab.id] });
    for (const tab of PANEL_TABS) this.scroll.watch(tab.id, this.tabs.panel(tab.id));
    this.scroll.watch('page', document.scrollingElement);
    new ResizeObserver(() => this.attention.resize()).observe(this.tabs.panels);
    this.empty = el(
      'div',
      { className: 'empty' },
      el('p', {}, t('Select text and run Attention Lens: Analyze Selection.')),
      el(
        'div',
        { className: 'actions' },
        button(t('Analyze selection'), () => this.events.onCommand('analyzeSelection')),
        button(t('Select model'), () => this.events.onCommand('selectModel'), 'button secondary'),
      ),
    );
    replaceChildren(this.body, this.strip.element, el('div', { className: 'panel-tabs' }, this.tabs.list), this.tabs.panels);
    this.body.hidden = true;
    replaceChildren(root, this.header.element, this.empty, this.body);
    this.watchTheme();
  }

  /**
   * VS Code switches themes by changing the body's class and the root's CSS variables: canvases
   * read their colours when they draw, so they draw again (at most once a frame).
   */
  private watchTheme(): void {
    let pending = 0;
    const redraw = (): void => {
      this.strip.restyle();
      if (pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        this.attention.redraw();
      });
    };
    const observer = new MutationObserver(redraw);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  setStatus(status: ModelStatus): void {
    this.header.setStatus(status);
  }

  /** The shown analysis's document was closed, or is shown again (`shown` says which). */
  documentClosed(shown: ShownAnalysis): void {
    this.header.showDocument(shown.document);
  }

  /** Shows an analysis at the given place (tabs, view choice, selected token; the scroll when it is the same analysis). */
  show(shown: ShownAnalysis, at: PanelState, restoreScroll: boolean): void {
    this.shown = shown;
    const { result } = shown;
    // A failure speaks of the analysis shown only: a late error of the last one's views says nothing in its header.
    const source: ViewSource = new ViewSource(this.requester, { layers: result.attention.layers, heads: result.attention.heads }, '', (view, cause) => {
      if (this.source === source) this.header.report(view, cause);
    });
    this.source = source;
    const byteLevel = isByteLevel(result.tokens);
    const labels = labelsOf(result.tokens, byteLevel);
    this.header.show(shown);
    this.empty.hidden = true;
    this.body.hidden = false;
    this.strip.element.hidden = false;
    // A token of the last analysis had the focus: it stays in the strip (setTokens removes that token).
    const stripFocused = this.strip.hasFocus;
    const before = this.strip.height;
    this.strip.setTokens(result.tokens, shown.ranges, labels, byteLevel);
    const after = this.strip.height;
    // The tab first (its views ask for nothing yet), then the attention views on this analysis: the
    // view on screen asks for its data before anything else is built, so that the reply can be
    // drawn before the next frame lays the page out (the strip's change of height tells it its size).
    if (at.tabs.panel) this.tabs.select(at.tabs.panel);
    if (at.tabs.inside) this.inside.views.select(at.tabs.inside);
    this.attention.show(shown, source, labels, at.choice, at.token, at.tabs.attention, before >= 0 && after >= 0 ? after - before : null);
    this.predictions.show(shown, labels, byteLevel);
    this.compare.follow(shown.id);
    this.ablation.follow(shown.id);
    this.compare.element.hidden = this.ablation.active;
    this.inside.show(shown, source, labels, at.choice, at.token);
    this.strip.select(at.token, false);
    if (stripFocused) this.strip.focus();
    if (restoreScroll) this.scroll.restore(at.scroll);
    else this.scroll.reset();
  }

  /** How many tokens the strip shows. */
  get tokenCount(): number {
    return this.strip.count;
  }

  setPreview(preview: PreviewMessage): void {
    this.predictions.setPreview(preview);
  }

  /** A comparison: drawn in the Compare tab, which comes forward unless `quiet` (it was seen before the panel was hidden). */
  showComparison(comparison: ComparisonMessage, quiet: boolean): void {
    this.compare.show(comparison);
    if (this.shown) this.compare.follow(this.shown.id);
    if (!quiet) {
      this.tabs.select('compare');
      this.events.onPlace({ tabs: this.tabsNow() });
    }
  }

  /** A head ablation's before/after in the Compare tab (in place of the comparison), which comes forward unless `quiet`; null: restored. */
  showAblation(message: AblationMessage | null, quiet: boolean): void {
    const focused = this.ablation.element.contains(document.activeElement);
    this.ablation.show(message, this.shown?.id ?? null);
    this.compare.element.hidden = this.ablation.active;
    if (message && !quiet) {
      this.tabs.select('compare');
      this.events.onPlace({ tabs: this.tabsNow() });
    }
    // Restored while the reader was in it: the focus goes to the tab that holds what came back, not to the page.
    if (focused && !this.ablation.element.contains(document.activeElement)) this.tabs.select('compare', true);
  }

  /** Word senses or the word-order experiment: the Representations tab comes forward unless `quiet` (the panel shows even before any analysis). */
  showRepr(message: { senses: SensesMessage } | { wordOrder: WordOrderMessage }, quiet = false): void {
    this.empty.hidden = true;
    this.body.hidden = false;
    // Before any analysis the token strip has nothing to show (it stood there as an empty box).
    this.strip.element.hidden = this.shown === null;
    if ('senses' in message) this.repr.showSenses(message.senses);
    else this.repr.showWordOrder(message.wordOrder);
    if (quiet) return;
    this.tabs.select('repr');
    this.events.onPlace({ tabs: this.tabsNow() });
  }

  /** The BERT tab's next-sentence prediction and fine-tuning: the tab comes forward unless `quiet` (the views show, even before any analysis). */
  showBert(message: BertMessage, quiet = false): void {
    this.bert.show(message);
    this.empty.hidden = true;
    this.body.hidden = false;
    // Before any analysis the token strip has nothing to show.
    this.strip.element.hidden = this.shown === null;
    if (quiet) return;
    this.tabs.select('bert');
    this.events.onPlace({ tabs: this.tabsNow() });
  }

  /** Selects a token because the host asked (cursor sync); out-of-range tokens are ignored. */
  focusToken(token: number | null, fromHost = true): void {
    if (!this.shown || (token !== null && token >= this.shown.result.tokens.length)) return;
    if (fromHost) {
      this.strip.select(token, false);
      return;
    }
    this.attention.focusToken(token);
    this.predictions.setFocus(token);
    this.inside.setToken(token);
  }

  /** The host asked for the Inside tab (a command): it comes forward on `view`. */
  showInside(view: InsideView): void {
    // The view first: the tab then asks for that view's data only.
    this.inside.views.select(view);
    this.tabs.select('inside');
    this.events.onPlace({ tabs: this.tabsNow() });
  }

  /** The course unit the student is at; a unit opened from outside the panel brings the Course tab forward. */
  showCourse(message: CourseMessage | null): void {
    this.course.show(message);
    // Once per unit: the reader may then leave the tab, and later messages of the unit leave it alone.
    const unit = message && `${message.packId}/${message.index}`;
    if (!message?.bringForward || !this.shown || unit === this.forwarded) return;
    this.forwarded = unit;
    this.tabs.select('course');
    this.events.onPlace({ tabs: this.tabsNow() });
  }

  /** Opens the panel view a course unit uses (place.ts). */
  private showPlace(view: string): void {
    const place = placeOf(view);
    if (place.view) this.attention.views.select(place.view);
    this.tabs.select(place.tab, true);
    this.events.onPlace({ tabs: this.tabsNow() });
  }

  private tabsNow(): Record<string, string> {
    return { panel: this.tabs.selected, attention: this.attention.views.selected, inside: this.inside.views.selected };
  }
}
