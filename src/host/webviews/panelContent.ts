/**
 * What the analysis panel shows, and the one owner of it (extension host, free of `vscode` so that
 * it is unit-tested in Node): the analysis, the focused token, the view choice per analysis, the
 * continuation preview and the comparison. Commands, cursor sync and the page's own messages ask
 * it to show something; it decides what is posted, once, and replays everything when the page
 * (re)starts (retainContextWhenHidden stays off, so a hidden panel's page is discarded).
 *
 * The view choice: an analysis opens on the settings' choice (read when asked, so that a changed
 * default applies at once to what is already analyzed: `defaultsChanged`) and the cleaning the
 * reader last chose; once the reader chooses in the panel (`selection`), that choice is the
 * analysis's. Hovers and the spotlight read `choiceFor`, so they show exactly what the panel shows.
 */
import type { InsideMessage, InsideView } from '../../protocol/inside';
import { defaultViewChoice, fitsShape, type ViewChoice, type ViewSettings } from '../../protocol/viewChoice';
import { NO_CLEANING, type Cleaning } from '../../protocol/views';
import type { ComparisonGuess, ComparisonMessage, HostToWebview, ModelStatus, PreviewMessage, ShownAnalysis, WebviewToHost } from '../../protocol/webviewApi';
import type { AnalysisStore, StoredAnalysis } from '../analyses/analyses';
import { neutralise } from '../../protocol/neutralise';
import { t } from '../l10n';

interface Disposable {
  dispose(): void;
}

/** The panel's webview as the content sees it (AnalysisPanel; a stand-in in unit tests). */
export interface PanelSurface {
  /** A panel exists (its page may be hidden or still loading). */
  readonly isOpen: boolean;
  /** The panel is on screen. */
  readonly visible: boolean;
  /** Opens the panel, or brings it forward. */
  reveal(preserveFocus: boolean): void;
  setTitle(title: string): void;
  /** Posts to the page when it is listening (a page that is not yet is given everything on `ready`). */
  post<K extends keyof HostToWebview & string>(method: K, params: HostToWebview[K]): void;
  /** Listens to a notification of every page the panel will have. */
  on<K extends keyof WebviewToHost & string>(method: K, listener: (params: WebviewToHost[K]) => void): Disposable;
}

export interface PanelContentHost {
  status(): ModelStatus;
  /** Shows a token of an analysis in its editor (the page's `reveal`). */
  reveal(entry: StoredAnalysis, token: number): void;
  /** The settings' default view now; without it, each analysis keeps the default it was stored with. */
  readonly viewSettings?: () => ViewSettings;
}

export interface ShowOptions {
  /** Open the panel (or bring it forward); without it, only an open panel changes. */
  readonly reveal?: boolean;
  /** Keep the keyboard focus in the editor (default true). */
  readonly preserveFocus?: boolean;
  /** Select this token of the analysis. */
  readonly token?: number;
}

/** Choices remembered, at most (the oldest go first; an analysis without one opens on the default). */
const MAX_CHOICES = 256;

export class PanelContent implements Disposable {
  private analysis: StoredAnalysis | null = null;
  private focused: number | null = null;
  /** The view choice the shown analysis was last posted with. */
  private postedChoice: ViewChoice | null = null;
  private readonly choices = new Map<number, ViewChoice>();
  private cleaning: Cleaning = NO_CLEANING;
  private preview: PreviewMessage | null = null;
  private comparison: { readonly encoder: StoredAnalysis; readonly decoder: StoredAnalysis; readonly guess: ComparisonGuess | null } | null = null;
  /** An Inside view asked for by a command, given again to a page that starts after it (once). */
  private inside: InsideMessage | null = null;
  /** A head ablation: the analysis with heads switched off and the one without (the Compare tab's ablation mode). */
  private ablation: { readonly before: StoredAnalysis; readonly after: StoredAnalysis } | null = null;
  /** Analyses the panel held when their document closed (an untitled one's are gone from the store). */
  private readonly closedEntries = new WeakSet<StoredAnalysis>();
  /** Documents whose last tab closed while VS Code still holds them (a tab opened again takes one off). */
  private readonly closedTabs = new Set<string>();
  private readonly tokenListeners = new Set<(entry: StoredAnalysis, token: number | null) => void>();
  private readonly choiceListeners = new Set<(entry: StoredAnalysis) => void>();
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly panel: PanelSurface,
    private readonly store: AnalysisStore,
    private readonly host: PanelContentHost,
  ) {
    this.subscriptions = [
      panel.on('ready', () => this.replay()),
      panel.on('selection', ({ analysisId, choice }) => this.select(analysisId, choice)),
      panel.on('reveal', ({ analysisId, token }) => {
        const entry = this.analysis;
        // A closed document's offsets may point into other text now: the panel says it is closed instead.
        if (entry?.shown.id === analysisId && token < entry.shown.result.tokens.length && !this.isClosed(entry)) this.host.reveal(entry, token);
      }),
      panel.on('token', ({ analysisId, token }) => this.pageSelected(analysisId, token)),
      panel.on('showAnalysis', ({ analysisId }) => this.show(this.store.byId(analysisId))),
    ];
  }

  /** The analysis the panel shows (or would show, once opened). */
  get current(): StoredAnalysis | null {
    return this.analysis;
  }

  get isOpen(): boolean {
    return this.panel.isOpen;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  /** What the views show for `entry`: the reader's choice in the panel, else the default with the reader's last cleaning. */
  choiceFor(entry: StoredAnalysis): ViewChoice {
    const settings = this.host.viewSettings?.();
    const initial = settings ? defaultViewChoice(settings, entry.shown.result.attention) : entry.shown.choice;
    return this.choices.get(entry.shown.id) ?? { ...initial, cleaning: this.cleaning };
  }

  /**
   * The settings' default view changed: the analysis in the panel, unless the reader chose a view for
   * it, is posted again on the new default (the page takes the host's choice for the same analysis).
   */
  defaultsChanged(): void {
    const entry = this.analysis;
    if (!entry || !this.panel.isOpen || this.choices.has(entry.shown.id)) return;
    const message = this.message(entry);
    if (JSON.stringify(message.choice) === JSON.stringify(this.postedChoice)) return;
    this.post(message);
  }

  /** Shows `entry` (posted only when it is not shown already); with `reveal`, opens the panel first. */
  show(entry: StoredAnalysis | null, options: ShowOptions = {}): void {
    if (options.reveal) this.panel.reveal(options.preserveFocus ?? true);
    if (!this.panel.isOpen) return;
    if (entry && entry !== this.analysis) {
      this.analysis = entry;
      this.focused = null;
      this.panel.setTitle(t('Attention Lens: {0}', neutralise(entry.shown.document.name, 120)));
      this.post(this.message(entry));
    }
    if (options.token !== undefined && this.analysis) this.focus(this.analysis, options.token);
  }

  /** Shows `entry` if the panel is open (it follows the latest analysis without opening). */
  follow(entry: StoredAnalysis | null): void {
    if (this.panel.isOpen) this.show(entry);
  }

  /** Selects `token` of `entry` in the panel (cursor sync, a hover's link), showing `entry` first. */
  focus(entry: StoredAnalysis, token: number | null): void {
    this.follow(entry);
    if (this.analysis !== entry) return;
    this.focused = token;
    this.panel.post('focus', { analysisId: entry.shown.id, token });
  }

  /** A continuation preview, step by step: its first step shows the analysis it continues. */
  showPreview(preview: PreviewMessage): void {
    const started = this.preview?.previewId !== preview.previewId;
    this.preview = preview;
    if (started) this.show(this.store.byId(preview.originId), { reveal: true });
    this.panel.post('preview', preview);
  }

  /**
   * The document `uri` was closed: its last tab (`disposed` false: VS Code may still hold it, and a
   * tab opened again, `documentShown`, takes it back), or the document itself (after the store set
   * its analyses apart). The panel keeps what it shows of it, and says that the document is closed
   * — now, and to every page it replays to. `movedTo`: the document took that name, and the store
   * moved its analyses there (AnalysisStore.rename): the panel names it anew, not closed.
   */
  documentClosed(uri: string, disposed: boolean, movedTo?: string): void {
    const shown = this.analysis;
    if (movedTo && shown?.uri === movedTo && this.panel.isOpen) {
      this.panel.setTitle(t('Attention Lens: {0}', neutralise(shown.shown.document.name, 120)));
      this.post(this.message(shown));
    }
    if (!disposed) this.closedTabs.add(uri);
    else {
      this.closedTabs.delete(uri);
      const held = [this.analysis, this.comparison?.encoder, this.comparison?.decoder, this.ablation?.before, this.ablation?.after];
      for (const entry of held) if (entry?.uri === uri) this.closedEntries.add(entry);
    }
    this.postClosed(uri);
  }

  /** A tab shows the document `uri` again. */
  documentShown(uri: string): void {
    if (this.closedTabs.delete(uri)) this.postClosed(uri);
  }

  private postClosed(uri: string): void {
    const entry = this.analysis;
    if (entry?.uri === uri && this.panel.isOpen) this.panel.post('closed', { analysisId: entry.shown.id, closed: this.isClosed(entry) });
  }

  /** Encoder beside decoder: the decoder's analysis in the views, both sides in the comparison. */
  showComparison(encoder: StoredAnalysis, decoder: StoredAnalysis, guess: ComparisonGuess | null): void {
    this.comparison = { encoder, decoder, guess };
    this.show(decoder, { reveal: true });
    const message = this.comparisonMessage();
    if (message) this.panel.post('comparison', message);
  }

  /** Opens the panel's Inside tab on `view` for `entry`, with `token` selected (the Q/K/V inspector's query). */
  inspect(entry: StoredAnalysis, token: number | null, view: InsideView): void {
    this.inside = { analysisId: entry.shown.id, view };
    this.show(entry, { reveal: true, preserveFocus: false, ...(token === null ? {} : { token }) });
    this.panel.post('inside', this.inside);
  }

  /** A head ablation: its analysis in the views, before and after in the Compare tab. */
  showAblation(before: StoredAnalysis, after: StoredAnalysis): void {
    this.ablation = { before, after };
    this.show(after, { reveal: true });
    this.panel.post('ablation', this.ablationMessage());
  }

  /** Restore: the unablated analysis in the views, the ablation's before/after gone. */
  endAblation(restored: StoredAnalysis): void {
    this.ablation = null;
    this.show(restored, { reveal: true });
    this.panel.post('ablation', null);
  }

  /** Hears of every token the reader selects in the panel (null: none). */
  onDidSelectToken(listener: (entry: StoredAnalysis, token: number | null) => void): Disposable {
    this.tokenListeners.add(listener);
    return { dispose: () => this.tokenListeners.delete(listener) };
  }

  /** Hears of every view choice made for an analysis (the spotlight lights up what the panel now shows). */
  onDidChangeChoice(listener: (entry: StoredAnalysis) => void): Disposable {
    this.choiceListeners.add(listener);
    return { dispose: () => this.choiceListeners.delete(listener) };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.tokenListeners.clear();
    this.choiceListeners.clear();
  }

  /** Posts the analysis the panel shows, remembering the choice it was given. */
  private post(message: ShownAnalysis): void {
    this.postedChoice = message.choice;
    this.panel.post('analysis', message);
  }

  private message(entry: StoredAnalysis): ShownAnalysis {
    const document = this.isClosed(entry) ? { ...entry.shown.document, closed: true } : entry.shown.document;
    return { ...entry.shown, document, choice: this.choiceFor(entry) };
  }

  /** Whether `entry`'s document is closed for the person (its last tab, or the document itself): the views say so. */
  isClosed(entry: StoredAnalysis): boolean {
    return this.closedEntries.has(entry) || this.store.isClosed(entry) || this.closedTabs.has(entry.uri);
  }

  private comparisonMessage(): ComparisonMessage | null {
    const c = this.comparison;
    return c && { encoder: this.message(c.encoder), decoder: this.message(c.decoder), guess: c.guess };
  }

  private ablationMessage(): HostToWebview['ablation'] {
    const a = this.ablation;
    return a && { before: this.message(a.before), after: this.message(a.after) };
  }

  /** A new page: it gets the status and everything the panel shows. */
  private replay(): void {
    this.panel.post('status', this.host.status());
    const entry = this.analysis ?? this.store.last;
    if (!entry) return;
    this.analysis = entry;
    this.panel.setTitle(t('Attention Lens: {0}', neutralise(entry.shown.document.name, 120)));
    this.post(this.message(entry));
    const comparison = this.comparisonMessage();
    if (comparison) this.panel.post('comparison', comparison);
    if (this.preview) this.panel.post('preview', this.preview);
    if (this.ablation) this.panel.post('ablation', this.ablationMessage());
    if (this.focused !== null) this.panel.post('focus', { analysisId: entry.shown.id, token: this.focused });
    if (this.inside?.analysisId === entry.shown.id) this.panel.post('inside', this.inside);
    this.inside = null;
  }

  /** Opens `entry` on `choice` (a course unit's layer and head), as if the reader had chosen it. */
  choose(entry: StoredAnalysis, choice: ViewChoice): void {
    this.select(entry.shown.id, choice);
  }

  /** The reader chose what the views show for an analysis (a choice that does not fit it is ignored). */
  private select(analysisId: number, choice: ViewChoice): void {
    const entry = this.store.byId(analysisId);
    if (!entry || !fitsShape(choice, entry.shown.result.attention)) return;
    this.choices.delete(analysisId);
    this.choices.set(analysisId, choice);
    for (const id of this.choices.keys()) {
      if (this.choices.size <= MAX_CHOICES) break;
      this.choices.delete(id);
    }
    this.cleaning = choice.cleaning;
    for (const listener of this.choiceListeners) listener(entry);
  }

  private pageSelected(analysisId: number, token: number | null): void {
    const entry = this.store.byId(analysisId);
    if (!entry || (token !== null && token >= entry.shown.result.tokens.length)) return;
    if (entry === this.analysis) this.focused = token;
    for (const listener of this.tokenListeners) listener(entry, token);
  }
}
